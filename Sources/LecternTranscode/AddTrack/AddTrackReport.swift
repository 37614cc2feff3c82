/// What `add-track` published, for people and scripts (`--json`).
public struct AddTrackReport: Sendable, Codable {
    public var id: String
    public var package: String
    /// Subtitle languages added or replaced.
    public var addedSubtitles: [String]
    /// Audio languages added.
    public var addedAudio: [String]
    /// Every language the lecture now offers.
    public var subtitles: [String]
    public var audioLanguages: [String]

    public var description: String {
        let added = addedSubtitles.map { "\($0) subtitles" } + addedAudio.map { "\($0) audio" }
        return "updated \(id): added \(added.joined(separator: ", ")); audio \(audioLanguages.joined(separator: ", "))"
            + (subtitles.isEmpty ? "" : "; subtitles \(subtitles.joined(separator: ", "))") + "\n  package: \(package)"
    }
}
