public import Foundation

/// A language track given next to the recording: `--subtitles fr=lecture.fr.srt`, `--audio fr=lecture.fr.m4a`.
public struct TrackInput: Sendable, Hashable {
    /// BCP-47 tag of the track's language.
    public var language: String
    /// The subtitle or audio file.
    public var file: URL

    /// A track from values already split; its language is checked when `Ingest` or `AddTrack` reads the file.
    public init(language: String, file: URL) {
        self.language = language
        self.file = file
    }

    /// Parses `LANG=FILE`; nil when there is no `=` or either side is empty.
    public init?(argument: String) {
        guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex, argument.index(after: equals) != argument.endIndex else {
            return nil
        }
        self.init(language: String(argument[..<equals]), file: URL(fileURLWithPath: String(argument[argument.index(after: equals)...])))
    }
}
