import HTTPTypes

/// A segment request's playback session, if it names one: its responses carry the server's throughput estimate
/// (`CMSD-Dynamic: etp=<kbps>`), and how long each body took to write feeds that estimate.
struct SegmentSession {
    var headers = HTTPFields()
    var recorder: (@Sendable (Int, Duration) -> Void)?

    /// No session: no extra headers, nothing recorded.
    static let none = SegmentSession()

    private init() {}

    init(token: String?, tracker: ThroughputTracker) {
        guard let token else { return }
        if let estimate = tracker.estimateKbps(token: token) {
            headers[HeaderName.cmsdDynamic] = "etp=\(Int(estimate.rounded()))"
        }
        recorder = { bytes, duration in tracker.record(token: token, bytes: bytes, duration: duration) }
    }
}
