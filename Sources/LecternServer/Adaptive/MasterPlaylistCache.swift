import LecternHLS
import Synchronization

/// Parsed package masters, keyed by lecture id and validated by the file's entity tag (size + mtime), so the adaptive
/// master costs a `stat` rather than a read and a parse. Bounded: at most `capacity` lectures, cleared when full.
final class MasterPlaylistCache: Sendable {
    private struct Entry {
        var entityTag: String
        var playlist: MultivariantPlaylist
    }

    let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])

    init(capacity: Int = 512) {
        self.capacity = capacity
    }

    func playlist(id: String, entityTag: String) -> MultivariantPlaylist? {
        entries.withLock { entries in
            guard let entry = entries[id], entry.entityTag == entityTag else { return nil }
            return entry.playlist
        }
    }

    func store(_ playlist: MultivariantPlaylist, id: String, entityTag: String) {
        entries.withLock { entries in
            if entries.count >= capacity, entries[id] == nil { entries.removeAll(keepingCapacity: true) }
            entries[id] = Entry(entityTag: entityTag, playlist: playlist)
        }
    }
}
