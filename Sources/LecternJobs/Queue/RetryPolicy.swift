/// How long a job waits before its next attempt after a passing failure: capped exponential backoff with jitter, so
/// a hundred jobs that failed together (an origin restarted) do not all come back in the same second.
public struct RetryPolicy: Sendable, Hashable {
    /// The wait after the first failure, seconds.
    public var base: Double
    /// Each further failure multiplies the wait by this.
    public var factor: Double
    /// The wait never exceeds this, seconds.
    public var cap: Double
    /// ± this share of the wait, at random.
    public var jitter: Double

    /// 10 s, then 40 s, 160 s, capped at 10 minutes, ± 10 %.
    public static let `default` = RetryPolicy(base: 10, factor: 4, cap: 600, jitter: 0.1)

    /// A policy.
    public init(base: Double, factor: Double, cap: Double, jitter: Double) {
        self.base = base
        self.factor = factor
        self.cap = cap
        self.jitter = jitter
    }

    /// The wait, seconds, before the attempt after a job's `failures`-th failure (1 for the first).
    public func delay(afterFailure failures: Int, random: Double = Double.random(in: -1...1)) -> Double {
        var wait = base
        for _ in 1..<max(failures, 1) { wait = min(wait * factor, cap) }
        return min(wait, cap) * (1 + jitter * random)
    }
}
