import Foundation
import LecternHLS

extension StreamVerifier {
    /// Every `AUDIO` and `SUBTITLES` group a variant names exists, with renditions of that type (RFC 8216 4.3.4.2).
    func checkGroups(_ master: MultivariantPlaylist, report: inout VerifyReport) {
        var missing: [String] = []
        for variant in master.variants {
            for (group, type) in [(variant.audio, RenditionType.audio), (variant.subtitles, .subtitles)] {
                guard let group else { continue }
                if !master.renditions.contains(where: { $0.type == type && $0.groupID == group }) {
                    missing.append("\(variant.uri): \(type.rawValue)=\"\(group)\"")
                }
            }
        }
        report.record(.groupsExist, "master", missing.isEmpty, "groups named but not defined: \(missing.prefix(3).joined(separator: ", "))")
    }

    /// Each subtitle playlist covers the whole lecture with the video's segment boundaries, and each WebVTT segment
    /// starts with `WEBVTT` and carries an `X-TIMESTAMP-MAP` whose MPEGTS is the video's first PTS (so cues stay in
    /// sync with fMP4 and TS media alike).
    func checkSubtitles(
        _ master: MultivariantPlaylist,
        loaded: [String: Loaded],
        firstTimestamps: [String: [Int: Double]],
        report: inout VerifyReport
    ) async {
        let video =
            master.variants.filter { $0.resolution != nil }.compactMap { loaded[$0.uri] }.first
            ?? master.variants.compactMap { loaded[$0.uri] }.first
        let expectedTicks = video.flatMap { firstTimestamps[$0.uri]?[0] }.map { Int64(($0 * 90_000).rounded()) }
        for rendition in master.renditions where rendition.type == .subtitles {
            guard let uri = rendition.uri, let media = loaded[uri] else { continue }
            var problems: [String] = []
            if let video {
                let total = media.playlist.totalDuration
                let videoTotal = video.playlist.totalDuration
                if abs(total - videoTotal) > 0.5 {
                    problems.append(String(format: "lasts %.3f s, the lecture %.3f s", total, videoTotal))
                }
                let mine = media.playlist.segments.map(\.duration)
                let theirs = video.playlist.segments.map(\.duration)
                if mine.count != theirs.count || zip(mine.dropLast(), theirs.dropLast()).contains(where: { abs($0 - $1) > 0.0015 }) {
                    problems.append("segments cut elsewhere than \(video.uri)")
                }
            }
            for index in sample(media.playlist.segments.count) {
                let segment = media.playlist.segments[index]
                guard let url = media.playlist.resolvedURL(for: segment.uri), let data = try? await reader.data(url) else {
                    problems.append("\(segment.uri) cannot be read")
                    continue
                }
                let text = String(decoding: data.prefix(512), as: UTF8.self)
                let lines = text.split(whereSeparator: \.isNewline)
                guard lines.first.map({ $0.hasPrefix("WEBVTT") || $0.hasPrefix("\u{FEFF}WEBVTT") }) == true else {
                    problems.append("\(segment.uri) is not WebVTT")
                    continue
                }
                guard let map = lines.first(where: { $0.hasPrefix("X-TIMESTAMP-MAP=") }), let ticks = Self.mpegTimestamp(map) else {
                    problems.append("\(segment.uri) has no X-TIMESTAMP-MAP")
                    continue
                }
                if let expectedTicks, abs(ticks - expectedTicks) > 90 {
                    problems.append("\(segment.uri): MPEGTS \(ticks) but the video starts at \(expectedTicks)")
                }
            }
            report.record(.subtitles, uri, problems.isEmpty, problems.prefix(3).joined(separator: "; "))
        }
    }

    /// The MPEGTS value of an `X-TIMESTAMP-MAP=MPEGTS:n,LOCAL:hh:mm:ss.mmm` line (LOCAL must be present too).
    static func mpegTimestamp(_ line: Substring) -> Int64? {
        let attributes = line.dropFirst("X-TIMESTAMP-MAP=".count).split(separator: ",")
        guard attributes.contains(where: { $0.hasPrefix("LOCAL:") }),
            let mpegts = attributes.first(where: { $0.hasPrefix("MPEGTS:") })
        else { return nil }
        return Int64(mpegts.dropFirst("MPEGTS:".count))
    }
}
