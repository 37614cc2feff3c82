import Foundation
import LecternPackage

/// The origin's master playlists as stored, kept in `<library>/.mirror/masters/<sha256>.m3u8`.
///
/// A mirrored lecture carries a master rewritten to the renditions kept, so the origin's own master cannot be read back
/// from it; keeping the original here lets an unchanged re-run plan from the catalog and manifests alone.
struct MasterCache {
    let folder: URL

    init(library: Library) {
        folder = library.root.appendingPathComponent(".mirror/masters", isDirectory: true)
    }

    /// The cached master with this SHA-256, if present and intact.
    func read(sha256: String) -> Data? {
        guard let data = try? Data(contentsOf: url(sha256)), SHA256Hasher.hash(data) == sha256 else { return nil }
        return data
    }

    func store(_ data: Data, sha256: String) {
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try? data.write(to: url(sha256), options: .atomic)
    }

    /// Removes the masters no lecture at the origin refers to any more.
    func keep(only digests: Set<String>) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        where !digests.contains(String(name.dropLast(".m3u8".count))) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
    }

    private func url(_ sha256: String) -> URL { folder.appendingPathComponent("\(sha256).m3u8") }
}
