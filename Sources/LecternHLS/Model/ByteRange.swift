/// A sub-range of a resource: `<length>[@<offset>]` (RFC 8216, 4.3.2.2). Without an offset, the range starts
/// right after the previous range of the same resource.
public struct ByteRange: Hashable, Sendable, CustomStringConvertible {
    public var length: Int
    public var offset: Int?

    public init(length: Int, offset: Int? = nil) {
        self.length = length
        self.offset = offset
    }

    /// Parses `<n>[@<o>]`.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        guard let length = NumberText.decimalInteger(parts[0]) else { return nil }
        if parts.count == 2 {
            guard let offset = NumberText.decimalInteger(parts[1]) else { return nil }
            self.init(length: length, offset: offset)
        } else {
            self.init(length: length)
        }
    }

    /// `1024@0` or `1024`.
    public var description: String {
        if let offset { "\(max(0, length))@\(max(0, offset))" } else { "\(max(0, length))" }
    }
}
