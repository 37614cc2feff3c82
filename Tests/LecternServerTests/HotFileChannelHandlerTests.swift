import Foundation
import Hummingbird
import HummingbirdTesting
@testable import LecternServer
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Prometheus
import Testing

/// The event-loop path for cached package files, driven part by part in NIO's `EmbeddedChannel` next to the router
/// it must agree with (the same `ServerServices`): what it answers, what it passes on, and in which order.
@Suite struct HotFileChannelHandlerTests {
    let fixture: PackageFixture
    let services: ServerServices
    let segment = "/lectures/\(PackageFixture.id)/360p/seg-00001.m4s"

    init() throws {
        fixture = try PackageFixture()
        var logger = Logger(label: "lectern.server.test")
        logger.logLevel = .warning
        services = ServerServices(library: fixture.library, metrics: ServerMetrics(registry: PrometheusCollectorRegistry()), logger: logger)
    }

    /// The handler, then a recorder of what it passes on (requests and events), as in Hummingbird's pipeline.
    private func makeChannel() throws -> (EmbeddedChannel, PassedOn) {
        let passed = PassedOn()
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandlers([HotFileChannelHandler(services: services, serverName: "lectern"), passed])
        return (channel, passed)
    }

    private func request(_ path: String, _ method: HTTPRequest.Method = .get, _ fields: HTTPFields = [:]) -> HTTPRequest {
        HTTPRequest(method: method, scheme: nil, authority: "x", path: path, headerFields: fields)
    }

    private func send(_ request: HTTPRequest, to channel: EmbeddedChannel) throws {
        try channel.writeInbound(HTTPRequestPart.head(request))
        try channel.writeInbound(HTTPRequestPart.end(nil))
    }

    /// One response written by the handler: head, body bytes, and whether it ended.
    private func response(from channel: EmbeddedChannel) throws -> (HTTPResponse, [UInt8])? {
        guard case .head(let head)? = try channel.readOutbound(as: HTTPResponsePart.self) else { return nil }
        var body: [UInt8] = []
        while let part = try channel.readOutbound(as: HTTPResponsePart.self) {
            switch part {
            case .body(let buffer): body += buffer.readableBytesView
            case .end: return (head, body)
            case .head: Issue.record("a second head before the end")
            }
        }
        Issue.record("no end")
        return nil
    }

    /// What the router answers for the same request (and, for a small file, what it puts in the hot cache).
    private func routerAnswer(_ path: String, _ method: HTTPRequest.Method = .get, _ fields: HTTPFields = [:]) async throws -> TestResponse {
        let app = Application(router: buildRouter(services))
        return try await app.test(.router) { client in try await client.execute(uri: path, method: method, headers: fields) }
    }

    @Test("A cached segment is answered on the event loop exactly as the router answers it; a miss goes to the router")
    func answersLikeTheRouter() async throws {
        defer { fixture.remove() }
        let (channel, passed) = try makeChannel()
        try send(request(segment), to: channel)
        #expect(passed.heads == [segment], "nothing cached yet: the router's turn")
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == nil)
        _ = try await routerAnswer(segment)  // the router answers it, which caches the file
        try channel.writeOutbound(HTTPResponsePart.end(nil))  // (the end of that answer, as it passes the handler)
        _ = try channel.readOutbound(as: HTTPResponsePart.self)

        let cases: [(HTTPRequest.Method, HTTPFields)] = [
            (.get, [:]), (.get, [.range: "bytes=100-199"]), (.get, [.range: "bytes=-50"]), (.head, [:]),
        ]
        for (method, fields) in cases {
            let expected = try await routerAnswer(segment, method, fields)
            try send(request(segment, method, fields), to: channel)
            let (head, body) = try #require(try response(from: channel), "\(method) \(fields)")
            #expect(head.status == expected.head.status)
            var mine = head.headerFields, theirs = expected.head.headerFields
            (mine[.date], theirs[.date]) = (nil, nil)
            theirs[.server] = "lectern"  // added by Application outside the router, like Date
            #expect(mine == theirs, "\(method) \(fields)")
            #expect(body == Array(expected.body.readableBytesView), "\(method) \(fields)")
        }
        #expect(passed.heads.count == 1, "every later request was answered here")
    }

    @Test("The adaptive master is answered here once the package master is parsed, as the router answers it, for every signal")
    func adaptiveMaster() async throws {
        defer { fixture.remove() }
        let (channel, passed) = try makeChannel()
        let master = "/lectures/\(PackageFixture.id)/master.m3u8"
        try send(request(master), to: channel)
        #expect(passed.heads == [master], "not parsed yet: the router's turn")
        _ = try await routerAnswer(master)
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        _ = try channel.readOutbound(as: HTTPResponsePart.self)

        let token = "?s=abcdefghijkl"
        let cases: [(String, HTTPRequest.Method, HTTPFields)] = [
            (token, .get, [:]), (token + "&max_kbps=300", .get, [:]), (token + "&CMCD=mtp%3D900%2Cbl%3D2000", .get, [:]),
            (token, .get, [HeaderName.cmcdRequest: "mtp=90"]), (token, .get, [HeaderName.saveData: "on"]), (token, .get, [HeaderName.ect: "2g"]),
            (token + "&audio=fr&subtitles=zh", .get, [:]), (token, .head, [:]), ("", .get, [.acceptEncoding: "gzip", .cookie: "lectern_session=zyxwvutsrqpo"]),
        ]
        for (query, method, fields) in cases {
            let expected = try await routerAnswer(master + query, method, fields)
            try send(request(master + query, method, fields), to: channel)
            let (head, body) = try #require(try response(from: channel), "\(query) \(fields)")
            var mine = head.headerFields, theirs = expected.head.headerFields
            (mine[.date], theirs[.date], theirs[.server]) = (nil, nil, "lectern")
            #expect(head.status == .ok && mine == theirs, "\(query) \(method) \(fields)")
            #expect(body == Array(expected.body.readableBytesView), "\(query) \(method) \(fields)")
        }
        #expect(passed.heads.count == 1)
        try send(request(master + "?original"), to: channel)
        #expect(passed.heads.count == 2, "the stored master, for lectern mirror, is the router's")
        let text = services.metrics.render()
        #expect(text.contains(#"lectern_adaptive_decisions_total{signal="cmcd"} 4"#), "router and handler, two CMCD cases each: \(text)")
        #expect(text.contains(#"lectern_http_requests_total{route="master",status="200"} 19"#), "one before the cache, then nine cases each")
    }

    @Test("Not-modified and HEAD need no cached bytes; gzip, playlists, unsatisfiable ranges and Connection headers go to the router")
    func whatItLeavesToTheRouter() async throws {
        defer { fixture.remove() }
        let (channel, passed) = try makeChannel()
        let etag = try #require(try await routerAnswer(segment, .head).head.headerFields[.eTag])

        let base = "/lectures/\(PackageFixture.id)"
        let ownAnswer: [(String, HTTPRequest.Method, HTTPFields, HTTPResponse.Status)] = [
            ("\(base)/480p/seg-00002.m4s", .head, [:], .ok),
            ("\(base)/360p/seg-00001.m4s", .get, [.ifNoneMatch: etag], .notModified),
        ]
        for (path, method, fields, status) in ownAnswer {
            try send(request(path, method, fields), to: channel)
            let (head, body) = try #require(try response(from: channel), "\(path)")
            #expect(head.status == status && body.isEmpty && passed.heads.isEmpty, "\(path) \(method)")
        }
        let passedOn: [(String, HTTPFields)] = [
            ("\(base)/360p/index.m3u8", [.acceptEncoding: "gzip"]), ("\(base)/manifest.json", [:]),
            ("\(base)/360p/seg-00001.m4s", [.range: "bytes=999999-"]), ("\(base)/360p/seg-00001.m4s", [.ifNoneMatch: etag, .connection: "close"]),
            ("\(base)/360p/missing.m4s", [.ifNoneMatch: "*"]), ("\(base)/../x/seg.m4s", [.ifNoneMatch: "*"]), ("/healthz", [:]),
        ]
        for (path, fields) in passedOn {
            try send(request(path, .get, fields), to: channel)
            #expect(passed.heads.last == path, "\(path) \(fields)")
            try channel.writeOutbound(HTTPResponsePart.end(nil))
            _ = try channel.readOutbound(as: HTTPResponsePart.self)
        }
        #expect(passed.heads.count == passedOn.count)
    }

    @Test("Pipelined requests: while a request passed on awaits its response, the next ones go on too, so answers keep their order")
    func keepsRequestOrder() async throws {
        defer { fixture.remove() }
        _ = try await routerAnswer(segment)  // fills the cache
        let (channel, passed) = try makeChannel()
        let master = "/lectures/\(PackageFixture.id)/master.m3u8"
        try send(request(master), to: channel)
        try send(request(segment), to: channel)
        #expect(passed.heads == [master, segment])
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == nil)
        // The router answers both; then the handler answers again.
        for _ in 0..<2 { try channel.writeOutbound(HTTPResponsePart.end(nil)) }
        while try channel.readOutbound(as: HTTPResponsePart.self) != nil {}
        try send(request(segment), to: channel)
        #expect(try response(from: channel)?.0.status == .ok)
        #expect(passed.heads.count == 2)
    }

    @Test("A shutdown waits for the response being written, then everything goes to the router")
    func shutdownWaitsForItsResponse() async throws {
        defer { fixture.remove() }
        _ = try await routerAnswer(segment)
        let (channel, passed) = try makeChannel()
        // The request's head is in, its end not yet: the answer is decided, so the shutdown must wait for it.
        try channel.writeInbound(HTTPRequestPart.head(request(segment)))
        channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        #expect(passed.quiesced == 0)
        try channel.writeInbound(HTTPRequestPart.end(nil))
        #expect(try response(from: channel)?.0.status == .ok)
        #expect(passed.quiesced == 1, "passed on once the response is written")
        try send(request(segment), to: channel)
        #expect(passed.heads == [segment], "after a shutdown request the router decides (and closes)")
    }

    @Test("Counted and timed like the router's answers: requests by route and status, the segment histogram, throughput per session")
    func metricsAndSessions() async throws {
        defer { fixture.remove() }
        _ = try await routerAnswer(segment)
        let (channel, _) = try makeChannel()
        let token = "abcdefghijkl"
        for _ in 0..<3 {
            try send(request(segment + "?s=" + token), to: channel)
            _ = try response(from: channel)
        }
        let text = services.metrics.render()
        #expect(text.contains(#"lectern_http_requests_total{route="segment",status="200"} 4"#), "\(text)")
        #expect(text.contains("lectern_segment_duration_seconds_count 4"))
        #expect(services.tracker.estimateKbps(token: token) != nil)
        try send(request(segment + "?s=" + token), to: channel)
        let head = try #require(try response(from: channel)?.0)
        #expect(head.headerFields[HeaderName.cmsdDynamic]?.hasPrefix("etp=") == true)
        #expect(head.headerFields[.accessControlExposeHeaders] == "ETag, CMSD-Dynamic")
    }
}

/// Records what the handler passes on: request heads (paths) and shutdown requests.
private final class PassedOn: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    var heads: [String] = []
    var quiesced = 0

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let request) = unwrapInboundIn(data) { heads.append(request.path ?? "") }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent { quiesced += 1 }
    }
}
