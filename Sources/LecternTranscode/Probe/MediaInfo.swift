/// What Lectern sees in a recording: the streams it will use and their shape, as plain values.
public struct MediaInfo: Sendable, Hashable, Codable {
    /// The video stream Lectern encodes (FFmpeg's best video stream), with what the planner needs to fit the ladder.
    public struct Video: Sendable, Hashable, Codable {
        /// Index of the stream in the container.
        public var streamIndex: Int
        /// FFmpeg's codec name (`h264`, `hevc`).
        public var codec: String
        /// Coded size.
        public var width: Int
        /// Coded height in pixels.
        public var height: Int
        /// Size as shown: sample aspect ratio applied and rotation undone.
        public var displayWidth: Int
        /// Height as shown (see `displayWidth`).
        public var displayHeight: Int
        /// FFmpeg's pixel format name (`yuv420p`), if known.
        public var pixelFormat: String?
        /// Bits per component of the pixel format (8, 10); 0 when unknown.
        public var bitDepth: Int
        /// Average frame rate (frames per second); 0 when unknown.
        public var frameRate: Double
        /// Whether the frame rate varies (average and nominal rates disagree).
        public var isVariableFrameRate: Bool
        /// Clockwise degrees applied to make the picture upright.
        public var rotation: Int
        /// `num/den` as the container gives it; "1/1" when it gives none.
        public var sampleAspectRatio: String
        /// Whether the stream is interlaced; the planner then deinterlaces before scaling.
        public var isInterlaced: Bool
        /// Transfer characteristic as FFmpeg names it; `smpte2084` (PQ) and `arib-std-b67` (HLG) are HDR.
        public var colorTransfer: String? = nil

        /// HDR pictures (phones record HLG, HDR cameras and screen recorders PQ) must be tone-mapped for SDR screens.
        public var isHDR: Bool { colorTransfer == "smpte2084" || colorTransfer == "arib-std-b67" }

        /// Whether the displayed picture is taller than wide.
        public var isPortrait: Bool { displayHeight > displayWidth }
        /// The short side of the displayed picture: what "720p" means for landscape and portrait alike.
        public var shortSide: Int { min(displayWidth, displayHeight) }
    }

    /// An audio stream Lectern can decode (a codec FFmpeg has, channels and a sample rate).
    public struct Audio: Sendable, Hashable, Codable {
        /// Index of the stream in the container.
        public var streamIndex: Int
        /// FFmpeg's codec name (`aac`, `opus`).
        public var codec: String
        /// Hz.
        public var sampleRate: Int
        /// Channel count of the source; an audio tier may downmix it.
        public var channels: Int
        /// FFmpeg's layout name (`stereo`, `5.1`), if known.
        public var channelLayout: String?
        /// The container's language tag as written (`fre`, `eng`, `und`), if any.
        public var language: String?
    }

    /// A text subtitle stream inside the recording (mov_text, SubRip, ASS/SSA, WebVTT), kept as a subtitle language.
    public struct Subtitle: Sendable, Hashable, Codable {
        /// Index of the stream in the container.
        public var streamIndex: Int
        /// FFmpeg's codec name (`mov_text`, `subrip`, `ass`, `webvtt`).
        public var codec: String
        /// The container's language tag as written (`fre`, `eng`, `und`), if any.
        public var language: String?
    }

    /// The recording's file name without its folder, as messages about the recording name it.
    public var fileName: String
    /// Bytes.
    public var fileSize: Int
    /// FFmpeg's name for the container format (`mov,mp4,m4a,3gp,3g2,mj2`, `matroska,webm`).
    public var container: String
    /// Seconds.
    public var duration: Double
    /// The video stream to encode; nil for an audio-only recording.
    public var video: Video?
    /// The audio stream to encode, in the lecture's own language; nil for a silent recording.
    public var audio: Audio?
    /// Streams present but not used (extra audio, bitmap subtitles, data, cover art).
    public var ignoredStreams: [String]
    /// Text subtitle streams, in stream order.
    public var subtitles: [Subtitle] = []
    /// Audio streams besides `audio` (interpretation or dubbing tracks), in stream order.
    public var otherAudio: [Audio] = []
}
