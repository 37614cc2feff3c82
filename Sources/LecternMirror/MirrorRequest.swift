public import Foundation

/// What a campus asks for: which lectures from where, into which library, and how much of each.
public struct MirrorRequest: Sendable {
    /// A folder holding a library (a USB drive, another campus's export; a `file://` URL), or the `http(s)://` address
    /// of a `lectern serve`.
    public var origin: URL
    public var into: URL
    /// Only these series (empty: all).
    public var series: [String]
    /// Only these lecture ids (empty: all).
    public var lectures: [String]
    /// Keep the video variants at or below this many kbps (plus always the floor and the audio-only variant).
    public var maxKbps: Int?
    /// Keep exactly these renditions (plus the audio they play with); overrides `maxKbps`.
    public var renditions: [String]
    /// Only these audio and subtitle languages (BCP-47; empty: all). The lecture's own language is always kept: it is
    /// the default of every audio group.
    public var languages: [String] = []
    /// Remove local lectures that the origin no longer has.
    public var prune: Bool
    /// Plan only: print what would be transferred.
    public var dryRun: Bool
    /// Files transferred at the same time.
    public var concurrency: Int
    /// Bytes per second over all transfers together (nil: as fast as the link goes).
    public var limitRate: Int?
    /// How often one file is tried over a failing link (timeouts, resets, 5xx) before its lecture is given up for this run.
    public var attempts: Int
    /// The wait after the first failed attempt; it doubles after each further one (exponential backoff).
    public var backoff: Duration
    /// How long to wait for a connection, and for the next bytes of a response, before the attempt counts as failed.
    public var connectTimeout: Duration
    public var readTimeout: Duration

    public init(
        origin: URL,
        into: URL,
        series: [String] = [],
        lectures: [String] = [],
        maxKbps: Int? = nil,
        renditions: [String] = [],
        prune: Bool = false,
        dryRun: Bool = false,
        concurrency: Int = 4,
        limitRate: Int? = nil,
        attempts: Int = 6,
        backoff: Duration = .milliseconds(500),
        connectTimeout: Duration = .seconds(5),
        readTimeout: Duration = .seconds(30)
    ) {
        self.origin = origin
        self.into = into
        self.series = series
        self.lectures = lectures
        self.maxKbps = maxKbps
        self.renditions = renditions
        self.prune = prune
        self.dryRun = dryRun
        self.concurrency = concurrency
        self.limitRate = limitRate
        self.attempts = attempts
        self.backoff = backoff
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
    }

    /// Parses an origin as typed on the command line: an `http(s)://` address, or a folder path.
    public static func origin(_ text: String) -> URL? {
        let lowered = text.lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") {
            guard let url = URL(string: text), url.host != nil else { return nil }
            return url
        }
        return URL(fileURLWithPath: text, isDirectory: true)
    }

    /// Parses a rate like curl's `--limit-rate`: bytes per second, with an optional k, M or G suffix (powers of 1024).
    public static func rate(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let last = trimmed.last else { return nil }
        let multipliers: [Character: Double] = ["k": 1024, "K": 1024, "m": 1_048_576, "M": 1_048_576, "g": 1_073_741_824, "G": 1_073_741_824]
        let multiplier = multipliers[last] ?? 1
        let number = multipliers[last] == nil ? trimmed : String(trimmed.dropLast())
        guard let value = Double(number), value.isFinite, value > 0 else { return nil }
        let bytes = value * multiplier
        guard bytes >= 1, bytes < Double(Int.max) else { return nil }
        return Int(bytes)
    }
}

/// What a mirror run did (or, for a dry run, would do).
public struct MirrorReport: Sendable, Codable {
    public struct Lecture: Sendable, Codable {
        public enum Status: String, Sendable, Codable { case published, updated, unchanged, planned, failed }
        public var id: String
        public var title: String
        public var status: Status
        public var renditions: [String]
        /// Files the plan fetches from the origin (not already present and identical locally).
        public var filesToFetch: Int
        public var bytesToFetch: Int
        /// Files received from the origin in this run.
        public var filesTransferred: Int
        /// File bytes received from the origin in this run (a resumed file counts only what came after the resume).
        public var bytesTransferred: Int
        /// Bytes of the selected files.
        public var bytesTotal: Int
        public var error: String?
    }

    public var origin: String
    public var library: String
    public var lectures: [Lecture] = []
    public var pruned: [String] = []
    /// Bytes of the catalog, manifests and master playlists read from the origin (not counted as file bytes).
    public var metadataBytes: Int = 0
    /// Bytes of partial files kept from an earlier, interrupted run and not fetched again.
    public var bytesResumed: Int = 0
    public var wallSeconds: Double = 0

    public var bytesTransferred: Int { lectures.reduce(0) { $0 + $1.bytesTransferred } }
    public var failed: Int { lectures.filter { $0.status == .failed }.count }

    enum CodingKeys: String, CodingKey {
        case origin, library, lectures, pruned, metadataBytes, bytesResumed, wallSeconds, bytesTransferred, failed
    }

    public init(origin: String, library: String) {
        self.origin = origin
        self.library = library
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        origin = try container.decode(String.self, forKey: .origin)
        library = try container.decode(String.self, forKey: .library)
        lectures = try container.decode([Lecture].self, forKey: .lectures)
        pruned = try container.decode([String].self, forKey: .pruned)
        metadataBytes = try container.decode(Int.self, forKey: .metadataBytes)
        bytesResumed = try container.decode(Int.self, forKey: .bytesResumed)
        wallSeconds = try container.decode(Double.self, forKey: .wallSeconds)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(origin, forKey: .origin)
        try container.encode(library, forKey: .library)
        try container.encode(lectures, forKey: .lectures)
        try container.encode(pruned, forKey: .pruned)
        try container.encode(metadataBytes, forKey: .metadataBytes)
        try container.encode(bytesResumed, forKey: .bytesResumed)
        try container.encode(wallSeconds, forKey: .wallSeconds)
        try container.encode(bytesTransferred, forKey: .bytesTransferred)
        try container.encode(failed, forKey: .failed)
    }
}
