import Testing

@testable import LecternTranscode

/// Timestamps as a joined or clock-reset MPEG-TS delivers them, without FFmpeg.
struct TimelineMenderTests {
    /// Feeds `packets` (stream, time, duration) and returns each packet's mended time.
    static func mend(_ packets: [(Int, Double, Double)], into mender: inout TimelineMender) -> [Double] {
        packets.map { stream, time, duration in time + mender.shift(stream: stream, time: time, duration: duration) }
    }

    /// Video every 0.04 s and audio every ~0.021 s from `start` for `seconds`, interleaved by time.
    static func part(start: Double, seconds: Double) -> [(Int, Double, Double)] {
        let video = stride(from: start, to: start + seconds, by: 0.04).map { (0, $0, 0.04) }
        let audio = stride(from: start, to: start + seconds, by: 0.021333).map { (1, $0, 0.021333) }
        return (video + audio).sorted { $0.1 < $1.1 }
    }

    @Test("Steady timestamps, and a pause of a few seconds, are left as they are")
    func untouched() {
        var mender = TimelineMender()
        let packets = Self.part(start: 1.4, seconds: 3) + Self.part(start: 9.4, seconds: 3)  // a 5 s pause
        #expect(Self.mend(packets, into: &mender) == packets.map(\.1))
        #expect(mender.joins.isEmpty)
    }

    @Test("Timestamps that start again: the second part follows the first, both streams shifted alike, stragglers of the first part kept in place")
    func restart() throws {
        var mender = TimelineMender()
        var packets = Self.part(start: 1.4, seconds: 5)
        // The second part's audio arrives before the first part's last video packet (interleaving at the join).
        let straggler = packets.removeLast()
        let second = Self.part(start: 1.4, seconds: 5)
        let mended = Self.mend(packets + [second[0], straggler] + second.dropFirst(), into: &mender)
        #expect(mender.joins.count == 1)
        let join = try #require(mender.joins.first)
        #expect(abs(join - 6.4) < 0.05, "joined at \(join)")
        // The straggler keeps its time; the second part starts at the join in both streams, in sync.
        #expect(mended[packets.count + 1] == straggler.1)
        let secondMended = [mended[packets.count]] + mended[(packets.count + 2)...]
        let shifts = zip(second, secondMended).map { $1 - $0.1 }
        #expect(shifts.allSatisfy { abs($0 - shifts[0]) < 1e-9 }, "streams shifted differently")
        #expect(abs(secondMended.min()! - join) < 1e-9)
    }

    @Test("A clock that leaps hours ahead is joined on, not published as hours of frozen picture")
    func leapAhead() {
        var mender = TimelineMender()
        let first = Self.part(start: 0, seconds: 3)
        let second = Self.part(start: 7200, seconds: 3)
        let mended = Self.mend(first + second, into: &mender)
        #expect(mender.joins.count == 1)
        #expect(mended.max()! < 6.1, "the lecture now ends at \(mended.max()!) s")
    }
}
