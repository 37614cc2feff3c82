public import Foundation
public import Logging
import Metrics
public import Prometheus

/// The plain value the CLI and tests pass to `buildApplication(_:)`.
public struct ServerConfiguration: ServerArguments {
    /// Host name or address to bind; "0.0.0.0" by default.
    public var hostname: String
    /// TCP port; 8080 by default, 0 picks a free one.
    public var port: Int
    /// The library folder (the one holding `lectures/`).
    public var library: URL
    /// Where `/metrics` reads from; a fresh registry by default.
    public var registry: PrometheusCollectorRegistry
    /// Where the server logs; label "lectern.server" by default.
    public var logger: Logger
    /// Open connections at most; `defaultMaxConnections` by default.
    public var maxConnections: Int
    /// The ingest service (uploads at /api/uploads, jobs at /api/jobs); none by default.
    public var ingest: IngestConfiguration?

    /// Enough for a lecture hall of learners per core with room to spare; each idle connection costs ~20 KiB.
    public static let defaultMaxConnections = 16_384

    /// Only `library` has no default: listen on 0.0.0.0:8080 with a registry of its own.
    public init(
        hostname: String = "0.0.0.0",
        port: Int = 8080,
        library: URL,
        registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        logger: Logger = Logger(label: "lectern.server"),
        maxConnections: Int = ServerConfiguration.defaultMaxConnections,
        ingest: IngestConfiguration? = nil
    ) {
        self.hostname = hostname
        self.port = port
        self.library = library
        self.registry = registry
        self.logger = logger
        self.maxConnections = maxConnections
        self.ingest = ingest
    }
}

extension ServerConfiguration {
    /// Makes swift-metrics report into this configuration's registry, so metrics of other libraries appear on
    /// `/metrics` too. `MetricsSystem.bootstrap` may run once per process: only the command line calls this.
    public func bootstrapMetricsSystem() {
        var factory = PrometheusMetricsFactory(registry: registry)
        for name in ["lectern_job_queue_wait_seconds", "lectern_job_run_seconds"] {
            factory.durationHistogramBuckets[name] = ServerMetrics.jobBuckets
        }
        MetricsSystem.bootstrap(factory)
    }
}
