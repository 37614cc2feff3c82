/// The recording a lecture package was made from.
public struct SourceInfo: Sendable, Hashable, Codable {
    /// The recording's file name, without its folder (e.g. "lecture-03.mp4").
    public var fileName: String
    /// Size in bytes.
    public var size: Int
    /// SHA-256 of the whole file, lowercase hex; its first 8 characters end the lecture id.
    public var sha256: String
    /// Container format as probed (e.g. "mov,mp4,m4a,3gp,3g2,mj2").
    public var container: String
    public var videoCodec: String?
    public var audioCodec: String?
    public var width: Int?
    public var height: Int?
    /// Seconds.
    public var duration: Double

    public init(
        fileName: String,
        size: Int,
        sha256: String,
        container: String,
        videoCodec: String? = nil,
        audioCodec: String? = nil,
        width: Int? = nil,
        height: Int? = nil,
        duration: Double
    ) {
        self.fileName = fileName
        self.size = size
        self.sha256 = sha256
        self.container = container
        self.videoCodec = videoCodec
        self.audioCodec = audioCodec
        self.width = width
        self.height = height
        self.duration = duration
    }
}
