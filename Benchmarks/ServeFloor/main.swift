import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTPTypes

// The floor of the HTTP stack lectern serve is built on: Hummingbird answering every request from memory with three
// headers, no middleware, no file lookup: the same 100 KB buffer for `.m4s` paths, a 1.5 KB playlist for others.
// What lectern serve costs above this is its own. `scripts/bench-serve.sh` runs it next to lectern and nginx.
//
// With `--channel-handler`, `.m4s` requests are answered by a NIO channel handler placed in Hummingbird's HTTP/1
// pipeline (its `additionalChannelHandlers`), on the event loop, without the async request path: what a segment fast
// path inside Hummingbird could reach.
//   lectern-serve-floor PORT [--channel-handler]
let port = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 18090
let fastPath = CommandLine.arguments.contains("--channel-handler")
let segment = ByteBuffer(bytes: (0..<102_400).map { UInt8(truncatingIfNeeded: $0 &* 31) })
let playlist = ByteBuffer(string: "#EXTM3U\n" + String(repeating: "#EXT-X-STREAM-INF:BANDWIDTH=140000,RESOLUTION=426x240\n240p/index.m3u8\n", count: 22))

func headers(segment isSegment: Bool) -> HTTPFields {
    [
        .contentType: isSegment ? "video/iso.segment" : "application/vnd.apple.mpegurl", .eTag: "\"19000-5f1e2d3c\"",
        .cacheControl: isSegment ? "public, max-age=31536000, immutable" : "private, no-cache",
    ]
}

/// Answers `.m4s` requests itself, passes every other request on; answers only while no passed-on request waits for
/// its response, so responses stay in request order.
final class SegmentHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var answering = false
    private var pending = 0

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request) where pending == 0 && (request.path ?? "").hasSuffix(".m4s"):
            answering = true
        case .body where answering:
            break
        case .end where answering:
            answering = false
            var fields = headers(segment: true)
            fields[.contentLength] = String(segment.readableBytes)
            context.write(wrapOutboundOut(.head(HTTPResponse(status: .ok, headerFields: fields))), promise: nil)
            context.write(wrapOutboundOut(.body(segment)), promise: nil)
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
}

let router = Router()
router.get("/{path}/**") { request, _ in
    let isSegment = request.uri.path.hasSuffix(".m4s")
    return Response(status: .ok, headers: headers(segment: isSegment), body: ResponseBody(byteBuffer: isSegment ? segment : playlist))
}
let app = Application(
    router: router,
    server: fastPath ? .http1(additionalChannelHandlers: [SegmentHandler()]) : .http1(),
    configuration: .init(address: .hostname("127.0.0.1", port: port))
)
try await app.runService()
