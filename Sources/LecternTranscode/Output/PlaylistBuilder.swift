import Foundation
public import LecternHLS
public import LecternPackage

/// Builds every playlist of a package from measured renditions: media and I-frame playlists per rendition,
/// and the multivariant playlist whose BANDWIDTH, AVERAGE-BANDWIDTH and CODECS all come from the files.
public enum PlaylistBuilder {
    /// Bits per second measured over a rendition's segments (with its audio, for a variant).
    public struct Bandwidth: Sendable, Hashable {
        /// The highest segment bitrate.
        public var peak: Int
        /// The bitrate over the whole rendition (with its audio, for a variant).
        public var average: Int
    }

    /// File name of every rendition's media playlist, inside the rendition's folder.
    public static let mediaPlaylistName = "index.m3u8"
    /// File name of a video rendition's I-frame playlist, beside its media playlist.
    public static let iFramePlaylistName = "iframes.m3u8"
    /// `GROUP-ID` of the subtitle renditions, referenced by every variant.
    public static let subtitleGroup = "subs"

    // MARK: Media playlists

    /// A rendition's VOD media playlist: every segment with its measured duration, the init section (fMP4) on the first.
    public static func mediaPlaylist(_ rendition: RenditionResult) -> MediaPlaylist {
        let map = rendition.initFile.map { MediaInitializationSection(uri: $0) }
        let segments = rendition.segments.enumerated().map { index, segment in
            MediaSegment(duration: segment.duration, uri: segment.uri, map: index == 0 ? map : nil)
        }
        return MediaPlaylist(
            version: map == nil ? 3 : 7,
            targetDuration: targetDuration(segments.map(\.duration)),
            playlistType: .vod,
            independentSegments: true,
            segments: segments,
            endList: true
        )
    }

    /// The I-frame playlist: each key frame as a byte range of its segment (moof + the key frame's sample for fMP4).
    public static func iFramePlaylist(_ rendition: RenditionResult) -> MediaPlaylist? {
        guard rendition.isVideo, !rendition.keyFrames.isEmpty else { return nil }
        let map = rendition.initFile.map { MediaInitializationSection(uri: $0) }
        let segments = rendition.keyFrames.enumerated().map { index, key in
            MediaSegment(
                duration: key.duration,
                uri: key.uri,
                byteRange: ByteRange(length: key.length, offset: key.offset),
                map: index == 0 ? map : nil
            )
        }
        return MediaPlaylist(
            version: map == nil ? 4 : 7,
            targetDuration: targetDuration(segments.map(\.duration)),
            playlistType: .vod,
            iFramesOnly: true,
            independentSegments: true,
            segments: segments,
            endList: true
        )
    }

    /// RFC 8216 4.3.3.1: every EXTINF, rounded to the nearest integer, is at most the target duration.
    static func targetDuration(_ durations: [Double]) -> Int {
        max(1, durations.map { Int($0.rounded()) }.max() ?? 1)
    }

    // MARK: Measurement

    /// Peak and average bitrate of `video` segments played with the time-aligned `audio` segments.
    public static func measure(_ primary: RenditionResult, with audio: RenditionResult? = nil) -> Bandwidth {
        bandwidth(SegmentBitrate(primary.segments.map { ($0.bytes, $0.duration) }, audio: audio?.segments.map { ($0.bytes, $0.duration) }))
    }

    /// Peak and average bitrate of the I-frame playlist (key frame bytes over the time each one covers).
    public static func measureKeyFrames(_ rendition: RenditionResult) -> Bandwidth {
        bandwidth(SegmentBitrate(rendition.keyFrames.map { ($0.length, $0.duration) }))
    }

    /// Declared values are whole bits per second, rounded up so a measured peak never exceeds BANDWIDTH.
    static func bandwidth(_ measured: SegmentBitrate) -> Bandwidth {
        Bandwidth(peak: Int(measured.peak.rounded(.up)), average: Int(measured.average.rounded(.up)))
    }

    // MARK: Multivariant playlist

    /// The package's full multivariant playlist.
    ///
    /// Order: the floor rung first (players that start on the first variant start where a weak link copes), then the
    /// other rungs by bandwidth, the slides rung, and the audio-only variant last.
    ///
    /// Audio languages: every language is in every tier's group (`GROUP-ID` = the tier's name), the lecture's own
    /// language first and `DEFAULT=YES` (one per group), the others `DEFAULT=NO`, all `AUTOSELECT=YES`. A variant's
    /// BANDWIDTH is its peak with the most demanding language of its group.
    ///
    /// Subtitles: one `EXT-X-MEDIA TYPE=SUBTITLES` per language in one group that every variant (audio-only too, where
    /// subtitles matter most) names. `DEFAULT=NO` on all of them: a learner who understands the speech should not get
    /// text over the slides unasked, and `DEFAULT=YES` would make players that honour it show captions to everyone.
    /// `AUTOSELECT=YES`, so a player whose user prefers another language than the speech's picks that language's
    /// subtitles on its own (Apple's players do; RFC 8216 4.3.4.1.1).
    public static func multivariantPlaylist(
        _ output: [RenditionResult],
        plan: LadderPlan,
        language: String,
        subtitles: [SubtitleInfo] = [],
        hasChapters: Bool = false
    ) -> MultivariantPlaylist {
        let byName = Dictionary(uniqueKeysWithValues: output.map { ($0.name, $0) })
        /// Every language's rendition of an audio tier, the lecture's own first.
        func members(_ group: String) -> [RenditionResult] {
            output.filter { !$0.isVideo && ($0.group ?? $0.name) == group }.sorted { ($0.name == group ? 0 : 1) < ($1.name == group ? 0 : 1) }
        }
        func peak(_ primary: RenditionResult, group: String?, alone: Bool) -> Bandwidth {
            let languages = group.map(members) ?? []
            guard let first = languages.first else { return measure(primary) }
            let measured = languages.map { alone ? measure($0) : measure(primary, with: $0) }
            let reference = alone ? measure(first) : measure(primary, with: first)
            return Bandwidth(peak: measured.map(\.peak).max() ?? reference.peak, average: reference.average)
        }
        var renditions: [Rendition] = []
        for audio in plan.audio {
            for result in members(audio.name) {
                let tag = result.language ?? language
                renditions.append(
                    Rendition(
                        type: .audio,
                        groupID: audio.name,
                        language: tag,
                        name: displayName(language: tag),
                        isDefault: result.name == audio.name,
                        autoselect: true,
                        channels: "\(result.channels)",
                        uri: "\(result.name)/\(mediaPlaylistName)"
                    )
                )
            }
        }
        for track in subtitles {
            renditions.append(
                Rendition(
                    type: .subtitles,
                    groupID: Self.subtitleGroup,
                    language: track.language,
                    name: track.name,
                    isDefault: false,
                    autoselect: true,
                    uri: track.playlist
                )
            )
        }
        let variantSubtitles = subtitles.isEmpty ? nil : Self.subtitleGroup
        var variants: [(order: Int, bandwidth: Int, variant: VariantStream)] = []
        var iFrames: [IFrameStream] = []
        for video in plan.video {
            guard let result = byName[video.name] else { continue }
            let audio = video.audio.flatMap { byName[$0] }
            let measured = audio == nil ? measure(result) : peak(result, group: video.audio, alone: false)
            let order =
                switch video.role {
                case .floor: 0
                case .regular: 1
                case .slides: 2
                }
            variants.append(
                (
                    order, measured.peak,
                    VariantStream(
                        bandwidth: measured.peak,
                        averageBandwidth: measured.average,
                        codecs: [result.codecs] + (audio.map { [$0.codecs] } ?? []),
                        resolution: Resolution(width: result.width, height: result.height),
                        frameRate: Double(result.frameRate),
                        audio: audio?.name,
                        subtitles: variantSubtitles,
                        uri: "\(video.name)/\(mediaPlaylistName)"
                    )
                )
            )
            if !result.keyFrames.isEmpty {
                let keyFrames = measureKeyFrames(result)
                iFrames.append(
                    IFrameStream(
                        bandwidth: keyFrames.peak,
                        averageBandwidth: keyFrames.average,
                        codecs: [result.codecs],
                        resolution: Resolution(width: result.width, height: result.height),
                        uri: "\(video.name)/\(iFramePlaylistName)"
                    )
                )
            }
        }
        // Audio-only: the designated tier when there is video; every tier, lowest first, when the lecture is audio-only.
        let audioOnly = plan.video.isEmpty ? plan.audio.map(\.name) : plan.audioOnly.map { [$0] } ?? []
        for name in audioOnly {
            guard let result = byName[name] else { continue }
            let measured = peak(result, group: name, alone: true)
            variants.append(
                (
                    3, measured.peak,
                    VariantStream(
                        bandwidth: measured.peak,
                        averageBandwidth: measured.average,
                        codecs: [result.codecs],
                        audio: name,
                        subtitles: variantSubtitles,
                        uri: "\(name)/\(mediaPlaylistName)"
                    )
                )
            )
        }
        let ordered = variants.sorted { ($0.order, $0.bandwidth) < ($1.order, $1.bandwidth) }.map(\.variant)
        let usesFMP4 = output.contains { $0.initFile != nil }
        return MultivariantPlaylist(
            version: usesFMP4 ? 7 : 4,
            independentSegments: true,
            sessionData: hasChapters ? [chapterSessionData(language: language)] : [],
            renditions: renditions,
            variants: ordered,
            iFrameStreams: iFrames
        )
    }

    /// `EXT-X-SESSION-DATA` pointing to the package's chapter JSON, as Apple's players read chapters.
    public static func chapterSessionData(language: String) -> SessionData {
        SessionData(dataID: ChapterFiles.sessionDataID, uri: ChapterFiles.json, language: language)
    }

    /// The language's own name for itself ("English", "Français", "中文"), for the NAME attribute.
    public static func displayName(language: String) -> String {
        LanguageTag.displayName(language)
    }
}
