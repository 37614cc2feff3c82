import Synchronization

/// Bytes of catalog, manifests and master playlists read from the origin: the whole cost of an unchanged re-run.
final class MetadataMeter: Sendable {
    private let bytes = Mutex(0)

    func add(_ count: Int) { bytes.withLock { $0 += count } }

    var total: Int { bytes.withLock { $0 } }
}
