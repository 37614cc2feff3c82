import Hummingbird
import Logging

/// Counts every request in the metrics (by route class and status, with bytes), times segments until their last
/// byte is written, tracks requests in flight and writes one structured log line per request.
struct RequestObservationMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let route = RouteClass.of(path: request.uri.path)
        metrics.requestStarted()
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch {
            metrics.requestFinished()
            metrics.recordRequest(route: route.rawValue, status: 500, bytes: 0)
            context.logger.error(
                "Request failed",
                metadata: ["http.method": "\(request.method)", "http.path": "\(request.uri.path)", "error.message": "\(error)"]
            )
            throw error
        }
        let finished = FinishedRequest(
            route: route,
            method: request.method,
            path: request.uri.path,
            status: response.status.code,
            bytes: request.method == .head ? 0 : (response.body.contentLength ?? 0),
            start: start
        )
        let metrics = self.metrics
        let logger = context.logger
        // Streamed file bodies are timed until their last byte is written; in-memory bodies (playlists, JSON, pages)
        // are done now, and keep Hummingbird's single-write fast path.
        guard route.streamsFiles, finished.bytes > 0 else {
            finished.record(metrics: metrics, logger: logger)
            return response
        }
        let body = response.body
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            defer { finished.record(metrics: metrics, logger: logger) }
            try await body.write(writer)
        }
        return response
    }
}

/// One answered request, recorded when its last byte is written: counted by route class and status with its bytes,
/// a segment's time in the latency histogram, and one structured log line. Also used by `HotFileChannelHandler`.
struct FinishedRequest: Sendable {
    var route: RouteClass
    var method: HTTPRequest.Method
    var path: String
    var status: Int
    var bytes: Int
    var start: ContinuousClock.Instant

    func record(metrics: ServerMetrics, logger: Logger) {
        let elapsed = ContinuousClock.now - start
        metrics.requestFinished()
        metrics.recordRequest(route: route.rawValue, status: status, bytes: bytes)
        if route == .segment, status == 200 || status == 206 { metrics.recordSegment(duration: elapsed) }
        logger.info(
            "Request",
            metadata: [
                "http.method": "\(method)", "http.path": "\(path)", "http.status": "\(status)",
                "http.bytes": "\(bytes)", "http.route": "\(route.rawValue)", "http.duration_ms": "\(elapsed.nanoseconds / 1_000_000)",
            ]
        )
    }
}
