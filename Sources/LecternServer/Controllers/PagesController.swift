public import Hummingbird
import LecternPackage
import Logging

/// `/` (the catalog), `/watch/<id>` (the player) and `/offline` (lectures saved in this browser).
public struct PagesController<Context: RequestContext>: Sendable {
    let services: ServerServices

    /// A controller over `services`' library; `buildRouter` mounts it at the root.
    public init(services: ServerServices) {
        self.services = services
    }

    /// GET `/` and GET `/watch/<id>`, both HTML.
    public var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("/") { request, _ in try self.catalog(request) }
        routes.get("watch/{id}") { request, context in try await self.watch(request, context: context, id: context.parameters.require("id")) }
        routes.get("offline") { request, _ in Self.html(OfflinePage.render(), for: request) }
        return routes
    }

    func catalog(_ request: Request) throws -> Response {
        guard let lectures = try? services.library.listLectures() else { throw HTTPFailure(.serviceUnavailable, "library unavailable") }
        return Self.html(CatalogPage.render(lectures), for: request)
    }

    func watch(_ request: Request, context: Context, id: String) async throws -> Response {
        guard LectureID.isValid(id), let manifest = try? services.library.manifest(id) else { throw HTTPFailure.notFound() }
        let mse = manifest.segmentFormat != .ts && !WatchPage.likelyNative(userAgent: request.headers[.userAgent], query: request.uri.queryParameters)
        let start = await StartPlanner(services: services).plan(id: id, context: context, inline: mse)
        let inline = WatchPage.inlinesPlayer(cookie: request.headers[.cookie])
        var response = Self.html(WatchPage.render(manifest, start: start, inlinePlayer: inline), for: request)
        // The player first when it is a file: it is needed before anything the start files bring can play.
        let player = inline ? nil : "<\(WebAssets.player.path)>; rel=preload; as=script"
        let preloads = [player, start?.preloadHeader].compactMap { $0 }
        if !preloads.isEmpty { response.headers[HeaderName.link] = preloads.joined(separator: ", ") }
        return response
    }

    /// A page with client hints requested, and no `Referer` on the requests it causes: the player's playlist and
    /// segment requests go up a link that may carry only 32 kB/s, and the page URL in each told the server nothing.
    static func html(_ page: String, for request: Request) -> Response {
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8", .cacheControl: "no-cache",
            HeaderName.acceptCH: ClientSignals.acceptClientHints, HeaderName.referrerPolicy: "no-referrer",
        ]
        let body = Gzip.encode(ByteBuffer(string: page), for: request.headers, headers: &headers)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
    }
}
