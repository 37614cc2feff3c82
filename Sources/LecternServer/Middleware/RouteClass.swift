/// A small, fixed set of route names for metric labels and logs (never raw paths: bounded cardinality).
enum RouteClass: String, Sendable {
    case master, playlist, segment
    case initSection = "init"
    case file, api, page, metrics, health, other

    /// Routes whose bodies are streamed from disk.
    var streamsFiles: Bool { self == .segment || self == .initSection || self == .file }

    static func of(path: String) -> RouteClass {
        if path.hasPrefix("/lectures/") {
            if path.hasSuffix("/master.m3u8") { return .master }
            if path.hasSuffix(".m3u8") { return .playlist }
            if path.hasSuffix(".m4s") || path.hasSuffix(".ts") || path.hasSuffix(".aac") { return .segment }
            if path.hasSuffix("/init.mp4") { return .initSection }
            return .file
        }
        if path.hasPrefix("/api/") || path == "/api" { return .api }
        if path == "/" || path.hasPrefix("/watch/") { return .page }
        if path == "/metrics" { return .metrics }
        if path == "/healthz" { return .health }
        return .other
    }
}
