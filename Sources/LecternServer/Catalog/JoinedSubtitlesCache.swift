import Synchronization

/// Whole subtitle tracks already joined, by lecture, track and the subtitle playlist's entity tag: a long lecture's
/// track is hundreds of WebVTT segments, read once per published version rather than on every page load.
/// Bounded: at most `capacity` tracks, cleared when full.
final class JoinedSubtitlesCache: Sendable {
    let capacity: Int
    private let entries = Mutex<[String: String]>([:])

    init(capacity: Int = 256) {
        self.capacity = capacity
    }

    func text(forKey key: String) -> String? {
        entries.withLock { $0[key] }
    }

    func store(_ text: String, forKey key: String) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = text
        }
    }
}
