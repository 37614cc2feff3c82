/// The outcome of `lectern verify`: one check per rule and subject, for people and scripts.
public struct VerifyReport: Sendable, Codable {
    public enum Rule: String, Sendable, Codable, CaseIterable {
        case integrity = "integrity"
        case playlistParses = "playlist-parses"
        case uriResolves = "uri-resolves"
        case version = "version"
        case targetDuration = "target-duration"
        case endList = "endlist"
        case independentSegments = "independent-segments"
        case keyFrames = "key-frames"
        case alignedSegments = "aligned-segments"
        case durationsAgree = "durations-agree"
        case bandwidth = "bandwidth"
        case averageBandwidth = "average-bandwidth"
        case codecs = "codecs"
        case resolution = "resolution"
        case frameRate = "frame-rate"
        case audioOnlyVariant = "audio-only-variant"
        case iFramePlaylists = "i-frame-playlists"
        case groupsExist = "groups-exist"
        case subtitles = "subtitles"
    }

    public struct Check: Sendable, Codable, Hashable {
        public var rule: Rule
        /// What was checked: a playlist, a segment, a file.
        public var subject: String
        public var passed: Bool
        public var detail: String?
    }

    /// The package, library or URL verified.
    public var target: String
    public var checks: [Check] = []
    /// Bytes downloaded (remote targets).
    public var bytesFetched: Int = 0
    public var notes: [String] = []

    public var passed: Int { checks.filter(\.passed).count }
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
