public import Foundation
public import Logging
import Metrics
public import Prometheus

/// The plain value the CLI and tests pass to `buildApplication(_:)`.
public struct ServerConfiguration: ServerArguments {
    public var hostname: String
    public var port: Int
    public var library: URL
    public var registry: PrometheusCollectorRegistry
    public var logger: Logger

    public init(
        hostname: String = "0.0.0.0",
        port: Int = 8080,
        library: URL,
        registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        logger: Logger = Logger(label: "lectern.server")
    ) {
        self.hostname = hostname
        self.port = port
        self.library = library
        self.registry = registry
        self.logger = logger
    }
}

extension ServerConfiguration {
    /// Makes swift-metrics report into this configuration's registry, so metrics of other libraries appear on
    /// `/metrics` too. `MetricsSystem.bootstrap` may run once per process: only the command line calls this.
    public func bootstrapMetricsSystem() {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }
}
