import Synchronization

/// Where recently requested package paths lead once their symbolic links are resolved, each trusted for `lifetime`
/// (like nginx's `open_file_cache valid=`): a segment request then costs one `stat` instead of two `realpath` walks.
/// Only the link resolution is kept — size and modification time are read again on every request — so a changed or
/// re-published file is served at once, and so is a file replaced by a symbolic link (`lstat`); a link swapped in for
/// one of its folders is noticed within `lifetime`. Failed lookups are
/// never cached: a lecture published a moment ago is served at once.
final class ResolutionCache: Sendable {
    private struct Entry {
        var realPath: String
        var expires: ContinuousClock.Instant
    }

    let lifetime: Duration
    /// Entries held at most; the whole cache is dropped when full (cheaper than tracking age, and refilled at once).
    let capacity: Int
    private let now: @Sendable () -> ContinuousClock.Instant
    private let entries = Mutex<[String: Entry]>([:])

    init(lifetime: Duration = .seconds(1), capacity: Int = 8192, now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.lifetime = lifetime
        self.capacity = capacity
        self.now = now
    }

    func realPath(forKey key: String) -> String? {
        let instant = now()
        return entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard entry.expires > instant else {
                entries[key] = nil
                return nil
            }
            return entry.realPath
        }
    }

    func store(_ realPath: String, forKey key: String) {
        guard lifetime > .zero else { return }
        let expires = now() + lifetime
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(realPath: realPath, expires: expires)
        }
    }
}
