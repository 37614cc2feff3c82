/// The attribute list of one tag while a reader takes its known attributes out, typed, with errors that name
/// the tag, the attribute and the line. What is left is the model's `extraAttributes`.
struct TagAttributes {
    let tag: String
    let line: Int
    private(set) var remaining: AttributeList

    init(tag: String, value: String?, line: Int) throws(PlaylistParseError) {
        guard let value else {
            throw PlaylistParseError(code: .missingAttribute, line: line, message: "\(tag) has no attribute list")
        }
        self.tag = tag
        self.line = line
        self.remaining = try AttributeList(parsing: value, line: line)
    }

    /// Removes `name` and returns its value, whatever its type.
    mutating func take(_ name: String) -> AttributeValue? {
        remaining.removeValue(forName: name)
    }

    mutating func string(_ name: String) throws(PlaylistParseError) -> String? {
        guard let value = remaining.removeValue(forName: name) else { return nil }
        guard let text = value.stringValue else { throw invalid(name, value, "a quoted string") }
        return text
    }

    mutating func requiredString(_ name: String) throws(PlaylistParseError) -> String {
        guard let text = try string(name) else { throw missing(name) }
        return text
    }

    mutating func enumerated(_ name: String) throws(PlaylistParseError) -> String? {
        guard let value = remaining.removeValue(forName: name) else { return nil }
        guard let text = value.enumeratedValue else { throw invalid(name, value, "an unquoted enumerated string") }
        return text
    }

    mutating func integer(_ name: String) throws(PlaylistParseError) -> Int? {
        guard let value = remaining.removeValue(forName: name) else { return nil }
        guard let number = value.integerValue else { throw invalid(name, value, "a decimal integer") }
        return number
    }

    mutating func requiredInteger(_ name: String) throws(PlaylistParseError) -> Int {
        guard let number = try integer(name) else { throw missing(name) }
        return number
    }

    mutating func float(_ name: String) throws(PlaylistParseError) -> Double? {
        guard let value = remaining.removeValue(forName: name) else { return nil }
        guard let number = value.floatValue else { throw invalid(name, value, "a decimal floating-point number") }
        return number
    }

    mutating func requiredSignedFloat(_ name: String) throws(PlaylistParseError) -> Double {
        guard let value = remaining.removeValue(forName: name) else { throw missing(name) }
        guard let number = value.signedFloatValue else {
            throw invalid(name, value, "a signed decimal floating-point number")
        }
        return number
    }

    mutating func hexadecimal(_ name: String) throws(PlaylistParseError) -> [UInt8]? {
        guard let value = remaining.removeValue(forName: name) else { return nil }
        guard let bytes = value.hexadecimalValue else { throw invalid(name, value, "a hexadecimal sequence (0x...)") }
        return bytes
    }

    mutating func resolution(_ name: String) throws(PlaylistParseError) -> Resolution? {
        guard let value = remaining.removeValue(forName: name) else { return nil }
        guard let resolution = value.resolutionValue else {
            throw invalid(name, value, "a resolution (<width>x<height>)")
        }
        return resolution
    }

    /// `YES`/`NO`; absent is `false`.
    mutating func boolean(_ name: String) throws(PlaylistParseError) -> Bool {
        guard let value = remaining.removeValue(forName: name) else { return false }
        guard let flag = value.booleanValue else { throw invalid(name, value, "YES or NO") }
        return flag
    }

    mutating func byteRange(_ name: String) throws(PlaylistParseError) -> ByteRange? {
        guard let text = try string(name) else { return nil }
        guard let range = ByteRange(text) else {
            throw invalid(name, .quotedString(text), "a quoted byte range (\"<length>[@<offset>]\")")
        }
        return range
    }

    /// `CODECS`: a quoted, comma-separated list.
    mutating func codecs() throws(PlaylistParseError) -> [String] {
        guard let text = try string("CODECS") else { return [] }
        return text.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
    }

    func invalid(_ name: String, _ value: AttributeValue, _ expected: String) -> PlaylistParseError {
        PlaylistParseError(
            code: .invalidValue,
            line: line,
            message: "\(tag) attribute \(name) must be \(expected), found \(String(value.description.prefix(60)))"
        )
    }

    func missing(_ name: String) -> PlaylistParseError {
        PlaylistParseError(code: .missingAttribute, line: line, message: "\(tag) has no \(name) attribute")
    }
}

extension String {
    func trimmingSpaces() -> String {
        String(drop(while: \.isTrimmedSpace)).trimmingTrailingSpaces()
    }
}
