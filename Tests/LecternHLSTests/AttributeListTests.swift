import LecternHLS
import Testing

@Suite("AttributeList (RFC 8216, 4.2)")
struct AttributeListTests {
    @Test("4.2 attribute lists: quoted string with comma")
    func quotedStringWithComma() throws {
        let list = try AttributeList(parsing: #"CODECS="avc1.64001f,mp4a.40.2",BANDWIDTH=800000"#)
        #expect(list.names == ["CODECS", "BANDWIDTH"])
        #expect(list.string("CODECS") == "avc1.64001f,mp4a.40.2")
        #expect(list.integer("BANDWIDTH") == 800_000)
    }

    @Test("4.2 attribute lists: every value type")
    func everyValueType() throws {
        let text = #"INT=18446744,HEX=0x0aFF,FLOAT=29.97,SIGNED=-2.5,QUOTED="a b",ENUM=YES,RES=1920x1080"#
        let list = try AttributeList(parsing: text)
        #expect(list.integer("INT") == 18_446_744)
        #expect(list.hexadecimal("HEX") == [0x0A, 0xFF])
        #expect(list.float("FLOAT") == 29.97)
        #expect(list.signedFloat("SIGNED") == -2.5)
        #expect(list.float("SIGNED") == nil)
        #expect(list.string("QUOTED") == "a b")
        #expect(list.enumerated("ENUM") == "YES")
        #expect(list.boolean("ENUM") == true)
        #expect(list.resolution("RES") == Resolution(width: 1920, height: 1080))
        #expect(list.description == text)
    }

    @Test("4.2 attribute lists: typed accessors reject the wrong type")
    func wrongTypes() throws {
        let list = try AttributeList(parsing: #"A="12",B=12x,C=1e3,D=+1,E=0x,F=inf"#)
        #expect(list.integer("A") == nil)
        #expect(list.string("A") == "12")
        #expect(list.resolution("B") == nil)
        #expect(list.float("C") == nil)
        #expect(list.integer("D") == nil)
        #expect(list.hexadecimal("E") == nil)
        #expect(list.float("F") == nil)
        #expect(list.integer("MISSING") == nil)
    }

    @Test("4.2 attribute lists: a decimal-integer qualifies as a decimal-floating-point")
    func integerIsFloat() throws {
        let list = try AttributeList(parsing: "TIME-OFFSET=25")
        #expect(list.float("TIME-OFFSET") == 25)
        #expect(list.signedFloat("TIME-OFFSET") == 25)
    }

    @Test("4.2 attribute lists: an empty quoted string is a value")
    func emptyQuotedString() throws {
        let list = try AttributeList(parsing: #"NAME="",X=1"#)
        #expect(list.string("NAME") == "")
        #expect(list.count == 2)
    }

    @Test("4.2 attribute lists: order is kept and names are unique")
    func orderAndReplacement() {
        var list: AttributeList = ["Z": .integer(1), "A": .quotedString("x")]
        list["M"] = .enumerated("YES")
        list["Z"] = .integer(2)
        #expect(list.names == ["Z", "A", "M"])
        #expect(list.description == #"Z=2,A="x",M=YES"#)
        list["A"] = nil
        #expect(list.names == ["Z", "M"])
        #expect(list.removeValue(forName: "M") == .enumerated("YES"))
        #expect(list.removeValue(forName: "M") == nil)
        #expect(list.count == 1)
    }

    @Test(
        "4.2 attribute lists: malformed lists throw with the line number",
        arguments: [
            #"URI="unterminated"#,
            "BANDWIDTH=1,BANDWIDTH=2",
            "BANDWIDTH",
            "bandwidth=1",
            "A=1,",
            "=1",
            "A=",
            #"A="x"y"#,
            #"A=x"y""#,
        ]
    )
    func malformed(_ text: String) {
        #expect {
            try AttributeList(parsing: text, line: 12)
        } throws: { error in
            guard let error = error as? PlaylistParseError else { return false }
            return error.line == 12 && error.code == .malformedAttributeList
        }
    }

    @Test("4.2 attribute lists: an empty list has no attributes")
    func emptyList() throws {
        #expect(try AttributeList(parsing: "").isEmpty)
    }

    @Test("4.2 attribute lists: parse → description is byte-identical")
    func roundTrip() throws {
        let text = #"TYPE=AUDIO,GROUP-ID="aud",NAME="English, UK",DEFAULT=YES,X-CUSTOM=0x1F,TIME=-0.5"#
        #expect(try AttributeList(parsing: text).description == text)
    }
}
