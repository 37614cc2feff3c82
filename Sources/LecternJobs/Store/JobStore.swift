public import Foundation

/// Where jobs and tokens live: SQLite inside the library for one machine, PostgreSQL for many. Every method is one
/// atomic step in the database, times come from the database's clock, and every change to a running job is fenced by
/// its attempt. Both stores pass the same conformance suite; policy (lease length, retries) lives in `JobQueue`.
public protocol JobStore: Sendable {
    /// Creates the tables and indexes this version needs, if missing.
    func migrate() async throws

    /// The database's clock.
    func now() async throws -> Date

    /// Adds a job unless a queued, running or published job has the same key; then returns that one, not created.
    func insert(_ submission: JobSubmission, id: String) async throws -> (job: Job, created: Bool)

    /// Moves the oldest claimable queued job to running for `worker`, starting a new attempt with a lease of
    /// `leaseSeconds`; nil when nothing is claimable. Two claims never get the same attempt.
    func claim(worker: String, leaseSeconds: Double) async throws -> Claim?

    /// Renews `attempt`'s lease and records its progress (0...1); the new expiry. Throws `JobStoreError.superseded`
    /// or `.cancelled` when the attempt no longer holds the job.
    func renew(_ attempt: Attempt, progress: Double?, leaseSeconds: Double) async throws -> Date

    /// Ends `attempt` with `outcome`; the job as it now is. Throws `JobStoreError.superseded` or `.cancelled` when the
    /// attempt no longer holds the job (for `.expired`: when its lease has not run out).
    func finish(_ attempt: Attempt, _ outcome: AttemptOutcome) async throws -> Job

    /// Running attempts whose lease has run out, oldest first.
    func expiredAttempts(limit: Int) async throws -> [Attempt]

    /// A job by id.
    func job(id: String) async throws -> Job?

    /// Jobs newest first, only `owner`'s when given, only in `states` when given.
    func jobs(owner: String?, states: Set<JobState>?, limit: Int) async throws -> [Job]

    /// Cancels a queued or running job; the job as it now is (unchanged when already final), nil when unknown.
    func cancel(id: String) async throws -> Job?

    /// How many jobs are in each state.
    func counts() async throws -> [JobState: Int]

    /// Returns when work may have arrived (a job added or handed back) or after `timeout`, whichever comes first.
    func waitForWork(timeout: Duration) async

    /// Adds a token record.
    func insertToken(_ record: TokenRecord) async throws

    /// A token by its public id.
    func token(id: String) async throws -> TokenRecord?

    /// Every token, revoked ones included, oldest first.
    func tokens() async throws -> [TokenRecord]

    /// Revokes a token; false when there is no such live token.
    func revokeToken(id: String) async throws -> Bool

    /// Closes connections; the store is unusable afterwards.
    func close() async throws
}

/// How an attempt ended.
public enum AttemptOutcome: Sendable, Hashable {
    /// The lecture is in the library.
    case published(lectureID: String)
    /// A permanent error: the job fails now, whatever attempts are left.
    case failed(error: String)
    /// A passing error: the job goes back to the queue after `delay` seconds, or fails if this was its last failure.
    case retry(error: String, delay: Double)
    /// The worker stopped (SIGTERM) and hands the job back at once; no failure is counted.
    case released
    /// The lease ran out (the worker is presumed lost): like `retry`, but only if the lease has indeed run out.
    case expired(error: String, delay: Double)
}

/// A refused change to a job.
public struct JobStoreError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Why.
    public enum Code: String, Sendable {
        /// The attempt named is not the job's running attempt any more (its lease ran out and another took it).
        case superseded
        /// The job was cancelled while the attempt ran.
        case cancelled
        /// No such job.
        case notFound
        /// The database refused or could not be reached.
        case database
    }

    /// Why.
    public var code: Code
    /// One line.
    public var message: String

    /// An error with its code and line.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
