import Foundation
import LecternTestSupport
import Testing

@testable import LecternServer

/// A real `lectern serve` driven over raw sockets, where requests reach both ways of answering: the event-loop path for
/// cached files (`HotFileChannelHandler`) and the router behind it.
@Suite struct PipelinedConnectionTests {
    let fixture: PackageFixture
    let base = "/lectures/\(PackageFixture.id)"

    init() throws { fixture = try PackageFixture() }

    @Test("Pipelined requests on one connection are answered in order with the right bytes, whichever path answers each")
    func pipelinedInOrder() async throws {
        defer { fixture.remove() }
        let server = try await ServeProcess(library: fixture.root)
        _ = try await ChildProcess(Executables.curl, ["-sf", "-o", "/dev/null", "\(server.base)\(base)/360p/seg-00001.m4s"]).finished()
        let connection = try IdleConnection(port: server.port)
        // First a HEAD answered on the event loop: the router's answers after it must still carry their bodies.
        let requests: [(String, String)] = [
            ("HEAD", "480p/seg-00001.m4s"), ("GET", "360p/seg-00001.m4s"), ("GET", "master.m3u8"), ("GET", "360p/seg-00001.m4s?s=abcdefghijkl"),
            ("HEAD", "480p/seg-00002.m4s"), ("GET", "360p/seg-00002.m4s"), ("GET", "360p/seg-00002.m4s"),
            ("GET", "360p/index.m3u8"), ("GET", "360p/seg-00001.m4s"),
        ]
        var text = ""
        for (index, (method, path)) in requests.enumerated() {
            text += "\(method) \(base)/\(path) HTTP/1.1\r\nHost: x\r\n" + (index == requests.count - 1 ? "Connection: close\r\n" : "") + "\r\n"
        }
        try connection.send(text)
        var bytes = connection.receiveBytes(timeoutMilliseconds: 30_000, pause: 5_000)[...]
        let full = PackageFixture.bytes(PackageFixture.segmentSize)
        let half = PackageFixture.bytes(PackageFixture.segmentSize / 2)
        let playlist = Data("#EXTM3U".utf8)
        let expected: [(type: String, body: Data)] = [
            ("video/iso.segment", Data()), ("video/iso.segment", full), ("application/vnd.apple.mpegurl", playlist), ("video/iso.segment", full),
            ("video/iso.segment", Data()), ("video/iso.segment", half), ("video/iso.segment", half),
            ("application/vnd.apple.mpegurl", playlist), ("video/iso.segment", full),
        ]
        for (index, want) in expected.enumerated() {
            let response = try #require(
                RawResponse.take(from: &bytes, head: requests[index].0 == "HEAD"),
                "response \(index + 1) of \(expected.count)"
            )
            #expect(response.status == 200 && response.fields["content-type"] == want.type, "response \(index + 1): \(response.fields)")
            let body = want.body == playlist ? response.body.prefix(playlist.count) : response.body
            #expect(body == want.body, "response \(index + 1)")
        }
        #expect(bytes.isEmpty, "\(bytes.count) bytes after the last response")
    }

    @Test("Expect: 100-continue gets an interim 100 before the body is sent, then the final answer; without it, no 100")
    func continueExpected() async throws {
        defer { fixture.remove() }
        let server = try await ServeProcess(library: fixture.root)
        let head = "POST /api/uploads HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n"
        let expecting = try IdleConnection(port: server.port)
        try expecting.send(head + "Expect: 100-continue\r\n\r\n")
        var answer = expecting.receive(timeoutMilliseconds: 10_000)
        #expect(answer.hasPrefix("HTTP/1.1 100 Continue\r\n\r\n"), "before the body: \(answer)")
        try expecting.send("hello")
        answer += expecting.receive(timeoutMilliseconds: 10_000)
        // Not a tus request (no Tus-Resumable): refused, after the interim answer.
        #expect(answer.contains("\r\n\r\nHTTP/1.1 412 "), "\(answer)")
        let plain = try IdleConnection(port: server.port)
        try plain.send(head + "\r\nhello")
        let refused = plain.receive(timeoutMilliseconds: 10_000)
        #expect(refused.hasPrefix("HTTP/1.1 412 ") && !refused.contains("100 Continue"), "\(refused)")
    }

    /// (Whether the shutdown waits for a response still being written is `HotFileChannelHandlerTests`' part: here the kernel's
    /// send buffer, autotuned to megabytes on loopback, takes any cached file at once.)
    @Test("SIGTERM right after a slow reader asked for a cached segment: the response arrives whole, then the server exits 0")
    func shutdownFinishesResponses() async throws {
        defer { fixture.remove() }
        // A 900 KB segment: still small enough for the hot cache.
        let big = PackageFixture.bytes(900_000)
        try big.write(to: fixture.packageFolder.appendingPathComponent("360p/seg-00003.m4s"))
        let server = try await ServeProcess(library: fixture.root)
        _ = try await ChildProcess(Executables.curl, ["-sf", "-o", "/dev/null", "\(server.base)\(base)/360p/seg-00003.m4s"]).finished()
        let connection = try IdleConnection(port: server.port, receiveBuffer: 4096)
        try connection.send("GET \(base)/360p/seg-00003.m4s HTTP/1.1\r\nHost: x\r\n\r\n")
        try await Task.sleep(for: .milliseconds(300))
        async let stopped = server.terminate()
        var bytes = connection.receiveBytes(timeoutMilliseconds: 30_000, pause: 5_000)[...]
        let response = try #require(RawResponse.take(from: &bytes, head: false))
        #expect(response.status == 200 && response.body == big)
        #expect(await stopped?.status == 0)
    }
}

/// One HTTP/1.1 response cut from the front of received bytes (Content-Length bodies only).
struct RawResponse {
    var status: Int
    /// Header names lowercased.
    var fields: [String: String]
    var body: Data

    static func take(from bytes: inout ArraySlice<UInt8>, head isHead: Bool) -> RawResponse? {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = bytes.indices.first(where: { bytes[$0...].starts(with: separator) }) else { return nil }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        guard let statusLine = lines.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else { return nil }
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = isHead || status == 304 ? 0 : Int(fields["content-length"] ?? "0") ?? 0
        let bodyStart = end + separator.count
        guard bytes.endIndex - bodyStart >= length else { return nil }
        let body = Data(bytes[bodyStart..<(bodyStart + length)])
        bytes = bytes[(bodyStart + length)...]
        return RawResponse(status: status, fields: fields, body: body)
    }
}
