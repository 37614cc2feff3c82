import Testing

@testable import LecternServer

/// RFC 9110, 14.1.2 (byte ranges) and 15.5.17 (416).
@Suite struct ByteRangeTests {
    @Test("First-last, open-ended and suffix ranges, clamped to the file")
    func satisfiable() {
        #expect(RangeRequest.parse("bytes=0-9", size: 100) == .satisfiable(0...9))
        #expect(RangeRequest.parse("bytes=90-", size: 100) == .satisfiable(90...99))
        #expect(RangeRequest.parse("bytes=90-500", size: 100) == .satisfiable(90...99))
        #expect(RangeRequest.parse("bytes=-10", size: 100) == .satisfiable(90...99))
        #expect(RangeRequest.parse("bytes=-500", size: 100) == .satisfiable(0...99))
        #expect(RangeRequest.parse(" Bytes=5-5 ", size: 100) == .satisfiable(5...5))
    }

    @Test("Unsatisfiable: starting past the end, an empty suffix, any range of an empty file")
    func unsatisfiable() {
        #expect(RangeRequest.parse("bytes=100-", size: 100) == .unsatisfiable)
        #expect(RangeRequest.parse("bytes=-0", size: 100) == .unsatisfiable)
        #expect(RangeRequest.parse("bytes=0-0", size: 0) == .unsatisfiable)
    }

    @Test("Invalid or multiple ranges are ignored (the whole file is sent)")
    func ignored() {
        for header in [nil, "items=0-1", "bytes=5-1", "bytes=a-b", "bytes=0-1,3-4", "bytes=", "bytes=--1"] {
            #expect(RangeRequest.parse(header, size: 100) == RangeRequest.none, "\(header ?? "nil")")
        }
    }
}
