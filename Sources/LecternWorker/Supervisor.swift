import LecternJobs
import ServiceLifecycle

/// Watches an ingest child for a worker: heartbeats every `interval` with its progress, stops it when the job is
/// taken away, when no heartbeat got through for a whole `lease` (the queue may have given the job to another worker
/// by then), or when the worker shuts down (SIGTERM), and turns how it ended into the outcome to report.
enum Supervisor {
    /// What a heartbeat found.
    enum Beat: Sendable {
        /// The lease was renewed.
        case renewed
        /// The queue could not be reached; the lease may still hold.
        case unanswered
        /// The job was cancelled or given to another attempt.
        case takenAway
    }

    /// The outcome of `child`'s job, or nil when the job was taken away or its lease lost (nothing to report then).
    static func run(
        _ child: IngestChild,
        every interval: Duration,
        lease: Duration,
        heartbeat: @escaping @Sendable (Double) async -> Beat
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
                    var renewed = ContinuousClock.now
                    while !Task.isCancelled {
                        try? await Task.sleep(for: interval)
                        if Task.isCancelled { return nil }
                        switch await heartbeat(child.progress) {
                        case .renewed: renewed = .now
                        case .unanswered where ContinuousClock.now - renewed < lease: continue
                        case .unanswered, .takenAway:
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
