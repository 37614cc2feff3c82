public import Foundation

/// One submitted ingest and everything the queue knows about it.
public struct Job: Sendable, Codable, Hashable, Identifiable {
    /// The job's id (`j` and 20 hex digits), as the API and `lectern jobs` show it.
    public var id: String
    /// Deduplication key: the same recording with the same options and ladder has the same key, and a live or
    /// published job with that key is given back instead of a second one.
    public var key: String
    /// The id of the token that submitted it: uploaders see and cancel only their own jobs.
    public var owner: String
    /// What to ingest.
    public var spec: JobSpec
    /// Where it is.
    public var state: JobState
    /// Attempts started so far (the running one included); every result must name the attempt it belongs to.
    public var attempt: Int
    /// Attempts that failed for a passing reason or lost their worker; a job handed back on shutdown does not count.
    public var failures: Int
    /// Failures allowed before the job fails for good.
    public var maxAttempts: Int
    /// 0 to 1, as the running attempt last reported it.
    public var progress: Double
    /// The worker holding (or that last held) the job.
    public var worker: String?
    /// The published lecture's id.
    public var lectureID: String?
    /// The last error, one line as `lectern ingest` prints it.
    public var lastError: String?
    /// When it was submitted, first claimed, last claimed, and ended (database clock).
    public var createdAt: Date
    public var firstStartedAt: Date?
    public var startedAt: Date?
    public var finishedAt: Date?
    /// A queued job is not claimed before this time (a retry's backoff).
    public var runAfter: Date
    /// A running job's lease: past it, the job goes back to the queue.
    public var leaseExpiresAt: Date?

    /// Seconds between submission and the first claim, once claimed.
    public var queueWait: Double? { firstStartedAt.map { $0.timeIntervalSince(createdAt) } }
}

/// A claimed attempt: every heartbeat, upload and result names it, and one from a superseded attempt is refused.
public struct Attempt: Sendable, Codable, Hashable {
    /// The job.
    public var job: String
    /// The attempt number the claim started.
    public var number: Int

    /// The attempt `number` of `job`.
    public init(job: String, number: Int) {
        self.job = job
        self.number = number
    }
}

/// What a claim gives a worker: the job as it now is, the attempt to name in everything it sends, and the lease.
public struct Claim: Sendable, Codable, Hashable {
    /// The job, now running.
    public var job: Job
    /// The attempt this worker holds.
    public var attempt: Attempt
    /// When the lease runs out unless heartbeats renew it (database clock).
    public var leaseExpiresAt: Date
}
