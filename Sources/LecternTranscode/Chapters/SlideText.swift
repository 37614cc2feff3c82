import LecternOCR
import LecternPackage

/// What a slide says, from the lines OCR read on it: the readable lines as its text, its largest line as its title.
struct SlideText {
    let lines: [RecognizedText.Line]

    /// Lines worth keeping: confident enough and holding at least two letters or one CJK character (noise from
    /// pictures and borders reads as lone symbols).
    init(_ recognized: RecognizedText) {
        lines = recognized.lines.filter { $0.confidence >= 55 && Self.isWordLike($0.text) }
    }

    /// Every readable line, one per line, without the bullet it starts with.
    var text: String { lines.map { Self.withoutBullet($0.text) }.joined(separator: "\n") }

    /// The slide's title: its largest readable line, joined with the line right below it when that one is as large
    /// (a title wrapped over two lines). Nil when nothing is readable.
    var title: String? {
        guard let largest = lines.indices.max(by: { lines[$0].height < lines[$1].height }) else { return nil }
        let line = lines[largest]
        var title = line.text
        if largest + 1 < lines.count {
            let below = lines[largest + 1]
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
        return last.isCJK && head.isCJK ? "" : " "
    }

    static func isWordLike(_ text: String) -> Bool {
        var letters = 0
        for scalar in text.unicodeScalars {
            if scalar.isCJK { return true }
            if scalar.properties.isAlphabetic { letters += 1 }
        }
        return letters >= 2
    }
}
