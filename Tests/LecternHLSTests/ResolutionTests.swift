import LecternHLS
import Testing

@Suite("Resolution and ByteRange (RFC 8216, 4.2 and 4.3.2.2)")
struct ResolutionTests {
    @Test("4.2 decimal-resolution: <width>x<height>")
    func resolution() {
        #expect(Resolution("1280x720") == Resolution(width: 1280, height: 720))
        #expect(Resolution(width: 426, height: 240).description == "426x240")
        #expect(Resolution("1280*720") == nil)
        #expect(Resolution("1280x") == nil)
        #expect(Resolution("x720") == nil)
        #expect(Resolution("-1x720") == nil)
    }

    @Test("4.3.2.2 EXT-X-BYTERANGE: <n>[@<o>]")
    func byteRange() {
        #expect(ByteRange("1000@720") == ByteRange(length: 1000, offset: 720))
        #expect(ByteRange("800") == ByteRange(length: 800))
        #expect(ByteRange(length: 5, offset: 0).description == "5@0")
        #expect(ByteRange(length: 5).description == "5")
        #expect(ByteRange("5@") == nil)
        #expect(ByteRange("@5") == nil)
        #expect(ByteRange("a@5") == nil)
    }
}
