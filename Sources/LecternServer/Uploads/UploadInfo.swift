import Foundation

/// One tus upload as the origin records it next to its bytes (`<id>.json` beside `<id>.bin`). The offset is not
/// stored: it is the size of the bytes file, so a crash mid-write can never make the two disagree.
struct UploadInfo: Codable, Sendable, Hashable {
    /// What the file is for.
    enum Kind: String, Codable, Sendable {
        case recording, subtitles, audio
    }

    var id: String
    /// The token that created it.
    var owner: String
    var kind: Kind
    /// Declared size (`Upload-Length`).
    var length: Int
    /// The file name the uploader had (for messages and the extension; never a path).
    var fileName: String
    /// For a recording: title, series, speech language, and the other uploads of the submission by language.
    var title: String?
    var series: String?
    /// The recording's speech, or the subtitle or audio file's language.
    var language: String
    var subtitles: [String: String]
    var audio: [String: String]
    /// The raw `Upload-Metadata` header, given back on HEAD as tus asks.
    var rawMetadata: String?
    var createdAt: Date
    /// Refreshed at every PATCH; an unfinished upload past it is removed.
    var expiresAt: Date
    /// SHA-256 (hex) once complete.
    var sha256: String?
    /// The job a complete recording became.
    var job: String?

    var isComplete: Bool { sha256 != nil }
}
