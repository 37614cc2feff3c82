import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// Reads playlists and segments from a folder or over HTTP (AsyncHTTPClient, the project's one HTTP client), counting
/// what it downloads.
final class ResourceReader: Sendable {
    /// A read that got no usable answer (an HTTP status outside 2xx, no size), described in a few words.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The longest a request may take, and the most one response may hold (a segment, never a whole lecture).
    static let timeout = TimeAmount.seconds(30)
    static let largestBody = 512 << 20

    private let fetched = Mutex(0)
    /// Init sections are read once per URL and range, however many segments are inspected with them.
    private let cache = Mutex([String: Data]())
    private let client: HTTPClient

    init(client: HTTPClient = .shared) {
        self.client = client
    }

    /// Bytes downloaded so far over HTTP.
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
        var request = HTTPClientRequest(url: url.absoluteString)
        if let range { request.headers.add(name: "Range", value: "bytes=\(range.offset)-\(range.offset + range.length - 1)") }
        let response = try await client.execute(request, timeout: Self.timeout)
        guard (200..<300).contains(response.status.code) else { throw Failure(description: "HTTP \(response.status.code)") }
        let data = Data(try await response.body.collect(upTo: Self.largestBody).readableBytesView)
        fetched.withLock { $0 += data.count }
        // A server that ignores Range answers 200 with the whole file: take the part that was asked for.
        if let range, response.status == .ok, data.count > range.length {
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
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .HEAD
        let response = try await client.execute(request, timeout: Self.timeout)
        guard (200..<300).contains(response.status.code) else { throw Failure(description: "HTTP \(response.status.code)") }
        guard let length = response.headers.first(name: "Content-Length").flatMap(Int.init) else {
            throw Failure(description: "no Content-Length")
        }
        return length
    }
}
