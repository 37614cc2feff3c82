/// Content types and caching rules for the files of a lecture package.
enum MediaTypes {
    /// How long a response may be cached.
    enum CachePolicy: Sendable {
        /// Segments, init sections, posters: never change under the same URL.
        case immutable
        /// Playlists and JSON: short, so a re-published lecture shows up soon.
        case short

        var headerValue: String {
            switch self {
            case .immutable: "public, max-age=31536000, immutable"
            case .short: "public, max-age=10"
            }
        }
    }

    static func contentType(for path: PackagePath) -> String {
        let isAudio = path.components.first?.hasPrefix("audio") ?? false
        return switch path.fileExtension {
        case "m3u8": "application/vnd.apple.mpegurl"
        case "m4s": "video/iso.segment"
        case "mp4": isAudio ? "audio/mp4" : "video/mp4"
        case "m4a": "audio/mp4"
        case "ts": "video/mp2t"
        case "aac": "audio/aac"
        case "jpg", "jpeg": "image/jpeg"
        case "png": "image/png"
        case "json": "application/json"
        case "vtt": "text/vtt; charset=utf-8"
        default: "application/octet-stream"
        }
    }

    static func cachePolicy(for path: PackagePath) -> CachePolicy {
        switch path.fileExtension {
        case "m3u8", "json": .short
        default: .immutable
        }
    }

    /// Text worth gzipping on a slow link.
    static func isCompressible(_ path: PackagePath) -> Bool {
        ["m3u8", "json", "vtt"].contains(path.fileExtension)
    }

    /// Media segments (what the throughput estimate and the latency histogram are about).
    static func isSegment(_ path: PackagePath) -> Bool {
        ["m4s", "ts", "aac"].contains(path.fileExtension)
    }
}
