public import Foundation

/// What a campus asks for: which lectures from where, into which library, and how much of each.
public struct MirrorRequest: Sendable {
    /// A folder holding a library (a USB drive, another campus's export). HTTP origins come with the server's catalog.
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
    /// Remove local lectures that the origin no longer has.
    public var prune: Bool
    /// Plan only: print what would be transferred.
    public var dryRun: Bool

    public init(
        origin: URL, into: URL, series: [String] = [], lectures: [String] = [], maxKbps: Int? = nil, renditions: [String] = [],
        prune: Bool = false, dryRun: Bool = false
    ) {
        self.origin = origin
        self.into = into
        self.series = series
        self.lectures = lectures
        self.maxKbps = maxKbps
        self.renditions = renditions
        self.prune = prune
        self.dryRun = dryRun
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
        /// Files copied from the origin (not already present and verified locally).
        public var filesTransferred: Int
        public var bytesTransferred: Int
        public var bytesTotal: Int
        public var error: String?
    }

    public var origin: String
    public var library: String
    public var lectures: [Lecture] = []
    public var pruned: [String] = []
    public var wallSeconds: Double = 0

    public var bytesTransferred: Int { lectures.reduce(0) { $0 + $1.bytesTransferred } }
    public var failed: Int { lectures.filter { $0.status == .failed }.count }
}

/// A mirror failure that stops the whole run (the origin or the target is unusable): one line naming the path.
public struct MirrorError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
