/// An audio language of a lecture besides its own (`Manifest.language`): encoded into every audio tier as renditions
/// named `<tier>-<language>` (`audio-64k-fr`), in the tier's `EXT-X-MEDIA TYPE=AUDIO` group.
public struct AudioTrackInfo: Sendable, Hashable, Codable {
    /// BCP-47 tag.
    public var language: String
    /// The language's name in that language (`Français`), as in the master's `NAME`.
    public var name: String
    /// Where the sound came from: the audio file's name, or the recording's stream (`talk.mkv stream #2 (aac)`).
    public var origin: String
    /// SHA-256 of the audio file (nil for a stream inside the recording).
    public var sourceSHA256: String?

    public init(language: String, name: String, origin: String, sourceSHA256: String? = nil) {
        self.language = language
        self.name = name
        self.origin = origin
        self.sourceSHA256 = sourceSHA256
    }
}
