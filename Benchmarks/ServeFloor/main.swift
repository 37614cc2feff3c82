import Glibc
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

// The floor of the HTTP stack lectern serve is built on: Hummingbird answering every request from memory with three
// headers, no middleware, no file lookup: the same 100 KB buffer for `.m4s` paths, a 1.5 KB playlist for others.
// What lectern serve costs above this is its own. `scripts/bench-serve.sh` runs it next to lectern and nginx.
//
// With `--channel-handler`, requests are answered by a NIO channel handler placed in Hummingbird's HTTP/1
// pipeline (its `additionalChannelHandlers`), on the event loop, without the async request path: what a segment fast
// path inside Hummingbird could reach.
// With `--sendfile FILE`, that handler sends FILE with sendfile(2) instead, as nginx does.
//   lectern-serve-floor PORT [--channel-handler | --sendfile FILE]
let port = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 18090
let fastPath = CommandLine.arguments.contains("--channel-handler")
let sendfilePath = CommandLine.arguments.firstIndex(of: "--sendfile").flatMap { CommandLine.arguments.dropFirst($0 + 1).first }
let segment = ByteBuffer(bytes: (0..<102_400).map { UInt8(truncatingIfNeeded: $0 &* 31) })
let playlist = ByteBuffer(
    string: "#EXTM3U\n" + String(repeating: "#EXT-X-STREAM-INF:BANDWIDTH=140000,RESOLUTION=426x240\n240p/index.m3u8\n", count: 22)
)

func headers(segment isSegment: Bool) -> HTTPFields {
    [
        .contentType: isSegment ? "video/iso.segment" : "application/vnd.apple.mpegurl", .eTag: "\"19000-5f1e2d3c\"",
        .cacheControl: isSegment ? "public, max-age=31536000, immutable" : "private, no-cache",
    ]
}

/// Answers every request itself with what the route would answer (the segment for `.m4s` paths, the playlist
/// otherwise), except while a request it passed on awaits its response, so that responses keep request order. With
/// `sendfilePath`, segments are that file sent with `sendfile(2)` as nginx does: a `FileRegion` written to the HTTP
/// types codec's context, below the codec (whose parts carry only buffers) but through NIO's HTTP/1 encoder.
final class SegmentHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let sendfilePath: String?
    /// The request being read is answered here: with the segment (true) or the playlist (false).
    private var answering: Bool?
    private var pending = 0
    private var codec: ChannelHandlerContext?

    init(sendfilePath: String?) {
        self.sendfilePath = sendfilePath
    }

    func handlerAdded(context: ChannelHandlerContext) {
        codec = try? context.pipeline.syncOperations.context(handlerType: HTTP1ToHTTPServerCodec.self)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request) where pending == 0:
            answering = (request.path ?? "").hasSuffix(".m4s")
        case .body where answering != nil:
            break
        case .end where answering != nil:
            let isSegment = answering == true
            answering = nil
            if isSegment, let sendfilePath, let codec, let handle = try? NIOFileHandle(_deprecatedPath: sendfilePath) {
                sendFile(handle, codec: codec)
                return
            }
            let body = isSegment ? segment : playlist
            var fields = headers(segment: isSegment)
            fields[.contentLength] = String(body.readableBytes)
            context.write(wrapOutboundOut(.head(HTTPResponse(status: .ok, headerFields: fields))), promise: nil)
            context.write(wrapOutboundOut(.body(body)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        case .head:
            pending += 1
            context.fireChannelRead(data)
        default:
            context.fireChannelRead(data)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { pending -= 1 }
        context.write(data, promise: promise)
    }

    private func sendFile(_ handle: NIOFileHandle, codec: ChannelHandlerContext) {
        var info = stat()
        _ = try? handle.withUnsafeFileDescriptor { fstat($0, &info) }
        var head = HTTPResponseHead(version: .http1_1, status: .ok, headers: HTTPHeaders(headers(segment: true).map { ($0.name.rawName, $0.value) }))
        head.headers.add(name: "Content-Length", value: String(info.st_size))
        codec.write(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
        codec.write(
            NIOAny(HTTPServerResponsePart.body(.fileRegion(FileRegion(fileHandle: handle, readerIndex: 0, endIndex: Int(info.st_size))))),
            promise: nil
        )
        let written = codec.eventLoop.makePromise(of: Void.self)
        codec.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)), promise: written)
        written.futureResult.whenComplete { _ in try? handle.close() }
    }
}

let router = Router()
router.get("/{path}/**") { request, _ in
    let isSegment = request.uri.path.hasSuffix(".m4s")
    return Response(status: .ok, headers: headers(segment: isSegment), body: ResponseBody(byteBuffer: isSegment ? segment : playlist))
}
let app = Application(
    router: router,
    server: fastPath || sendfilePath != nil
        ? .http1(configuration: .init(additionalChannelHandlers: [SegmentHandler(sendfilePath: sendfilePath)])) : .http1(),
    configuration: .init(address: .hostname("127.0.0.1", port: port))
)
try await app.runService()
