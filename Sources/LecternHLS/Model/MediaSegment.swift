/// One media segment of a media playlist: its URI line and the tags that apply to it (RFC 8216, 3 and 4.3.2).
///
/// `keys`, `map` and `bitrate` hold the values in effect for this segment, whether their tag appeared right
/// before it or earlier; the writer emits a tag only where the value changes.
public struct MediaSegment: Hashable, Sendable {
    /// `EXTINF` duration in seconds.
    public var duration: Double
    /// `EXTINF` title (after the comma); `nil` when empty.
    public var title: String?
    public var uri: String
    /// `EXT-X-BYTERANGE`.
    public var byteRange: ByteRange?
    /// `EXT-X-DISCONTINUITY` before this segment.
    public var discontinuity: Bool
    /// `EXT-X-PROGRAM-DATE-TIME`, kept as written (ISO 8601).
    public var programDateTime: String?
    /// `EXT-X-KEY` tags in effect (several only when they differ in `KEYFORMAT`); empty when unencrypted.
    public var keys: [EncryptionKey]
    /// `EXT-X-MAP` in effect.
    public var map: MediaInitializationSection?
    /// `EXT-X-GAP`: the segment is missing.
    public var gap: Bool
    /// `EXT-X-BITRATE` in effect, in kbit/s.
    public var bitrate: Int?
    /// Unknown tags that appeared before this segment's URI (after the previous one), e.g. `EXT-X-DATERANGE`.
    public var unknownTags: [UnknownTag]

    public init(
        duration: Double,
        title: String? = nil,
        uri: String,
        byteRange: ByteRange? = nil,
        discontinuity: Bool = false,
        programDateTime: String? = nil,
        key: EncryptionKey? = nil,
        map: MediaInitializationSection? = nil,
        gap: Bool = false,
        bitrate: Int? = nil,
        unknownTags: [UnknownTag] = []
    ) {
        self.duration = duration
        self.title = title
        self.uri = uri
        self.byteRange = byteRange
        self.discontinuity = discontinuity
        self.programDateTime = programDateTime
        self.keys = key.map { [$0] } ?? []
        self.map = map
        self.gap = gap
        self.bitrate = bitrate
        self.unknownTags = unknownTags
    }

    /// The first key in effect; setting replaces all of them (`nil`: unencrypted).
    public var key: EncryptionKey? {
        get { keys.first }
        set { keys = newValue.map { [$0] } ?? [] }
    }
}
