import LecternHLS
import Synchronization

/// Parsed package masters, keyed by lecture id and validated by the file's entity tag (size + mtime), so the adaptive
/// master costs a `stat` rather than a read and a parse. Bounded: at most `capacity` lectures, cleared when full.
///
/// Each entry also keeps the masters already written for it, one per choice of variants and languages, as the text
/// around the session token (`pieces`, joined with the token per request): thousands of learners opening the same
/// lecture get a handful of distinct masters, and writing one was most of the cost of answering.
final class MasterPlaylistCache: Sendable {
    private struct Entry {
        var entityTag: String
        var playlist: MultivariantPlaylist
        var rendered: [String: [String]] = [:]
    }

    let capacity: Int
    /// Written masters kept per lecture version (a client could otherwise make one per `?audio=` value).
    static let renderedCapacity = 64
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

    /// The written master for `key` (a choice of variants and languages) of this version of the lecture, if kept.
    func rendered(id: String, entityTag: String, key: String) -> [String]? {
        entries.withLock { entries in
            guard let entry = entries[id], entry.entityTag == entityTag else { return nil }
            return entry.rendered[key]
        }
    }

    /// Keeps a written master; ignored when the lecture's entry is gone or belongs to another version.
    func storeRendered(_ pieces: [String], id: String, entityTag: String, key: String) {
        entries.withLock { entries in
            guard var entry = entries[id], entry.entityTag == entityTag else { return }
            entries[id] = nil  // no second reference while the dictionary inside changes
            if entry.rendered.count >= Self.renderedCapacity { entry.rendered.removeAll(keepingCapacity: true) }
            entry.rendered[key] = pieces
            entries[id] = entry
        }
    }
}
