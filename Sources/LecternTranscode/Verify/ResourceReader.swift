import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// Reads playlists and segments from a folder or over HTTP, counting what it downloads.
final class ResourceReader: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let fetched = Mutex(0)
    /// Init sections are read once per URL and range, however many segments are inspected with them.
    private let cache = Mutex([String: Data]())
    private let session: URLSession

    init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        session = URLSession(configuration: configuration)
    }

    var bytesFetched: Int { fetched.withLock { $0 } }

    /// The bytes of `url` (a `file:` or `http(s):` URL), or of `range` (offset, length) within it.
    func data(_ url: URL, range: (offset: Int, length: Int)? = nil) async throws -> Data {
        if url.isFileURL {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            guard let range else { return try handle.readToEnd() ?? Data() }
            try handle.seek(toOffset: UInt64(range.offset))
            return try handle.read(upToCount: range.length) ?? Data()
        }
        var request = URLRequest(url: url)
        if let range { request.setValue("bytes=\(range.offset)-\(range.offset + range.length - 1)", forHTTPHeaderField: "Range") }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse, (200..<300).contains(http.statusCode) else {
            throw Failure(description: "HTTP \((response as? HTTPURLResponse)?.statusCode ?? 0)")
        }
        fetched.withLock { $0 += data.count }
        // A server that ignores Range answers 200 with the whole file: take the part that was asked for.
        if let range, http.statusCode == 200, data.count > range.length {
            return data.subdata(in: range.offset..<min(range.offset + range.length, data.count))
        }
        return data
    }

    /// Like `data(_:range:)`, remembered: for init sections shared by every segment of a playlist.
    func cachedData(_ url: URL, range: (offset: Int, length: Int)? = nil) async throws -> Data {
        let key = "\(url.absoluteString)#\(range.map { "\($0.offset)-\($0.length)" } ?? "")"
        if let data = cache.withLock({ $0[key] }) { return data }
        let data = try await data(url, range: range)
        cache.withLock { $0[key] = data }
        return data
    }

    /// The size of `url` without downloading it (HEAD for HTTP).
    func size(_ url: URL) async throws -> Int {
        if url.isFileURL {
            guard let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int else {
                throw Failure(description: "no size")
            }
            return size
        }
        var request = URLRequest(url: url)
        request.httpMethod = "HEAD"
        let (_, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse, (200..<300).contains(http.statusCode) else {
            throw Failure(description: "HTTP \((response as? HTTPURLResponse)?.statusCode ?? 0)")
        }
        guard let length = http.value(forHTTPHeaderField: "Content-Length").flatMap(Int.init) else {
            throw Failure(description: "no Content-Length")
        }
        return length
    }
}
