/// What a client can sustain, as the adaptive policy sees it.
public struct Budget: Sendable, Hashable {
    /// Sustainable bitrate in kilobits per second.
    public var kbps: Double
    /// Variants whose `BANDWIDTH` exceeds `kbps * tolerance` are dropped: 1 for an explicit cap,
    /// 2 for estimates (keep the next rung up so players can climb when the link improves).
    public var tolerance: Double
    /// Where `kbps` came from; labels the adaptive metrics.
    public var signal: AdaptiveSignal

    /// Usually made by `ClientSignals.budget`; `StartPlan` and tests build one for a known cap.
    public init(kbps: Double, tolerance: Double, signal: AdaptiveSignal) {
        self.kbps = kbps
        self.tolerance = tolerance
        self.signal = signal
    }

    var bitsPerSecond: Double { kbps * 1000 }
}
