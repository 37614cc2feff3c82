import Foundation
public import LecternHLS

/// Cuts a subtitle track into WebVTT segments that line up with the video's segments (the same boundaries and
/// EXTINF durations), each with the `X-TIMESTAMP-MAP` that ties WebVTT time to the media's own timestamps.
public enum WebVTTSegmenter {
    /// One segment of the subtitle track: its file name, duration and WebVTT text.
    public struct Segment: Sendable, Hashable {
        /// File name inside the track's folder, `seg-00001.vtt` onwards.
        public var uri: String
        /// Seconds, the same as the media segment it lines up with.
        public var duration: Double
        /// The whole WebVTT file: header with `X-TIMESTAMP-MAP`, then every cue that overlaps the segment.
        public var text: String
    }

    /// Where the lecture's time 0 is in the media's 90 kHz clock: the MPEG-TS PTS of the first picture for TS rungs,
    /// 0 for fMP4 rungs (their edit list presents the first picture at 0).
    public typealias MediaTimestamp = Int64

    /// The segments of `cues` over the media segments `spans` (start, duration in seconds from the lecture's start).
    ///
    /// A cue is written into every segment it overlaps, with its real times: a player that loads one segment shows
    /// it, and players merge the identical copies of a cue that spans a boundary. Every block ends with a blank line, so a
    /// client that concatenates segments (FFmpeg's HLS demuxer) never reads the next `WEBVTT` header as cue text.
    public static func segments(_ cues: [SubtitleCue], spans: [(start: Double, duration: Double)], mediaTimestamp: MediaTimestamp) -> [Segment] {
        let header = "WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:\(mediaTimestamp),LOCAL:00:00:00.000\n\n"
        var segments: [Segment] = []
        for (index, span) in spans.enumerated() {
            let isLast = index == spans.count - 1
            let end = span.start + span.duration
            var text = header
            for cue in cues where cue.start < end || (isLast && cue.start <= end) {
                guard cue.end > span.start else { continue }
                text += "\(SubtitleTimestamp.format(cue.start)) --> \(SubtitleTimestamp.format(cue.end))"
                text += cue.settings.isEmpty ? "\n" : " \(cue.settings)\n"
                text += cue.text + "\n\n"
            }
            segments.append(Segment(uri: String(format: "seg-%05d.vtt", index + 1), duration: span.duration, text: text))
        }
        return segments
    }

    /// The subtitle media playlist for `segments` (VOD, fractional EXTINF: version 3).
    public static func playlist(_ segments: [Segment]) -> MediaPlaylist {
        let entries = segments.map { MediaSegment(duration: $0.duration, uri: $0.uri) }
        return MediaPlaylist(
            version: 3,
            targetDuration: PlaylistBuilder.targetDuration(entries.map(\.duration)),
            playlistType: .vod,
            independentSegments: true,
            segments: entries,
            endList: true
        )
    }
}
