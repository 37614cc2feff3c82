import Foundation
import LecternFFmpeg
import LecternHLS
import Synchronization

/// Checks an HLS presentation (any tool's) against RFC 8216 and Apple's authoring rules, reading segments with
/// FFmpeg's demuxer: key frames, alignment, measured bandwidth, CODECS/RESOLUTION/FRAME-RATE, I-frame playlists.
struct StreamVerifier {
    /// One media playlist as loaded, with the sizes of its segments.
    struct Loaded {
        var uri: String
        var url: URL
        var playlist: MediaPlaylist
        var sizes: [Int]
    }

    let reader: ResourceReader
    /// Inspect every segment (local) or a sample: first, middle and last (remote, to download only what is needed).
    let inspectEverySegment: Bool
    let scratch: URL
    /// Segments already read: an audio rendition shared by several variants is downloaded and inspected once.
    private let inspected = InspectionCache()

    /// Segment inspections by key: a class, so every copy of this verifier shares one cache.
    final class InspectionCache: Sendable {
        private let entries = Mutex([String: SegmentInspection]())
        func get(_ key: String) -> SegmentInspection? { entries.withLock { $0[key] } }
        func set(_ key: String, _ value: SegmentInspection) { entries.withLock { $0[key] = value } }
    }

    init(reader: ResourceReader, inspectEverySegment: Bool, scratch: URL) {
        self.reader = reader
        self.inspectEverySegment = inspectEverySegment
        self.scratch = scratch
    }

    /// Every rule that applies to the presentation at `masterURL`; a media playlist gets only the per-playlist rules.
    func verify(master masterURL: URL) async -> VerifyReport {
        var report = VerifyReport(target: masterURL.absoluteString)
        let name = masterURL.lastPathComponent
        let master: MultivariantPlaylist
        do {
            let text = String(decoding: try await reader.data(masterURL), as: UTF8.self)
            master = try PlaylistParser.parseMultivariant(text, baseURL: masterURL)
        } catch let error as PlaylistParseError where error.code == .wrongPlaylistKind {
            // A media playlist: check what can be checked without a multivariant playlist.
            report.notes.append("\(name) is a media playlist; pass the multivariant (master) playlist to check variants")
            _ = await load(name, from: masterURL, report: &report)
            report.bytesFetched = reader.bytesFetched
            return report
        } catch let error as PlaylistParseError {
            report.record(.playlistParses, name, false, "\(error)")
            return report
        } catch {
            report.record(.uriResolves, name, false, "cannot read: \(error)")
            return report
        }
        report.record(.playlistParses, name, true)
        report.record(.independentSegments, name, master.independentSegments, "no EXT-X-INDEPENDENT-SEGMENTS")

        var loaded: [String: Loaded] = [:]
        let uris = master.variants.map(\.uri) + master.renditions.compactMap(\.uri) + master.iFrameStreams.map(\.uri)
        for uri in uris where loaded[uri] == nil {
            if let media = await load(uri, from: masterURL, report: &report) { loaded[uri] = media }
        }

        var firstTimestamps: [String: [Int: Double]] = [:]
        for variant in master.variants {
            guard let media = loaded[variant.uri] else { continue }
            // The audio group's rendition plays alongside, unless it is this very playlist (an audio-only variant).
            let audio = variant.audio.flatMap { group in audioRendition(master, group: group) }.flatMap { loaded[$0] }
                .flatMap { $0.url == media.url ? nil : $0 }
            checkBandwidth(variant, media, audio: audio, report: &report)
            let isVideo = variant.resolution != nil || variant.codecs.contains { Self.isVideoCodec($0) }
            let inspections = await inspect(media, videoOnly: isVideo, report: &report)
            if isVideo {
                let failures = inspections.filter { $0.value.startsWithKeyFrame != true }.keys.sorted().map { media.playlist.segments[$0].uri }
                report.record(
                    .keyFrames,
                    variant.uri,
                    failures.isEmpty,
                    "segments not starting on a key frame: \(failures.prefix(5).joined(separator: ", "))"
                )
                firstTimestamps[variant.uri] = inspections.compactMapValues(\.firstTimestamp)
            }
            var audioInspection: SegmentInspection?
            if let audio { audioInspection = await inspectFirst(audio) }
            checkStreams(variant, video: inspections.min { $0.key < $1.key }?.value, audio: audioInspection, isVideo: isVideo, report: &report)
        }
        checkAlignment(master, loaded: loaded, firstTimestamps: firstTimestamps, report: &report)
        checkAudioOnly(master, report: &report)
        checkGroups(master, report: &report)
        await checkSubtitles(master, loaded: loaded, firstTimestamps: firstTimestamps, report: &report)
        await checkIFrames(master, loaded: loaded, report: &report)
        report.bytesFetched = reader.bytesFetched
        return report
    }

    // MARK: Loading

    private func load(_ uri: String, from masterURL: URL, report: inout VerifyReport) async -> Loaded? {
        guard let url = PlaylistParser.resolve(uri, against: masterURL) else {
            report.record(.uriResolves, uri, false, "not a valid URI")
            return nil
        }
        let playlist: MediaPlaylist
        do {
            playlist = try PlaylistParser.parseMedia(String(decoding: try await reader.data(url), as: UTF8.self), baseURL: url)
        } catch let error as PlaylistParseError {
            report.record(.playlistParses, uri, false, "\(error)")
            return nil
        } catch {
            report.record(.uriResolves, uri, false, "cannot read: \(error)")
            return nil
        }
        report.record(.playlistParses, uri, true)
        var sizes: [Int] = []
        var missing: [String] = []
        var fileSizes: [URL: Int] = [:]
        for segment in playlist.segments {
            guard let segmentURL = playlist.resolvedURL(for: segment.uri) else {
                missing.append(segment.uri)
                sizes.append(0)
                continue
            }
            if let range = segment.byteRange {
                sizes.append(range.length)
                if fileSizes[segmentURL] == nil { fileSizes[segmentURL] = (try? await reader.size(segmentURL)) ?? -1 }
                if fileSizes[segmentURL] == -1 { missing.append(segment.uri) }
            } else if let size = try? await reader.size(segmentURL) {
                sizes.append(size)
            } else {
                missing.append(segment.uri)
                sizes.append(0)
            }
        }
        if let map = playlist.segments.first?.map, let mapURL = playlist.resolvedURL(for: map.uri), (try? await reader.size(mapURL)) == nil {
            missing.append(map.uri)
        }
        report.record(
            .uriResolves,
            uri,
            missing.isEmpty,
            "\(missing.count) missing: \(Array(Set(missing)).sorted().prefix(5).joined(separator: ", "))"
        )
        checkRules(uri, playlist, report: &report)
        return Loaded(uri: uri, url: url, playlist: playlist, sizes: sizes)
    }

    /// EXT-X-VERSION, TARGETDURATION and ENDLIST (RFC 8216 4.3.1.2, 4.3.3.1, 4.3.3.4, 7).
    private func checkRules(_ uri: String, _ playlist: MediaPlaylist, report: inout VerifyReport) {
        var required = 1
        var reasons: [String] = []
        if playlist.segments.contains(where: { $0.duration != $0.duration.rounded() }) {
            required = max(required, 3)
            reasons.append("fractional EXTINF")
        }
        if playlist.segments.contains(where: { $0.byteRange != nil }) {
            required = max(required, 4)
            reasons.append("EXT-X-BYTERANGE")
        }
        if playlist.iFramesOnly {
            required = max(required, 4)
            reasons.append("EXT-X-I-FRAMES-ONLY")
        }
        if playlist.segments.contains(where: { $0.map != nil }) {
            required = max(required, playlist.iFramesOnly ? 5 : 6)
            reasons.append("EXT-X-MAP")
        }
        let declared = playlist.version ?? 1
        report.record(.version, uri, declared >= required, "EXT-X-VERSION \(declared) but \(reasons.joined(separator: ", ")) need \(required)")
        let long = playlist.segments.filter { Int($0.duration.rounded()) > playlist.targetDuration }
        report.record(
            .targetDuration,
            uri,
            long.isEmpty,
            "EXTINF \(long.first.map { String(format: "%.3f", $0.duration) } ?? "") (\(long.first?.uri ?? "")) rounds above TARGETDURATION \(playlist.targetDuration)"
        )
        if playlist.playlistType == .vod || playlist.iFramesOnly {
            report.record(.endList, uri, playlist.endList, "VOD playlist without EXT-X-ENDLIST")
        }
    }

    private func audioRendition(_ master: MultivariantPlaylist, group: String) -> String? {
        let candidates = master.renditions.filter { $0.type == .audio && $0.groupID == group && $0.uri != nil }
        return (candidates.first { $0.isDefault } ?? candidates.first)?.uri
    }

    // MARK: Bandwidth

    /// Peak and average bits per second over the segments, with the time-aligned segments of `audio` added.
    static func measure(_ media: Loaded, audio: Loaded?) -> (peak: Double, average: Double) {
        func run(_ loaded: Loaded) -> [(bytes: Int, duration: Double)] {
            zip(loaded.sizes, loaded.playlist.segments).map { ($0, $1.duration) }
        }
        let measured = SegmentBitrate(run(media), audio: audio.map(run))
        return (measured.peak, measured.average)
    }

    private func checkBandwidth(_ variant: VariantStream, _ media: Loaded, audio: Loaded?, report: inout VerifyReport) {
        let (peak, average) = Self.measure(media, audio: audio)
        let declared = Double(variant.bandwidth)
        report.record(
            .bandwidth,
            variant.uri,
            peak <= declared * 1.1 && declared <= peak * 1.5,
            "BANDWIDTH \(Self.kbps(declared)) vs measured peak \(Self.kbps(peak))"
                + (peak > declared * 1.1 ? " (peak above BANDWIDTH + 10 %)" : " (BANDWIDTH overstated, more than 1.5 × the peak)")
        )
        if let declaredAverage = variant.averageBandwidth.map(Double.init) {
            report.record(
                .averageBandwidth,
                variant.uri,
                abs(average - declaredAverage) <= 0.1 * declaredAverage,
                "AVERAGE-BANDWIDTH \(Self.kbps(declaredAverage)) vs measured \(Self.kbps(average))"
            )
        } else {
            report.record(.averageBandwidth, variant.uri, false, "no AVERAGE-BANDWIDTH (measured \(Self.kbps(average)))")
        }
    }

    static func kbps(_ bits: Double) -> String { String(format: "%.1f kbps", bits / 1000) }

    // MARK: Segments

    /// Indices of the segments to read: all of them, or first, middle and last.
    func sample(_ count: Int) -> [Int] {
        guard count > 0 else { return [] }
        return inspectEverySegment ? Array(0..<count) : Array(Set([0, count / 2, count - 1])).sorted()
    }

    private func inspect(_ media: Loaded, videoOnly: Bool, report: inout VerifyReport) async -> [Int: SegmentInspection] {
        var result: [Int: SegmentInspection] = [:]
        let indices = videoOnly ? sample(media.playlist.segments.count) : Array(sample(media.playlist.segments.count).prefix(1))
        for index in indices {
            if let inspection = await inspect(media, segment: index) { result[index] = inspection }
        }
        if !inspectEverySegment, videoOnly, media.playlist.segments.count > indices.count {
            report.notes.append("\(media.uri): inspected \(indices.count) of \(media.playlist.segments.count) segments")
        }
        return result
    }

    private func inspectFirst(_ media: Loaded) async -> SegmentInspection? {
        await inspect(media, segment: 0)
    }

    /// Joins the init section and one segment (or byte range) in a scratch file and reads it with the demuxer.
    func inspect(_ media: Loaded, segment index: Int) async -> SegmentInspection? {
        guard index < media.playlist.segments.count else { return nil }
        let key = "\(media.url.absoluteString)#\(index)"
        if let known = inspected.get(key) { return known }
        let segment = media.playlist.segments[index]
        guard let url = media.playlist.resolvedURL(for: segment.uri) else { return nil }
        do {
            var data = Data()
            if let map = segment.map ?? media.playlist.segments[..<index].last(where: { $0.map != nil })?.map,
                let mapURL = media.playlist.resolvedURL(for: map.uri)
            {
                data += try await reader.cachedData(mapURL, range: map.byteRange.map { ($0.offset ?? 0, $0.length) })
            }
            data += try await reader.data(url, range: segment.byteRange.map { ($0.offset ?? 0, $0.length) })
            let file = scratch.appendingPathComponent(
                "inspect-\(UUID().uuidString.prefix(8)).\(url.pathExtension.isEmpty ? "bin" : url.pathExtension)"
            )
            try data.write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let inspection = try SegmentInspector.inspect(path: file.path)
            inspected.set(key, inspection)
            return inspection
        } catch {
            return nil
        }
    }
}
