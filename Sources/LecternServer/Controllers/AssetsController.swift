public import Hummingbird

/// `/assets/player-<hash>.js` (immutable) and `/sw.js` (the Service Worker, at the root so its scope is the site).
public struct AssetsController<Context: RequestContext>: Sendable {
    public init() {}

    public var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("assets/{file}") { request, _ in
            // Only the current build's name: an old page asking for an old player gets a 404, not another script.
            guard request.uri.path == WebAssets.player.path else { throw HTTPFailure.notFound() }
            return WebAssets.player.response(to: request)
        }
        routes.get("sw.js") { request, _ in
            var response = WebAssets.serviceWorker.response(to: request)
            response.headers[HeaderName.serviceWorkerAllowed] = "/"
            return response
        }
        return routes
    }
}
