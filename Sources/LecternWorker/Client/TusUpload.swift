import AsyncHTTPClient
import Crypto
public import Foundation
import LecternPackage
import NIOCore
import NIOHTTP1

/// A resumable tus 1.0 upload of one file: created once, then sent in large chunks; after a dropped connection it asks
/// the server's offset and goes on from there, so what arrived before the drop is not sent again. The whole file's
/// SHA-256, computed here, must equal the one the origin computes of what it received (`Lectern-SHA256`), or the
/// upload is removed and refused. The upload's URL is kept in a state file, so a killed `lectern submit` resumes
/// instead of starting over.
public struct TusUpload: Sendable {
    /// Bytes sent so far and in all, for a progress bar; `sent` counts every byte put on the wire, resent ones too.
    public struct Progress: Sendable {
        public var offset: Int
        public var total: Int
        public var sent: Int
        public var elapsed: Duration
    }

    let client: ServiceClient
    let file: URL
    let metadata: [String: String]
    let chunkSize: Int
    let stateFile: URL

    /// An upload of `file` to `client`'s origin with `metadata` (tus `Upload-Metadata`), its URL kept in `stateFile`.
    public init(client: ServiceClient, file: URL, metadata: [String: String], chunkSize: Int = 16 << 20, stateFile: URL) {
        self.client = client
        self.file = file
        self.metadata = metadata
        self.chunkSize = chunkSize
        self.stateFile = stateFile
    }

    /// Sends the file (what the server lacks of it); the upload's id and, for a recording, its job.
    public func run(attempts: Int = 30, progress: @Sendable (Progress) -> Void = { _ in }) async throws -> (upload: String, job: String?) {
        let size = try fileSize()
        let expected = try SHA256Hasher.hashFile(at: file)
        let clock = ContinuousClock()
        let started = clock.now
        var sent = 0
        var failures = 0
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        while true {
            do {
                let (url, offset, job) = try await locate(size: size)
                var position = offset
                progress(Progress(offset: position, total: size, sent: sent, elapsed: clock.now - started))
                if position == size { return try await finished(url, job: job, expected: expected, received: nil) }
                try handle.seek(toOffset: UInt64(position))
                let chunk = try handle.read(upToCount: min(chunkSize, size - position)) ?? Data()
                sent += chunk.count
                let answer = try await patch(url, offset: position, chunk: chunk)
                position = answer.offset
                failures = 0
                progress(Progress(offset: position, total: size, sent: sent, elapsed: clock.now - started))
                if position == size { return try await finished(url, job: answer.job, expected: expected, received: answer.sha256) }
            } catch let failure as ServiceClient.Failure where failure.isTransient && failures + 1 < attempts {
                failures += 1
                // Capped backoff: a campus uplink that drops for a minute is waited out, not given up on.
                try await Task.sleep(for: .seconds(min(1 << min(failures - 1, 5), 30)))
            }
        }
    }

    /// The upload's URL and the server's offset: from the state file when the server still knows it, else a new one.
    private func locate(size: Int) async throws -> (url: String, offset: Int, job: String?) {
        if let saved = try? String(contentsOf: stateFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines), !saved.isEmpty {
            do {
                let (response, _) = try await client.send(.HEAD, saved, headers: [("Tus-Resumable", "1.0.0")])
                if let offset = response.headers.first(name: "Upload-Offset").flatMap(Int.init),
                    response.headers.first(name: "Upload-Length").flatMap(Int.init) == size
                {
                    return (saved, offset, response.headers.first(name: "Lectern-Job"))
                }
            } catch let failure as ServiceClient.Failure where failure.status == 404 || failure.status == 410 {
                // Expired or removed at the origin: start again.
            }
        }
        let encoded = metadata.sorted { $0.key < $1.key }.map { "\($0.key) \(Data($0.value.utf8).base64EncodedString())" }
        let (response, _) = try await client.send(
            .POST,
            "/api/uploads",
            headers: [("Tus-Resumable", "1.0.0"), ("Upload-Length", "\(size)"), ("Upload-Metadata", encoded.joined(separator: ","))]
        )
        guard let location = response.headers.first(name: "Location") else {
            throw ServiceClient.Failure(status: Int(response.status.code), description: "\(client.base): the upload was created without a Location")
        }
        let url = location.hasPrefix("http") ? location : client.base + location
        try FileManager.default.createDirectory(at: stateFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(url.utf8).write(to: stateFile)
        return (url, 0, response.headers.first(name: "Lectern-Job"))
    }

    /// The upload is whole: its SHA-256 at the origin (from the last PATCH, or asked with HEAD) must be the file's.
    private func finished(_ url: String, job: String?, expected: String, received: String?) async throws -> (upload: String, job: String?) {
        var received = received
        if received == nil {
            let (response, _) = try await client.send(.HEAD, url, headers: [("Tus-Resumable", "1.0.0")])
            received = response.headers.first(name: "Lectern-SHA256")
        }
        try? FileManager.default.removeItem(at: stateFile)
        guard received == nil || received == expected else {
            _ = try? await client.send(.DELETE, url, headers: [("Tus-Resumable", "1.0.0")])
            throw ServiceClient.Failure(
                status: 422,
                description: "\(file.lastPathComponent): the origin received different bytes (SHA-256 \(received ?? "")); submit it again"
            )
        }
        return (String(url.split(separator: "/").last ?? ""), job)
    }

    private func patch(_ url: String, offset: Int, chunk: Data) async throws -> (offset: Int, job: String?, sha256: String?) {
        let (response, _) = try await client.send(
            .PATCH,
            url,
            headers: [("Tus-Resumable", "1.0.0"), ("Content-Type", "application/offset+octet-stream"), ("Upload-Offset", "\(offset)")],
            body: ByteBuffer(bytes: chunk),
            timeout: .minutes(10)
        )
        guard let next = response.headers.first(name: "Upload-Offset").flatMap(Int.init) else {
            throw ServiceClient.Failure(status: Int(response.status.code), description: "\(url): no Upload-Offset in the answer")
        }
        return (next, response.headers.first(name: "Lectern-Job"), response.headers.first(name: "Lectern-SHA256"))
    }

    private func fileSize() throws -> Int {
        guard let size = try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: file.path])
        }
        return size
    }

    /// Where `lectern submit` keeps the URL of `file`'s upload to `server`: the user's cache folder, keyed by the
    /// server, the file's path, size and modification time (a changed file is a new upload).
    public static func stateFile(server: String, file: URL) -> URL {
        let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
        let stamp =
            "\(server)\n\(file.standardizedFileURL.path)\n\(attributes?[.size] ?? 0)\n\((attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
        let key = SHA256.hash(data: Data(stamp.utf8)).prefix(12).map { String(format: "%02x", $0) }.joined()
        let environment = ProcessInfo.processInfo.environment
        let cache =
            environment["XDG_CACHE_HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache")
        return cache.appendingPathComponent("lectern/uploads/\(key).url")
    }
}
