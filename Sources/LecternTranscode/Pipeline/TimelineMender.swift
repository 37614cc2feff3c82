/// Keeps a recording's timeline continuous where its timestamps jump back (MPEG-TS files joined end to end, a capture
/// device that restarted its clock) or leap far ahead: without it, everything after a restart would be dropped as late.
///
/// Each stream is watched on its own, since packets from before a jump can still arrive interleaved after another
/// stream's first packet past it. The first stream to jump places the new part right where the longest stream ended;
/// each other stream takes that same shift when it reaches the jump, so the streams keep their sync within each part.
struct TimelineMender {
    /// How far back (seconds) a stream may go before it counts as a restart; decoding timestamps never go back.
    static let backwardTolerance = 1.0
    /// How far ahead a stream may leap before it counts as a clock jump rather than a pause in the recording.
    static let forwardTolerance = 10.0

    /// The shift of the latest part, which streams take when they reach its jump.
    private var latestShift = 0.0
    /// The shift each stream uses now.
    private var shifts: [Int: Double] = [:]
    /// Where each stream's last packet ended, on the mended timeline.
    private var streamEnds: [Int: Double] = [:]
    /// Where the longest stream ended.
    private var end = 0.0
    /// Where (on the mended timeline) each new part starts.
    private(set) var joins: [Double] = []

    /// Seconds to add to this packet's timestamps; `time` is its decoding time (or presentation time without one).
    mutating func shift(stream: Int, time: Double, duration: Double) -> Double {
        var shift = shifts[stream] ?? latestShift
        if let expected = streamEnds[stream], !Self.continues(time + shift, after: expected) {
            if shift != latestShift, Self.continues(time + latestShift, after: expected) {
                shift = latestShift  // another stream already reached this jump
            } else {
                latestShift = end - time  // a new part, starting where the longest stream ended
                shift = latestShift
                joins.append(end)
            }
        }
        shifts[stream] = shift
        let packetEnd = time + shift + max(duration, 0)
        streamEnds[stream] = max(streamEnds[stream] ?? packetEnd, packetEnd)
        end = max(end, packetEnd)
        return shift
    }

    private static func continues(_ time: Double, after expected: Double) -> Bool {
        time >= expected - backwardTolerance && time <= expected + forwardTolerance
    }
}
