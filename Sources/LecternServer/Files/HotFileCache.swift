import Hummingbird
import Synchronization

/// The bytes of recently served small package files (segments, init sections, posters), validated by entity tag.
/// Packages are immutable, and a class of learners watching the same lecture asks for the same segments: serving them
/// from memory skips the thread-pool reads. Bounded by `capacity` bytes, oldest insertions evicted first.
final class HotFileCache: Sendable {
    private struct Entry {
        var entityTag: String
        var bytes: ByteBuffer
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var order: [String] = []
        var total = 0
    }

    /// Total bytes held at most.
    let capacity: Int
    /// Files larger than this are always streamed from disk.
    let maxFileSize: Int
    private let state = Mutex(State())

    init(capacity: Int = 64 << 20, maxFileSize: Int = 1 << 20) {
        self.capacity = capacity
        self.maxFileSize = maxFileSize
    }

    func bytes(path: String, entityTag: String) -> ByteBuffer? {
        state.withLock { state in
            guard let entry = state.entries[path], entry.entityTag == entityTag else { return nil }
            return entry.bytes
        }
    }

    func store(_ bytes: ByteBuffer, path: String, entityTag: String) {
        guard bytes.readableBytes <= maxFileSize, bytes.readableBytes <= capacity else { return }
        state.withLock { state in
            if let old = state.entries.removeValue(forKey: path) {
                state.total -= old.bytes.readableBytes
                state.order.removeAll { $0 == path }
            }
            while state.total + bytes.readableBytes > capacity, !state.order.isEmpty {
                let oldest = state.order.removeFirst()
                if let evicted = state.entries.removeValue(forKey: oldest) { state.total -= evicted.bytes.readableBytes }
            }
            state.entries[path] = Entry(entityTag: entityTag, bytes: bytes)
            state.order.append(path)
            state.total += bytes.readableBytes
        }
    }

    var totalBytes: Int { state.withLock { $0.total } }
}
