/// One cue of a subtitle track: when it shows and what it says, in the lecture's timeline (seconds from its start).
public struct SubtitleCue: Sendable, Hashable, Codable {
    /// Seconds from the lecture's start when the cue appears.
    public var start: Double
    /// Seconds from the lecture's start when the cue disappears; never before `start`.
    public var end: Double
    /// WebVTT cue text: lines separated by "\n", `<i>`/`<b>`/`<u>` kept, `&` and `<` escaped otherwise.
    public var text: String
    /// WebVTT cue settings (`position:10% align:start`), kept from a WebVTT source; empty otherwise.
    public var settings: String
    /// Line of the source file where the cue's timing line is (0 for cues from a stream), for error messages.
    public var line: Int

    /// A cue; `settings` and `line` matter only for cues read from a file.
    public init(start: Double, end: Double, text: String, settings: String = "", line: Int = 0) {
        self.start = start
        self.end = end
        self.text = text
        self.settings = settings
        self.line = line
    }
}
