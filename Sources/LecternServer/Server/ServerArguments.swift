public import Foundation
public import Logging
public import Prometheus

/// What `buildApplication(_:)` needs to know: where the library is and where to listen.
public protocol ServerArguments: Sendable {
    /// Host name or address to bind (e.g. "0.0.0.0", "127.0.0.1").
    var hostname: String { get }
    /// TCP port; 0 picks a free one.
    var port: Int { get }
    /// The library folder (the one holding `lectures/`).
    var library: URL { get }
    /// Where `/metrics` reads from. The CLI bootstraps swift-metrics with the same registry so framework metrics
    /// land there too; tests give each app its own.
    var registry: PrometheusCollectorRegistry { get }
    /// Where the server and its library log.
    var logger: Logger { get }
    /// Open connections at most (idle keep-alive ones included); more wait in the kernel's backlog.
    var maxConnections: Int { get }
    /// The ingest service (uploads, jobs); nil for a server that only plays lectures.
    var ingest: IngestConfiguration? { get }
}

extension ServerArguments {
    /// `ServerConfiguration.defaultMaxConnections` unless the conforming type says otherwise.
    public var maxConnections: Int { ServerConfiguration.defaultMaxConnections }
    /// No ingest service unless the conforming type says otherwise.
    public var ingest: IngestConfiguration? { nil }
}
