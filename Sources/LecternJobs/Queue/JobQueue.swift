public import Foundation
public import Logging
import Metrics
import Synchronization

/// The queue's policy over a `JobStore`: how long leases last, how failures retry, and putting back the jobs of
/// workers that stopped heartbeating. The origin and its in-process workers share one.
public struct JobQueue: Sendable {
    /// The jobs' database.
    public let store: any JobStore
    /// A lease lasts this long unless renewed; workers renew it every quarter of it.
    public var leaseSeconds: Double
    /// Waits between attempts after passing failures.
    public var retry: RetryPolicy
    /// Failures allowed per job.
    public var maxAttempts: Int
    let logger: Logger
    private let sightings = WorkerSightings()

    /// A queue over `store`: by default 60 s leases (a worker is presumed lost a minute after its last heartbeat) and
    /// 3 attempts.
    public init(store: any JobStore, leaseSeconds: Double = 60, retry: RetryPolicy = .default, maxAttempts: Int = 3, logger: Logger) {
        self.store = store
        self.leaseSeconds = leaseSeconds
        self.retry = retry
        self.maxAttempts = maxAttempts
        self.logger = logger
    }

    /// Adds a job for `spec` unless the same work (`key`) is queued, running or published; returns that job then.
    public func submit(spec: JobSpec, key: String, owner: String) async throws -> (job: Job, created: Bool) {
        let submission = JobSubmission(key: key, owner: owner, spec: spec, maxAttempts: maxAttempts)
        let result = try await store.insert(submission, id: "j" + Token.randomHex(bytes: 10))
        if result.created {
            logger.info("Job queued", metadata: ["job.id": "\(result.job.id)", "job.title": "\(spec.title)"])
        }
        return result
    }

    /// Puts back the jobs whose workers stopped heartbeating, then claims the next job for `worker`, if any.
    public func claim(worker: String) async throws -> Claim? {
        sightings.saw(worker)
        try await reap()
        let claim = try await store.claim(worker: worker, leaseSeconds: leaseSeconds)
        if let claim {
            if claim.attempt.number == 1, let wait = claim.job.queueWait {
                Timer(label: "lectern_job_queue_wait_seconds").recordSeconds(wait)
            }
            logger.info(
                "Job claimed",
                metadata: ["job.id": "\(claim.job.id)", "job.attempt": "\(claim.attempt.number)", "worker": "\(worker)"]
            )
        }
        return claim
    }

    /// Renews `attempt`'s lease and records its progress; throws `JobStoreError` (`superseded`, `cancelled`) when the
    /// worker must stop.
    public func heartbeat(_ attempt: Attempt, progress: Double?) async throws -> Date {
        let progress = progress.flatMap { $0.isFinite ? min(max($0, 0), 1) : nil }
        return try await store.renew(attempt, progress: progress, leaseSeconds: leaseSeconds)
    }

    /// Ends `attempt`: published, failed for good (`permanent`), or failed for a passing reason and retried later.
    public func finish(_ attempt: Attempt, _ outcome: Outcome) async throws -> Job {
        let stored: AttemptOutcome
        switch outcome {
        case .published(let lecture): stored = .published(lectureID: lecture)
        case .permanent(let error): stored = .failed(error: error)
        case .transient(let error):
            let failures = (try await store.job(id: attempt.job)?.failures ?? 0) + 1
            stored = .retry(error: error, delay: retry.delay(afterFailure: failures))
        case .handedBack: stored = .released
        }
        let job = try await store.finish(attempt, stored)
        if let started = job.startedAt, let ended = job.finishedAt ?? (job.state == .queued ? Date() : nil) {
            Timer(label: "lectern_job_run_seconds", dimensions: [("outcome", job.state.rawValue)]).recordSeconds(ended.timeIntervalSince(started))
        }
        logger.info(
            "Job attempt ended",
            metadata: ["job.id": "\(job.id)", "job.attempt": "\(attempt.number)", "job.state": "\(job.state.rawValue)"]
        )
        return job
    }

    /// Puts every job whose lease ran out back in the queue (or fails it, past its attempts); how many.
    @discardableResult
    public func reap() async throws -> Int {
        var reaped = 0
        for attempt in try await store.expiredAttempts(limit: 100) {
            let failures = (try await store.job(id: attempt.job)?.failures ?? 0) + 1
            let error = "worker lost: no heartbeat for \(Int(leaseSeconds)) s"
            do {
                let job = try await store.finish(attempt, .expired(error: error, delay: retry.delay(afterFailure: failures)))
                logger.warning("Job lease expired", metadata: ["job.id": "\(job.id)", "job.state": "\(job.state.rawValue)"])
                reaped += 1
            } catch let error as JobStoreError where error.code == .superseded || error.code == .cancelled {
                continue  // renewed, or put back by another origin, since the list was read
            }
        }
        return reaped
    }

    /// Workers that claimed or asked for work within `seconds` (an idle remote worker asks every 20 s or so).
    public func connectedWorkers(within seconds: Double = 60) -> Int { sightings.count(within: seconds) }

    /// How an attempt ended, as a worker reports it.
    public enum Outcome: Sendable, Hashable {
        /// The lecture is published under this id.
        case published(String)
        /// The recording or its files are at fault (not media, a malformed subtitle file): retrying cannot help.
        case permanent(String)
        /// The worker, the network or the disk failed: worth another attempt after a wait.
        case transient(String)
        /// The worker is stopping (SIGTERM) and hands the job back without a failure counted.
        case handedBack
    }
}

/// When each worker was last seen asking for work.
private final class WorkerSightings: Sendable {
    private let seen = Mutex<[String: ContinuousClock.Instant]>([:])

    func saw(_ worker: String) {
        let now = ContinuousClock.now
        seen.withLock { seen in
            seen[worker] = now
            if seen.count > 10_000 { seen = seen.filter { now - $0.value < .seconds(3600) } }
        }
    }

    func count(within seconds: Double) -> Int {
        let now = ContinuousClock.now
        let limit = Duration.milliseconds(Int(seconds * 1000))
        return seen.withLock { seen in seen.values.filter { now - $0 < limit }.count }
    }
}
