import Hummingbird
public import LecternPackage
public import Logging

/// What the controllers share: the library, the throughput tracker, metrics and a logger.
public struct ServerServices: Sendable {
    /// The lectures to serve.
    public let library: Library
    /// Segment throughput per playback session: the adaptive master's `measured` budget and the `CMSD-Dynamic` estimate.
    public let tracker: ThroughputTracker
    /// Counters and histograms that `/metrics` renders.
    public let metrics: ServerMetrics
    /// Where the controllers log.
    public let logger: Logger
    let files: StaticFileResponder
    let resolver: PackageFileResolver
    let masters: MasterPlaylistCache
    let subtitles: JoinedSubtitlesCache
    /// Uploads and jobs, when this server runs the ingest service.
    let ingest: IngestServices?
    /// The library's search index.
    let search: LibrarySearch

    /// Services over one library, with fresh file, playlist and subtitle caches; `buildApplication` makes one per server.
    public init(
        library: Library,
        metrics: ServerMetrics,
        tracker: ThroughputTracker = ThroughputTracker(),
        ingest: IngestConfiguration? = nil,
        logger: Logger
    ) {
        self.library = library
        self.metrics = metrics
        self.tracker = tracker
        self.logger = logger
        self.files = StaticFileResponder(fileIO: FileIO())
        self.resolver = PackageFileResolver(library: library)
        self.masters = MasterPlaylistCache()
        self.subtitles = JoinedSubtitlesCache()
        self.ingest = ingest.map(IngestServices.init(configuration:))
        self.search = LibrarySearch(library: library)
    }
}
