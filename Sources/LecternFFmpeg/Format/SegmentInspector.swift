/// What one media segment holds, read with the demuxer (for `lectern verify`): its streams and where its first
/// packets are, so key frames, alignment and stream parameters can be checked without any other tool.
public struct SegmentInspection: Sendable, Hashable {
    public var streams: [StreamInfo]
    /// Whether the first video packet is a key frame (nil without video).
    public var startsWithKeyFrame: Bool?
    /// Presentation time in seconds of the first video packet (or the first packet when there is no video).
    public var firstTimestamp: Double?
    /// Seconds between the first and the end of the last packet of the first stream.
    public var duration: Double
}

public enum SegmentInspector {
    /// Reads a segment file (an fMP4 init + media segment joined, a TS segment, ...) up to `packetLimit` packets.
    public static func inspect(path: String, packetLimit: Int = 20_000) throws(FFmpegError) -> SegmentInspection {
        let demuxer = try Demuxer(path: path)
        let streams = demuxer.info.streams
        let videoIndex = streams.firstIndex { $0.kind == .video && !$0.isAttachedPicture }
        let packet = try Packet()
        var startsWithKeyFrame: Bool?
        var firstTimestamp: Double?
        var first: Double?
        var end = 0.0
        var count = 0
        let measured = videoIndex ?? 0
        while count < packetLimit, try demuxer.read(into: packet) {
            defer { packet.unref() }
            count += 1
            let stream = streams[packet.streamIndex]
            let time = packet.pts == noTimestamp ? nil : stream.timeBase.seconds(packet.pts)
            if packet.streamIndex == videoIndex, startsWithKeyFrame == nil {
                startsWithKeyFrame = packet.isKeyFrame
                firstTimestamp = time
            }
            if packet.streamIndex == measured, let time {
                first = min(first ?? time, time)
                end = max(end, time + stream.timeBase.seconds(packet.duration))
            }
        }
        if videoIndex == nil { firstTimestamp = first }
        return SegmentInspection(
            streams: streams,
            startsWithKeyFrame: startsWithKeyFrame,
            firstTimestamp: firstTimestamp,
            duration: max(0, end - (first ?? 0))
        )
    }
}
