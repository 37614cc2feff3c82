/// What a demuxer knows about one stream, as a Swift value.
public struct StreamInfo: Sendable, Hashable {
    public enum Kind: String, Sendable, Codable { case video, audio, subtitle, data, attachment, other }

    public var index: Int
    public var kind: Kind
    /// Decoder name, e.g. `h264`, `hevc`, `aac`; `nil` when FFmpeg has no decoder for it.
    public var codecName: String?
    public var hasDecoder: Bool
    public var timeBase: Rational
    /// Start in `timeBase` units, or `noTimestamp`.
    public var startTime: Int64
    /// Duration in seconds, when the container says.
    public var duration: Double?
    public var bitRate: Int?
    public var language: String?
    /// Attached pictures (cover art) are video streams that are not video.
    public var isAttachedPicture: Bool
    /// Codec profile and level as the bitstream states them (H.264: profile_idc, level_idc; AAC: object type - 1).
    public var profile: Int = -99
    public var level: Int = -99

    // Video
    public var width: Int = 0
    public var height: Int = 0
    public var pixelFormat: String?
    public var bitsPerSample: Int = 0
    public var sampleAspectRatio: Rational = Rational(0, 1)
    public var averageFrameRate: Rational = Rational(0, 1)
    public var realFrameRate: Rational = Rational(0, 1)
    /// Clockwise rotation in degrees (0, 90, 180, 270) that makes the picture upright.
    public var rotation: Int = 0
    public var isInterlaced: Bool = false
    /// Transfer characteristic (`bt709`, `smpte2084` for HDR10/PQ, `arib-std-b67` for HLG), when the stream says.
    public var colorTransfer: String?

    // Audio
    public var sampleRate: Int = 0
    public var channels: Int = 0
    public var channelLayout: String?
}

/// What a demuxer knows about the whole file.
public struct ContainerInfo: Sendable, Hashable {
    public var formatName: String
    public var formatLongName: String
    public var duration: Double?
    public var startTime: Double?
    public var bitRate: Int?
    public var streams: [StreamInfo]
    /// The format allows timestamps to jump (MPEG-TS and other broadcast formats: files joined end to end, a capture
    /// device restarting its clock), so jumps are to be mended rather than trusted.
    public var hasTimestampDiscontinuities = false
}
