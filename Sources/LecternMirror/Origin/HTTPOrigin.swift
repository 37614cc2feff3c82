import AsyncHTTPClient
import Foundation
import LecternPackage
import NIOCore
import NIOHTTP1

/// A `lectern serve` as a mirror origin: `/api/lectures` lists the lectures, `/lectures/<id>/manifest.json` describes
/// each package, `/lectures/<id>/master.m3u8?original` is the master as stored (the plain URL is adapted per client),
/// and every other file is fetched with `Range` to resume.
struct HTTPOrigin: MirrorOrigin {
    /// The origin's address without a trailing slash, e.g. "http://10.0.0.5:8080".
    let base: String
    let client: HTTPClient
    let attempts: Int
    let backoff: Duration

    init(_ url: URL, request: MirrorRequest) {
        var base = url.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        self.base = base
        attempts = max(request.attempts, 1)
        backoff = request.backoff
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: Self.amount(request.connectTimeout), read: Self.amount(request.readTimeout))
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: max(8, request.concurrency))
        configuration.decompression = .disabled
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    var location: String { base }

    func catalog(meter: MetadataMeter) async throws(MirrorError) -> [CatalogEntry] {
        struct Listing: Decodable {
            struct Lecture: Decodable { var id: String }
            var lectures: [Lecture]
        }
        let listing: Listing
        do {
            // At most three attempts: an origin that does not answer at all is said so within seconds.
            let data = try await Retry.run(attempts: min(attempts, 3), backoff: backoff) { try await small("/api/lectures", meter: meter) }
            listing = try JSONDecoder().decode(Listing.self, from: data)
        } catch TransferFailure.retryable(let reason) {
            throw MirrorError(.originUnreachable, "\(base): cannot reach the origin: \(reason)")
        } catch TransferFailure.permanent(let reason) {
            throw MirrorError(.invalidOrigin, "\(base): not a Lectern origin (/api/lectures: \(reason))")
        } catch {
            throw MirrorError(.invalidOrigin, "\(base): not a Lectern origin (/api/lectures is not a lecture catalog)")
        }
        return await withTaskGroup(of: CatalogEntry.self) { group in
            var entries: [CatalogEntry] = []
            var pending = listing.lectures.map(\.id)[...]
            func next() {
                guard let id = pending.popFirst() else { return }
                group.addTask { CatalogEntry(id: id, manifest: await manifest(id, meter: meter)) }
            }
            for _ in 0..<8 { next() }
            for await entry in group {
                entries.append(entry)
                next()
            }
            return entries.sorted { $0.id < $1.id }
        }
    }

    func manifest(_ id: String, meter: MetadataMeter) async -> Result<Manifest, MirrorError> {
        let path = "/lectures/\(id)/manifest.json"
        guard LectureID.isValid(id) else {
            return .failure(MirrorError(.invalidOrigin, "\(base): the catalog lists an invalid lecture id \"\(id)\""))
        }
        do {
            let data = try await Retry.run(attempts: attempts, backoff: backoff) { try await small(path, meter: meter) }
            let manifest = try Manifest(jsonData: data, path: base + path)
            guard manifest.id == id else { return .failure(MirrorError(.invalidOrigin, "\(base + path): names lecture \"\(manifest.id)\"")) }
            return .success(manifest)
        } catch let error as PackageError {
            return .failure(MirrorError(.invalidOrigin, error.message))
        } catch {
            return .failure(MirrorError(.originUnreachable, "\(base + path): \(Self.reason(error))"))
        }
    }

    func master(of id: String, meter: MetadataMeter) async throws -> Data {
        try await Retry.run(attempts: attempts, backoff: backoff) { try await small("/lectures/\(id)/master.m3u8?original", meter: meter) }
    }

    func fetch(_ path: String, of id: String, into file: PartialFile) async throws {
        var request = HTTPClientRequest(url: url(path, of: id))
        let offset = file.size
        if offset > 0 { request.headers.add(name: "Range", value: "bytes=\(offset)-") }
        do {
            let response = try await client.execute(request, deadline: .distantFuture)
            switch response.status.code {
            case 206 where offset > 0 && response.headers.first(name: "Content-Range")?.hasPrefix("bytes \(offset)-") == true:
                break
            case 206:
                try file.restart()
                throw TransferFailure.retryable("HTTP 206 for another range than bytes=\(offset)-")
            case 200:
                if offset > 0 { try file.restart() }
            case 416:
                try file.restart()
                throw TransferFailure.retryable("HTTP 416: the origin's file is shorter than the partial one")
            case 408, 429, 500...599:
                throw TransferFailure.retryable("HTTP \(response.status.code)")
            default:
                throw TransferFailure.permanent("HTTP \(response.status.code)")
            }
            let slice = file.pacingSlice
            for try await buffer in response.body {
                var buffer = buffer
                while let piece = buffer.readSlice(length: min(slice, buffer.readableBytes)), piece.readableBytes > 0 {
                    try await file.pace(piece.readableBytes)
                    try piece.withUnsafeReadableBytes { try file.append($0) }
                }
            }
        } catch let error as MirrorError {
            throw error
        } catch let error as TransferFailure {
            throw error
        } catch {
            throw TransferFailure.retryable(Self.reason(error))
        }
    }

    func shutdown() async {
        try? await client.shutdown()
    }

    /// GETs a small response whole (catalog, manifest, master), counting its bytes.
    private func small(_ path: String, meter: MetadataMeter) async throws -> Data {
        do {
            let response = try await client.execute(HTTPClientRequest(url: base + path), deadline: .now() + .seconds(120))
            switch response.status.code {
            case 200:
                let body = try await response.body.collect(upTo: 64 << 20)
                meter.add(body.readableBytes)
                return Data(body.readableBytesView)
            case 408, 429, 500...599:
                throw TransferFailure.retryable("HTTP \(response.status.code)")
            default:
                throw TransferFailure.permanent("HTTP \(response.status.code)")
            }
        } catch let error as TransferFailure {
            throw error
        } catch {
            throw TransferFailure.retryable(Self.reason(error))
        }
    }

    private func url(_ path: String, of id: String) -> String {
        let encoded = path.split(separator: "/").map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? String($0) }
        return "\(base)/lectures/\(id)/" + encoded.joined(separator: "/")
    }

    /// A short reason for a network failure ("connection refused", "read timeout").
    static func reason(_ error: any Error) -> String {
        let text = "\(error)"
        if text.contains("Connection refused") || text.contains("connectionRefused") { return "connection refused" }
        if text.contains("Connection reset") { return "connection reset" }
        if let client = error as? HTTPClientError {
            switch client {
            case .connectTimeout: return "connect timeout"
            case .readTimeout: return "read timeout"
            case .remoteConnectionClosed: return "connection closed by the origin"
            default: return "\(client)"
            }
        }
        if let io = error as? IOError { return "\(io.description)" }
        return text.split(separator: "\n").first.map(String.init) ?? text
    }

    private static func amount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }
}
