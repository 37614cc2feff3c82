import LecternPackage

/// Paces a long job's progress reports: a few a second, not one per packet, each with the time since the start.
struct ProgressClock {
    /// Seconds of media in all (0 when unknown).
    let total: Double
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private var lastReport: ContinuousClock.Instant

    init(total: Double) {
        self.total = total
        started = clock.now
        lastReport = started
    }

    /// Wall-clock seconds since the start.
    var elapsed: Double { (clock.now - started).inSeconds }

    /// Progress at `processed` seconds, when a quarter of a second has passed since the last report; nil otherwise.
    mutating func tick(_ processed: Double) -> TranscodeProgress? {
        guard clock.now - lastReport > .milliseconds(250) else { return nil }
        lastReport = clock.now
        return TranscodeProgress(processed: processed, total: total, elapsed: elapsed)
    }

    /// The last report: all of it done (`processed` when the length is unknown).
    func done(_ processed: Double) -> TranscodeProgress {
        TranscodeProgress(processed: total > 0 ? total : processed, total: total, elapsed: elapsed)
    }
}
