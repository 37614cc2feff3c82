import Hummingbird
public import LecternPackage
public import Logging

/// What the controllers share: the library, the throughput tracker, metrics and a logger.
public struct ServerServices: Sendable {
    public let library: Library
    public let tracker: ThroughputTracker
    public let metrics: ServerMetrics
    public let logger: Logger
    let files: StaticFileResponder
    let resolver: PackageFileResolver
    let masters: MasterPlaylistCache
    let subtitles: JoinedSubtitlesCache

    public init(library: Library, metrics: ServerMetrics, tracker: ThroughputTracker = ThroughputTracker(), logger: Logger) {
        self.library = library
        self.metrics = metrics
        self.tracker = tracker
        self.logger = logger
        self.files = StaticFileResponder(fileIO: FileIO())
        self.resolver = PackageFileResolver(library: library)
        self.masters = MasterPlaylistCache()
        self.subtitles = JoinedSubtitlesCache()
    }
}
