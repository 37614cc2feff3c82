/// `EXT-X-SESSION-DATA`: arbitrary session data in a multivariant playlist (RFC 8216, 4.3.4.4).
public struct SessionData: Hashable, Sendable {
    /// `DATA-ID`, reverse-DNS, e.g. `com.example.lecture.title`.
    public var dataID: String
    public var value: String?
    public var uri: String?
    public var language: String?
    /// Attributes this model does not type (e.g. `FORMAT`), in input order.
    public var extraAttributes: AttributeList

    public init(
        dataID: String,
        value: String? = nil,
        uri: String? = nil,
        language: String? = nil,
        extraAttributes: AttributeList = AttributeList()
    ) {
        self.dataID = dataID
        self.value = value
        self.uri = uri
        self.language = language
        self.extraAttributes = extraAttributes
    }
}
