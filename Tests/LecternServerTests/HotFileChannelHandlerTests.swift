import Foundation
import Hummingbird
import HummingbirdTesting
@testable import LecternServer
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import Prometheus
import Testing

/// The event-loop path for cached package files and adaptive masters, in NIO's `EmbeddedChannel` with the HTTP/1
/// handlers Hummingbird puts around it (bytes in, bytes out), next to the router it must agree with (the same
/// `ServerServices`): what it answers, what it passes on, and in which order.
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

    private func makeWire() throws -> Wire { try Wire(HotFileChannelHandler(services: services, serverName: "lectern")) }

    /// What the router answers for the same request (and, for a small file, what it puts in the hot cache).
    private func routerAnswer(_ path: String, _ method: HTTPRequest.Method = .get, _ fields: HTTPFields = [:]) async throws -> TestResponse {
        let app = Application(router: buildRouter(services))
        return try await app.test(.router) { client in try await client.execute(uri: path, method: method, headers: fields) }
    }

    /// `response` and the router's `expected` carry the same status, headers (but Date) and body; Server is added by
    /// `Application` around the router.
    private func expectSame(_ response: RawResponse, _ expected: TestResponse, _ comment: Comment) {
        var mine = response.fields, theirs = Wire.fields(expected.head.headerFields)
        (mine["date"], theirs["date"], theirs["server"]) = (nil, nil, "lectern")
        #expect(response.status == Int(expected.head.status.code), comment)
        #expect(mine == theirs, comment)
        #expect(response.body == Data(expected.body.readableBytesView), comment)
    }

    /// A first request for `path` that the handler cannot answer yet: it goes on untouched, and the router answers it
    /// (which fills the caches).
    private func firstGoesToTheRouter(_ path: String, on wire: Wire, _ why: Comment) async throws {
        try wire.send(path)
        #expect(wire.passed.heads == [path], why)
        #expect(try wire.written().isEmpty)
        _ = try await routerAnswer(path)
        try wire.routerAnswers()
    }

    @Test("A cached segment is answered on the event loop exactly as the router answers it; a miss goes to the router")
    func answersLikeTheRouter() async throws {
        defer { fixture.remove() }
        let wire = try makeWire()
        try await firstGoesToTheRouter(segment, on: wire, "nothing cached yet: the router's turn")

        let cases: [(HTTPRequest.Method, HTTPFields)] = [
            (.get, [:]), (.get, [.range: "bytes=100-199"]), (.get, [.range: "bytes=-50"]), (.head, [:]),
        ]
        for (method, fields) in cases {
            let expected = try await routerAnswer(segment, method, fields)
            try wire.send(segment, method, fields)
            let response = try #require(try wire.response(head: method == .head), "\(method) \(fields)")
            expectSame(response, expected, "\(method) \(fields)")
        }
        #expect(wire.passed.heads.count == 1, "every later request was answered here")
    }

    @Test("The adaptive master is answered here once the package master is parsed, as the router answers it, for every signal")
    func adaptiveMaster() async throws {
        defer { fixture.remove() }
        let wire = try makeWire()
        try await firstGoesToTheRouter(master, on: wire, "not parsed yet: the router's turn")

        let token = "?s=abcdefghijkl"
        let cases: [(String, HTTPRequest.Method, HTTPFields)] = [
            (token, .get, [:]), (token + "&max_kbps=300", .get, [:]), (token + "&CMCD=mtp%3D900%2Cbl%3D2000", .get, [:]),
            (token, .get, [HeaderName.cmcdRequest: "mtp=90"]), (token, .get, [HeaderName.saveData: "on"]), (token, .get, [HeaderName.ect: "2g"]),
            (token + "&audio=fr&subtitles=zh", .get, [:]), (token, .head, [:]), ("", .get, [.acceptEncoding: "gzip", .cookie: "lectern_session=zyxwvutsrqpo"]),
        ]
        for (query, method, fields) in cases {
            let expected = try await routerAnswer(master + query, method, fields)
            try wire.send(master + query, method, fields)
            let response = try #require(try wire.response(head: method == .head), "\(query) \(fields)")
            expectSame(response, expected, "\(query) \(method) \(fields)")
        }
        #expect(wire.passed.heads.count == 1)
        try wire.send(master + "?original")
        #expect(wire.passed.heads.count == 2, "the stored master, for lectern mirror, is the router's")
        let text = services.metrics.render()
        #expect(text.contains(#"lectern_adaptive_decisions_total{signal="cmcd"} 4"#), "router and handler, two CMCD cases each: \(text)")
        #expect(text.contains(#"lectern_http_requests_total{route="master",status="200"} 19"#), "one before the cache, then nine cases each")
    }

    @Test("Not-modified and HEAD need no cached bytes; gzip, playlists, unsatisfiable ranges and Connection headers go to the router")
    func whatItLeavesToTheRouter() async throws {
        defer { fixture.remove() }
        let wire = try makeWire()
        let etag = try #require(try await routerAnswer(segment, .head).head.headerFields[.eTag])

        let base = "/lectures/\(PackageFixture.id)"
        let ownAnswer: [(String, HTTPRequest.Method, HTTPFields, HTTPResponse.Status)] = [
            ("\(base)/480p/seg-00002.m4s", .head, [:], .ok),
            ("\(base)/360p/seg-00001.m4s", .get, [.ifNoneMatch: etag], .notModified),
        ]
        for (path, method, fields, status) in ownAnswer {
            try wire.send(path, method, fields)
            let response = try #require(try wire.response(head: method == .head), "\(path)")
            #expect(response.status == Int(status.code) && response.body.isEmpty && wire.passed.heads.isEmpty, "\(path) \(method)")
        }
        let passedOn: [(String, HTTPFields)] = [
            ("\(base)/360p/index.m3u8", [.acceptEncoding: "gzip"]), ("\(base)/manifest.json", [:]),
            ("\(base)/360p/seg-00001.m4s", [.range: "bytes=999999-"]), ("\(base)/360p/missing.m4s", [.ifNoneMatch: "*"]),
            ("\(base)/../x/seg.m4s", [.ifNoneMatch: "*"]), ("/healthz", [:]),
            ("\(base)/360p/seg-00001.m4s", [.ifNoneMatch: etag, .connection: "close"]),  // last: nothing may follow it
        ]
        for (path, fields) in passedOn {
            try wire.send(path, .get, fields)
            #expect(wire.passed.heads.last == path, "\(path) \(fields)")
            try wire.routerAnswers()
        }
        #expect(wire.passed.heads.count == passedOn.count)
    }

    @Test("Pipelined requests: while a request passed on awaits its response, the next ones go on too, so answers keep their order")
    func keepsRequestOrder() async throws {
        defer { fixture.remove() }
        _ = try await routerAnswer(segment)  // fills the cache
        let wire = try makeWire()
        try wire.send(master)
        try wire.send(segment)
        #expect(wire.passed.heads == [master, segment])
        #expect(try wire.written().isEmpty)
        // The router answers both; then the handler answers again.
        try wire.routerAnswers(2)
        try wire.send(segment)
        #expect(try wire.response()?.status == 200)
        #expect(wire.passed.heads.count == 2)
    }

    @Test("After a HEAD answered here, the router's next response still has its body (NIO's encoder pairs responses with request methods)")
    func headKeepsTheEncoderInStep() async throws {
        defer { fixture.remove() }
        let wire = try makeWire()
        try wire.send(segment, .head)
        #expect(try wire.response(head: true)?.fields["content-length"] == String(PackageFixture.segmentSize))
        try wire.send("/healthz")
        #expect(wire.passed.heads == ["/healthz"])
        try wire.routerAnswer(ByteBuffer(string: "ok\n"))
        #expect(try wire.response()?.body == Data("ok\n".utf8))
    }

    @Test("A shutdown waits for the response being written, then everything goes to the router")
    func shutdownWaitsForItsResponse() async throws {
        defer { fixture.remove() }
        _ = try await routerAnswer(segment)
        let wire = try makeWire()
        // The request's head is in, its (2-byte) body not yet: the answer is decided, so the shutdown must wait for it.
        try wire.channel.writeInbound(ByteBuffer(string: "GET \(segment) HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n"))
        wire.channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        #expect(wire.passed.quiesced == 0)
        try wire.channel.writeInbound(ByteBuffer(string: "ok"))
        #expect(try wire.response()?.status == 200)
        #expect(wire.passed.quiesced == 1, "passed on once the response is written")
        try wire.send(segment)
        #expect(wire.passed.heads == [segment], "after a shutdown request the router decides (and closes)")
    }

    @Test("Counted and timed like the router's answers: requests by route and status, the segment histogram, throughput per session")
    func metricsAndSessions() async throws {
        defer { fixture.remove() }
        _ = try await routerAnswer(segment)
        let wire = try makeWire()
        let token = "abcdefghijkl"
        for _ in 0..<3 {
            try wire.send(segment + "?s=" + token)
            _ = try wire.response()
        }
        let text = services.metrics.render()
        #expect(text.contains(#"lectern_http_requests_total{route="segment",status="200"} 4"#), "\(text)")
        #expect(text.contains("lectern_segment_duration_seconds_count 4"))
        #expect(services.tracker.estimateKbps(token: token) != nil)
        try wire.send(segment + "?s=" + token)
        let response = try #require(try wire.response())
        #expect(response.fields["cmsd-dynamic"]?.hasPrefix("etp=") == true)
        #expect(response.fields["access-control-expose-headers"] == "ETag, CMSD-Dynamic")
    }
}

/// The handler between the HTTP/1 handlers Hummingbird's HTTP1Channel sets up (NIO's encoder and decoder, the HTTP
/// types codec) and a recorder of what it passes on: requests go in as bytes and responses come out as bytes.
private struct Wire {
    let channel = EmbeddedChannel()
    let passed = PassedOn()

    init(_ handler: HotFileChannelHandler) throws {
        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: false, withErrorHandling: false)
        try channel.pipeline.syncOperations.addHandlers([HTTP1ToHTTPServerCodec(secure: false), handler, passed])
    }

    func send(_ path: String, _ method: HTTPRequest.Method = .get, _ fields: HTTPFields = [:]) throws {
        var text = "\(method.rawValue) \(path) HTTP/1.1\r\nHost: x\r\n"
        for field in fields { text += "\(field.name.rawName): \(field.value)\r\n" }
        try channel.writeInbound(ByteBuffer(string: text + "\r\n"))
    }

    /// The router's (empty) answers to `count` requests passed on, written through the handler and thrown away.
    func routerAnswers(_ count: Int = 1) throws {
        for _ in 0..<count { try routerAnswer(ByteBuffer()) }
        _ = try written()
    }

    /// The router's answer to a request passed on, with this body, written through the handler.
    func routerAnswer(_ body: ByteBuffer) throws {
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok, headerFields: [.contentLength: String(body.readableBytes)])))
        if body.readableBytes > 0 { try channel.writeOutbound(HTTPResponsePart.body(body)) }
        try channel.writeOutbound(HTTPResponsePart.end(nil))
    }

    /// Every byte written since the last call.
    func written() throws -> [UInt8] {
        var bytes: [UInt8] = []
        while let data = try channel.readOutbound(as: IOData.self) {
            guard case .byteBuffer(let buffer) = data else { throw CocoaError(.fileReadUnknown) }
            bytes += buffer.readableBytesView
        }
        return bytes
    }

    /// The one response written since the last call (nil when there is none, or more).
    func response(head: Bool = false) throws -> RawResponse? {
        var bytes = try written()[...]
        guard let response = RawResponse.take(from: &bytes, head: head), bytes.isEmpty else { return nil }
        return response
    }

    /// Header fields as `RawResponse` keeps them: lowercased names.
    static func fields(_ fields: HTTPFields) -> [String: String] {
        Dictionary(fields.map { ($0.name.canonicalName, $0.value) }, uniquingKeysWith: { "\($0), \($1)" })
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
