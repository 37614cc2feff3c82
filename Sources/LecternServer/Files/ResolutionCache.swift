import Synchronization

/// Recently resolved package files, each trusted for `lifetime` (like nginx's `open_file_cache valid=`): a segment
/// request then costs no `realpath` and `stat` system calls. Packages are immutable once published and a re-publish
/// renames a new folder into place, so a stale entry can only outlive a change by `lifetime`. Failed lookups are
/// never cached: a lecture published a moment ago is served at once.
final class ResolutionCache: Sendable {
    private struct Entry {
        var file: PackageFile
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

    func file(forKey key: String) -> PackageFile? {
        let instant = now()
        return entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard entry.expires > instant else {
                entries[key] = nil
                return nil
            }
            return entry.file
        }
    }

    func store(_ file: PackageFile, forKey key: String) {
        guard lifetime > .zero else { return }
        let expires = now() + lifetime
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(file: file, expires: expires)
        }
    }
}
