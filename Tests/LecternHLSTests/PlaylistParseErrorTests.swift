import LecternHLS
import Testing

@Suite("PlaylistParseError")
struct PlaylistParseErrorTests {
    @Test("description is one line with the line number")
    func description() {
        let error = PlaylistParseError(code: .missingAttribute, line: 7, message: "EXT-X-STREAM-INF has no BANDWIDTH attribute")
        #expect(error.description == "line 7: EXT-X-STREAM-INF has no BANDWIDTH attribute")
        let multiline = PlaylistParseError(code: .invalidValue, line: 0, message: "first\nsecond")
        #expect(multiline.description == "first second")
    }

    @Test("4.2 errors quote the offending value, shortened")
    func quotesValue() {
        let long = String(repeating: "9", count: 200)
        do {
            _ = try PlaylistParser.parse("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=x\(long)\nv.m3u8\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidValue)
            #expect(error.message.contains("BANDWIDTH"))
            #expect(error.message.contains("x999"))
            #expect(error.description.count < 160)
        }
    }
}
