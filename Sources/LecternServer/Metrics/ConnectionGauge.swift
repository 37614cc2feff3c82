import HummingbirdCore
import Metrics

/// Counts open TCP connections into `lectern_http_open_connections` (idle keep-alive ones included, which
/// `lectern_http_active_requests` does not see), and stops accepting new ones above `limit` so that a flood of idle
/// connections cannot exhaust file descriptors or memory: the kernel's backlog holds them until one closes.
struct ConnectionGauge: AvailableConnectionsDelegate {
    let gauge: Meter
    let limit: Int
    private var open = 0

    init(metrics: ServerMetrics, limit: Int) {
        self.gauge = metrics.openConnections
        self.limit = limit
    }

    mutating func connectionOpened() {
        open += 1
        gauge.set(open)
    }

    mutating func connectionClosed() {
        open -= 1
        gauge.set(open)
    }

    func isAcceptingNewConnections() -> Bool { open < limit }
}
