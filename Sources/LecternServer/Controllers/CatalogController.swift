import Foundation
public import Hummingbird
import LecternPackage
import Logging

/// `/api/lectures` and `/api/lectures/<id>`: the catalog as JSON, read from disk on every request so lectures
/// published while the server runs appear at once.
public struct CatalogController<Context: RequestContext>: Sendable {
    let services: ServerServices

    public init(services: ServerServices) {
        self.services = services
    }

    public var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get { request, _ in try self.list(request) }
        routes.get("{id}") { request, context in try self.show(request, id: context.parameters.require("id")) }
        return routes
    }

    func list(_ request: Request) throws -> Response {
        let lectures: [Manifest]
        do {
            lectures = try services.library.listLectures()
        } catch {
            services.logger.error("Cannot list the library", metadata: ["error.message": "\(error)"])
            throw HTTPFailure(.serviceUnavailable, "library unavailable")
        }
        return try Self.json(["lectures": lectures.map(LectureSummary.init)], for: request)
    }

    func show(_ request: Request, id: String) throws -> Response {
        guard LectureID.isValid(id), services.library.contains(id), let manifest = try? services.library.manifest(id) else {
            throw HTTPFailure.notFound()
        }
        return try Self.json(LectureSummary(manifest), for: request)
    }

    static func json(_ value: some Encodable, for request: Request) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .cacheControl: "public, max-age=10"]
        let body = Gzip.encode(ByteBuffer(bytes: data), for: request, headers: &headers)
        headers[.contentLength] = String(body.readableBytes)
        return Response(status: .ok, headers: headers, body: request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: body))
    }
}
