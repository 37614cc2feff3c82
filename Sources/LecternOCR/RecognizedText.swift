/// What Tesseract read on one picture: its lines, each with where it is and how sure Tesseract is.
public struct RecognizedText: Sendable, Hashable {
    public struct Line: Sendable, Hashable {
        public var text: String
        /// 0...100, Tesseract's mean word confidence for the line.
        public var confidence: Double
        public var x: Int
        public var y: Int
        public var width: Int
        public var height: Int
    }

    public var lines: [Line]

    /// Lines worth keeping: confident enough and holding at least two letters or one CJK character (noise from
    /// pictures and borders reads as lone symbols).
    public var readableLines: [Line] {
        lines.filter { $0.confidence >= 55 && Self.isWordLike($0.text) }
    }

    /// Every readable line, one per line, without the bullet it starts with.
    public var text: String { readableLines.map { Self.withoutBullet($0.text) }.joined(separator: "\n") }

    /// The slide's title: its largest readable line, joined with the line right below it when that one is as large
    /// (a title wrapped over two lines). Nil when nothing is readable.
    public var title: String? {
        let readable = readableLines
        guard let largest = readable.indices.max(by: { readable[$0].height < readable[$1].height }) else { return nil }
        var title = readable[largest].text
        let next = largest + 1
        if next < readable.count {
            let below = readable[next]
            let line = readable[largest]
            let similar = abs(below.height - line.height) * 100 <= line.height * 15
            let adjacent = below.y > line.y && below.y - (line.y + line.height) <= line.height
            if similar, adjacent { title += Self.joiner(title, below.text) + below.text }
        }
        return title
    }

    /// A line without its list bullet, which OCR reads as whatever symbol it resembles ("¢", "«", "e", "»").
    static func withoutBullet(_ line: String) -> String {
        let words = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard words.count == 2, words[0].count == 1, let mark = words[0].unicodeScalars.first else { return line }
        let isBullet = !mark.properties.isAlphabetic && !("0"..."9").contains(mark) || mark == "e"
        return isBullet ? String(words[1]) : line
    }

    /// A space between Latin words, nothing between CJK characters.
    static func joiner(_ first: String, _ second: String) -> String {
        guard let last = first.unicodeScalars.last, let head = second.unicodeScalars.first else { return " " }
        return isCJK(last) && isCJK(head) ? "" : " "
    }

    static func isWordLike(_ text: String) -> Bool {
        var letters = 0
        for scalar in text.unicodeScalars {
            if isCJK(scalar) { return true }
            if scalar.properties.isAlphabetic { letters += 1 }
        }
        return letters >= 2
    }

    /// Han, kana and hangul: scripts written without spaces between words.
    public static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0x20000...0x2FA1F: true
        default: false
        }
    }
}
