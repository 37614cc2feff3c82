import LecternHLS
import Testing

@Suite("AttributeValue (RFC 8216, 4.2)")
struct AttributeValueTests {
    @Test(
        "4.2 decimal-floating-point: 3 to 6 decimals, trailing zeros trimmed",
        arguments: [
            (6.0, "6.000"), (5.005, "5.005"), (1.021678, "1.021678"), (0.02322, "0.02322"), (4.5, "4.500"),
            (1.0000004, "1.000"), (1.9999996, "2.000"), (0, "0.000"), (123_456.25, "123456.250"),
        ]
    )
    func floatFormatting(_ value: Double, _ expected: String) {
        #expect(AttributeValue.float(value).description == expected)
    }

    @Test("4.2 signed-decimal-floating-point: negative values keep their sign")
    func signedFloat() {
        #expect(AttributeValue.float(-18).description == "-18.000")
        #expect(AttributeValue.float(-0.0000001).description == "0.000")
        #expect(AttributeValue.float(-18).signedFloatValue == -18)
        #expect(AttributeValue.float(-18).floatValue == nil)
    }

    @Test("4.3.4.2 FRAME-RATE: exactly three decimals")
    func frameRate() {
        #expect(AttributeValue.float(30_000.0 / 1001.0, fractionDigits: 3...3).description == "29.970")
        #expect(AttributeValue.float(25, fractionDigits: 3...3).description == "25.000")
    }

    @Test("4.2 decimal-floating-point: non-finite values are written as 0")
    func nonFinite() {
        #expect(AttributeValue.float(.nan).description == "0.000")
        #expect(AttributeValue.float(.infinity).description == "0.000")
    }

    @Test("4.2 hexadecimal-sequence: written lowercase, read in either case, odd digits padded")
    func hexadecimal() {
        let value = AttributeValue.hexadecimal([0x00, 0x9C, 0xFF])
        #expect(value.description == "0x009cff")
        #expect(value.hexadecimalValue == [0x00, 0x9C, 0xFF])
        #expect(AttributeValue.unquoted("0XABC").hexadecimalValue == [0x0A, 0xBC])
        #expect(AttributeValue.unquoted("0xZZ").hexadecimalValue == nil)
    }

    @Test("4.2 decimal-integer: up to 20 digits that fit, negative written as 0")
    func integers() {
        #expect(AttributeValue.integer(42).description == "42")
        #expect(AttributeValue.integer(-1).description == "0")
        #expect(AttributeValue.unquoted("9223372036854775807").integerValue == Int.max)
        #expect(AttributeValue.unquoted("18446744073709551615").integerValue == nil)
        #expect(AttributeValue.unquoted("-1").integerValue == nil)
    }

    @Test("4.2 quoted-string: \" and line breaks cannot be written, so they are replaced")
    func quotedSanitized() throws {
        let value = AttributeValue.quotedString("Say \"hi\"\nnow")
        #expect(value.description == #""Say 'hi' now""#)
        let reparsed = try AttributeList(parsing: "NAME=\(value)")
        #expect(reparsed.string("NAME") == "Say 'hi' now")
    }

    @Test("4.2 quoted-string and enumerated-string are different types")
    func quotedVersusEnumerated() {
        #expect(AttributeValue.quotedString("YES").booleanValue == nil)
        #expect(AttributeValue.enumerated("YES").stringValue == nil)
        #expect(AttributeValue.boolean(false).description == "NO")
        #expect(AttributeValue.resolution(Resolution(width: 640, height: 360)).description == "640x360")
    }
}
