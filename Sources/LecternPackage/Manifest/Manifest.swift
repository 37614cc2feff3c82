public import Foundation

/// The model of `manifest.json`: what a lecture package holds, written last and read first.
///
/// Encoding is deterministic (pretty-printed, sorted keys, no escaped slashes, trailing newline):
/// the same manifest always produces the same bytes.
public struct Manifest: Sendable, Hashable, Codable {
    /// The format version this code writes and reads.
    public static let currentFormatVersion = 1
    /// The manifest's file name at the top of a package.
    public static let fileName = "manifest.json"

    public var formatVersion: Int
    /// The lecture id, also the package's folder name (see `LectureID`).
    public var id: String
    public var title: String
    public var series: String?
    /// BCP-47 language tag of the lecture's audio (e.g. "en", "fr-SN").
    public var language: String
    /// Seconds.
    public var duration: Double
    /// ISO 8601 timestamp of the ingest (see `Manifest.timestamp(_:)`).
    public var createdAt: String
    public var source: SourceInfo
    public var segmentFormat: SegmentFormat
    public var renditions: [RenditionInfo]
    /// Subtitle languages, in the master's order (nil or empty: none). Optional so manifests written before
    /// subtitles existed still decode, and manifests without subtitles stay byte-identical.
    public var subtitles: [SubtitleInfo]?
    /// Audio languages besides `language` (nil or empty: none); their renditions carry `language` too.
    public var audioTracks: [AudioTrackInfo]?
    /// Chapters, in order (nil or empty: none): found at slide changes, or set by hand. Published as `chapters.vtt` and
    /// `chapters.json` beside the master; optional so that manifests without chapters stay as they were.
    public var chapters: [ChapterInfo]?
    /// Things a content team should know about this ingest (e.g. "no audio stream").
    public var warnings: [String]
    /// Every file of the package except `manifest.json`, sorted by path. Filled when publishing.
    public var files: [FileEntry]

    public init(
        formatVersion: Int = Manifest.currentFormatVersion,
        id: String,
        title: String,
        series: String? = nil,
        language: String,
        duration: Double,
        createdAt: String,
        source: SourceInfo,
        segmentFormat: SegmentFormat = .fmp4,
        renditions: [RenditionInfo],
        subtitles: [SubtitleInfo]? = nil,
        audioTracks: [AudioTrackInfo]? = nil,
        chapters: [ChapterInfo]? = nil,
        warnings: [String] = [],
        files: [FileEntry] = []
    ) {
        self.formatVersion = formatVersion
        self.id = id
        self.title = title
        self.series = series
        self.language = language
        self.duration = duration
        self.createdAt = createdAt
        self.source = source
        self.segmentFormat = segmentFormat
        self.renditions = renditions
        self.subtitles = subtitles
        self.audioTracks = audioTracks
        self.chapters = chapters
        self.warnings = warnings
        self.files = files
    }

    /// Every language the lecture offers, audio first (its own language leading) then subtitles, without repeats
    /// (for catalogs and menus).
    public var languages: [String] {
        var seen: Set<String> = []
        return ([language] + (audioTracks ?? []).map(\.language) + (subtitles ?? []).map(\.language)).filter { seen.insert($0).inserted }
    }

    /// The audio languages: the lecture's own, then the others.
    public var audioLanguages: [String] { [language] + (audioTracks ?? []).map(\.language) }

    /// An ISO 8601 UTC timestamp for `createdAt`, e.g. "2025-03-14T09:30:00Z".
    public static func timestamp(_ date: Date = Date()) -> String {
        date.formatted(.iso8601)
    }
}
