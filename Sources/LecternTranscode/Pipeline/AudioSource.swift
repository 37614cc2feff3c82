public import Foundation

/// One audio language a transcode encodes into every audio tier: the recording's own sound, another audio stream of
/// the recording (a tagged interpretation track), or another file (`--audio fr=lecture.fr.m4a`).
public struct AudioSource: Sendable, Hashable {
    /// BCP-47 tag.
    public var language: String
    /// The file holding it; nil for a stream of the recording itself.
    public var file: URL?
    /// The audio stream's index in its file.
    public var streamIndex: Int
    /// Appended to each tier's name for this language's renditions ("" for the lecture's own language, so its
    /// renditions keep the names `audio-64k`, `audio-32k`; "-fr" gives `audio-64k-fr`).
    public var nameSuffix: String

    /// A language to encode; leave `file` nil for a stream of the recording itself.
    public init(language: String, file: URL? = nil, streamIndex: Int, nameSuffix: String) {
        self.language = language
        self.file = file
        self.streamIndex = streamIndex
        self.nameSuffix = nameSuffix
    }
}
