public import Foundation
public import LecternPackage

/// What a content team asks for: one recording, its metadata, and where to publish it.
public struct IngestRequest: Sendable {
    public var input: URL
    public var title: String
    public var series: String?
    /// BCP-47 language of the lecture's speech.
    public var language: String
    public var library: URL
    public var ladder: LadderConfig
    public var format: SegmentFormat
    /// Encode again even when the library already holds this recording with the same settings.
    public var force: Bool
    /// Subtitle files (SRT or WebVTT), one per language; the recording's own text subtitle streams are added to these.
    public var subtitles: [TrackInput]
    /// Audio files (any FFmpeg-readable audio) in other languages, encoded into every audio tier; the recording's
    /// other tagged audio streams are added to these.
    public var audio: [TrackInput]

    public init(
        input: URL, title: String, series: String? = nil, language: String = "en", library: URL, ladder: LadderConfig = .default,
        format: SegmentFormat = .fmp4, force: Bool = false, subtitles: [TrackInput] = [],
        audio: [TrackInput] = []
    ) {
        self.input = input
        self.title = title
        self.series = series
        self.language = language
        self.library = library
        self.ladder = ladder
        self.format = format
        self.force = force
        self.subtitles = subtitles
        self.audio = audio
    }
}

/// What an ingest did, for people (`description`) and scripts (`--json`).
public struct IngestReport: Sendable, Codable {
    public struct Rendition: Sendable, Codable {
        public var name: String
        public var kind: String
        public var width: Int?
        public var height: Int?
        public var frameRate: Double?
        public var codecs: String
        /// Measured peak segment bitrate, bits/s (with the rendition's audio for video variants).
        public var bandwidth: Int
        public var averageBandwidth: Int
        public var bytes: Int
    }

    public enum Status: String, Sendable, Codable {
        case published, replaced, unchanged
    }

    public var id: String
    public var status: Status
    public var title: String
    public var package: String
    public var master: String
    public var duration: Double
    public var wallSeconds: Double
    public var renditions: [Rendition]
    /// Subtitle languages published, in the master's order.
    public var subtitles: [String] = []
    /// Audio languages published, the lecture's own first.
    public var audioLanguages: [String] = []
    public var warnings: [String]
}
