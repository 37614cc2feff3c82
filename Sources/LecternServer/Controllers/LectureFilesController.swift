import Foundation
public import Hummingbird
import LecternHLS
import LecternPackage
import Logging

/// `/lectures/<id>/...`: the adaptive master (or, with `?original`, the master as stored) and every other file of a package. A `?s=<token>` query (put there by
/// the adaptive master) or the session cookie attributes segment downloads to a playback session.
public struct LectureFilesController<Context: RequestContext>: Sendable {
    let services: ServerServices

    public init(services: ServerServices) {
        self.services = services
    }

    public var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("{id}/**") { request, context in try await self.serve(request, context: context) }
        routes.head("{id}/**") { request, context in try await self.serve(request, context: context) }
        return routes
    }

    /// Parses the raw path itself: `/lectures/<id>/<component>...`, never trusting a decoded form.
    func serve(_ request: Request, context: Context) async throws -> Response {
        let (id, path) = try Self.locate(request.uri.path[...])
        // `?original` is for `lectern mirror`: the package's master exactly as stored, so its SHA-256 matches the manifest.
        if path.components == ["master.m3u8"], request.uri.queryParameters["original"] == nil {
            return try await AdaptiveMasterResponder(services: services).respond(to: request, context: context, id: id)
        }
        let file = try services.resolver.resolve(id: id, path: path)
        let queryToken = request.uri.query.flatMap { SessionToken.fromQuery($0[...]) }
        if path.fileExtension == "m3u8", let queryToken {
            return try await SessionPlaylistResponder(services: services).respond(to: request, context: context, file: file, token: queryToken)
        }
        guard MediaTypes.isSegment(path) else {
            return try await services.files.respond(to: request, context: context, file: file)
        }
        let session = SegmentSession(token: queryToken ?? SessionToken.fromCookie(request.headers[.cookie]), tracker: services.tracker)
        return try await services.files.respond(
            to: request, context: context, file: file, extraHeaders: session.headers, onBodySent: session.recorder
        )
    }

    /// The lecture id and package path of a raw request path (`/lectures/<id>/<component>...`, no query): 404 when it
    /// is not one, 400 when its percent-encoding is broken.
    static func locate(_ rawPath: Substring) throws(HTTPFailure) -> (id: String, path: PackagePath) {
        let raw = rawPath.split(separator: "/", omittingEmptySubsequences: false)
        // ["", "lectures", id, ...]
        guard raw.count >= 4, raw[0].isEmpty, raw[1] == "lectures" else { throw HTTPFailure.notFound() }
        let id = String(raw[2])
        guard LectureID.isValid(id) else { throw HTTPFailure.notFound() }
        do {
            return (id, try PackagePath.parse(raw[3...]))
        } catch .malformed {
            throw HTTPFailure.badRequest("malformed path")
        } catch {
            throw HTTPFailure.notFound()
        }
    }
}

/// A segment request's playback session, if it names one: its responses carry the server's throughput estimate
/// (`CMSD-Dynamic: etp=<kbps>`), and how long each body took to write feeds that estimate.
struct SegmentSession {
    var headers = HTTPFields()
    var recorder: (@Sendable (Int, Duration) -> Void)?

    init(token: String?, tracker: ThroughputTracker) {
        guard let token else { return }
        if let estimate = tracker.estimateKbps(token: token) {
            headers[HeaderName.cmsdDynamic] = "etp=\(Int(estimate.rounded()))"
        }
        recorder = { bytes, duration in tracker.record(token: token, bytes: bytes, duration: duration) }
    }
}
