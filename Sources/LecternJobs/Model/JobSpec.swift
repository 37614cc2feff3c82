/// What to ingest: the uploaded recording, the metadata sent with it and the other files of the same submission.
/// Upload ids are the names the origin gave the files; they are never used as paths as they stand.
public struct JobSpec: Sendable, Codable, Hashable {
    /// The upload holding the recording.
    public var recording: String
    /// The recording's file name as the uploader had it (for messages; never a path).
    public var fileName: String
    /// SHA-256 (hex) of the recording's bytes.
    public var sha256: String
    /// The recording's size in bytes.
    public var bytes: Int
    /// The lecture's title.
    public var title: String
    /// The series (course), if any.
    public var series: String?
    /// BCP-47 language of the speech.
    public var language: String
    /// Subtitle files by language: language → upload id.
    public var subtitles: [String: String]
    /// Audio files by language: language → upload id.
    public var audio: [String: String]

    /// A spec; `subtitles` and `audio` map BCP-47 languages to upload ids.
    public init(
        recording: String,
        fileName: String,
        sha256: String,
        bytes: Int,
        title: String,
        series: String? = nil,
        language: String = "en",
        subtitles: [String: String] = [:],
        audio: [String: String] = [:]
    ) {
        self.recording = recording
        self.fileName = fileName
        self.sha256 = sha256
        self.bytes = bytes
        self.title = title
        self.series = series
        self.language = language
        self.subtitles = subtitles
        self.audio = audio
    }

    /// Whether `id` has the shape of an upload id the origin makes: `u` and 20 lowercase hex digits.
    public static func isUploadID(_ id: String) -> Bool {
        id.count == 21 && id.first == "u" && id.dropFirst().allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    /// Every upload the job reads: the recording first, then subtitles and audio in language order.
    public var uploads: [String] {
        [recording] + subtitles.sorted { $0.key < $1.key }.map(\.value) + audio.sorted { $0.key < $1.key }.map(\.value)
    }
}
