public import Foundation
public import LecternJobs
public import Logging
public import ServiceLifecycle

/// A worker inside `lectern serve`: claims jobs from the queue, ingests each upload into the library with the same
/// pipeline as `lectern ingest` (in a sandboxed child process), heartbeats while it runs, and reports the result.
/// On SIGTERM it stops its ingest and hands the job back without counting a failure.
public struct LocalWorker: Service {
    /// Where the worker finds things.
    public struct Setup: Sendable {
        /// This program (`lectern`), run again for each ingest.
        public var executable: URL
        /// The library to publish into.
        public var library: URL
        /// Where the origin keeps uploads (`<id>.bin` files).
        public var uploads: URL
        /// A ladder file for the ingests, or nil for the built-in ladder.
        public var ladder: String?

        /// A setup.
        public init(executable: URL, library: URL, uploads: URL, ladder: String? = nil) {
            self.executable = executable
            self.library = library
            self.uploads = uploads
            self.ladder = ladder
        }
    }

    let name: String
    let queue: JobQueue
    let setup: Setup
    let logger: Logger

    /// A worker called `name` (shown in job listings) taking jobs from `queue`.
    public init(name: String, queue: JobQueue, setup: Setup, logger: Logger) {
        self.name = name
        self.queue = queue
        self.setup = setup
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let claim: Claim?
            do {
                claim = try await queue.claim(worker: name)
            } catch {
                logger.warning("Queue unavailable", metadata: ["error": "\(error)"])
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(5)) }
                continue
            }
            guard let claim else {
                _ = await cancelWhenGracefulShutdown { await queue.store.waitForWork(timeout: .seconds(5)) }
                continue
            }
            await work(claim)
        }
    }

    /// Runs one claimed job to its end and reports it.
    func work(_ claim: Claim) async {
        let job = claim.job
        let folder = setup.uploads.deletingLastPathComponent().appendingPathComponent("work/\(job.id)-\(claim.attempt.number)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome: JobQueue.Outcome?
        do {
            let arguments = try WorkFolder.arguments(for: job.spec, in: folder, uploads: setup.uploads, library: setup.library, ladder: setup.ladder)
            let child = try IngestChild(executable: setup.executable, arguments: arguments)
            outcome = await supervise(child, attempt: claim.attempt)
        } catch {
            outcome = .transient("\(job.spec.fileName): the worker could not start the ingest (\(error))")
        }
        guard let outcome else { return }
        do {
            _ = try await queue.finish(claim.attempt, outcome)
        } catch {
            logger.warning("Job result refused", metadata: ["job.id": "\(job.id)", "error": "\(error)"])
        }
    }

    /// Heartbeats through the queue while `child` runs; nil when the job was taken away (cancelled, superseded).
    private func supervise(_ child: IngestChild, attempt: Attempt) async -> JobQueue.Outcome? {
        let lease = Duration.milliseconds(Int(queue.leaseSeconds * 1000))
        return await Supervisor.run(child, every: lease / 4, lease: lease) { progress in
            do {
                _ = try await queue.heartbeat(attempt, progress: progress)
                return .renewed
            } catch let error as JobStoreError where error.code != .database {
                logger.notice("Job taken away; stopping its ingest", metadata: ["job.id": "\(attempt.job)", "why": "\(error)"])
                return .takenAway
            } catch {
                logger.warning("Heartbeat failed", metadata: ["job.id": "\(attempt.job)", "error": "\(error)"])
                return .unanswered
            }
        }
    }
}
