/// `EXT-X-STREAM-INF` and the URI line after it: one variant stream of a multivariant playlist
/// (RFC 8216, 4.3.4.2).
public struct VariantStream: Hashable, Sendable {
    /// `BANDWIDTH`: peak segment bit rate in bits per second, including the renditions it plays with.
    public var bandwidth: Int
    /// `AVERAGE-BANDWIDTH` in bits per second.
    public var averageBandwidth: Int?
    /// `CODECS`, e.g. `["avc1.64001f", "mp4a.40.2"]`.
    public var codecs: [String]
    public var resolution: Resolution?
    /// `FRAME-RATE`, written with three decimals.
    public var frameRate: Double?
    /// `HDCP-LEVEL`: `TYPE-0`, `TYPE-1` or `NONE`.
    public var hdcpLevel: String?
    /// `AUDIO` group ID.
    public var audio: String?
    /// `VIDEO` group ID.
    public var video: String?
    /// `SUBTITLES` group ID.
    public var subtitles: String?
    /// `CLOSED-CAPTIONS`: a group ID or `NONE`.
    public var closedCaptions: ClosedCaptions?
    /// The variant's media playlist.
    public var uri: String
    /// Attributes this model does not type (`SCORE`, `VIDEO-RANGE`, ...), in input order.
    public var extraAttributes: AttributeList
    /// Unknown tags that appeared just before the `EXT-X-STREAM-INF` tag (or between it and its URI).
    public var unknownTags: [UnknownTag]

    public init(
        bandwidth: Int,
        averageBandwidth: Int? = nil,
        codecs: [String] = [],
        resolution: Resolution? = nil,
        frameRate: Double? = nil,
        hdcpLevel: String? = nil,
        audio: String? = nil,
        video: String? = nil,
        subtitles: String? = nil,
        closedCaptions: ClosedCaptions? = nil,
        uri: String,
        extraAttributes: AttributeList = AttributeList(),
        unknownTags: [UnknownTag] = []
    ) {
        self.bandwidth = bandwidth
        self.averageBandwidth = averageBandwidth
        self.codecs = codecs
        self.resolution = resolution
        self.frameRate = frameRate
        self.hdcpLevel = hdcpLevel
        self.audio = audio
        self.video = video
        self.subtitles = subtitles
        self.closedCaptions = closedCaptions
        self.uri = uri
        self.extraAttributes = extraAttributes
        self.unknownTags = unknownTags
    }
}
