import Hummingbird

/// CORS for a public media origin: `Access-Control-Allow-Origin: *` on every response (so a CDN can cache one copy),
/// the headers players read exposed, and preflight `OPTIONS` answered with 204 for GET and HEAD.
///
/// `Access-Control-Expose-Headers` names only what this response carries beyond the CORS-safelisted headers
/// (Content-Length, Last-Modified, ... are readable anyway): a segment says `ETag, CMSD-Dynamic`, a page nothing. The
/// list depends on the response alone, so a cache may still keep one copy; on a 256 kbps link the full list on every
/// response cost ~4 ms each and ~35 ms of a lecture's start.
struct CORSHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // A tus client's OPTIONS (no Access-Control-Request-Method: not a preflight) asks what the upload endpoint supports.
        let isTusDiscovery = request.uri.path.hasPrefix("/api/uploads") && request.headers[.accessControlRequestMethod] == nil
        if request.method == .options, !isTusDiscovery {
            return Response(
                status: .noContent,
                headers: [
                    .accessControlAllowOrigin: "*",
                    .accessControlAllowMethods: "GET, HEAD, OPTIONS",
                    .accessControlAllowHeaders: request.headers[.accessControlRequestHeaders]
                        ?? "Range, CMCD-Request, CMCD-Session, CMCD-Object, CMCD-Status",
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
        response.headers.addCORS()
        return response
    }
}

/// `Access-Control-Expose-Headers` for a response: the headers a cross-origin player may want to read that it carries.
enum ExposedHeaders {
    static let exposable: [HTTPFields.Element.Name] = [.contentRange, .eTag, HeaderName.cmsdDynamic, HeaderName.lecternAdaptive]

    /// Every combination, precomputed: index bit i stands for `exposable[i]`.
    private static let values: [String] = (0..<(1 << exposable.count)).map { mask in
        exposable.indices.filter { mask & (1 << $0) != 0 }.map { exposable[$0].rawName }.joined(separator: ", ")
    }

    static func value(for headers: HTTPFields) -> String? {
        var mask = 0
        for (bit, name) in exposable.enumerated() where headers[name] != nil { mask |= 1 << bit }
        return mask == 0 ? nil : values[mask]
    }
}

extension HTTPFields {
    /// The CORS headers of a response to a GET or HEAD.
    mutating func addCORS() {
        self[.accessControlAllowOrigin] = "*"
        if let exposed = ExposedHeaders.value(for: self) { self[.accessControlExposeHeaders] = exposed }
    }
}
