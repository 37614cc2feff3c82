import Testing

@testable import LecternServer

@Suite struct ThroughputTrackerTests {
    @Test("The estimate is bytes over time across the recent window")
    func estimate() {
        let tracker = ThroughputTracker()
        #expect(tracker.estimateKbps(token: "abcdefgh") == nil)
        tracker.record(token: "abcdefgh", bytes: 100_000, duration: .seconds(2))
        tracker.record(token: "abcdefgh", bytes: 50_000, duration: .seconds(2))
        let estimate = tracker.estimateKbps(token: "abcdefgh")
        #expect(estimate.map { abs($0 - 300) < 0.001 } == true)
    }

    @Test("Memory is bounded: the least recently updated session goes first")
    func bounded() {
        let tracker = ThroughputTracker(capacity: 3)
        let start = ContinuousClock.now
        for (index, token) in ["aaaaaaaa", "bbbbbbbb", "cccccccc", "dddddddd"].enumerated() {
            tracker.record(token: token, bytes: 1000, duration: .seconds(1), now: start + .seconds(index))
        }
        #expect(tracker.sessionCount == 3)
        #expect(tracker.estimateKbps(token: "aaaaaaaa", now: start + .seconds(5)) == nil)
        #expect(tracker.estimateKbps(token: "dddddddd", now: start + .seconds(5)) != nil)
    }

    @Test("Stale estimates are ignored")
    func stale() {
        let tracker = ThroughputTracker(maxAge: .seconds(60))
        let start = ContinuousClock.now
        tracker.record(token: "aaaaaaaa", bytes: 1000, duration: .seconds(1), now: start)
        #expect(tracker.estimateKbps(token: "aaaaaaaa", now: start + .seconds(61)) == nil)
    }
}
