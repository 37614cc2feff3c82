public import AsyncHTTPClient
import Foundation
public import LecternJobs
public import NIOCore
import NIOFoundationCompat
public import NIOHTTP1

/// An origin's ingest API as a client sees it: bearer-token requests with one-line errors. Used by `lectern submit`,
/// `lectern jobs` and remote workers.
public struct ServiceClient: Sendable {
    /// The origin, without a trailing slash (`https://lectures.example.edu`).
    public let base: String
    let token: String
    let client: HTTPClient

    /// A client of `server` using `token`.
    public init(server: String, token: String, client: HTTPClient = .shared) {
        var base = server
        while base.hasSuffix("/") { base.removeLast() }
        self.base = base
        self.token = token
        self.client = client
    }

    /// A failed request: one line with the server's own message when it sent one.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        /// The HTTP status, or nil when the server could not be reached.
        public var status: Int?
        /// One line.
        public var description: String
        /// Whether trying again later may help (no answer, a 5xx other than 507, 423 or 409 on a busy upload).
        public var isTransient: Bool { status.map { $0 >= 500 && $0 != 507 || $0 == 423 } ?? true }
    }

    /// Sends a request and returns the response and its body (up to 16 MiB), throwing `Failure` for non-2xx statuses.
    public func send(
        _ method: HTTPMethod,
        _ path: String,
        headers: [(String, String)] = [],
        body: ByteBuffer? = nil,
        timeout: TimeAmount = .seconds(60)
    ) async throws -> (response: HTTPClientResponse, body: ByteBuffer) {
        var request = HTTPClientRequest(url: path.hasPrefix("http") ? path : base + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(body) }
        let response: HTTPClientResponse
        let data: ByteBuffer
        do {
            response = try await client.execute(request, timeout: timeout)
            data = try await response.body.collect(upTo: 16 << 20)
        } catch {
            throw Failure(status: nil, description: "\(base): no answer (\(error))")
        }
        guard (200..<300).contains(Int(response.status.code)) else {
            let message = String(buffer: data).trimmingCharacters(in: .whitespacesAndNewlines)
            throw Failure(
                status: Int(response.status.code),
                description:
                    "\(base)\(path.hasPrefix("http") ? "" : path): \(response.status.code) \(message.isEmpty ? response.status.reasonPhrase : message)"
            )
        }
        return (response, data)
    }

    /// A JSON response decoded as `T`.
    public func json<T: Decodable>(_ type: T.Type, _ method: HTTPMethod = .GET, _ path: String) async throws -> T {
        let (_, body) = try await send(method, path)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(buffer: body))
    }
}

extension ServiceClient {
    /// One job.
    public func job(_ id: String) async throws -> JobSummary { try await json(JobSummary.self, .GET, "/api/jobs/\(id)") }

    /// The token's jobs (an admin's: all), newest first.
    public func jobs(limit: Int = 100) async throws -> [JobSummary] {
        struct Listing: Decodable { var jobs: [JobSummary] }
        return try await json(Listing.self, .GET, "/api/jobs?limit=\(limit)").jobs
    }

    /// Cancels a job; the job as it now is.
    public func cancel(_ id: String) async throws -> JobSummary { try await json(JobSummary.self, .POST, "/api/jobs/\(id)/cancel") }
}
