public import Foundation

/// A job as the API shows it (`/api/jobs`, `lectern jobs --json`): what a content team wants to know, flat.
public struct JobSummary: Codable, Sendable, Hashable {
    public var id: String
    public var state: String
    public var title: String
    public var series: String?
    public var language: String
    public var fileName: String
    public var bytes: Int
    public var progress: Double
    public var attempt: Int
    public var failures: Int
    public var maxAttempts: Int
    public var worker: String?
    public var lecture: String?
    /// `/watch/<lecture>` once published.
    public var watch: String?
    public var error: String?
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    /// Seconds from submission to the first claim.
    public var queueSeconds: Double?
    /// Seconds the last attempt ran (so far, while running).
    public var runSeconds: Double?

    /// Whether the job is over (published, failed or cancelled).
    public var isOver: Bool { JobState(rawValue: state)?.isFinal ?? false }

    /// The summary of `job`; a running job's run time counts up to `now`.
    public init(_ job: Job, now: Date = Date()) {
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
