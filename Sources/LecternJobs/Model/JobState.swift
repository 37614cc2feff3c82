/// Where a job is in its life: queued → running → published | failed | cancelled; a running job whose lease runs out,
/// or whose attempt failed for a passing reason, goes back to queued.
public enum JobState: String, Sendable, Codable, CaseIterable, Hashable {
    /// Waiting for a worker (its `runAfter` may lie in the future, after a retry's backoff).
    case queued
    /// Claimed by a worker that holds a live lease.
    case running
    /// Done: the lecture is in the library.
    case published
    /// Given up: a permanent error, or the last attempt failed.
    case failed
    /// Stopped by its uploader or an admin.
    case cancelled

    /// A state no job leaves.
    public var isFinal: Bool { self == .published || self == .failed || self == .cancelled }
}
