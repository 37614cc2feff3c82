/// Where a transcode stands: sent a few times a second to whoever shows it.
public struct TranscodeProgress: Sendable, Hashable {
    /// Seconds of the recording processed so far.
    public var processed: Double
    /// Seconds in the recording.
    public var total: Double
    /// Wall-clock seconds since the start.
    public var elapsed: Double

    /// One report; during a job `ProgressClock` makes them, paced a few a second.
    public init(processed: Double, total: Double, elapsed: Double) {
        self.processed = processed
        self.total = total
        self.elapsed = elapsed
    }

    /// How much of the recording is done, from 0 to 1 (0 while the total is unknown).
    public var fraction: Double { total > 0 ? min(max(processed / total, 0), 1) : 0 }
    /// Speed as a multiple of real time (2.0 = two seconds of lecture per second).
    public var speed: Double { elapsed > 0 ? processed / elapsed : 0 }
    /// Seconds left at the current speed, when known.
    public var eta: Double? { speed > 0 ? max(total - processed, 0) / speed : nil }
}
