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
}
