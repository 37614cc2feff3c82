/// `EXT-X-MEDIA`: one alternative rendition (an audio language, a subtitle track, ...) in a group that variant
/// streams refer to by `GROUP-ID` (RFC 8216, 4.3.4.1).
public struct Rendition: Hashable, Sendable {
    public var type: RenditionType
    public var groupID: String
    /// `LANGUAGE`, a BCP 47 tag such as `en` or `pt-BR`.
    public var language: String?
    public var assocLanguage: String?
    /// `NAME`, human readable, e.g. `English`.
    public var name: String
    /// `DEFAULT=YES`.
    public var isDefault: Bool
    /// `AUTOSELECT=YES`.
    public var autoselect: Bool
    /// `FORCED=YES` (subtitles only).
    public var forced: Bool
    /// `INSTREAM-ID` (closed captions only), e.g. `CC1`.
    public var instreamID: String?
    /// `CHARACTERISTICS`, comma-separated UTIs, kept as written.
    public var characteristics: String?
    /// `CHANNELS`, e.g. `2` or `16/JOC`.
    public var channels: String?
    /// The rendition's media playlist; `nil` when its media is in the variant's own segments.
    public var uri: String?
    /// Attributes this model does not type, in input order.
    public var extraAttributes: AttributeList
    /// Unknown tags that appeared just before this tag (after the previous rendition or stream).
    public var unknownTags: [UnknownTag]

    public init(
        type: RenditionType,
        groupID: String,
        language: String? = nil,
        assocLanguage: String? = nil,
        name: String,
        isDefault: Bool = false,
        autoselect: Bool = false,
        forced: Bool = false,
        instreamID: String? = nil,
        characteristics: String? = nil,
        channels: String? = nil,
        uri: String? = nil,
        extraAttributes: AttributeList = AttributeList(),
        unknownTags: [UnknownTag] = []
    ) {
        self.type = type
        self.groupID = groupID
        self.language = language
        self.assocLanguage = assocLanguage
        self.name = name
        self.isDefault = isDefault
        self.autoselect = autoselect
        self.forced = forced
        self.instreamID = instreamID
        self.characteristics = characteristics
        self.channels = channels
        self.uri = uri
        self.extraAttributes = extraAttributes
        self.unknownTags = unknownTags
    }
}
