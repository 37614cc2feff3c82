import Foundation
import LecternJobs

/// A job as `/api/jobs` and `lectern jobs --json` show it.
struct JobView: Codable, Sendable {
    var id: String
    var state: String
    var title: String
    var series: String?
    var language: String
    var fileName: String
    var bytes: Int
    var progress: Double
    var attempt: Int
    var failures: Int
    var maxAttempts: Int
    var worker: String?
    var lecture: String?
    /// `/watch/<lecture>` once published.
    var watch: String?
    var error: String?
    var createdAt: Date
    var startedAt: Date?
    var finishedAt: Date?
    /// Seconds from submission to the first claim.
    var queueSeconds: Double?
    /// Seconds the last attempt ran (so far, while running).
    var runSeconds: Double?

    init(_ job: Job, now: Date = Date()) {
        id = job.id
        state = job.state.rawValue
        title = job.spec.title
        series = job.spec.series
        language = job.spec.language
        fileName = job.spec.fileName
        bytes = job.spec.bytes
        progress = job.progress
        attempt = job.attempt
        failures = job.failures
        maxAttempts = job.maxAttempts
        worker = job.worker
        lecture = job.lectureID
        watch = job.lectureID.map { "/watch/\($0)" }
        error = job.lastError
        createdAt = job.createdAt
        startedAt = job.startedAt
        finishedAt = job.finishedAt
        queueSeconds = job.queueWait
        runSeconds = job.startedAt.map { (job.finishedAt ?? now).timeIntervalSince($0) }
    }
}
