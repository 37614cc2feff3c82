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
        let sizes = lines.map(Self.size)
        guard let largest = sizes.indices.max(by: { sizes[$0] < sizes[$1] }) else { return nil }
        let line = lines[largest]
        var title = Self.withoutSymbols(line)
        if largest + 1 < lines.count {
            let below = lines[largest + 1]
            let similar = abs(sizes[largest + 1] - sizes[largest]) * 100 <= sizes[largest] * 15
            let adjacent = below.y > line.y && below.y - (line.y + line.height) <= line.height
            if similar, adjacent { title += Self.joiner(title, below.text) + Self.withoutSymbols(below) }
        }
        return title
    }

    /// How large a line's text is: the median height of its words that are words (a logo read as "@)" or a bullet is
    /// not), or the line's box when OCR gave no words.
    static func size(_ line: RecognizedText.Line) -> Int {
        let heights = line.words.filter { isWordLike($0.text) }.map(\.height).sorted()
        return heights.isEmpty ? line.height : heights[heights.count / 2]
    }

    /// A line's text without the symbols OCR read at its ends (a logo, a bullet): from its first word-like word to its
    /// last, or the whole line when OCR gave no words.
    static func withoutSymbols(_ line: RecognizedText.Line) -> String {
        guard let first = line.words.firstIndex(where: { isWordLike($0.text) }), let last = line.words.lastIndex(where: { isWordLike($0.text) })
        else { return line.words.isEmpty ? line.text : "" }
        let words = line.words[first...last].map(\.text)
        return words.dropFirst().reduce(words[0]) { $0 + joiner($0, $1) + $1 }
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
