/// `EXT-X-KEY` (RFC 8216, 4.3.2.4) or, in a multivariant playlist, `EXT-X-SESSION-KEY` (4.3.4.5).
public struct EncryptionKey: Hashable, Sendable {
    public var method: EncryptionMethod
    public var uri: String?
    /// The 128-bit initialization vector (`IV=0x...`), most significant byte first.
    public var iv: [UInt8]?
    public var keyFormat: String?
    public var keyFormatVersions: String?
    /// Attributes this model does not type, in input order.
    public var extraAttributes: AttributeList

    public init(
        method: EncryptionMethod,
        uri: String? = nil,
        iv: [UInt8]? = nil,
        keyFormat: String? = nil,
        keyFormatVersions: String? = nil,
        extraAttributes: AttributeList = AttributeList()
    ) {
        self.method = method
        self.uri = uri
        self.iv = iv
        self.keyFormat = keyFormat
        self.keyFormatVersions = keyFormatVersions
        self.extraAttributes = extraAttributes
    }
}
