/// What a remote worker gets from a claim (`POST /api/worker/claim`): the attempt to name in every later call, how
/// long its lease lasts, and what to ingest.
public struct WorkAssignment: Codable, Sendable, Hashable {
    /// The job.
    public var job: String
    /// The attempt this worker holds.
    public var attempt: Int
    /// The lease's length: heartbeat every quarter of it.
    public var leaseSeconds: Double
    /// What to ingest.
    public var spec: JobSpec

    /// An assignment of `claim`, leases lasting `leaseSeconds`.
    public init(_ claim: Claim, leaseSeconds: Double) {
        job = claim.job.id
        attempt = claim.attempt.number
        self.leaseSeconds = leaseSeconds
        spec = claim.job.spec
    }

    /// `/api/worker/jobs/<job>/attempts/<attempt>`: where every call about this attempt goes.
    public var path: String { "/api/worker/jobs/\(job)/attempts/\(attempt)" }
}
