/// One subtitle event decoded from a stream inside a recording, as a Swift value.
public struct DecodedSubtitle: Sendable, Hashable {
    /// How `text` is written: FFmpeg's text decoders (mov_text, SubRip, ASS/SSA, WebVTT) all produce ASS dialogue lines.
    public enum Markup: Sendable, Hashable {
        /// An ASS `Dialogue` payload: `ReadOrder,Layer,Style,Name,MarginL,MarginR,MarginV,Effect,Text`.
        case ass
        /// Plain text.
        case plain
    }

    /// Seconds, in the recording's timeline (the stream's timestamps, not shifted).
    public var start: Double
    /// Seconds; nil when neither the packet nor the decoder says how long it shows.
    public var end: Double?
    public var text: String
    public var markup: Markup
}
