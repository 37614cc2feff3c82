/// What a token may do. Watching needs no token; every write and the job API do.
public enum Role: String, Sendable, Codable, CaseIterable, Hashable {
    /// Uploads recordings, and sees and cancels its own jobs.
    case uploader
    /// Claims jobs and delivers their packages (`lectern worker`).
    case worker
    /// Everything: every job, and cancelling any of them.
    case admin

    /// Whether this role may act as `needed`: an admin may do what any role may.
    public func allows(_ needed: Role) -> Bool { self == needed || self == .admin }
}
