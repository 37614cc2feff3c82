import Foundation
public import Hummingbird
import LecternHLS
import LecternPackage
import Logging

/// `/lectures/<id>/...`: the adaptive master (or, with `?original`, the master as stored) and every other file of a package. A `?s=<token>` query (put there by
/// the adaptive master) or the session cookie attributes segment downloads to a playback session.
public struct LectureFilesController<Context: RequestContext>: Sendable {
    let services: ServerServices

    /// A controller over `services`' library; `buildRouter` mounts it at `/lectures`.
    public init(services: ServerServices) {
        self.services = services
    }

    /// GET and HEAD of `<id>/**`, relative to the mount path; `LectureRoute` decides what each path is.
    public var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("{id}/**") { request, context in try await self.serve(request, context: context) }
        routes.head("{id}/**") { request, context in try await self.serve(request, context: context) }
        return routes
    }

    /// Answers what `LectureRoute` decides the raw path (never a decoded form) asks for.
    func serve(_ request: Request, context: Context) async throws -> Response {
        let route = try LectureRoute.decide(
            path: request.uri.path[...],
            query: request.uri.query?[...],
            cookie: request.headers[.cookie],
            cmcd: request.headers[HeaderName.cmcdRequest],
            services: services
        )
        switch route {
        case .adaptiveMaster(let id, let file):
            return try await AdaptiveMasterResponder(services: services).respond(to: request, context: context, id: id, file: file)
        case .sessionPlaylist(let file, let token):
            return try await SessionPlaylistResponder(services: services).respond(to: request, context: context, file: file, token: token)
        case .file(let file, let session):
            return try await services.files.respond(
                to: request,
                context: context,
                file: file,
                extraHeaders: session.headers,
                onBodySent: session.recorder
            )
        }
    }
}
