public import Foundation

/// One chapter of a lecture, as the manifest lists it: where it starts, its title, its thumbnail and its slide's text.
public struct ChapterInfo: Sendable, Hashable, Codable {
    /// Where a chapter comes from.
    public enum Origin: String, Sendable, Hashable, Codable {
        /// Found at a slide change, titled from the slide's text (or numbered when none was readable).
        case slide
        /// A stretch of moving pictures (a video clip played in the lecture).
        case clip
        /// Set by hand (`lectern chapters --set`).
        case set
    }

    /// Seconds into the lecture.
    public var start: Double
    public var title: String
    public var origin: Origin
    /// The thumbnail (JPEG, 160 pixels wide), relative to the package folder: `chapters/001.jpg`.
    public var thumbnail: String?
    /// Every readable line of the chapter's slide, one per line (what search finds); nil when none.
    public var text: String?

    public init(start: Double, title: String, origin: Origin, thumbnail: String? = nil, text: String? = nil) {
        self.start = start
        self.title = title
        self.origin = origin
        self.thumbnail = thumbnail
        self.text = text
    }
}

/// The files a package's chapters are published in, and their checks.
public enum ChapterFiles {
    /// WebVTT chapters (`<track kind="chapters">`), at the package's top.
    public static let webVTT = "chapters.vtt"
    /// Apple's HLS chapter JSON, which the master's `com.apple.hls.chapters` session data points to.
    public static let json = "chapters.json"
    /// The master's `DATA-ID` for `json`.
    public static let sessionDataID = "com.apple.hls.chapters"

    /// `chapters.vtt`: a cue per chapter, from its start to the next one's (the last to `duration`), titled.
    public static func webVTT(_ chapters: [ChapterInfo], duration: Double) -> String {
        var out = "WEBVTT\n"
        for (index, chapter) in chapters.enumerated() {
            let end = index + 1 < chapters.count ? chapters[index + 1].start : max(duration, chapter.start + 0.001)
            out += "\n\(index + 1)\n\(timestamp(chapter.start)) --> \(timestamp(end))\n\(cueText(chapter.title))\n"
        }
        return out
    }

    /// `chapters.json` in Apple's HLS chapter format: number, start, duration, the title in `language`, the thumbnail.
    public static func json(_ chapters: [ChapterInfo], duration: Double, language: String, thumbnailSize: (width: Int, height: Int)?) throws -> Data {
        let entries = chapters.enumerated().map { index, chapter in
            let end = index + 1 < chapters.count ? chapters[index + 1].start : max(duration, chapter.start)
            return AppleChapter(
                chapter: index + 1,
                startTime: rounded(chapter.start),
                duration: rounded(max(end - chapter.start, 0.001)),
                titles: [.init(language: language, title: chapter.title)],
                images: chapter.thumbnail.flatMap { url in thumbnailSize.map { [.init(pixelWidth: $0.width, pixelHeight: $0.height, url: url)] } }
            )
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(entries) + Data("\n".utf8)
    }

    /// One entry of Apple's chapter JSON.
    private struct AppleChapter: Encodable {
        struct Title: Encodable {
            var language: String
            var title: String
        }
        struct Image: Encodable {
            var imageCategory = "chapter"
            var pixelWidth: Int
            var pixelHeight: Int
            var url: String
            enum CodingKeys: String, CodingKey {
                case imageCategory = "image-category"
                case pixelWidth = "pixel-width"
                case pixelHeight = "pixel-height"
                case url
            }
        }
        var chapter: Int
        var startTime: Double
        var duration: Double
        var titles: [Title]
        var images: [Image]?
        enum CodingKeys: String, CodingKey {
            case chapter
            case startTime = "start-time"
            case duration, titles, images
        }
    }

    /// Milliseconds are enough, and keep the file free of float noise.
    static func rounded(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }

    /// What is wrong with a package's chapters, one line each: times outside the lecture or out of order, a thumbnail
    /// the package does not hold, an empty title. `has` says whether the package holds a file.
    public static func problems(_ chapters: [ChapterInfo], duration: Double, has: (String) -> Bool) -> [String] {
        var problems: [String] = []
        var previous = -Double.infinity
        for (index, chapter) in chapters.enumerated() {
            let name = "chapter \(index + 1)"
            if !chapter.start.isFinite || chapter.start < 0 || chapter.start >= max(duration, 0.001) {
                problems.append("\(name) starts at \(number(chapter.start)) s, outside the lecture (0 to \(number(duration)) s)")
            }
            if chapter.start <= previous { problems.append("\(name) starts at \(number(chapter.start)) s, not after chapter \(index)") }
            previous = chapter.start
            if chapter.title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.append("\(name) has no title") }
            if let thumbnail = chapter.thumbnail, !has(thumbnail) { problems.append("\(name)'s thumbnail \(thumbnail) is missing") }
        }
        return problems
    }

    /// A time for a `#t=` link: whole seconds when it is one, else to the tenth ("83", "83.5").
    public static func linkTime(_ time: Double) -> String {
        let tenths = (time * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? "\(Int(tenths / 10))" : String(format: "%.1f", tenths / 10)
    }

    /// `HH:MM:SS.mmm`.
    static func timestamp(_ seconds: Double) -> String {
        let millis = Int((max(seconds, 0) * 1000).rounded())
        return String(format: "%02d:%02d:%02d.%03d", millis / 3_600_000, millis / 60_000 % 60, millis / 1000 % 60, millis % 1000)
    }

    /// A title as one cue line: no line breaks, no "-->", and WebVTT's three special characters escaped.
    static func cueText(_ title: String) -> String {
        title.split(whereSeparator: \.isNewline).joined(separator: " ")
            .replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    static func number(_ value: Double) -> String { String(format: "%.3f", value) }
}
