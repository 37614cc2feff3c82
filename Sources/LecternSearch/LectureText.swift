public import Foundation
public import LecternPackage

/// Everything search reads of one lecture: its titles, its chapters with their slides' text, and its subtitle cues.
public struct LectureText: Sendable {
    public struct Chapter: Sendable {
        public var start: Double
        public var title: String
        public var text: String?
        public var thumbnail: String?

        public init(start: Double, title: String, text: String? = nil, thumbnail: String? = nil) {
            self.start = start
            self.title = title
            self.text = text
            self.thumbnail = thumbnail
        }
    }

    public struct Cue: Sendable {
        public var start: Double
        public var text: String

        public init(start: Double, text: String) {
            self.start = start
            self.text = text
        }
    }

    public var id: String
    public var title: String
    public var series: String?
    public var chapters: [Chapter]
    public var cues: [Cue]

    public init(id: String, title: String, series: String? = nil, chapters: [Chapter] = [], cues: [Cue] = []) {
        self.id = id
        self.title = title
        self.series = series
        self.chapters = chapters
        self.cues = cues
    }

    /// A published package's text: the manifest's titles and chapters, and the cues of every subtitle track (read
    /// from its segmented WebVTT; a track that cannot be read is left out, the rest still counts).
    public init(manifest: Manifest, package: URL) {
        id = manifest.id
        title = manifest.title
        series = manifest.series
        chapters = (manifest.chapters ?? []).map {
            Chapter(start: $0.start, title: $0.title, text: $0.text, thumbnail: $0.thumbnail.map { "/lectures/\(manifest.id)/\($0)" })
        }
        cues = (manifest.subtitles ?? []).flatMap { track in Self.cues(playlist: package.appendingPathComponent(track.playlist)) }
    }

    /// The cues of a segmented WebVTT track, each once (a cue spanning segments is repeated in each), in time order.
    static func cues(playlist: URL) -> [Cue] {
        guard let text = try? String(contentsOf: playlist, encoding: .utf8) else { return [] }
        let folder = playlist.deletingLastPathComponent()
        var seen: Set<String> = []
        var cues: [Cue] = []
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let uri = line.trimmingCharacters(in: .whitespaces)
            guard !uri.isEmpty, !uri.contains(".."), let segment = try? String(contentsOf: folder.appendingPathComponent(uri), encoding: .utf8) else {
                continue
            }
            for cue in WebVTTCues.parse(segment) where seen.insert("\(cue.start) \(cue.text)").inserted { cues.append(cue) }
        }
        return cues.sorted { $0.start < $1.start }
    }
}

/// The cues of one WebVTT file: each block's timing line ("00:01:02.500 --> ...") and the text below it.
enum WebVTTCues {
    static func parse(_ text: String) -> [LectureText.Cue] {
        var cues: [LectureText.Cue] = []
        for block in text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n") {
            let lines = block.split(separator: "\n", omittingEmptySubsequences: true)
            guard let timing = lines.firstIndex(where: { $0.contains("-->") }),
                let start = seconds(lines[timing].components(separatedBy: "-->")[0].trimmingCharacters(in: .whitespaces))
            else { continue }
            let body = lines[(timing + 1)...].map { withoutTags(String($0)) }.joined(separator: " ")
            if !body.isEmpty { cues.append(LectureText.Cue(start: start, text: body)) }
        }
        return cues
    }

    /// "01:02.500" or "1:01:02.500" in seconds.
    static func seconds(_ stamp: String) -> Double? {
        let parts = stamp.split(separator: ":")
        guard (2...3).contains(parts.count) else { return nil }
        var total = 0.0
        for part in parts {
            guard let value = Double(part) else { return nil }
            total = total * 60 + value
        }
        return total
    }

    /// Cue text without its markup (`<i>`, `<c.yellow>`, `<00:01.000>`).
    static func withoutTags(_ text: String) -> String {
        var out = ""
        var inTag = false
        for character in text {
            if character == "<" { inTag = true } else if character == ">" { inTag = false } else if !inTag { out.append(character) }
        }
        return out.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(
            of: "&gt;",
            with: ">"
        )
    }
}
