import Dispatch
import Foundation

/// Turns Ctrl-C / SIGTERM into task cancellation, so long work stops cleanly (staging discarded) instead of dying.
enum Interruption {
    static func cancellingOnSignals<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await work() }
        let sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { task.cancel() }
            source.resume()
            return source
        }
        defer {
            for source in sources { source.cancel() }
            signal(SIGINT, SIG_DFL)
            signal(SIGTERM, SIG_DFL)
        }
        return try await task.value
    }

    /// Like `cancellingOnSignals`, and also cancels `work` when this process's parent dies (its parent id changes):
    /// the ingest of a worker that was killed stops instead of running on unowned.
    static func cancellingOnSignalsOrOrphaning<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let parent = getppid()
        return try await cancellingOnSignals {
            try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask { try await work() }
                group.addTask {
                    while getppid() == parent { try await Task.sleep(for: .seconds(1)) }
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let value = first else { throw CancellationError() }
                return value
            }
        }
    }
}
