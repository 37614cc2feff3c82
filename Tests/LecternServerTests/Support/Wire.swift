import Foundation
import Hummingbird
import NIOCore
import NIOEmbedded
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

@testable import LecternServer

/// The handler between the HTTP/1 handlers Hummingbird's HTTP1Channel sets up (NIO's encoder and decoder, the HTTP
/// types codec) and a recorder of what it passes on: requests go in as bytes and responses come out as bytes.
///
/// An actor on `ChannelThread`: the channel is made, driven and closed on that one thread, as `EmbeddedEventLoop`
/// requires (from any other it prints "NIO API misuse", to become a crash in a later SwiftNIO).
actor Wire {
    nonisolated var unownedExecutor: UnownedSerialExecutor { ChannelThread.shared.asUnownedSerialExecutor() }

    private var channel: EmbeddedChannel?
    private var passed: PassedOn?

    private init() {}

    static func make(services: ServerServices) async throws -> Wire {
        let wire = Wire()
        try await wire.setUp(services: services)
        return wire
    }

    private func setUp(services: ServerServices) throws {
        let channel = EmbeddedChannel()
        let passed = PassedOn()
        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: false, withErrorHandling: false)
        try channel.pipeline.syncOperations.addHandlers([
            HTTP1ToHTTPServerCodec(secure: false), HotFileChannelHandler(services: services, serverName: "lectern"), passed,
        ])
        (self.channel, self.passed) = (channel, passed)
    }

    private var open: EmbeddedChannel {
        get throws {
            guard let channel else { throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "the wire is closed"]) }
            return channel
        }
    }

    /// The paths of the request heads passed on, in order.
    var heads: [String] { passed?.heads ?? [] }
    /// Shutdown requests passed on.
    var quiesced: Int { passed?.quiesced ?? 0 }

    func send(_ path: String, _ method: HTTPRequest.Method = .get, _ fields: HTTPFields = [:]) throws {
        var text = "\(method.rawValue) \(path) HTTP/1.1\r\nHost: x\r\n"
        for field in fields { text += "\(field.name.rawName): \(field.value)\r\n" }
        try receive(text + "\r\n")
    }

    /// Raw bytes from the client.
    func receive(_ text: String) throws {
        try open.writeInbound(ByteBuffer(string: text))
    }

    /// The server starts shutting down (what Hummingbird sends every connection on SIGTERM).
    func quiesce() {
        channel?.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
    }

    /// The router's (empty) answers to `count` requests passed on, written through the handler and thrown away.
    func routerAnswers(_ count: Int = 1) throws {
        for _ in 0..<count { try routerAnswer(ByteBuffer()) }
        _ = try written()
    }

    /// The router's answer to a request passed on, with this body, written through the handler.
    func routerAnswer(_ body: ByteBuffer) throws {
        let channel = try open
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok, headerFields: [.contentLength: String(body.readableBytes)])))
        if body.readableBytes > 0 { try channel.writeOutbound(HTTPResponsePart.body(body)) }
        try channel.writeOutbound(HTTPResponsePart.end(nil))
    }

    /// Every byte written since the last call.
    func written() throws -> [UInt8] {
        let channel = try open
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

    /// Closes the channel and lets it go, here on its own thread (its event loop checks the thread it is freed on).
    func close() throws {
        defer { (channel, passed) = (nil, nil) }
        _ = try open.finish(acceptAlreadyClosed: true)
    }

    /// Header fields as `RawResponse` keeps them: lowercased names.
    static func fields(_ fields: HTTPFields) -> [String: String] {
        Dictionary(fields.map { ($0.name.canonicalName, $0.value) }, uniquingKeysWith: { "\($0), \($1)" })
    }
}

/// One thread that runs whatever is sent to it, in order: the executor of every `Wire`. Lives as long as the test
/// process.
final class ChannelThread: SerialExecutor, @unchecked Sendable {
    static let shared = ChannelThread()

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var thread: Thread?

    private init() {
        let thread = Thread { [unowned self] in run() }
        thread.name = "EmbeddedChannel"
        self.thread = thread
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    func checkIsolated() {
        precondition(Thread.current == thread, "not on the EmbeddedChannel thread")
    }

    private func run() {
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedSerialExecutor())
        }
    }
}

/// Records what the handler passes on: request heads (paths) and shutdown requests.
final class PassedOn: ChannelInboundHandler, RemovableChannelHandler {
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
