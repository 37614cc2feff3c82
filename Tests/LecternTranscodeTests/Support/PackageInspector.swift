import Foundation
import LecternHLS
import Testing

/// Reads a published package back with the playlist parser and the ffmpeg tools, and checks the rules
/// every Lectern package must keep (RFC 8216 + Apple's authoring rules), failing with what is wrong.
struct PackageInspector {
    let folder: URL
    let master: MultivariantPlaylist

    init(_ folder: URL) throws {
        self.folder = folder
        let text = try String(contentsOf: folder.appendingPathComponent("master.m3u8"), encoding: .utf8)
        master = try PlaylistParser.parseMultivariant(text)
    }

    /// Writes a rendition's init segment and its first `segments` media segments (all by default) as one playable file.
    func writePlayable(_ rendition: String, segments: Int? = nil, to path: String) throws {
        let playlist = try media("\(rendition)/index.m3u8")
        var bytes = try Data(contentsOf: folder.appendingPathComponent("\(rendition)/init.mp4"))
        for segment in playlist.segments.prefix(segments ?? playlist.segments.count) {
            bytes += try Data(contentsOf: folder.appendingPathComponent("\(rendition)/\(segment.uri)"))
        }
        try bytes.write(to: URL(fileURLWithPath: path))
    }

    func media(_ uri: String) throws -> MediaPlaylist {
        try PlaylistParser.parseMedia(try String(contentsOf: folder.appendingPathComponent(uri), encoding: .utf8))
    }

    var videoVariants: [VariantStream] { master.variants.filter { $0.resolution != nil } }

    func audioPlaylist(group: String) throws -> MediaPlaylist? {
        guard let uri = master.renditions.first(where: { $0.groupID == group && $0.type == .audio })?.uri else { return nil }
        return try media(uri)
    }

    func fileSize(_ uri: String, relativeTo playlist: String) -> Int {
        let url = folder.appendingPathComponent(playlist).deletingLastPathComponent().appendingPathComponent(uri)
        return ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int) ?? -1
    }

    /// Peak and average bitrate of a variant, re-measured from the files on disk and the EXTINF durations.
    func measured(_ variant: VariantStream) throws -> (peak: Double, average: Double) {
        let playlist = try media(variant.uri)
        let audio = try variant.audio.flatMap { try audioPlaylist(group: $0) }
        let audioURI = variant.audio.flatMap { group in master.renditions.first { $0.groupID == group }?.uri }
        var peak = 0.0
        var bits = 0.0
        for (index, segment) in playlist.segments.enumerated() {
            var rate = Double(fileSize(segment.uri, relativeTo: variant.uri) * 8) / segment.duration
            bits += Double(fileSize(segment.uri, relativeTo: variant.uri) * 8)
            if variant.resolution != nil, let audio, let audioURI, index < audio.segments.count {
                rate += Double(fileSize(audio.segments[index].uri, relativeTo: audioURI) * 8) / audio.segments[index].duration
            }
            peak = max(peak, rate)
        }
        var average = bits / playlist.totalDuration
        if variant.resolution != nil, let audio, let audioURI {
            average += Double(audio.segments.reduce(0) { $0 + fileSize($1.uri, relativeTo: audioURI) } * 8) / audio.totalDuration
        }
        return (peak, average)
    }

    /// Whether the first packet of each segment of a video playlist is a key frame, per ffprobe.
    func segmentsStartOnKeyFrames(_ uri: String, scratch: TemporaryFolder) throws -> [String] {
        let playlist = try media(uri)
        let base = folder.appendingPathComponent(uri).deletingLastPathComponent()
        let initData = try playlist.segments.first?.map.map { try Data(contentsOf: base.appendingPathComponent($0.uri)) } ?? Data()
        var failures: [String] = []
        for segment in playlist.segments {
            let probeFile = scratch.url.appendingPathComponent("probe-\(UUID().uuidString.prefix(6)).\(segment.uri.hasSuffix(".ts") ? "ts" : "mp4")")
            try (initData + Data(contentsOf: base.appendingPathComponent(segment.uri))).write(to: probeFile)
            defer { try? FileManager.default.removeItem(at: probeFile) }
            let packets =
                (try Tools.probe(probeFile.path, ["-select_streams", "v:0", "-show_entries", "packet=flags", "-read_intervals", "%+#1"])["packets"]
                    as? [[String: Any]]) ?? []
            if (packets.first?["flags"] as? String)?.hasPrefix("K") != true { failures.append("\(uri): \(segment.uri)") }
        }
        return failures
    }

    /// Checks every rule; returns the broken ones (empty when the package conforms).
    func problems(sourceDuration: Double, scratch: TemporaryFolder) throws -> [String] {
        var problems: [String] = []
        if !master.independentSegments { problems.append("master: no EXT-X-INDEPENDENT-SEGMENTS") }
        var boundaries: [String: [Double]] = [:]
        for variant in master.variants {
            let playlist = try media(variant.uri)
            if !playlist.endList || playlist.playlistType != .vod { problems.append("\(variant.uri): not a finished VOD playlist") }
            for segment in playlist.segments where Int(segment.duration.rounded()) > playlist.targetDuration {
                problems.append("\(variant.uri): EXTINF \(segment.duration) > TARGETDURATION \(playlist.targetDuration)")
            }
            let (peak, average) = try measured(variant)
            if Double(variant.bandwidth) + 1 < peak { problems.append("\(variant.uri): BANDWIDTH \(variant.bandwidth) < measured peak \(Int(peak))") }
            if Double(variant.bandwidth) > 1.5 * peak { problems.append("\(variant.uri): BANDWIDTH \(variant.bandwidth) > 1.5 × peak \(Int(peak))") }
            if let declared = variant.averageBandwidth, abs(Double(declared) - average) > 0.1 * average {
                problems.append("\(variant.uri): AVERAGE-BANDWIDTH \(declared) vs measured \(Int(average))")
            } else if variant.averageBandwidth == nil {
                problems.append("\(variant.uri): no AVERAGE-BANDWIDTH")
            }
            if variant.codecs.isEmpty { problems.append("\(variant.uri): no CODECS") }
            guard let resolution = variant.resolution else { continue }
            // Independent read of the stream: ffprobe through the rendition's own playlist.
            let stream = try Tools.streams(folder.appendingPathComponent(variant.uri).path).first { $0["codec_type"] as? String == "video" } ?? [:]
            if stream["width"] as? Int != resolution.width || stream["height"] as? Int != resolution.height {
                problems.append(
                    "\(variant.uri): RESOLUTION \(resolution.width)x\(resolution.height) but stream is \(stream["width"] ?? "?")x\(stream["height"] ?? "?")"
                )
            }
            if let sar = stream["sample_aspect_ratio"] as? String, sar != "1:1" {
                problems.append("\(variant.uri): pixels are not square (\(sar))")
            }
            if let rate = stream["r_frame_rate"] as? String, let frameRate = variant.frameRate {
                let parts = rate.split(separator: "/").compactMap { Double($0) }
                if parts.count == 2, abs(parts[0] / parts[1] - frameRate) > 0.01 {
                    problems.append("\(variant.uri): FRAME-RATE \(frameRate) but stream \(rate)")
                }
            } else {
                problems.append("\(variant.uri): no FRAME-RATE")
            }
            let levels = ["High": "64", "Main": "4d", "Constrained Baseline": "42"]
            if let profile = stream["profile"] as? String, let level = stream["level"] as? Int, let expected = levels[profile] {
                let hexLevel = String(level, radix: 16)
                let codec = variant.codecs.first ?? ""
                if !(codec.hasPrefix("avc1.\(expected)") && codec.hasSuffix(hexLevel.count == 1 ? "0" + hexLevel : hexLevel)) {
                    problems.append("\(variant.uri): CODECS \(codec) but stream is \(profile) level \(level)")
                }
            }
            let total = playlist.totalDuration
            if abs(total - sourceDuration) > 1.0 / (variant.frameRate ?? 30) + 0.01 {
                problems.append("\(variant.uri): duration \(total) vs source \(sourceDuration)")
            }
            boundaries[variant.uri] = playlist.segments.map(\.duration)
            problems += try segmentsStartOnKeyFrames(variant.uri, scratch: scratch).map { "segment does not start on a key frame: \($0)" }
        }
        // Segment boundaries aligned across video renditions (durations equal to the millisecond, last one aside).
        if let reference = boundaries.values.first {
            for (uri, durations) in boundaries
            where durations.count != reference.count
                || zip(durations.dropLast(), reference.dropLast()).contains(where: { abs($0 - $1) > 0.001 })
            {
                problems.append("\(uri): segment boundaries differ from other renditions")
            }
        }
        if master.renditions.contains(where: { $0.type == .audio }), !master.variants.contains(where: { $0.resolution == nil }) {
            problems.append("master: audio but no audio-only variant")
        }
        if !videoVariants.isEmpty, master.iFrameStreams.count != videoVariants.count {
            problems.append("master: \(master.iFrameStreams.count) I-frame playlists for \(videoVariants.count) video variants")
        }
        let errors = try Tools.decodeErrors(folder.appendingPathComponent("master.m3u8").path, extra: ["-map", "0"])
        if !errors.isEmpty { problems.append("ffmpeg could not decode every variant: \(errors.prefix(400))") }
        return problems
    }
}
