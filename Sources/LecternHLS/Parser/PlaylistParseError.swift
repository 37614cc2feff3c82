/// Why a playlist could not be read, and where: the 1-based line number (0 when no line applies).
public struct PlaylistParseError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable {
        /// The text is not UTF-8.
        case invalidEncoding
        /// The first line is not `#EXTM3U`.
        case missingHeader
        /// An attribute list does not follow RFC 8216, 4.2.
        case malformedAttributeList
        /// A tag's value or an attribute's value has the wrong type or is out of range.
        case invalidValue
        /// A tag lacks a required attribute.
        case missingAttribute
        /// A required tag is missing (e.g. `EXT-X-TARGETDURATION`).
        case missingTag
        /// A tag that may appear once appears again.
        case duplicateTag
        /// A URI line without the tag that must precede it, or a tag without the URI that must follow it.
        case misplacedURI
        /// Media playlist tags mixed with multivariant playlist tags, or the other kind than the one asked for.
        case wrongPlaylistKind
    }

    public var code: Code
    /// 1-based line number in the input (0: not tied to a line).
    public var line: Int
    /// A human sentence, without the line number.
    public var message: String

    public init(code: Code, line: Int, message: String) {
        self.code = code
        self.line = line
        self.message = message
    }

    /// One line: `line 7: EXT-X-STREAM-INF has no BANDWIDTH attribute`.
    public var description: String {
        let oneLine = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line > 0 ? "line \(line): \(oneLine)" : oneLine
    }
}
