public import LecternPackage

/// One lecture as `/api/lectures` describes it.
public struct LectureSummary: Codable, Sendable, Hashable {
    public struct Rendition: Codable, Sendable, Hashable {
        public var name: String
        public var kind: String
        /// Peak bits per second (`BANDWIDTH`).
        public var bandwidth: Int
        public var averageBandwidth: Int
        /// Total bytes of the rendition's files.
        public var bytes: Int
        public var width: Int?
        public var height: Int?
        public var frameRate: Double?
    }

    /// A language the lecture offers, with its name in that language ("Français").
    public struct Language: Codable, Sendable, Hashable {
        /// BCP-47 tag.
        public var code: String
        public var name: String
    }

    public var id: String
    public var title: String
    public var series: String?
    public var language: String
    /// Spoken languages, the lecture's own first (each is in every audio tier).
    public var audio: [Language]
    /// Subtitle languages; `vtt` of each is the whole track as one WebVTT file (for a page's `<track>`).
    public var subtitles: [Subtitles]
    /// Seconds.
    public var duration: Double
    public var poster: String?
    public var master: String
    public var watch: String
    public var renditions: [Rendition]
    /// Total bytes of the package (every file plus nothing else).
    public var packageBytes: Int

    public struct Subtitles: Codable, Sendable, Hashable {
        public var code: String
        public var name: String
        /// The media playlist inside the package.
        public var playlist: String
        /// `/api/lectures/<id>/subtitles/<n>.vtt`: every cue in one WebVTT file.
        public var vtt: String
    }

    public init(_ manifest: Manifest) {
        id = manifest.id
        title = manifest.title
        series = manifest.series
        language = manifest.language
        let hasAudio = manifest.renditions.contains { $0.kind == .audio }
        audio = hasAudio
            ? [Language(code: manifest.language, name: LanguageTag.displayName(manifest.language))]
                + (manifest.audioTracks ?? []).map { Language(code: $0.language, name: $0.name) }
            : []
        subtitles = (manifest.subtitles ?? []).enumerated().map { index, track in
            Subtitles(code: track.language, name: track.name, playlist: track.playlist, vtt: "/api/lectures/\(manifest.id)/subtitles/\(index + 1).vtt")
        }
        duration = manifest.duration
        poster = manifest.files.contains { $0.path == "poster.jpg" } ? "/lectures/\(manifest.id)/poster.jpg" : nil
        master = "/lectures/\(manifest.id)/master.m3u8"
        watch = "/watch/\(manifest.id)"
        renditions = manifest.renditions.map {
            Rendition(
                name: $0.name, kind: $0.kind.rawValue, bandwidth: $0.bandwidth, averageBandwidth: $0.averageBandwidth, bytes: $0.bytes,
                width: $0.width, height: $0.height, frameRate: $0.frameRate
            )
        }
        packageBytes = manifest.files.reduce(0) { $0 + $1.size }
    }
}
