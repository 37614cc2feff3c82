/// A new job as the origin asks for it, before it has an id.
public struct JobSubmission: Sendable, Hashable {
    /// Deduplication key (see `Job.key`).
    public var key: String
    /// The submitting token's id.
    public var owner: String
    /// What to ingest.
    public var spec: JobSpec
    /// Attempts allowed (3 by default).
    public var maxAttempts: Int

    /// A submission; `key` says which other submissions are the same work.
    public init(key: String, owner: String, spec: JobSpec, maxAttempts: Int = 3) {
        self.key = key
        self.owner = owner
        self.spec = spec
        self.maxAttempts = maxAttempts
    }
}
