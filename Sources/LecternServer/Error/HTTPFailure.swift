public import Hummingbird

/// An error that is an HTTP response: a status, optional extra headers (e.g. `Content-Range` on 416)
/// and a short plain-text body. Never carries file system paths.
public struct HTTPFailure: HTTPResponseError, Sendable {
    /// The response's status.
    public var status: HTTPResponse.Status
    /// The body's one line; empty means the status's reason phrase.
    public var message: String
    /// Headers added to the response (`Content-Type` and `Cache-Control` are always set by `response(from:context:)`).
    public var headers: HTTPFields

    /// A failure to throw from a handler; Hummingbird turns it into the response.
    public init(_ status: HTTPResponse.Status, _ message: String = "", headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    /// 404 with the body "not found", whatever was missing.
    public static func notFound() -> HTTPFailure { HTTPFailure(.notFound, "not found") }
    /// 400 with `message` as the body.
    public static func badRequest(_ message: String) -> HTTPFailure { HTTPFailure(.badRequest, message) }

    /// The plain-text, uncached response; a HEAD gets the headers and `Content-Length` without the body.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "text/plain; charset=utf-8"
        headers[.cacheControl] = "no-store"
        let text = (message.isEmpty ? status.reasonPhrase : message) + "\n"
        let body = request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(string: text))
        if request.method == .head { headers[.contentLength] = String(text.utf8.count) }
        return Response(status: status, headers: headers, body: body)
    }
}
