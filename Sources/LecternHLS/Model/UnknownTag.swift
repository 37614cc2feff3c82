/// A tag the model does not type (`EXT-X-DATERANGE`, `EXT-X-PART`, vendor tags, ...), kept verbatim so that a
/// parse → write round trip is lossless (RFC 8216, 4: "clients MUST ignore any tag they do not recognize").
public struct UnknownTag: Hashable, Sendable, CustomStringConvertible {
    /// The tag name without the leading `#`, e.g. `EXT-X-DATERANGE`.
    public var name: String
    /// Everything after the first `:`; `nil` when the line has no `:`.
    public var value: String?

    public init(name: String, value: String? = nil) {
        self.name = name
        self.value = value
    }

    /// The value read as an attribute list, for tags that carry one; `nil` if it has none or it is malformed.
    public var attributes: AttributeList? {
        guard let value else { return nil }
        return try? AttributeList(parsing: value)
    }

    /// The playlist line: `#NAME` or `#NAME:value`.
    public var description: String {
        if let value { "#\(name):\(value)" } else { "#\(name)" }
    }
}
