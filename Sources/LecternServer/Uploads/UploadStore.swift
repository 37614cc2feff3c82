import Crypto
import Foundation
import Hummingbird
import LecternJobs
import LecternPackage
import NIOCore
import NIOFileSystem
import NIOPosix
import Synchronization

/// Upload files on the origin's disk: `<id>.bin` holds the bytes received so far and `<id>.json` the record. Ids are
/// made here (`u` + 20 hex digits) and checked before they name a file; nothing an uploader sends becomes a path.
struct UploadStore: Sendable {
    let folder: URL
    /// Uploads being written to: a second PATCH of the same upload at once gets 423.
    private let busy = Busy()
    /// The SHA-256 of each upload's bytes so far, kept while they arrive in order, so completing an upload does not
    /// read it all again (after a restart, it does).
    private let running = RunningHashes()

    init(folder: URL) {
        self.folder = folder
    }

    /// `u` followed by 20 lowercase hex digits.
    static func isUploadID(_ id: String) -> Bool { JobSpec.isUploadID(id) }

    func dataURL(_ id: String) -> URL { folder.appendingPathComponent("\(id).bin") }
    private func infoURL(_ id: String) -> URL { folder.appendingPathComponent("\(id).json") }

    /// Makes the folder (mode 700: uploads are nobody else's business on the machine).
    func prepare() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    /// Records a new, empty upload.
    func create(_ info: UploadInfo) throws {
        try prepare()
        guard FileManager.default.createFile(atPath: dataURL(info.id).path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw HTTPFailure(.internalServerError, "cannot create the upload's file")
        }
        try save(info)
    }

    /// The record of upload `id`; nil when there is none (or `id` is not an upload id).
    func info(_ id: String) -> UploadInfo? {
        guard Self.isUploadID(id), let data = try? Data(contentsOf: infoURL(id)) else { return nil }
        return try? JSONDecoder().decode(UploadInfo.self, from: data)
    }

    /// Writes the record through a temporary file and a rename, so a crash leaves the old or the new one.
    func save(_ info: UploadInfo) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        let temporary = folder.appendingPathComponent(".\(info.id).json.tmp")
        try encoder.encode(info).write(to: temporary)
        guard rename(temporary.path, infoURL(info.id).path) == 0 else {
            throw HTTPFailure(.internalServerError, "cannot record the upload (\(String(cString: strerror(errno))))")
        }
    }

    /// Waits (up to 10 s) until no request writes to upload `id`, then holds it; 423 after that. A client that lost
    /// its connection mid-PATCH and resumes at once meets the old request still finishing: it waits for it, so the
    /// offset it gets is final (unverified bytes of a checksummed chunk are never counted).
    private func claim(_ id: String) async throws {
        for _ in 0..<200 {
            if busy.claim(id) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw HTTPFailure(HTTPResponse.Status(code: 423, reasonPhrase: "Locked"), "another request is still writing to this upload")
    }

    /// Runs `body` holding upload `id` (no PATCH writes to it meanwhile; see `claim`).
    func holding<T>(_ id: String, _ body: () async throws -> T) async throws -> T {
        try await claim(id)
        defer { busy.release(id) }
        return try await body()
    }

    /// The bytes received so far, once no request is writing to the upload (see `claim`).
    func settledOffset(_ id: String) async throws -> Int {
        try await claim(id)
        defer { busy.release(id) }
        return offset(id)
    }

    /// Bytes received so far.
    func offset(_ id: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: dataURL(id).path))?[.size] as? Int) ?? 0
    }

    /// Removes an upload's files.
    func remove(_ id: String) {
        guard Self.isUploadID(id) else { return }
        try? FileManager.default.removeItem(at: dataURL(id))
        try? FileManager.default.removeItem(at: infoURL(id))
    }

    /// Every upload's record.
    func all() -> [UploadInfo] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.compactMap { info(String($0.dropLast(5))) }
    }

    /// Free bytes on the uploads' disk.
    func freeBytes() -> Int {
        // The folder is made at the first upload: until then, ask about the nearest folder that exists.
        var probe = folder
        while !FileManager.default.fileExists(atPath: probe.path), probe.pathComponents.count > 1 { probe.deleteLastPathComponent() }
        var stats = statvfs()
        guard statvfs(probe.path, &stats) == 0 else { return 0 }
        return Int(stats.f_bavail) * Int(stats.f_frsize)
    }

    /// Appends `body` to upload `info` at `offset`, in constant memory; the new offset. With `checksum` (SHA-256 of
    /// the body) a mismatch writes nothing and throws 460. A body cut short keeps what arrived (tus resumes from
    /// there) unless a checksum was given.
    func append(
        _ info: UploadInfo,
        at offset: Int,
        body: some AsyncSequence<ByteBuffer, any Error>,
        checksum: ChunkChecksum?
    ) async throws -> Int {
        try await claim(info.id)
        defer { busy.release(info.id) }
        let current = self.offset(info.id)
        guard offset == current else {
            throw HTTPFailure(
                .conflict,
                "Upload-Offset \(offset) does not match the \(current) bytes received",
                headers: [HeaderName.uploadOffset: "\(current)"]
            )
        }
        let path = FilePath(dataURL(info.id).path)
        var whole = running.take(info.id, at: offset)
        var covered = 0
        // Kept as covering what it hashed; a completion checks that against the file's size before trusting it.
        defer { running.keep(info.id, whole, at: offset + covered) }
        let outcome = try await FileSystem.shared.withFileHandle(forWritingAt: path, options: .modifyFile(createIfNecessary: false)) {
            handle in
            try await Self.write(body, to: handle, at: offset, limit: info.length, checksum: checksum, whole: &whole, covered: &covered)
        }
        switch outcome {
        case .written(let count): return offset + count
        case .tooLong: throw HTTPFailure(.contentTooLarge, "more bytes than the Upload-Length of \(info.length)")
        case .checksumMismatch:
            throw HTTPFailure(
                HTTPResponse.Status(code: 460, reasonPhrase: "Checksum Mismatch"),
                "the chunk's \(checksum?.algorithm.rawValue ?? "") does not match Upload-Checksum; nothing of it was kept"
            )
        }
    }

    /// The request's body ended before its end (the client's connection dropped); what arrived is kept or cut back.
    struct BodyEnded: Error {
        var cause: any Error
    }

    private enum WriteOutcome {
        case written(Int)
        case tooLong
        case checksumMismatch
    }

    /// Writes `body` at `offset` through a `BlockWriter`, adding what it writes to `whole` (the file's running SHA-256, nil
    /// when unknown); on a bad ending (too long, checksum mismatch, or the connection lost while a checksum was asked
    /// for) the file is cut back to `offset` and `whole` left as it was.
    private static func write(
        _ body: some AsyncSequence<ByteBuffer, any Error>,
        to handle: WriteFileHandle,
        at offset: Int,
        limit: Int,
        checksum: ChunkChecksum?,
        whole: inout SHA256?,
        covered: inout Int
    ) async throws -> WriteOutcome {
        var hasher = checksum?.hasher()
        var blocks = BlockWriter(handle: handle, at: offset, hash: whole)
        let before = whole
        var written = 0
        var running = whole
        defer {
            whole = written > 0 ? running : before
            covered = written
        }
        func cutBack() async throws {
            await blocks.stop()
            try await handle.resize(to: .bytes(Int64(offset)))
        }
        do {
            for try await var chunk in body {
                guard offset + blocks.received + chunk.readableBytes <= limit else {
                    try await cutBack()
                    return .tooLong
                }
                hasher?.update(chunk.readableBytesView)
                try await blocks.append(&chunk)
            }
            running = try await blocks.finish()
        } catch {
            // The connection dropped: keep what arrived (tus resumes there), unless its checksum can no longer be checked.
            if checksum == nil, let hash = try? await blocks.finish() {
                running = hash
                written = blocks.handedOver
            } else {
                try? await cutBack()
            }
            throw BodyEnded(cause: error)
        }
        if let checksum, hasher?.finalize() != checksum.digest {
            try await cutBack()
            return .checksumMismatch
        }
        written = blocks.handedOver
        return .written(written)
    }

    /// SHA-256 (hex) of a complete upload's bytes, read on the thread pool.
    func hash(_ id: String) async throws -> String {
        if let digest = running.finish(id, size: offset(id)) { return digest }
        let url = dataURL(id)
        return try await NIOThreadPool.singleton.runIfActive { try SHA256Hasher.hashFile(at: url) }
    }

    /// Running SHA-256 of uploads, with the byte count each covers.
    private final class RunningHashes: Sendable {
        private let hashes = Mutex<[String: (bytes: Int, hash: SHA256)]>([:])

        /// The hash of the first `offset` bytes of upload `id`: a new one at 0, nil when not known up to there.
        func take(_ id: String, at offset: Int) -> SHA256? {
            if offset == 0 { return SHA256() }
            return hashes.withLock { $0[id] }.flatMap { $0.bytes == offset ? $0.hash : nil }
        }

        /// Keeps `hash` as covering the first `bytes` bytes (forgets the upload when nil).
        func keep(_ id: String, _ hash: SHA256?, at bytes: Int) {
            hashes.withLock { $0[id] = hash.map { (bytes, $0) } }
        }

        /// The hex digest when the running hash covers exactly `size` bytes; forgets the upload.
        func finish(_ id: String, size: Int) -> String? {
            guard let entry = hashes.withLock({ $0.removeValue(forKey: id) }), entry.bytes == size else { return nil }
            return SHA256Hasher.hex(entry.hash.finalize())
        }
    }

    /// Which uploads may not be written to right now.
    private final class Busy: Sendable {
        private let ids = Mutex<Set<String>>([])
        func claim(_ id: String) -> Bool { ids.withLock { $0.insert(id).inserted } }
        func release(_ id: String) { _ = ids.withLock { $0.remove(id) } }
    }
}
