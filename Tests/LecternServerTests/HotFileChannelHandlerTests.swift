import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Prometheus
import Testing

@testable import LecternServer

/// The event-loop path for cached package files and adaptive masters, in NIO's `EmbeddedChannel` with the HTTP/1
/// handlers Hummingbird puts around it (bytes in, bytes out), next to the router it must agree with (the same
/// `ServerServices`): what it answers, what it passes on, and in which order. Each test's channel lives on one thread
/// (`Wire`, an actor on `ChannelThread`), however the test's awaits for the router move the test between threads.
@Suite struct HotFileChannelHandlerTests {
    let fixture: PackageFixture
    let services: ServerServices
    let segment = "/lectures/\(PackageFixture.id)/360p/seg-00001.m4s"
    let master = "/lectures/\(PackageFixture.id)/master.m3u8"

    init() throws {
        fixture = try PackageFixture()
        var logger = Logger(label: "lectern.server.test")
        logger.logLevel = .warning
        services = ServerServices(library: fixture.library, metrics: ServerMetrics(registry: PrometheusCollectorRegistry()), logger: logger)
    }

    private func makeWire() async throws -> Wire { try await Wire.make(services: services) }

    /// What the router answers for the same request (and, for a small file, what it puts in the hot cache).
    private func routerAnswer(_ path: String, _ method: HTTPRequest.Method = .get, _ fields: HTTPFields = [:]) async throws -> TestResponse {
        let app = Application(router: buildRouter(services))
        return try await app.test(.router) { client in try await client.execute(uri: path, method: method, headers: fields) }
    }

    /// `response` and the router's `expected` carry the same status, headers (but Date) and body; Server is added by
    /// `Application` around the router.
    private func expectSame(_ response: RawResponse, _ expected: TestResponse, _ comment: Comment) {
        var mine = response.fields
        var theirs = Wire.fields(expected.head.headerFields)
        (mine["date"], theirs["date"], theirs["server"]) = (nil, nil, "lectern")
        #expect(response.status == Int(expected.head.status.code), comment)
        #expect(mine == theirs, comment)
        #expect(response.body == Data(expected.body.readableBytesView), comment)
    }

    /// A first request for `path` that the handler cannot answer yet: it goes on untouched, and the router answers it
    /// (which fills the caches).
    private func firstGoesToTheRouter(_ path: String, on wire: Wire, _ why: Comment) async throws {
        try await wire.send(path)
        #expect(await wire.heads == [path], why)
        #expect(try await wire.written().isEmpty)
        _ = try await routerAnswer(path)
        try await wire.routerAnswers()
    }

    @Test("A cached segment is answered on the event loop exactly as the router answers it; a miss goes to the router")
    func answersLikeTheRouter() async throws {
        defer { fixture.remove() }
        let wire = try await makeWire()
        try await firstGoesToTheRouter(segment, on: wire, "nothing cached yet: the router's turn")

        let cases: [(HTTPRequest.Method, HTTPFields)] = [
            (.get, [:]), (.get, [.range: "bytes=100-199"]), (.get, [.range: "bytes=-50"]), (.head, [:]),
        ]
        for (method, fields) in cases {
            let expected = try await routerAnswer(segment, method, fields)
            try await wire.send(segment, method, fields)
            let response = try #require(try await wire.response(head: method == .head), "\(method) \(fields)")
            expectSame(response, expected, "\(method) \(fields)")
        }
        #expect(await wire.heads.count == 1, "every later request was answered here")
        try await wire.close()
    }

    @Test("The adaptive master is answered here once the package master is parsed, as the router answers it, for every signal")
    func adaptiveMaster() async throws {
        defer { fixture.remove() }
        let wire = try await makeWire()
        try await firstGoesToTheRouter(master, on: wire, "not parsed yet: the router's turn")

        let token = "?s=abcdefghijkl"
        let cases: [(String, HTTPRequest.Method, HTTPFields)] = [
            (token, .get, [:]), (token + "&max_kbps=300", .get, [:]), (token + "&CMCD=mtp%3D900%2Cbl%3D2000", .get, [:]),
            (token, .get, [HeaderName.cmcdRequest: "mtp=90"]), (token, .get, [HeaderName.saveData: "on"]), (token, .get, [HeaderName.ect: "2g"]),
            (token + "&audio=fr&subtitles=zh", .get, [:]), (token, .head, [:]),
            ("", .get, [.acceptEncoding: "gzip", .cookie: "lectern_session=zyxwvutsrqpo"]),
        ]
        for (query, method, fields) in cases {
            let expected = try await routerAnswer(master + query, method, fields)
            try await wire.send(master + query, method, fields)
            let response = try #require(try await wire.response(head: method == .head), "\(query) \(fields)")
            expectSame(response, expected, "\(query) \(method) \(fields)")
        }
        #expect(await wire.heads.count == 1)
        try await wire.send(master + "?original")
        #expect(await wire.heads.count == 2, "the stored master, for lectern mirror, is the router's")
        let text = services.metrics.render()
        #expect(text.contains(#"lectern_adaptive_decisions_total{signal="cmcd"} 4"#), "router and handler, two CMCD cases each: \(text)")
        #expect(text.contains(#"lectern_http_requests_total{route="master",status="200"} 19"#), "one before the cache, then nine cases each")
        try await wire.close()
    }

    @Test("Not-modified and HEAD need no cached bytes; gzip, playlists, unsatisfiable ranges and Connection headers go to the router")
    func whatItLeavesToTheRouter() async throws {
        defer { fixture.remove() }
        let wire = try await makeWire()
        let etag = try #require(try await routerAnswer(segment, .head).head.headerFields[.eTag])

        let base = "/lectures/\(PackageFixture.id)"
        let ownAnswer: [(String, HTTPRequest.Method, HTTPFields, HTTPResponse.Status)] = [
            ("\(base)/480p/seg-00002.m4s", .head, [:], .ok),
            ("\(base)/360p/seg-00001.m4s", .get, [.ifNoneMatch: etag], .notModified),
        ]
        for (path, method, fields, status) in ownAnswer {
            try await wire.send(path, method, fields)
            let response = try #require(try await wire.response(head: method == .head), "\(path)")
            let heads = await wire.heads
            #expect(response.status == Int(status.code) && response.body.isEmpty && heads.isEmpty, "\(path) \(method)")
        }
        let passedOn: [(String, HTTPFields)] = [
            ("\(base)/360p/index.m3u8", [.acceptEncoding: "gzip"]), ("\(base)/manifest.json", [:]),
            ("\(base)/360p/seg-00001.m4s", [.range: "bytes=999999-"]), ("\(base)/360p/missing.m4s", [.ifNoneMatch: "*"]),
            ("\(base)/../x/seg.m4s", [.ifNoneMatch: "*"]), ("/healthz", [:]),
            ("\(base)/360p/seg-00001.m4s", [.ifNoneMatch: etag, .connection: "close"]),  // last: nothing may follow it
        ]
        for (path, fields) in passedOn {
            try await wire.send(path, .get, fields)
            #expect(await wire.heads.last == path, "\(path) \(fields)")
            try await wire.routerAnswers()
        }
        #expect(await wire.heads.count == passedOn.count)
        try await wire.close()
    }

    @Test("Pipelined requests: while a request passed on awaits its response, the next ones go on too, so answers keep their order")
    func keepsRequestOrder() async throws {
        defer { fixture.remove() }
        _ = try await routerAnswer(segment)  // fills the cache
        let wire = try await makeWire()
        try await wire.send(master)
        try await wire.send(segment)
        #expect(await wire.heads == [master, segment])
        #expect(try await wire.written().isEmpty)
        // The router answers both; then the handler answers again.
        try await wire.routerAnswers(2)
        try await wire.send(segment)
        #expect(try await wire.response()?.status == 200)
        #expect(await wire.heads.count == 2)
        try await wire.close()
    }

    @Test("After a HEAD answered here, the router's next response still has its body (NIO's encoder pairs responses with request methods)")
    func headKeepsTheEncoderInStep() async throws {
        defer { fixture.remove() }
        let wire = try await makeWire()
        try await wire.send(segment, .head)
        #expect(try await wire.response(head: true)?.fields["content-length"] == String(PackageFixture.segmentSize))
        try await wire.send("/healthz")
        #expect(await wire.heads == ["/healthz"])
        try await wire.routerAnswer(ByteBuffer(string: "ok\n"))
        #expect(try await wire.response()?.body == Data("ok\n".utf8))
        try await wire.close()
    }

    @Test("A shutdown waits for the response being written, then everything goes to the router")
    func shutdownWaitsForItsResponse() async throws {
        defer { fixture.remove() }
        _ = try await routerAnswer(segment)
        let wire = try await makeWire()
        // The request's head is in, its (2-byte) body not yet: the answer is decided, so the shutdown must wait for it.
        try await wire.receive("GET \(segment) HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n")
        await wire.quiesce()
        #expect(await wire.quiesced == 0)
        try await wire.receive("ok")
        #expect(try await wire.response()?.status == 200)
        #expect(await wire.quiesced == 1, "passed on once the response is written")
        try await wire.send(segment)
        #expect(await wire.heads == [segment], "after a shutdown request the router decides (and closes)")
        try await wire.close()
    }

    @Test("Counted and timed like the router's answers: requests by route and status, the segment histogram, throughput per session")
    func metricsAndSessions() async throws {
        defer { fixture.remove() }
        _ = try await routerAnswer(segment)
        let wire = try await makeWire()
        let token = "abcdefghijkl"
        for _ in 0..<3 {
            try await wire.send(segment + "?s=" + token)
            _ = try await wire.response()
        }
        let text = services.metrics.render()
        #expect(text.contains(#"lectern_http_requests_total{route="segment",status="200"} 4"#), "\(text)")
        #expect(text.contains("lectern_segment_duration_seconds_count 4"))
        #expect(services.tracker.estimateKbps(token: token) != nil)
        try await wire.send(segment + "?s=" + token)
        let response = try #require(try await wire.response())
        #expect(response.fields["cmsd-dynamic"]?.hasPrefix("etp=") == true)
        #expect(response.fields["access-control-expose-headers"] == "ETag, CMSD-Dynamic")
        try await wire.close()
    }
}
