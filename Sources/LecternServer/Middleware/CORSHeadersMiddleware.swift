import Hummingbird

/// CORS for a public media origin: `Access-Control-Allow-Origin: *` on every response (so a CDN can cache one copy),
/// the headers players read exposed, and preflight `OPTIONS` answered with 204 for GET and HEAD.
struct CORSHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var exposed: String { "Content-Length, Content-Range, Content-Encoding, ETag, Last-Modified, CMSD-Dynamic, CMSD-Static, Lectern-Adaptive" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method == .options {
            return Response(
                status: .noContent,
                headers: [
                    .accessControlAllowOrigin: "*",
                    .accessControlAllowMethods: "GET, HEAD, OPTIONS",
                    .accessControlAllowHeaders: request.headers[.accessControlRequestHeaders] ?? "Range, CMCD-Request, CMCD-Session, CMCD-Object, CMCD-Status",
                    .accessControlMaxAge: "86400",
                ]
            )
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.accessControlAllowOrigin] = "*"
        response.headers[.accessControlExposeHeaders] = Self.exposed
        return response
    }
}
