import Synchronization

/// Throughput the server measured while writing each session's recent segments: bounded in memory
/// (at most `capacity` sessions, the least recently updated evicted first; samples older than `maxAge` ignored).
public final class ThroughputTracker: Sendable {
    /// One segment written: its bytes and the seconds its body took to send.
    struct Sample {
        var bytes: Int
        var seconds: Double
    }

    /// One session's recent samples and when it last got one.
    struct Session {
        var samples: [Sample] = []
        var updated: ContinuousClock.Instant
    }

    /// Most sessions remembered at once; a new session beyond it evicts the least recently updated.
    public let capacity: Int
    /// How long after its last segment a session's estimate still counts.
    public let maxAge: Duration
    /// Samples kept per session (a sliding window).
    static let window = 6
    private let sessions: Mutex<[String: Session]>

    /// One tracker serves the whole server (see `ServerServices`); by default 10,000 sessions, each trusted for 10 minutes.
    public init(capacity: Int = 10_000, maxAge: Duration = .seconds(600)) {
        self.capacity = capacity
        self.maxAge = maxAge
        self.sessions = Mutex([:])
    }

    /// Records one segment written to `token`'s client.
    public func record(token: String, bytes: Int, duration: Duration, now: ContinuousClock.Instant = .now) {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        guard bytes > 0 else { return }
        sessions.withLock { sessions in
            if sessions[token] == nil, sessions.count >= capacity,
                let oldest = sessions.min(by: { $0.value.updated < $1.value.updated })?.key
            {
                sessions[oldest] = nil
            }
            var session = sessions[token] ?? Session(updated: now)
            session.samples.append(Sample(bytes: bytes, seconds: max(seconds, 0.000_1)))
            if session.samples.count > Self.window { session.samples.removeFirst(session.samples.count - Self.window) }
            session.updated = now
            sessions[token] = session
        }
    }

    /// Kilobits per second over the session's recent segments, or nil when unknown or stale.
    public func estimateKbps(token: String, now: ContinuousClock.Instant = .now) -> Double? {
        sessions.withLock { sessions in
            guard let session = sessions[token], now - session.updated <= maxAge, !session.samples.isEmpty else { return nil }
            let bytes = session.samples.reduce(0) { $0 + $1.bytes }
            let seconds = session.samples.reduce(0) { $0 + $1.seconds }
            return Double(bytes) * 8 / seconds / 1000
        }
    }

    /// Sessions currently remembered, stale ones included until evicted.
    public var sessionCount: Int { sessions.withLock { $0.count } }
}
