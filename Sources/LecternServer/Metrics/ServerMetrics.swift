import Metrics
public import Prometheus

/// The server's own metrics, written through swift-metrics into one Prometheus registry (no global state:
/// each app, and each test, has its own). `/metrics` renders `registry`.
public struct ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory
    let activeRequests: Meter

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["lectern_segment_duration_seconds"] = [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30),
        ]
        self.factory = factory
        self.activeRequests = Meter(label: "lectern_http_active_requests", factory: factory)
    }

    /// One finished request: count and bytes by route class and status.
    func recordRequest(route: String, status: Int, bytes: Int) {
        let dimensions = [("route", route), ("status", String(status))]
        Counter(label: "lectern_http_requests_total", dimensions: dimensions, factory: factory).increment()
        if bytes > 0 {
            Counter(label: "lectern_http_response_bytes_total", dimensions: dimensions, factory: factory).increment(by: bytes)
        }
    }

    /// Time from a segment request to its last byte written.
    func recordSegment(duration: Duration) {
        Timer(label: "lectern_segment_duration_seconds", factory: factory).recordNanoseconds(duration.nanoseconds)
    }

    /// One adaptive master decision.
    func recordDecision(_ signal: AdaptiveSignal) {
        Counter(label: "lectern_adaptive_decisions_total", dimensions: [("signal", signal.rawValue)], factory: factory).increment()
    }

    func requestStarted() { activeRequests.increment() }
    func requestFinished() { activeRequests.decrement() }

    /// Prometheus text exposition.
    public func render() -> String { registry.emitToString() }
}
