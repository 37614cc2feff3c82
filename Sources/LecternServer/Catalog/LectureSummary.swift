import Crypto
import Foundation
public import LecternPackage

/// One lecture as `/api/lectures` describes it.
public struct LectureSummary: Codable, Sendable, Hashable {
    /// One rendition of the package, as its manifest lists it.
    public struct Rendition: Codable, Sendable, Hashable {
        /// Unique within the package, by convention also its folder name ("360p", "audio-64k").
        public var name: String
        /// "video" or "audio".
        public var kind: String
        /// Peak bits per second (`BANDWIDTH`).
        public var bandwidth: Int
        /// Average bits per second (`AVERAGE-BANDWIDTH`).
        public var averageBandwidth: Int
        /// Total bytes of the rendition's files.
        public var bytes: Int
        /// Pixels; nil for audio.
        public var width: Int?
        /// Pixels; nil for audio.
        public var height: Int?
        /// Frames per second; nil for audio.
        public var frameRate: Double?
    }

    /// A language the lecture offers, with its name in that language ("Français").
    public struct Language: Codable, Sendable, Hashable {
        /// BCP-47 tag.
        public var code: String
        /// The language's name in that language.
        public var name: String
    }

    /// The lecture id, also its folder name and the `<id>` of its URLs.
    public var id: String
    /// The title from the manifest.
    public var title: String
    /// The course or series the lecture belongs to, if the manifest names one.
    public var series: String?
    /// BCP-47 tag of the lecture's own audio.
    public var language: String
    /// Spoken languages, the lecture's own first (each is in every audio tier).
    public var audio: [Language]
    /// Subtitle languages; `vtt` of each is the whole track as one WebVTT file (for a page's `<track>`).
    public var subtitles: [Subtitles]
    /// Seconds.
    public var duration: Double
    /// `/lectures/<id>/poster.jpg` when the package has a poster, else nil.
    public var poster: String?
    /// `/lectures/<id>/master.m3u8`: the multivariant playlist a player opens.
    public var master: String
    /// `/watch/<id>`: the lecture's page.
    public var watch: String
    /// Every rendition, in the manifest's order.
    public var renditions: [Rendition]
    /// Total bytes of the package (every file plus nothing else).
    public var packageBytes: Int
    /// The lecture's chapters, in order (empty when it has none).
    public var chapters: [Chapter]
    /// `/lectures/<id>/chapters.vtt` (WebVTT chapters for a `<track kind="chapters">`), nil without chapters.
    public var chaptersVTT: String?
    /// The package's content, hashed (16 hex digits of the SHA-256 of every file's path and SHA-256): changes when any
    /// file does, so a copy saved for offline knows when it is out of date.
    public var version: String

    /// A subtitle language the lecture offers, with its playlist and its whole-track WebVTT.
    public struct Subtitles: Codable, Sendable, Hashable {
        /// BCP-47 tag.
        public var code: String
        /// The language's name in that language ("Français").
        public var name: String
        /// The media playlist inside the package.
        public var playlist: String
        /// `/api/lectures/<id>/subtitles/<n>.vtt`: every cue in one WebVTT file.
        public var vtt: String
    }

    /// A chapter: where it starts and ends, its title, its thumbnail and (for one lecture, not the whole catalog) what
    /// its slide says.
    public struct Chapter: Codable, Sendable, Hashable {
        /// Seconds into the lecture.
        public var start: Double
        public var end: Double
        public var title: String
        /// "slide", "clip" or "set" (by hand).
        public var origin: String
        /// `/lectures/<id>/chapters/001.jpg`, 160 pixels wide.
        public var thumbnail: String?
        /// `/watch/<id>#t=<start>`: the page, playing from the chapter.
        public var watch: String
        /// The slide's text, one line per line (`/api/lectures/<id>` only).
        public var text: String?
    }

    /// The summary of a package from its manifest; URLs are the server's own paths. `withText` adds each chapter's
    /// slide text (one lecture's page of the API; the catalog leaves it out).
    public init(_ manifest: Manifest, withText: Bool = false) {
        id = manifest.id
        title = manifest.title
        series = manifest.series
        language = manifest.language
        let hasAudio = manifest.renditions.contains { $0.kind == .audio }
        audio =
            hasAudio
            ? [Language(code: manifest.language, name: LanguageTag.displayName(manifest.language))]
                + (manifest.audioTracks ?? []).map { Language(code: $0.language, name: $0.name) }
            : []
        subtitles = (manifest.subtitles ?? []).enumerated().map { index, track in
            Subtitles(
                code: track.language,
                name: track.name,
                playlist: track.playlist,
                vtt: "/api/lectures/\(manifest.id)/subtitles/\(index + 1).vtt"
            )
        }
        duration = manifest.duration
        poster = manifest.files.contains { $0.path == "poster.jpg" } ? "/lectures/\(manifest.id)/poster.jpg" : nil
        master = "/lectures/\(manifest.id)/master.m3u8"
        watch = "/watch/\(manifest.id)"
        renditions = manifest.renditions.map {
            Rendition(
                name: $0.name,
                kind: $0.kind.rawValue,
                bandwidth: $0.bandwidth,
                averageBandwidth: $0.averageBandwidth,
                bytes: $0.bytes,
                width: $0.width,
                height: $0.height,
                frameRate: $0.frameRate
            )
        }
        packageBytes = manifest.files.reduce(0) { $0 + $1.size }
        let chapterList = manifest.chapters ?? []
        chapters = chapterList.enumerated().map { index, chapter in
            Chapter(
                start: chapter.start,
                end: index + 1 < chapterList.count ? chapterList[index + 1].start : manifest.duration,
                title: chapter.title,
                origin: chapter.origin.rawValue,
                thumbnail: chapter.thumbnail.map { "/lectures/\(manifest.id)/\($0)" },
                watch: "/watch/\(manifest.id)#t=\(ChapterFiles.linkTime(chapter.start))",
                text: withText ? chapter.text : nil
            )
        }
        chaptersVTT = chapterList.isEmpty ? nil : "/lectures/\(manifest.id)/\(ChapterFiles.webVTT)"
        version = Self.version(of: manifest)
    }

    /// See `version`. Every catalog request computes it for every lecture, so it hashes the listing as it goes (a
    /// published manifest keeps its files sorted by path) instead of building it first.
    public static func version(of manifest: Manifest) -> String {
        var hasher = SHA256()
        for file in manifest.files {
            hasher.update(data: Data("\(file.path) \(file.sha256)\n".utf8))
        }
        return String(SHA256Hasher.hex(hasher.finalize()).prefix(16))
    }
}
