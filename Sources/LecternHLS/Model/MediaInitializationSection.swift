/// `EXT-X-MAP`: the Media Initialization Section (e.g. `init.mp4`) needed to parse the segments it applies to
/// (RFC 8216, 4.3.2.5).
public struct MediaInitializationSection: Hashable, Sendable {
    public var uri: String
    public var byteRange: ByteRange?
    /// Attributes this model does not type, in input order.
    public var extraAttributes: AttributeList

    public init(uri: String, byteRange: ByteRange? = nil, extraAttributes: AttributeList = AttributeList()) {
        self.uri = uri
        self.byteRange = byteRange
        self.extraAttributes = extraAttributes
    }
}
