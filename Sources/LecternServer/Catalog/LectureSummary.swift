public import LecternPackage

/// One lecture as `/api/lectures` describes it.
public struct LectureSummary: Codable, Sendable, Hashable {
    public struct Rendition: Codable, Sendable, Hashable {
        public var name: String
        public var kind: String
        /// Peak bits per second (`BANDWIDTH`).
        public var bandwidth: Int
        public var averageBandwidth: Int
        /// Total bytes of the rendition's files.
        public var bytes: Int
        public var width: Int?
        public var height: Int?
        public var frameRate: Double?
    }

    public var id: String
    public var title: String
    public var series: String?
    public var language: String
    /// Seconds.
    public var duration: Double
    public var poster: String?
    public var master: String
    public var watch: String
    public var renditions: [Rendition]
    /// Total bytes of the package (every file plus nothing else).
    public var packageBytes: Int

    public init(_ manifest: Manifest) {
        id = manifest.id
        title = manifest.title
        series = manifest.series
        language = manifest.language
        duration = manifest.duration
        poster = manifest.files.contains { $0.path == "poster.jpg" } ? "/lectures/\(manifest.id)/poster.jpg" : nil
        master = "/lectures/\(manifest.id)/master.m3u8"
        watch = "/watch/\(manifest.id)"
        renditions = manifest.renditions.map {
            Rendition(
                name: $0.name, kind: $0.kind.rawValue, bandwidth: $0.bandwidth, averageBandwidth: $0.averageBandwidth, bytes: $0.bytes,
                width: $0.width, height: $0.height, frameRate: $0.frameRate
            )
        }
        packageBytes = manifest.files.reduce(0) { $0 + $1.size }
    }
}
