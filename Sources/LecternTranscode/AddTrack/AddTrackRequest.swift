public import Foundation

/// Languages to add to a published lecture: `lectern add-track PACKAGE --subtitles fr=... --audio zh=...`.
public struct AddTrackRequest: Sendable {
    /// The lecture package folder, `<library>/lectures/<id>`.
    public var package: URL
    /// Subtitle files; a language the lecture already has is replaced.
    public var subtitles: [TrackInput]
    /// Audio files in languages the lecture does not have yet, encoded into every audio tier.
    public var audio: [TrackInput]
    /// The ladder the lecture was ingested with (its audio tiers' bit rates and sample rates).
    public var ladder: LadderConfig

    /// A request; by default no tracks and the default ladder.
    public init(package: URL, subtitles: [TrackInput] = [], audio: [TrackInput] = [], ladder: LadderConfig = .default) {
        self.package = package
        self.subtitles = subtitles
        self.audio = audio
        self.ladder = ladder
    }
}
