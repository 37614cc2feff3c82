import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes

/// Answers the commonest requests on the connection's event loop, in Hummingbird's HTTP/1 pipeline ahead of its async
/// request path (a task, the router, two middleware, the response writer), which cost more than the rest of the
/// request: a GET or HEAD for a segment, init section or poster already in `HotFileCache`, and the adaptive master of a
/// lecture whose package master is parsed in `MasterPlaylistCache`. Everything else, and every request this handler is
/// unsure of, goes on to the router unchanged, which answers it and fills the caches. Status, headers and bodies come
/// from the same code as the router's (`FileAnswer`, `SegmentSession`, `AdaptiveMasterResponder.answer`, CORS,
/// `FinishedRequest`), so this handler only serves what the router would have served.
///
/// Responses stay in request order: the handler answers only while no request it passed on awaits its response. It
/// passes on requests with a `Connection` header (closing is the router's business) and, once the server is
/// shutting down, everything; a shutdown waits for the response it is writing.
final class HotFileChannelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let services: ServerServices
    private let serverName: String
    /// Requests passed on whose response has not been written to its end.
    private var passedOn = 0
    /// Responses of this handler being written.
    private var writing = 0
    /// The answer to the request being read (decided at its head, sent at its end).
    private var prepared: Prepared?
    private var shuttingDown = false
    /// A shutdown request is held back until this handler's responses are written.
    private var quiesceHeld = false
    private var date = (second: Int64.min, text: "")

    private struct Prepared {
        var response: HTTPResponse
        var body: ByteBuffer?
        var finished: FinishedRequest
        var recorder: (@Sendable (Int, Duration) -> Void)?
    }

    init(services: ServerServices, serverName: String) {
        self.services = services
        self.serverName = serverName
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request):
            if passedOn == 0, !shuttingDown, context.channel.isWritable, let answer = prepare(request) {
                prepared = answer
                return
            }
            passedOn += 1
        case .body:
            if prepared != nil { return }
        case .end:
            if let answer = prepared.take() {
                send(answer, context: context)
                return
            }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { passedOn -= 1 }
        context.write(data, promise: promise)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard event is ChannelShouldQuiesceEvent else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        shuttingDown = true
        if writing > 0 || prepared != nil {
            quiesceHeld = true
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    /// The answer to `request` if this handler can give it now: an adaptive master whose package master is parsed and
    /// cached, and for other files a cache hit, a 304, or a HEAD.
    private func prepare(_ request: HTTPRequest) -> Prepared? {
        guard request.method == .get || request.method == .head, request.headerFields[.connection] == nil,
            let target = request.path, target.hasPrefix("/lectures/")
        else { return nil }
        let queryStart = target.utf8.firstIndex(of: UInt8(ascii: "?"))
        let rawPath = target[..<(queryStart ?? target.endIndex)]
        let query = queryStart.map { target[target.index(after: $0)...] }
        let route = try? LectureRoute.decide(
            path: rawPath,
            query: query,
            cookie: request.headerFields[.cookie],
            cmcd: request.headerFields[HeaderName.cmcdRequest],
            services: services
        )
        let file: PackageFile
        let session: SegmentSession
        switch route {
        case .adaptiveMaster(let id, let masterFile):
            guard let master = services.masters.playlist(id: id, entityTag: masterFile.entityTag) else { return nil }
            let (headers, body) = AdaptiveMasterResponder.answer(
                method: request.method,
                uri: URI(target),
                headers: request.headerFields,
                id: id,
                file: masterFile,
                master: master,
                services: services,
                logger: services.logger
            )
            return prepared(request, rawPath: rawPath, status: .ok, headers: headers, body: request.method == .head ? nil : body)
        case .file(let routed, let routedSession) where !MediaTypes.isCompressible(routed.packagePath):
            (file, session) = (routed, routedSession)
        case .file, .sessionPlaylist, nil:
            return nil
        }
        switch FileAnswer.decide(method: request.method, headers: request.headerFields, file: file, extraHeaders: session.headers) {
        case .notModified(let headers):
            return prepared(request, rawPath: rawPath, status: .notModified, headers: headers, body: nil)
        case .bytes(let status, let headers, let range):
            guard request.method == .get, let range else {
                return prepared(request, rawPath: rawPath, status: status, headers: headers, body: nil)
            }
            guard let whole = services.files.cache.bytes(path: file.path, entityTag: file.entityTag),
                let slice = whole.getSlice(at: whole.readerIndex + range.lowerBound, length: range.count)
            else { return nil }
            return prepared(request, rawPath: rawPath, status: status, headers: headers, body: slice, recorder: session.recorder)
        case .gzip, .unsatisfiable:
            return nil
        }
    }

    /// A response as the router's middleware and Hummingbird would finish it: CORS, Date, Server.
    private func prepared(
        _ request: HTTPRequest,
        rawPath: Substring,
        status: HTTPResponse.Status,
        headers: HTTPFields,
        body: ByteBuffer?,
        recorder: (@Sendable (Int, Duration) -> Void)? = nil
    ) -> Prepared {
        var headers = headers
        headers.addCORS()
        headers[.date] = currentDate()
        headers[.server] = serverName
        let path = String(rawPath)
        let finished = FinishedRequest(
            route: RouteClass.of(path: path),
            method: request.method,
            path: path,
            status: status.code,
            bytes: body?.readableBytes ?? 0,
            start: .now
        )
        return Prepared(
            response: HTTPResponse(status: status, headerFields: headers),
            body: body,
            finished: finished,
            recorder: body == nil ? nil : recorder
        )
    }

    private func send(_ answer: Prepared, context: ChannelHandlerContext) {
        services.metrics.requestStarted()
        writing += 1
        context.write(wrapOutboundOut(.head(answer.response)), promise: nil)
        if let body = answer.body { context.write(wrapOutboundOut(.body(body)), promise: nil) }
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        let (metrics, logger) = (services.metrics, services.logger)
        written.futureResult.assumeIsolated().whenComplete { result in
            answer.finished.record(metrics: metrics, logger: logger)
            if case .success = result, let recorder = answer.recorder {
                recorder(answer.finished.bytes, ContinuousClock.now - answer.finished.start)
            }
            self.writing -= 1
            if self.writing == 0, self.quiesceHeld {
                self.quiesceHeld = false
                context.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
            }
        }
    }

    /// The `Date` header, formatted once a second.
    private func currentDate() -> String {
        let now = Date()
        let second = Int64(now.timeIntervalSince1970)
        if second != date.second { date = (second, HTTPDate.format(now)) }
        return date.text
    }
}
