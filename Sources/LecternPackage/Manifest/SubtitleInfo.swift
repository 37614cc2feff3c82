/// One subtitle language of a lecture: segmented WebVTT with its own media playlist, in the master's `SUBTITLES`
/// group.
public struct SubtitleInfo: Sendable, Hashable, Codable {
    /// BCP-47 tag (`en`, `fr`, `zh`); `und` for an untagged stream of the recording.
    public var language: String
    /// The language's name in that language (`English`, `Français`, `中文`), as in the master's `NAME`.
    public var name: String
    /// Media playlist, relative to the package folder (e.g. "subs-fr/index.m3u8").
    public var playlist: String
    /// Number of cues.
    public var cues: Int
    /// Where the cues came from: the subtitle file's name, or the recording's stream (`talk.mkv stream #2 (mov_text)`).
    public var origin: String
    /// SHA-256 of the subtitle file (nil for a stream inside the recording).
    public var sourceSHA256: String?

    public init(language: String, name: String, playlist: String, cues: Int, origin: String, sourceSHA256: String? = nil) {
        self.language = language
        self.name = name
        self.playlist = playlist
        self.cues = cues
        self.origin = origin
        self.sourceSHA256 = sourceSHA256
    }

    /// The folder holding the track's files ("subs-fr" for "subs-fr/index.m3u8").
    var folder: String? {
        guard let slash = playlist.lastIndex(of: "/") else { return nil }
        return String(playlist[..<slash])
    }
}
