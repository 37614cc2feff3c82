/// One attribute value of an attribute list (RFC 8216, 4.2).
///
/// The wire form decides the case: a `quoted-string` or an unquoted token. An unquoted token is kept as its
/// text, since `30` could be a decimal-integer, a decimal-floating-point or an enumerated-string and only the
/// attribute's definition says which; the typed accessors interpret it, the static constructors write the
/// canonical text.
public enum AttributeValue: Hashable, Sendable, CustomStringConvertible {
    /// `"..."`: the text between the quotes (no `"`, CR or LF).
    case quotedString(String)
    /// Any unquoted value, as written: `1280x720`, `0x1F`, `-2.5`, `YES`.
    case unquoted(String)

    // MARK: Constructors for each value type

    /// A `decimal-integer` (negative values are written as 0).
    public static func integer(_ value: Int) -> AttributeValue {
        .unquoted(String(max(0, value)))
    }

    /// A `hexadecimal-sequence`, written `0x` and lowercase digits.
    public static func hexadecimal(_ bytes: [UInt8]) -> AttributeValue {
        .unquoted(NumberText.hex(bytes))
    }

    /// A `decimal-floating-point` or `signed-decimal-floating-point`, rounded to
    /// `fractionDigits.upperBound` decimals and trailing zeros trimmed down to `fractionDigits.lowerBound`.
    public static func float(_ value: Double, fractionDigits: ClosedRange<Int> = 3...6) -> AttributeValue {
        .unquoted(NumberText.decimal(value, fractionDigits: fractionDigits))
    }

    /// An `enumerated-string` such as `YES` or `AUDIO`.
    public static func enumerated(_ value: String) -> AttributeValue {
        .unquoted(value)
    }

    /// A `decimal-resolution`.
    public static func resolution(_ value: Resolution) -> AttributeValue {
        .unquoted(value.description)
    }

    /// `YES` or `NO`.
    public static func boolean(_ value: Bool) -> AttributeValue {
        .unquoted(value ? "YES" : "NO")
    }

    // MARK: Typed accessors (nil when the value is not of that type)

    /// The text of a `quoted-string`.
    public var stringValue: String? {
        if case .quotedString(let text) = self { text } else { nil }
    }

    /// The text of an unquoted value (an `enumerated-string` or any other unquoted type).
    public var enumeratedValue: String? {
        if case .unquoted(let text) = self { text } else { nil }
    }

    /// A `decimal-integer`.
    public var integerValue: Int? {
        enumeratedValue.flatMap(NumberText.decimalInteger)
    }

    /// A `hexadecimal-sequence`.
    public var hexadecimalValue: [UInt8]? {
        enumeratedValue.flatMap(NumberText.hexadecimalSequence)
    }

    /// A `decimal-floating-point` (a `decimal-integer` qualifies too).
    public var floatValue: Double? {
        enumeratedValue.flatMap(NumberText.decimalFloatingPoint)
    }

    /// A `signed-decimal-floating-point`.
    public var signedFloatValue: Double? {
        enumeratedValue.flatMap(NumberText.signedDecimalFloatingPoint)
    }

    /// A `decimal-resolution`.
    public var resolutionValue: Resolution? {
        enumeratedValue.flatMap { Resolution($0) }
    }

    /// `YES` → true, `NO` → false.
    public var booleanValue: Bool? {
        switch enumeratedValue {
        case "YES": true
        case "NO": false
        default: nil
        }
    }

    /// The wire form. Characters a quoted string cannot hold (`"`, CR, LF) are replaced (`'` and spaces), so the
    /// output always parses.
    public var description: String {
        switch self {
        case .quotedString(let text): "\"\(Self.sanitizedQuoted(text))\""
        case .unquoted(let text): text
        }
    }

    static func sanitizedQuoted(_ text: String) -> String {
        guard text.contains(where: { $0 == "\"" || $0.isNewline }) else { return text }
        return String(text.map { $0 == "\"" ? "'" : $0.isNewline ? " " : $0 })
    }
}
