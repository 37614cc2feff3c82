import Foundation
import LecternPackage

/// A library in a folder (a USB drive, another campus's export) as a mirror origin.
struct FolderOrigin: MirrorOrigin {
    let library: Library

    init(_ root: URL) throws(MirrorError) {
        let lectures = root.appendingPathComponent(Library.lecturesFolderName)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw MirrorError(.invalidOrigin, "\(root.path): no such folder")
        }
        guard FileManager.default.fileExists(atPath: lectures.path) else {
            throw MirrorError(.invalidOrigin, "\(root.path): not a Lectern library (no lectures/ folder)")
        }
        library = Library(root: root)
    }

    var location: String { library.root.path }

    func catalog(meter: MetadataMeter) async throws(MirrorError) -> [CatalogEntry] {
        do {
            return try library.listLectures().map { CatalogEntry(id: $0.id, manifest: .success($0)) }
        } catch {
            throw MirrorError(.invalidOrigin, "\(library.root.path): cannot list lectures: \(error)")
        }
    }

    func master(of id: String, meter: MetadataMeter) async throws -> Data {
        let data = try Data(contentsOf: url(of: "master.m3u8", in: id))
        meter.add(data.count)
        return data
    }

    /// Copies in 1 MiB chunks from where the partial file stops (a drive pulled out mid-copy resumes on the next run).
    func fetch(_ path: String, of id: String, into file: PartialFile) async throws {
        let source = url(of: path, in: id)
        let handle: FileHandle
        do { handle = try FileHandle(forReadingFrom: source) } catch {
            throw FileManager.default.fileExists(atPath: source.path)
                ? TransferFailure.retryable("\(source.path): cannot read: \(error.localizedDescription)")
                : TransferFailure.permanent("\(source.path): missing at the origin")
        }
        defer { try? handle.close() }
        do {
            let end = try handle.seekToEnd()
            if end < UInt64(file.size) { try file.restart() }
            try handle.seek(toOffset: UInt64(file.size))
        } catch let error as MirrorError {
            throw error
        } catch {
            throw TransferFailure.retryable("\(source.path): cannot read: \(error.localizedDescription)")
        }
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: min(SHA256Hasher.chunkSize, file.pacingSlice)) ?? Data() } catch {
                throw TransferFailure.retryable("\(source.path): cannot read: \(error.localizedDescription)")
            }
            if chunk.isEmpty { return }
            try await file.pace(chunk.count)
            try chunk.withUnsafeBytes { try file.append($0) }
        }
    }

    func shutdown() async {}

    func url(of path: String, in id: String) -> URL { library.lectureURL(id).appendingPathComponent(path) }
}
