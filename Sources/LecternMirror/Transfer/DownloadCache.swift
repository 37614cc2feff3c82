import Foundation
import LecternPackage

/// `<library>/.staging/mirror-<id>/`: the files of one lecture fetched so far, named by SHA-256 — `<sha256>` once
/// verified, `<sha256>.part` while arriving. It outlives a killed or failed run so the next run resumes from it, and
/// is removed once the lecture is published (or by `Library.cleanStaleStaging` when untouched for hours).
struct DownloadCache: Sendable {
    let folder: URL

    init(library: Library, id: String) {
        folder = library.stagingURL.appendingPathComponent("mirror-\(id)", isDirectory: true)
    }

    func verified(_ entry: FileEntry) -> URL { folder.appendingPathComponent(entry.sha256) }
    func partial(_ entry: FileEntry) -> URL { folder.appendingPathComponent(entry.sha256 + ".part") }

    /// True when the file was fetched and verified by an earlier attempt or run.
    func has(_ entry: FileEntry) -> Bool { LecturePlan.size(of: verified(entry)) == entry.size }

    func prepare() throws(MirrorError) {
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw MirrorError(
                .targetFailed,
                "\(folder.path): cannot create: \((error as NSError).localizedFailureReason ?? error.localizedDescription)"
            )
        }
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}
