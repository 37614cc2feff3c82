internal import CFFmpeg

/// Reads the text subtitle streams of a recording (mov_text, SubRip, ASS/SSA, WebVTT) into Swift values.
///
/// Subtitles are tiny next to audio and video, so they are read in a pass of their own (demuxing only, every
/// other stream discarded) rather than inside the transcode loop.
public enum SubtitleReader {
    /// Decodes every event of the given subtitle streams, in file order, keyed by stream index; also returns what the
    /// demuxer saw (for the timeline's start).
    public static func read(path: String, streams indices: [Int]) throws(FFmpegError) -> (info: ContainerInfo, events: [Int: [DecodedSubtitle]]) {
        let demuxer = try Demuxer(path: path)
        demuxer.select(streams: Set(indices))
        var decoders: [Int: SubtitleStreamDecoder] = [:]
        for index in indices { decoders[index] = try SubtitleStreamDecoder(demuxer, stream: index) }
        var events: [Int: [DecodedSubtitle]] = [:]
        let packet = try Packet()
        while try demuxer.read(into: packet) {
            defer { packet.unref() }
            guard let decoder = decoders[packet.streamIndex] else { continue }
            events[packet.streamIndex, default: []] += try decoder.decode(packet)
        }
        return (demuxer.info, events)
    }
}
