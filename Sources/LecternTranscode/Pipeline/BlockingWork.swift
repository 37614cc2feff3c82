import Foundation
import Synchronization

/// Runs blocking work (an encode) on a thread of its own, off the cooperative pool whose two threads here serve
/// every task; cancelling the awaiting task makes `isCancelled` true for the work to notice between packets.
enum BlockingWork {
    static func run<Result: Sendable>(
        threadName: String,
        _ work: @escaping @Sendable (_ isCancelled: () -> Bool) throws -> Result
    ) async throws -> Result {
        let cancelled = Atomic<Bool>(false)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
                let thread = Thread {
                    do {
                        continuation.resume(returning: try work { cancelled.load(ordering: .relaxed) })
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
                thread.name = threadName
                thread.stackSize = 8 << 20
                thread.start()
            }
        } onCancel: {
            cancelled.store(true, ordering: .relaxed)
        }
    }

    /// Runs async `work` on `JobThread` and blocks the calling thread until it is done: for blocking code (an ingest on
    /// its own thread) that needs an async API.
    static func wait<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
        let result = Outcome<T>()
        let done = DispatchSemaphore(value: 0)
        Task(executorPreference: JobThread.shared) {
            let value = await work()
            result.value.withLock { $0 = value }
            done.signal()
        }
        done.wait()
        return result.value.withLock { $0! }
    }

    /// Where `wait`'s work leaves its result for the waiting thread.
    private final class Outcome<T: Sendable>: Sendable {
        let value = Mutex<T?>(nil)
    }
}
