public import Hummingbird
import LecternSearch

/// `/api/search?q=` (JSON) and `/search?q=` (the page the catalog's search box opens): lectures and the chapter in
/// them whose title, slide text or subtitles hold every word asked for.
public struct SearchController<Context: RequestContext>: Sendable {
    let services: ServerServices

    public init(services: ServerServices) {
        self.services = services
    }

    public var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("api/search") { request, _ in try await self.api(request) }
        routes.get("search") { request, _ in try await self.page(request) }
        return routes
    }

    struct Answer: Encodable {
        var query: String
        var results: [SearchHit]
    }

    /// At most 200 characters of query, and 1...100 results (`limit`, 20 by default).
    static func query(_ request: Request) throws -> (text: String, limit: Int) {
        let text = request.uri.queryParameters.get("q") ?? ""
        guard text.count <= 200 else { throw HTTPFailure(.badRequest, "q: at most 200 characters") }
        let limit = request.uri.queryParameters.get("limit").map { Int($0) ?? -1 } ?? 20
        guard (1...100).contains(limit) else { throw HTTPFailure(.badRequest, "limit: a number from 1 to 100") }
        return (text, limit)
    }

    func api(_ request: Request) async throws -> Response {
        let (text, limit) = try Self.query(request)
        let hits = await services.search.search(text, limit: limit)
        return try CatalogController<Context>.json(Answer(query: text, results: hits), for: request)
    }

    func page(_ request: Request) async throws -> Response {
        let (text, limit) = try Self.query(request)
        let hits = text.isEmpty ? [] : await services.search.search(text, limit: limit)
        return PagesController<Context>.html(SearchPage.render(query: text, hits: hits), for: request)
    }
}
