/// An ordered attribute list, `NAME=VALUE,NAME="quoted, with commas"` (RFC 8216, 4.2).
///
/// Keeps input order so that writing reproduces it; names are unique (setting an existing name replaces its
/// value in place).
public struct AttributeList: Hashable, Sendable, RandomAccessCollection, ExpressibleByDictionaryLiteral,
    CustomStringConvertible
{
    /// One `NAME=VALUE` pair.
    public struct Attribute: Hashable, Sendable {
        public var name: String
        public var value: AttributeValue

        public init(name: String, value: AttributeValue) {
            self.name = name
            self.value = value
        }
    }

    public private(set) var attributes: [Attribute]

    public init() {
        attributes = []
    }

    /// Later duplicates replace earlier ones.
    public init(_ attributes: some Sequence<Attribute>) {
        self.attributes = []
        for attribute in attributes {
            self[attribute.name] = attribute.value
        }
    }

    public init(dictionaryLiteral elements: (String, AttributeValue)...) {
        self.init(elements.map { Attribute(name: $0.0, value: $0.1) })
    }

    /// Parses the text after a tag's `:`. `line` is only used in thrown errors.
    public init(parsing text: some StringProtocol, line: Int = 0) throws(PlaylistParseError) {
        var parser = AttributeListParser(text: Substring(text), line: line)
        self = try parser.parse()
    }

    // MARK: Collection

    public var startIndex: Int { attributes.startIndex }
    public var endIndex: Int { attributes.endIndex }
    public subscript(position: Int) -> Attribute { attributes[position] }

    // MARK: Access by name

    /// The value of `name`; setting `nil` removes it, setting a new name appends it.
    public subscript(name: String) -> AttributeValue? {
        get { attributes.first { $0.name == name }?.value }
        set {
            if let index = attributes.firstIndex(where: { $0.name == name }) {
                if let newValue { attributes[index].value = newValue } else { attributes.remove(at: index) }
            } else if let newValue {
                attributes.append(Attribute(name: name, value: newValue))
            }
        }
    }

    public var names: [String] { attributes.map(\.name) }

    public func contains(_ name: String) -> Bool {
        attributes.contains { $0.name == name }
    }

    /// Removes `name` and returns its value.
    @discardableResult
    public mutating func removeValue(forName name: String) -> AttributeValue? {
        guard let index = attributes.firstIndex(where: { $0.name == name }) else { return nil }
        return attributes.remove(at: index).value
    }

    /// Appends the attributes of `other` (replacing values of names already present).
    public mutating func append(contentsOf other: AttributeList) {
        for attribute in other.attributes {
            self[attribute.name] = attribute.value
        }
    }

    // MARK: Typed accessors (nil when absent or not of that type)

    public func string(_ name: String) -> String? { self[name]?.stringValue }
    public func enumerated(_ name: String) -> String? { self[name]?.enumeratedValue }
    public func integer(_ name: String) -> Int? { self[name]?.integerValue }
    public func hexadecimal(_ name: String) -> [UInt8]? { self[name]?.hexadecimalValue }
    public func float(_ name: String) -> Double? { self[name]?.floatValue }
    public func signedFloat(_ name: String) -> Double? { self[name]?.signedFloatValue }
    public func resolution(_ name: String) -> Resolution? { self[name]?.resolutionValue }
    public func boolean(_ name: String) -> Bool? { self[name]?.booleanValue }

    /// The wire form, `A=1,B="x"`.
    public var description: String {
        attributes.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
    }
}

/// The RFC 8216, 4.2 grammar: `AttributeName=AttributeValue` pairs separated by commas; names are
/// `[A-Z0-9-]`; a quoted string runs to the next `"`, commas included.
struct AttributeListParser {
    let text: Substring
    let line: Int

    mutating func parse() throws(PlaylistParseError) -> AttributeList {
        var list = AttributeList()
        var index = text.startIndex
        let end = text.endIndex
        skipSpaces(&index)
        if index == end { return list }
        while true {
            skipSpaces(&index)
            let nameStart = index
            while index < end, text[index] != "=", text[index] != "," { index = text.index(after: index) }
            let name = String(text[nameStart..<index]).trimmingTrailingSpaces()
            guard index < end, text[index] == "=" else {
                throw error(name.isEmpty ? "empty attribute in list" : "attribute \(name) has no '=' and value")
            }
            guard !name.isEmpty else { throw error("attribute value without a name") }
            guard name.utf8.allSatisfy(Self.isNameByte) else {
                throw error("attribute name \(name) has characters other than A-Z, 0-9 and '-'")
            }
            guard !list.contains(name) else { throw error("attribute \(name) appears more than once") }
            index = text.index(after: index)
            let value: AttributeValue
            if index < end, text[index] == "\"" {
                let contentStart = text.index(after: index)
                guard let close = text[contentStart...].firstIndex(of: "\"") else {
                    throw error("quoted string of attribute \(name) has no closing '\"'")
                }
                value = .quotedString(String(text[contentStart..<close]))
                index = text.index(after: close)
                skipSpaces(&index)
                guard index == end || text[index] == "," else {
                    throw error("unexpected text after the quoted string of attribute \(name)")
                }
            } else {
                let valueStart = index
                while index < end, text[index] != "," { index = text.index(after: index) }
                let raw = String(text[valueStart..<index]).trimmingTrailingSpaces()
                guard !raw.isEmpty else { throw error("attribute \(name) has an empty value") }
                guard !raw.contains("\"") else { throw error("attribute \(name) has a stray '\"' in its value") }
                value = .unquoted(raw)
            }
            list[name] = value
            if index == end { return list }
            index = text.index(after: index)  // the comma
            skipSpaces(&index)
            guard index < end else { throw error("attribute list ends with ','") }
        }
    }

    private func skipSpaces(_ index: inout Substring.Index) {
        while index < text.endIndex, text[index] == " " || text[index] == "\t" { index = text.index(after: index) }
    }

    private func error(_ message: String) -> PlaylistParseError {
        PlaylistParseError(code: .malformedAttributeList, line: line, message: message)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "-")
    }
}

extension String {
    /// Without trailing spaces, tabs and line breaks: the writer may move a value to the end of a line, where the
    /// parser trims them (`A=1<CR>,B=2` is written `B=2,A=1<CR><LF>`), so they must not be part of a value.
    func trimmingTrailingSpaces() -> String {
        var result = self
        while let last = result.last, last.isTrimmedSpace { result.removeLast() }
        return result
    }
}

extension Character {
    /// A space, a tab or a line break (CR, U+2028, ...): trimmed from the ends of attribute names, unquoted values
    /// and codecs.
    var isTrimmedSpace: Bool {
        self == " " || self == "\t" || isNewline
    }
}
