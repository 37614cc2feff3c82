public import Hummingbird

/// An error that is an HTTP response: a status, optional extra headers (e.g. `Content-Range` on 416)
/// and a short plain-text body. Never carries file system paths.
public struct HTTPFailure: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var message: String
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ message: String = "", headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    public static func notFound() -> HTTPFailure { HTTPFailure(.notFound, "not found") }
    public static func badRequest(_ message: String) -> HTTPFailure { HTTPFailure(.badRequest, message) }

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
