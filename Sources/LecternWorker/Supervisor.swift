import LecternJobs
import ServiceLifecycle

/// Watches an ingest child for a worker: heartbeats every `interval` with its progress, stops it when the job is
/// taken away or the worker shuts down (SIGTERM), and turns how it ended into the outcome to report.
enum Supervisor {
    /// The outcome of `child`'s job, or nil when `heartbeat` said the job was taken away (nothing to report then).
    /// `heartbeat` returns false when the worker must stop.
    static func run(
        _ child: IngestChild,
        every interval: Duration,
        heartbeat: @escaping @Sendable (Double) async -> Bool
    ) async -> JobQueue.Outcome? {
        await withGracefulShutdownHandler {
            await withTaskGroup(of: JobQueue.Outcome??.self) { group in
                group.addTask {
                    switch await child.ending() {
                    case .published(let lecture): return .some(.published(lecture))
                    case .refused(let message): return .some(.permanent(message))
                    case .failed(let message): return .some(Task.isShuttingDownGracefully ? .handedBack : .transient(message))
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: interval)
                        if Task.isCancelled { return nil }
                        if await !heartbeat(child.progress) {
                            child.stop()
                            return .some(nil)
                        }
                    }
                    return nil
                }
                var result: JobQueue.Outcome?? = nil
                for await value in group {
                    guard let value else { continue }
                    if result == nil { result = value }
                    group.cancelAll()
                }
                return result ?? nil
            }
        } onGracefulShutdown: {
            child.stop()
        }
    }
}
