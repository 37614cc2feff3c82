import Foundation
import Synchronization

/// Counts bytes for the progress bar and paces all transfers together to `--limit-rate`.
///
/// Shared by every concurrent download; one lock, held for a few arithmetic operations per chunk.
final class TransferMeter: Sendable {
    private struct State {
        /// Bytes of the files to fetch already on disk (resumed partials plus bytes received).
        var done = 0
        var total = 0
        /// Bytes received from the origin in this run.
        var received = 0
        /// When the rate limit lets the next byte go.
        var nextSend: ContinuousClock.Instant
        var lastReport: ContinuousClock.Instant
    }

    private let clock: ContinuousClock
    private let started: ContinuousClock.Instant
    private let bytesPerSecond: Int?
    private let state: Mutex<State>
    private let onProgress: @Sendable (Mirror.Progress) -> Void

    init(limitRate: Int?, onProgress: @escaping @Sendable (Mirror.Progress) -> Void) {
        let clock = ContinuousClock()
        self.clock = clock
        started = clock.now
        bytesPerSecond = limitRate
        state = Mutex(State(nextSend: clock.now, lastReport: clock.now - .seconds(1)))
        self.onProgress = onProgress
    }

    func setTotal(_ total: Int) {
        state.withLock { $0.total = total }
    }

    /// Bytes already on disk that count as done without being received (a resumed partial file); negative when a
    /// partial file is discarded.
    func credit(_ bytes: Int) {
        state.withLock { $0.done += bytes }
        report(force: false)
    }

    /// Waits until the rate limit lets `bytes` more go (no wait without a limit).
    func pace(_ bytes: Int) async throws {
        guard let bytesPerSecond else { return }
        let wait = state.withLock { state -> Duration in
            let now = clock.now
            let start = max(state.nextSend, now)
            state.nextSend = start + .seconds(Double(bytes) / Double(bytesPerSecond))
            return start - now
        }
        if wait > .milliseconds(1) { try await Task.sleep(for: wait) }
    }

    /// Bytes to write between two waits for the rate limit (see `PartialFile.pacingSlice`).
    var pacingSlice: Int {
        guard let bytesPerSecond else { return Int.max }
        return min(max(bytesPerSecond / 50, 1024), 1 << 20)
    }

    /// Counts bytes received and written.
    func received(_ bytes: Int) {
        state.withLock {
            $0.received += bytes
            $0.done += bytes
        }
        report(force: false)
    }

    var bytesReceived: Int { state.withLock { $0.received } }

    /// Calls the progress handler at most ten times a second (always when `force`).
    func report(force: Bool) {
        let snapshot = state.withLock { state -> Mirror.Progress? in
            let now = clock.now
            guard force || now - state.lastReport >= .milliseconds(100) else { return nil }
            state.lastReport = now
            return Mirror.Progress(bytesDone: state.done, bytesTotal: state.total, bytesReceived: state.received, elapsed: now - started)
        }
        if let snapshot { onProgress(snapshot) }
    }
}
