import Crypto
import Hummingbird
import LecternPackage
import NIOCore

/// A script the pages load, built into the binary (`Package.swift` embeds `Assets/*.js`), kept whole in memory and
/// gzipped once.
struct WebAsset: Sendable {
    /// The URL path it is served at.
    let path: String
    let body: ByteBuffer
    let gzipped: ByteBuffer
    let entityTag: String
    let cacheControl: String
    /// The first 12 hex digits of the compacted script's SHA-256 (the `<hash>` of a versioned path).
    let digest: String
    /// The compacted script as it may stand inside a page's `<script>` element; nil if it holds `</script`.
    let inlineText: String?

    /// `versioned`: served as `/assets/<name>-<hash>.js` and cached for a year (a new build has a new name); otherwise
    /// at `/<name>.js`, revalidated every time (a Service Worker's script must keep its URL).
    init(name: String, bytes source: [UInt8], versioned: Bool) {
        let bytes = Array(Self.compact(String(decoding: source, as: UTF8.self)).utf8)
        let digest = String(SHA256Hasher.hex(SHA256.hash(data: bytes)).prefix(12))
        let text = String(decoding: bytes, as: UTF8.self)
        self.digest = digest
        inlineText = text.lowercased().contains("</script") ? nil : text
        path = versioned ? "/assets/\(name)-\(digest).js" : "/\(name).js"
        body = ByteBuffer(bytes: bytes)
        gzipped = (try? Gzip.compress(body)) ?? body
        entityTag = "\"\(digest)\""
        cacheControl = versioned ? "public, max-age=31536000, immutable" : "no-cache"
    }

    /// The script without what only its readers need: comment lines (`// ...`, and `/* ... */` blocks that begin a line),
    /// indentation and blank lines. A quarter of the player's gzipped bytes, which a 2G learner pays before the first
    /// frame. Line by line, so a string or a regular expression is never cut (the scripts hold no multi-line strings).
    static func compact(_ source: String) -> String {
        var lines: [Substring] = []
        var inComment = false
        for line in source.split(separator: "\n", omittingEmptySubsequences: true) {
            let text = line.trimmingSpaces
            if inComment {
                inComment = !text.hasSuffix("*/")
            } else if text.hasPrefix("/*") {
                inComment = !text.hasSuffix("*/")
            } else if !text.isEmpty, !text.hasPrefix("//") {
                lines.append(text)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func response(to request: Request) -> Response {
        var headers: HTTPFields = [
            .contentType: "text/javascript; charset=utf-8", .cacheControl: cacheControl, .eTag: entityTag, .vary: "Accept-Encoding",
        ]
        if request.headers[.ifNoneMatch]?.split(separator: ",").contains(where: { $0.trimmingSpaces == entityTag }) == true {
            return Response(status: .notModified, headers: headers)
        }
        let gzip = Gzip.isAccepted(request.headers)
        if gzip { headers[.contentEncoding] = "gzip" }
        let chosen = gzip ? gzipped : body
        headers[.contentLength] = String(chosen.readableBytes)
        return Response(status: .ok, headers: headers, body: request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: chosen))
    }
}

/// The player (`Assets/player.js`), the Save-for-offline controls and `/offline` list (`Assets/offline.js`, loaded once
/// the lecture plays, so it is not in the way of the first frame) and the Service Worker that keeps lectures for
/// offline (`Assets/sw.js`).
enum WebAssets {
    static let player = WebAsset(name: "player", bytes: PackageResources.player_js, versioned: true)
    static let offline = WebAsset(name: "offline", bytes: PackageResources.offline_js, versioned: true)
    static let serviceWorker = WebAsset(name: "sw", bytes: PackageResources.sw_js, versioned: false)
}
