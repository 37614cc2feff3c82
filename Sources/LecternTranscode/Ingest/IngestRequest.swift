public import Foundation
public import LecternPackage

/// What a content team asks for: one recording, its metadata, and where to publish it.
public struct IngestRequest: Sendable {
    /// The recording: any file FFmpeg can read with a video or an audio stream.
    public var input: URL
    /// The lecture's title; with the recording's SHA-256 it makes the lecture's id.
    public var title: String
    /// The course or series the lecture belongs to, if any.
    public var series: String?
    /// BCP-47 language of the lecture's speech.
    public var language: String
    /// The library folder; the package is published into its `lectures/<id>`.
    public var library: URL
    /// The renditions to fit to the recording; `LadderConfig.default` unless the team tuned one.
    public var ladder: LadderConfig
    /// fMP4 (the default) or MPEG-TS segments.
    public var format: SegmentFormat
    /// Encode again even when the library already holds this recording with the same settings.
    public var force: Bool
    /// Subtitle files (SRT or WebVTT), one per language; the recording's own text subtitle streams are added to these.
    public var subtitles: [TrackInput]
    /// Audio files (any FFmpeg-readable audio) in other languages, encoded into every audio tier; the recording's
    /// other tagged audio streams are added to these.
    public var audio: [TrackInput]
    /// Slide-change chapters: the shortest chapter in seconds (20 by default); nil finds none.
    public var minimumChapter: Double?
    /// Read each chapter's slide (OCR) for its title and for search; without it chapters are "Slide N".
    public var readsSlideText: Bool

    /// A request; by default English speech, the default ladder, fMP4 segments, no `force` and no other tracks.
    public init(
        input: URL,
        title: String,
        series: String? = nil,
        language: String = "en",
        library: URL,
        ladder: LadderConfig = .default,
        format: SegmentFormat = .fmp4,
        force: Bool = false,
        subtitles: [TrackInput] = [],
        audio: [TrackInput] = [],
        minimumChapter: Double? = 20,
        readsSlideText: Bool = true
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
        self.minimumChapter = minimumChapter
        self.readsSlideText = readsSlideText
    }
}

/// What an ingest did, for people (the CLI's summary) and scripts (`--json`).
public struct IngestReport: Sendable, Codable {
    /// One rendition of the published package, as its manifest lists it.
    public struct Rendition: Sendable, Codable {
        /// The rendition's name and folder ("720p", "audio-64k").
        public var name: String
        /// "video" or "audio".
        public var kind: String
        /// Pixels; nil for audio.
        public var width: Int?
        /// Pixels; nil for audio.
        public var height: Int?
        /// Frames per second; nil for audio.
        public var frameRate: Double?
        /// RFC 6381 codecs string (`avc1.64001f`, `mp4a.40.2`).
        public var codecs: String
        /// Measured peak segment bitrate, bits/s (with the rendition's audio for video variants).
        public var bandwidth: Int
        /// Measured average bitrate, bits/s.
        public var averageBandwidth: Int
        /// Total bytes of the rendition's files.
        public var bytes: Int
    }

    /// What publishing did: `published` a new lecture, `replaced` a package that held different files, or left it
    /// `unchanged` (the same ingest already published, or the same files produced again).
    public enum Status: String, Sendable, Codable {
        case published, replaced, unchanged
    }

    /// The lecture id, also its folder name in `lectures/`.
    public var id: String
    /// What publishing did.
    public var status: Status
    /// The lecture's title.
    public var title: String
    /// Path of the published package folder.
    public var package: String
    /// Path of the package's `master.m3u8`.
    public var master: String
    /// Seconds of the lecture.
    public var duration: Double
    /// Wall-clock seconds the ingest took.
    public var wallSeconds: Double
    /// Every rendition of the package.
    public var renditions: [Rendition]
    /// Subtitle languages published, in the master's order.
    public var subtitles: [String] = []
    /// Audio languages published, the lecture's own first.
    public var audioLanguages: [String] = []
    /// Things the content team should know about the recording (from the manifest).
    public var warnings: [String]
}
