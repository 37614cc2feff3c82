/// Peak and average bitrate of a run of segments, optionally played with the time-aligned segments of an audio
/// rendition: the one measurement behind BANDWIDTH / AVERAGE-BANDWIDTH when writing playlists and when verifying them.
public struct SegmentBitrate: Sendable, Hashable {
    /// Bits per second of the most expensive segment (with its audio).
    public var peak: Double
    /// Bits per second over the whole duration (with the audio's).
    public var average: Double

    /// `segments` and `audio` as (bytes, seconds) pairs, index i of one playing alongside index i of the other.
    public init(_ segments: [(bytes: Int, duration: Double)], audio: [(bytes: Int, duration: Double)]? = nil) {
        var peak = 0.0
        for (index, segment) in segments.enumerated() where segment.duration > 0 {
            var rate = Double(segment.bytes * 8) / segment.duration
            if let audio, index < audio.count, audio[index].duration > 0 {
                rate += Double(audio[index].bytes * 8) / audio[index].duration
            }
            peak = max(peak, rate)
        }
        func average(_ run: [(bytes: Int, duration: Double)]) -> Double {
            let duration = run.reduce(0) { $0 + $1.duration }
            return duration > 0 ? Double(run.reduce(0) { $0 + $1.bytes } * 8) / duration : 0
        }
        self.peak = peak
        self.average = average(segments) + (audio.map(average) ?? 0)
    }
}
