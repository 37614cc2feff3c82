public import Hummingbird

/// `/assets/player-<hash>.js` and `/assets/offline-<hash>.js` (immutable) and `/sw.js` (the Service Worker, at the root so its scope is the site).
public struct AssetsController<Context: RequestContext>: Sendable {
    public init() {}

    public var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("assets/{file}") { request, _ in
            // Only the current build's names: an old page asking for an old script gets a 404, not another script.
            guard let asset = [WebAssets.player, WebAssets.offline].first(where: { $0.path == request.uri.path }) else {
                throw HTTPFailure.notFound()
            }
            return asset.response(to: request)
        }
        routes.get("sw.js") { request, _ in
            var response = WebAssets.serviceWorker.response(to: request)
            response.headers[HeaderName.serviceWorkerAllowed] = "/"
            return response
        }
        return routes
    }
}
