/// The outcome of `lectern verify`: one check per rule and subject, for people and scripts.
public struct VerifyReport: Sendable, Codable {
    /// What a check is about; the raw value is the name `lectern verify` prints and `--json` carries.
    public enum Rule: String, Sendable, Codable, CaseIterable {
        /// The package matches its `manifest.json`: every file listed, with its size and SHA-256, and nothing else; also what a
        /// target that is no package, library or playlist fails.
        case integrity = "integrity"
        /// The playlist parses as HLS.
        case playlistParses = "playlist-parses"
        /// The playlist, its segments and its init section can be read.
        case uriResolves = "uri-resolves"
        /// `EXT-X-VERSION` is high enough for the features the playlist uses (RFC 8216 7).
        case version = "version"
        /// No EXTINF, rounded, exceeds `EXT-X-TARGETDURATION`.
        case targetDuration = "target-duration"
        /// A VOD or I-frame playlist ends with `EXT-X-ENDLIST`.
        case endList = "endlist"
        /// The multivariant playlist declares `EXT-X-INDEPENDENT-SEGMENTS`.
        case independentSegments = "independent-segments"
        /// Every inspected segment of a video variant starts on a key frame.
        case keyFrames = "key-frames"
        /// The video variants cut their segments at the same times.
        case alignedSegments = "aligned-segments"
        /// The video variants last as long as each other (within 0.1 s), the audio renditions as long as the video (0.5 s).
        case durationsAgree = "durations-agree"
        /// The measured peak (with the variant's audio) is at most 10 % above `BANDWIDTH`, and `BANDWIDTH` at most 1.5 × the peak.
        case bandwidth = "bandwidth"
        /// `AVERAGE-BANDWIDTH` is present and within 10 % of the measured average.
        case averageBandwidth = "average-bandwidth"
        /// `CODECS` is present and describes the streams read (codec, H.264 profile and level, AAC object type).
        case codecs = "codecs"
        /// `RESOLUTION` is present on a video variant and matches its stream.
        case resolution = "resolution"
        /// `FRAME-RATE` is present on a video variant and matches its stream within 1 %.
        case frameRate = "frame-rate"
        /// A presentation with audio offers an audio-only variant, the fallback below the lowest video variant.
        case audioOnlyVariant = "audio-only-variant"
        /// Every video resolution has an I-frame playlist: I-frames only, byte ranges inside their files, entries on key frames.
        case iFramePlaylists = "i-frame-playlists"
        /// Every `AUDIO` and `SUBTITLES` group a variant names is defined.
        case groupsExist = "groups-exist"
        /// Subtitle playlists last as long as the video and cut where it does; segments are WebVTT whose `X-TIMESTAMP-MAP`
        /// is the video's first PTS.
        case subtitles = "subtitles"
    }

    /// One rule applied to one subject, and whether it held.
    public struct Check: Sendable, Codable, Hashable {
        /// The rule applied.
        public var rule: Rule
        /// What was checked: a playlist, a segment, a file.
        public var subject: String
        /// Whether the rule held.
        public var passed: Bool
        /// Why it failed, in one line; nil when it passed.
        public var detail: String?
    }

    /// The package, library or URL verified.
    public var target: String
    /// Every check, in the order they ran.
    public var checks: [Check] = []
    /// Bytes downloaded (remote targets).
    public var bytesFetched: Int = 0
    /// Facts worth showing that are no check (files matched, bytes downloaded, an empty library).
    public var notes: [String] = []

    /// How many checks passed.
    public var passed: Int { checks.filter(\.passed).count }
    /// How many checks failed; `lectern verify` exits 0 only when none did.
    public var failed: Int { checks.count - passed }

    mutating func record(_ rule: Rule, _ subject: String, _ passed: Bool, _ detail: @autoclosure () -> String? = nil) {
        checks.append(Check(rule: rule, subject: subject, passed: passed, detail: passed ? nil : detail()))
    }

    mutating func merge(_ other: VerifyReport, prefix: String) {
        checks += other.checks.map { check in
            var check = check
            check.subject = prefix + check.subject
            return check
        }
        bytesFetched += other.bytesFetched
        notes += other.notes.map { prefix + $0 }
    }
}
