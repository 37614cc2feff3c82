public import Foundation
public import LecternJobs

/// What the ingest service needs: the queue, where uploads go, and the limits that protect the origin's disk.
public struct IngestConfiguration: Sendable {
    /// The job queue (SQLite in the library, or PostgreSQL).
    public var queue: JobQueue
    /// Where uploads are written: outside `lectures/`, so never served.
    public var uploads: URL
    /// An upload larger than this is refused with 413 before any byte is accepted.
    public var maxUploadBytes: Int
    /// Bytes that must stay free on the uploads' disk: an upload that would leave less is refused with 507.
    public var diskReserveBytes: Int
    /// An unfinished upload untouched for this long is removed (tus expiration), seconds.
    public var uploadExpirySeconds: Double
    /// Names the ladder the workers encode with: part of every job's key, so a new ladder makes new jobs.
    public var ladderKey: String

    /// The defaults suit one campus origin: uploads up to 20 GiB, 2 GiB kept free, unfinished uploads kept a day.
    public init(
        queue: JobQueue,
        uploads: URL,
        maxUploadBytes: Int = 20 << 30,
        diskReserveBytes: Int = 2 << 30,
        uploadExpirySeconds: Double = 24 * 3600,
        ladderKey: String = "default"
    ) {
        self.queue = queue
        self.uploads = uploads
        self.maxUploadBytes = maxUploadBytes
        self.diskReserveBytes = diskReserveBytes
        self.uploadExpirySeconds = uploadExpirySeconds
        self.ladderKey = ladderKey
    }

    /// `LIBRARY/.lectern/uploads`: the library's own upload folder.
    public static func uploadFolder(library: URL) -> URL {
        library.appendingPathComponent(".lectern/uploads", isDirectory: true)
    }
}
