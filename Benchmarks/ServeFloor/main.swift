import Hummingbird
import NIOCore

// The floor of the HTTP stack lectern serve is built on: Hummingbird answering every request from memory with three
// headers, no middleware, no file lookup: the same 100 KB buffer for `.m4s` paths, a 1.5 KB playlist for others.
// What lectern serve costs above this is its own. `scripts/bench-serve.sh` runs it next to lectern and nginx.
//   lectern-serve-floor PORT
let port = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 18090
let segment = ByteBuffer(bytes: (0..<102_400).map { UInt8(truncatingIfNeeded: $0 &* 31) })
let playlist = ByteBuffer(string: "#EXTM3U\n" + String(repeating: "#EXT-X-STREAM-INF:BANDWIDTH=140000,RESOLUTION=426x240\n240p/index.m3u8\n", count: 22))
let router = Router()
router.get("/{path}/**") { request, _ in
    let isSegment = request.uri.path.hasSuffix(".m4s")
    return Response(
        status: .ok,
        headers: [
            .contentType: isSegment ? "video/iso.segment" : "application/vnd.apple.mpegurl", .eTag: "\"19000-5f1e2d3c\"",
            .cacheControl: isSegment ? "public, max-age=31536000, immutable" : "private, no-cache",
        ],
        body: ResponseBody(byteBuffer: isSegment ? segment : playlist)
    )
}
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
