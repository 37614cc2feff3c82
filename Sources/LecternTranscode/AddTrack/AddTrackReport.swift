/// What `add-track` published, for people and scripts (`--json`).
public struct AddTrackReport: Sendable, Codable {
    /// The lecture id.
    public var id: String
    /// Path of the package folder, now holding the new tracks.
    public var package: String
    /// Subtitle languages added or replaced.
    public var addedSubtitles: [String]
    /// Audio languages added.
    public var addedAudio: [String]
    /// Every subtitle language the lecture now offers, in the master's order.
    public var subtitles: [String]
    /// Every audio language the lecture now offers, its own first.
    public var audioLanguages: [String]

    /// Two lines for people: the languages added and those the lecture now offers, then the package's path.
    public var description: String {
        let added = addedSubtitles.map { "\($0) subtitles" } + addedAudio.map { "\($0) audio" }
        return "updated \(id): added \(added.joined(separator: ", ")); audio \(audioLanguages.joined(separator: ", "))"
            + (subtitles.isEmpty ? "" : "; subtitles \(subtitles.joined(separator: ", "))") + "\n  package: \(package)"
    }
}
