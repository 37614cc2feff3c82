/// What Lectern sees in a recording: the streams it will use and their shape, as plain values.
public struct MediaInfo: Sendable, Hashable, Codable {
    public struct Video: Sendable, Hashable, Codable {
        public var streamIndex: Int
        public var codec: String
        /// Coded size.
        public var width: Int
        public var height: Int
        /// Size as shown: sample aspect ratio applied and rotation undone.
        public var displayWidth: Int
        public var displayHeight: Int
        public var pixelFormat: String?
        public var bitDepth: Int
        /// Average frame rate (frames per second); 0 when unknown.
        public var frameRate: Double
        /// Whether the frame rate varies (average and nominal rates disagree).
        public var isVariableFrameRate: Bool
        /// Clockwise degrees applied to make the picture upright.
        public var rotation: Int
        public var sampleAspectRatio: String
        public var isInterlaced: Bool
        /// Transfer characteristic as FFmpeg names it; `smpte2084` (PQ) and `arib-std-b67` (HLG) are HDR.
        public var colorTransfer: String? = nil

        /// HDR pictures (phones record HLG, HDR cameras and screen recorders PQ) must be tone-mapped for SDR screens.
        public var isHDR: Bool { colorTransfer == "smpte2084" || colorTransfer == "arib-std-b67" }

        public var isPortrait: Bool { displayHeight > displayWidth }
        /// The short side of the displayed picture: what "720p" means for landscape and portrait alike.
        public var shortSide: Int { min(displayWidth, displayHeight) }
    }

    public struct Audio: Sendable, Hashable, Codable {
        public var streamIndex: Int
        public var codec: String
        public var sampleRate: Int
        public var channels: Int
        public var channelLayout: String?
        public var language: String?
    }

    /// A text subtitle stream inside the recording (mov_text, SubRip, ASS/SSA, WebVTT), kept as a subtitle language.
    public struct Subtitle: Sendable, Hashable, Codable {
        public var streamIndex: Int
        public var codec: String
        /// The container's language tag as written (`fre`, `eng`, `und`), if any.
        public var language: String?
    }

    public var fileName: String
    public var fileSize: Int
    public var container: String
    /// Seconds.
    public var duration: Double
    public var video: Video?
    public var audio: Audio?
    /// Streams present but not used (extra audio, bitmap subtitles, data, cover art).
    public var ignoredStreams: [String]
    /// Text subtitle streams, in stream order.
    public var subtitles: [Subtitle] = []
    /// Audio streams besides `audio` (interpretation or dubbing tracks), in stream order.
    public var otherAudio: [Audio] = []
}
