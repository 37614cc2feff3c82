import Foundation

/// Where every rung puts its IDR frames (and so where every rendition may be cut), in whole seconds from the start:
/// every `interval` seconds, and at each boundary of the bootstrap segments that falls between two of those.
///
/// A 1 s first segment needs a key frame at 1 s; putting one every second into the whole lecture instead would cost
/// the 2 fps slides rung every other picture.
public struct KeyFrameGrid: Sendable, Hashable {
    /// Seconds between the regular key frames.
    public var interval: Int
    /// The extra key frame times (bootstrap boundaries off the regular grid), ascending.
    public var extraSeconds: [Int]

    /// The grid of a ladder: `interval` is its `keyFrameSeconds`, `bootstrapSegmentSeconds` the lengths of its first segments.
    public init(interval: Int, bootstrapSegmentSeconds: [Int]) {
        self.interval = interval
        var time = 0
        var extra: [Int] = []
        for length in bootstrapSegmentSeconds {
            time += length
            if time % interval != 0 { extra.append(time) }
        }
        self.extraSeconds = extra
    }

    /// Whether frame number `frame` of a rendition at `frameRate` frames per second falls on a key frame time.
    public func isKeyFrame(frame: Int64, frameRate: Int) -> Bool {
        frame % Int64(interval * frameRate) == 0 || extraSeconds.contains { Int64($0 * frameRate) == frame }
    }

    /// The first key frame time strictly after `time` (seconds).
    public func next(after time: Double) -> Double {
        let regular = (floor(time / Double(interval)) + 1) * Double(interval)
        guard let extra = extraSeconds.first(where: { Double($0) > time }) else { return regular }
        return min(regular, Double(extra))
    }
}
