import Dispatch
import Foundation
import Synchronization

/// A task executor with one thread of its own, for async work that blocking code must wait for (`BlockingWork.wait`):
/// the work runs here, never on the cooperative pool, so waiting cannot starve the pool's two threads here even when
/// the waiter is one of them (a synchronous test calling `Ingest.runBlocking`).
final class JobThread: TaskExecutor {
    /// The one such thread of the process, started at first use.
    static let shared = JobThread(name: "lectern-jobs")

    private let jobs = Mutex<[UnownedJob]>([])
    private let wake = DispatchSemaphore(value: 0)

    private init(name: String) {
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    func enqueue(_ job: UnownedJob) {
        jobs.withLock { $0.append(job) }
        wake.signal()
    }

    private func run() -> Never {
        while true {
            wake.wait()
            for job in jobs.withLock({ jobs in
                defer { jobs.removeAll() }
                return jobs
            }) {
                job.runSynchronously(on: asUnownedTaskExecutor())
            }
        }
    }
}
