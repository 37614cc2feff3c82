import Metrics
public import Prometheus
import Synchronization

/// The server's own metrics, written through swift-metrics into one Prometheus registry (no global state:
/// each app, and each test, has its own). `/metrics` renders `registry`.
public struct ServerMetrics: Sendable {
    /// The registry every metric of this server is written to, and `render()` reads.
    public let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory
    /// Requests being answered now, by the router or by `HotFileChannelHandler`.
    let activeRequests: Meter
    /// Open TCP connections, idle keep-alive ones included (fed by `ConnectionGauge`).
    let openConnections: Meter
    /// Time from a segment request to its last byte written, as a histogram.
    let segmentTimer: Timer
    /// What players report with CMCD on segment requests: buffer length (`bl`) and measured throughput (`mtp`).
    let playerBuffer: Recorder
    let playerThroughput: Recorder
    /// One counter per signal, made once (and so exported at 0 before the first decision).
    private let decisionCounters: [AdaptiveSignal: Metrics.Counter]
    private let requestCounters = RequestCounters()

    /// Registers the server's metrics in `registry` (adaptive decision counters at 0 for every signal).
    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["lectern_segment_duration_seconds"] = [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30),
        ]
        factory.valueHistogramBuckets["lectern_player_buffer_seconds"] = [0.5, 1, 2, 4, 8, 15, 30, 60]
        factory.valueHistogramBuckets["lectern_player_throughput_kbps"] = [50, 100, 200, 400, 800, 1600, 3200, 6400, 12800]
        self.factory = factory
        self.playerBuffer = Recorder(label: "lectern_player_buffer_seconds", factory: factory)
        self.playerThroughput = Recorder(label: "lectern_player_throughput_kbps", factory: factory)
        self.activeRequests = Meter(label: "lectern_http_active_requests", factory: factory)
        self.openConnections = Meter(label: "lectern_http_open_connections", factory: factory)
        self.segmentTimer = Timer(label: "lectern_segment_duration_seconds", factory: factory)
        self.decisionCounters = Dictionary(
            uniqueKeysWithValues: AdaptiveSignal.allCases.map { signal in
                (signal, Counter(label: "lectern_adaptive_decisions_total", dimensions: [("signal", signal.rawValue)], factory: factory))
            }
        )
    }

    /// One finished request: count and bytes by route class and status.
    func recordRequest(route: String, status: Int, bytes: Int) {
        let counters = requestCounters.counters(route: route, status: status, factory: factory)
        counters.requests.increment()
        if bytes > 0 { counters.bytes.increment(by: bytes) }
    }

    /// Time from a segment request to its last byte written.
    func recordSegment(duration: Duration) {
        segmentTimer.recordNanoseconds(duration.nanoseconds)
    }

    /// One adaptive master decision.
    /// A player's CMCD report on a segment request (`ClientSignals.parseCMCD`): how much it had buffered and the
    /// throughput it measured, so an operator sees learners' links and stalls coming, not only the server's side.
    func recordPlayerReport(_ cmcd: [String: String]) {
        if let value = cmcd["bl"].flatMap({ Int($0) }), value >= 0 { playerBuffer.record(Double(value) / 1000) }
        if let value = cmcd["mtp"].flatMap({ Int($0) }), value > 0 { playerThroughput.record(Double(value)) }
    }

    func recordDecision(_ signal: AdaptiveSignal) {
        decisionCounters[signal]?.increment()
    }

    /// A request began (raises `lectern_http_active_requests`).
    func requestStarted() { activeRequests.increment() }
    /// A request ended (lowers `lectern_http_active_requests`).
    func requestFinished() { activeRequests.decrement() }

    /// Bytes received by tus uploads.
    func recordUpload(bytes: Int) {
        if bytes > 0 { Counter(label: "lectern_upload_bytes_total", factory: factory).increment(by: bytes) }
    }

    /// The queue as gauges, read when `/metrics` is asked: jobs in each state and workers seen in the last minute.
    func recordQueue(counts: [String: Int], workers: Int) {
        for (state, count) in counts { Gauge(label: "lectern_jobs", dimensions: [("state", state)], factory: factory).record(count) }
        Gauge(label: "lectern_workers_connected", factory: factory).record(workers)
    }

    /// Histogram buckets for the job timings `LecternJobs` records through swift-metrics: seconds to hours.
    public static let jobBuckets: [Duration] = [
        .seconds(1), .seconds(5), .seconds(15), .seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(600), .seconds(1200),
        .seconds(1800), .seconds(3600), .seconds(7200), .seconds(14400),
    ]

    /// Prometheus text exposition.
    public func render() -> String { registry.emitToString() }
}

/// The request and byte counters of each (route, status) pair, made once: looking a counter up in the registry
/// on every request would cost a lock and label formatting each time.
private final class RequestCounters: Sendable {
    /// The labels a pair of counters is made for.
    struct Key: Hashable {
        var route: String
        var status: Int
    }

    /// A (route, status)'s request counter and response byte counter.
    struct Pair {
        var requests: Metrics.Counter
        var bytes: Metrics.Counter
    }

    private let pairs = Mutex<[Key: Pair]>([:])

    func counters(route: String, status: Int, factory: PrometheusMetricsFactory) -> Pair {
        let key = Key(route: route, status: status)
        return pairs.withLock { pairs in
            if let pair = pairs[key] { return pair }
            let dimensions = [("route", route), ("status", String(status))]
            let pair = Pair(
                requests: Counter(label: "lectern_http_requests_total", dimensions: dimensions, factory: factory),
                bytes: Counter(label: "lectern_http_response_bytes_total", dimensions: dimensions, factory: factory)
            )
            pairs[key] = pair
            return pair
        }
    }
}
