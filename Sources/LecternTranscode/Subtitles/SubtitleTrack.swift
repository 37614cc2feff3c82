/// A subtitle language of a lecture: its cues and where they came from.
public struct SubtitleTrack: Sendable, Hashable {
    /// BCP-47 tag (`en`, `fr`, `zh`, `pt-BR`).
    public var language: String
    /// The cues, ordered by start time.
    public var cues: [SubtitleCue]
    /// What a person would recognise: the file name, or `talk.mkv stream #2 (mov_text)`.
    public var origin: String
    /// SHA-256 of the subtitle file (nil for a stream inside the recording).
    public var sourceSHA256: String?

    /// A track ready to segment: cues already parsed, `sourceSHA256` given for a subtitle file.
    public init(language: String, cues: [SubtitleCue], origin: String, sourceSHA256: String? = nil) {
        self.language = language
        self.cues = cues
        self.origin = origin
        self.sourceSHA256 = sourceSHA256
    }
}
