import Foundation
import LecternFFmpeg
import LecternHLS
import Synchronization

/// The rules on the presentation as a whole: aligned and equally long renditions, an audio-only variant, I-frame playlists.
extension StreamVerifier {
    // MARK: Presentation-wide rules

    func checkAlignment(
        _ master: MultivariantPlaylist,
        loaded: [String: Loaded],
        firstTimestamps: [String: [Int: Double]],
        report: inout VerifyReport
    ) {
        let videos = master.variants.filter { $0.resolution != nil }.compactMap { loaded[$0.uri] }
        guard let reference = videos.first else { return }
        var problems: [String] = []
        for media in videos.dropFirst() {
            let a = reference.playlist.segments.map(\.duration)
            let b = media.playlist.segments.map(\.duration)
            if a.count != b.count || zip(a.dropLast(), b.dropLast()).contains(where: { abs($0 - $1) > 0.0015 }) {
                problems.append("\(media.uri) cuts segments elsewhere than \(reference.uri)")
            }
            if let mine = firstTimestamps[media.uri], let theirs = firstTimestamps[reference.uri] {
                for (index, time) in mine.sorted(by: { $0.key < $1.key }) {
                    if let other = theirs[index], abs(other - time) > 0.0015 {
                        problems.append(
                            String(format: "%@ segment %d starts at %.3f s, %@ at %.3f s", media.uri, index + 1, time, reference.uri, other)
                        )
                        break
                    }
                }
            }
        }
        report.record(.alignedSegments, "video variants", problems.isEmpty, problems.prefix(3).joined(separator: "; "))
        let totals = videos.map { ($0.uri, $0.playlist.totalDuration) }
        var durationProblems: [String] = []
        if let longest = totals.max(by: { $0.1 < $1.1 }), let shortest = totals.min(by: { $0.1 < $1.1 }), longest.1 - shortest.1 > 0.1 {
            durationProblems.append(String(format: "%@ lasts %.3f s, %@ %.3f s", longest.0, longest.1, shortest.0, shortest.1))
        }
        let audio = master.renditions.filter { $0.type == .audio }.compactMap { $0.uri.flatMap { loaded[$0] } }
        if let videoTotal = totals.first?.1 {
            for media in audio where abs(media.playlist.totalDuration - videoTotal) > 0.5 {
                durationProblems.append(String(format: "%@ lasts %.3f s, the video %.3f s", media.uri, media.playlist.totalDuration, videoTotal))
            }
        }
        report.record(.durationsAgree, "all renditions", durationProblems.isEmpty, durationProblems.prefix(3).joined(separator: "; "))
    }

    func checkAudioOnly(_ master: MultivariantPlaylist, report: inout VerifyReport) {
        let hasAudio = master.renditions.contains { $0.type == .audio } || master.variants.contains { $0.codecs.contains { !Self.isVideoCodec($0) } }
        guard hasAudio else { return }
        let audioOnly = master.variants.contains { variant in
            variant.resolution == nil && !variant.codecs.isEmpty && !variant.codecs.contains(where: Self.isVideoCodec)
        }
        report.record(
            .audioOnlyVariant,
            "master",
            audioOnly,
            "no audio-only variant: learners below the lowest video variant have nothing to fall back to"
        )
    }

    func checkIFrames(_ master: MultivariantPlaylist, loaded: [String: Loaded], report: inout VerifyReport) async {
        let videos = master.variants.filter { $0.resolution != nil }
        guard !videos.isEmpty else { return }
        let resolutions = Set(master.iFrameStreams.compactMap(\.resolution))
        let missing = videos.filter { !resolutions.contains($0.resolution!) }.map(\.uri)
        report.record(.iFramePlaylists, "master", missing.isEmpty, "no EXT-X-I-FRAME-STREAM-INF for \(missing.joined(separator: ", "))")
        for stream in master.iFrameStreams {
            guard let media = loaded[stream.uri] else { continue }
            var problems: [String] = []
            if !media.playlist.iFramesOnly { problems.append("no EXT-X-I-FRAMES-ONLY") }
            for segment in media.playlist.segments {
                guard let range = segment.byteRange, let url = media.playlist.resolvedURL(for: segment.uri) else { continue }
                if let size = try? await reader.size(url), (range.offset ?? 0) + range.length > size {
                    problems.append("range \(range.length)@\(range.offset ?? 0) past the end of \(segment.uri)")
                }
            }
            for index in sample(media.playlist.segments.count) {
                let inspection = await inspect(media, segment: index)
                if inspection?.startsWithKeyFrame != true { problems.append("entry \(index + 1) is not a key frame") }
            }
            let (peak, _) = Self.measure(media, audio: nil)
            if peak > Double(stream.bandwidth) * 1.1 {
                problems.append("BANDWIDTH \(Self.kbps(Double(stream.bandwidth))) below measured peak \(Self.kbps(peak))")
            }
            report.record(.iFramePlaylists, stream.uri, problems.isEmpty, problems.prefix(3).joined(separator: "; "))
        }
    }
}
