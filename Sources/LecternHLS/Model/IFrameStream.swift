/// `EXT-X-I-FRAME-STREAM-INF`: a media playlist of I-frames for trick play (RFC 8216, 4.3.4.3).
public struct IFrameStream: Hashable, Sendable {
    public var bandwidth: Int
    public var averageBandwidth: Int?
    public var codecs: [String]
    public var resolution: Resolution?
    public var hdcpLevel: String?
    /// `VIDEO` group ID.
    public var video: String?
    /// The I-frame media playlist (`URI` attribute).
    public var uri: String
    /// Attributes this model does not type, in input order.
    public var extraAttributes: AttributeList
    /// Unknown tags that appeared just before this tag.
    public var unknownTags: [UnknownTag]

    public init(
        bandwidth: Int,
        averageBandwidth: Int? = nil,
        codecs: [String] = [],
        resolution: Resolution? = nil,
        hdcpLevel: String? = nil,
        video: String? = nil,
        uri: String,
        extraAttributes: AttributeList = AttributeList(),
        unknownTags: [UnknownTag] = []
    ) {
        self.bandwidth = bandwidth
        self.averageBandwidth = averageBandwidth
        self.codecs = codecs
        self.resolution = resolution
        self.hdcpLevel = hdcpLevel
        self.video = video
        self.uri = uri
        self.extraAttributes = extraAttributes
        self.unknownTags = unknownTags
    }
}
