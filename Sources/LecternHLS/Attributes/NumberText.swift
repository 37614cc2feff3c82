/// The number syntaxes of RFC 8216, 4.2, checked by hand: `Int(_:)` and `Double(_:)` accept forms the spec
/// does not (`+1`, `1e3`, `inf`, `0x1p3`), and formatting must not depend on a locale.
enum NumberText {
    /// `decimal-integer`: `[0-9]+`, at most 20 digits, that fits in `Int`.
    static func decimalInteger(_ text: some StringProtocol) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 20, text.utf8.allSatisfy(isDigit) else { return nil }
        return Int(text)
    }

    /// `decimal-floating-point`: `[0-9.]` with at least one digit and at most one `.`.
    static func decimalFloatingPoint(_ text: some StringProtocol) -> Double? {
        var digits = 0
        var dots = 0
        for byte in text.utf8 {
            if isDigit(byte) {
                digits += 1
            } else if byte == UInt8(ascii: ".") {
                dots += 1
            } else {
                return nil
            }
        }
        guard digits > 0, dots <= 1 else { return nil }
        return Double(String(text))
    }

    /// `signed-decimal-floating-point`: an optional `-` before a `decimal-floating-point`.
    static func signedDecimalFloatingPoint(_ text: some StringProtocol) -> Double? {
        if text.hasPrefix("-") {
            return decimalFloatingPoint(text.dropFirst()).map { -$0 }
        }
        return decimalFloatingPoint(text)
    }

    /// `hexadecimal-sequence`: `0x` or `0X` then `[0-9A-F]+` (either case); an odd digit count is padded on
    /// the left.
    static func hexadecimalSequence(_ text: some StringProtocol) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count > 2, utf8[0] == UInt8(ascii: "0"), utf8[1] == UInt8(ascii: "x") || utf8[1] == UInt8(ascii: "X")
        else { return nil }
        var nibbles: [UInt8] = []
        nibbles.reserveCapacity(utf8.count - 1)
        if utf8.count % 2 == 1 { nibbles.append(0) }
        for byte in utf8.dropFirst(2) {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibbles.append(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibbles.append(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibbles.append(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
        }
        return stride(from: 0, to: nibbles.count, by: 2).map { nibbles[$0] << 4 | nibbles[$0 + 1] }
    }

    /// `0x` and two lowercase digits per byte.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var result = Array("0x".utf8)
        for byte in bytes {
            result.append(digits[Int(byte >> 4)])
            result.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Fixed-point text of `value` rounded to `fractionDigits.upperBound` decimals, trailing zeros trimmed
    /// down to `fractionDigits.lowerBound`: `6.000`, `1.021678`, `-18.5` (with `1...6`). Non-finite values
    /// are written as 0; values beyond `Int64` fixed point are clamped.
    static func decimal(_ value: Double, fractionDigits: ClosedRange<Int>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        appendDecimal(value, fractionDigits: fractionDigits, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `decimal(_:fractionDigits:)` written straight into a byte buffer (the writer's hot path: one per segment).
    static func appendDecimal(_ value: Double, fractionDigits: ClosedRange<Int>, to bytes: inout [UInt8]) {
        guard value.isFinite else { return appendDecimal(0, fractionDigits: fractionDigits, to: &bytes) }
        let maxDigits = min(fractionDigits.upperBound, 9)
        var scale: Int64 = 1
        for _ in 0..<maxDigits { scale *= 10 }
        let scaled = (value * Double(scale)).rounded()
        guard abs(scaled) < 9.0e18 else {  // beyond Int64; no playlist value comes near
            let limit = 8.9e18 / Double(scale)
            return appendDecimal(min(max(value, -limit), limit), fractionDigits: fractionDigits, to: &bytes)
        }
        let units = Int64(scaled)
        let negative = units < 0
        let magnitude = units.magnitude
        let whole = magnitude / UInt64(scale)
        // Trailing zeros are trimmed arithmetically.
        var fraction = magnitude % UInt64(scale)
        var digits = maxDigits
        while digits > fractionDigits.lowerBound, fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        if negative && magnitude != 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(whole, minimumCount: 1, to: &bytes)
        if digits > 0 {
            bytes.append(UInt8(ascii: "."))
            appendDigits(fraction, minimumCount: digits, to: &bytes)
        }
    }

    /// Appends `value` in decimal, left-padded with zeros to `minimumCount` digits.
    static func appendDigits(_ value: UInt64, minimumCount: Int, to bytes: inout [UInt8]) {
        let start = bytes.count
        var value = value
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
            value /= 10
        } while value > 0
        while bytes.count - start < minimumCount { bytes.append(UInt8(ascii: "0")) }
        bytes[start...].reverse()
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
