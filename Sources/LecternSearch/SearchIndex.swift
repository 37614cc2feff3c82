import Foundation
import LecternPackage

/// Finds lectures, and the chapter inside them, by their titles, their slides' text and their subtitles.
///
/// Built once from every lecture's `LectureText` (rebuilt when the library changes), then read by any number of
/// queries at once. Each searchable unit (a lecture's title, a chapter's title, a slide, a subtitle cue) lists its terms
/// (`SearchText`); a query's terms must all be in one unit. Postings are sorted unit numbers, intersected shortest
/// first; a query ending inside a word takes every word it starts.
public final class SearchIndex: Sendable {
    /// Where a match was found, best first when a lecture matches in several ways.
    public enum Field: String, Sendable, Codable {
        case title, chapter, slide, subtitles

        /// Points a match here is worth: a word in a title says more about a lecture than one in a subtitle.
        var weight: Double {
            switch self {
            case .title: 4
            case .chapter: 3
            case .slide: 2
            case .subtitles: 1
            }
        }
    }

    struct Unit: Sendable {
        var lecture: Int32
        /// The chapter it belongs to (by time, for a cue), -1 for none.
        var chapter: Int32
        var field: Field
        var time: Double
        var text: String
    }

    let lectures: [LectureText]
    let units: [Unit]
    /// Term → the units holding it, ascending.
    let postings: [String: [Int32]]
    /// Every term, sorted, for prefixes.
    let terms: [String]

    public init(_ lectures: [LectureText]) {
        var units: [Unit] = []
        var postings: [String: [Int32]] = [:]
        func add(_ unit: Unit) {
            let number = Int32(units.count)
            units.append(unit)
            for term in SearchText.indexTerms(unit.text) { postings[term, default: []].append(number) }
        }
        for (index, lecture) in lectures.enumerated() {
            let number = Int32(index)
            add(Unit(lecture: number, chapter: -1, field: .title, time: 0, text: [lecture.title, lecture.series ?? ""].joined(separator: "\n")))
            for (chapterIndex, chapter) in lecture.chapters.enumerated() {
                add(Unit(lecture: number, chapter: Int32(chapterIndex), field: .chapter, time: chapter.start, text: chapter.title))
                if let text = chapter.text, !text.isEmpty {
                    add(Unit(lecture: number, chapter: Int32(chapterIndex), field: .slide, time: chapter.start, text: text))
                }
            }
            for cue in lecture.cues {
                let chapter = lecture.chapters.lastIndex { $0.start <= cue.start + 0.001 }.map(Int32.init) ?? -1
                add(Unit(lecture: number, chapter: chapter, field: .subtitles, time: cue.start, text: cue.text))
            }
        }
        self.lectures = lectures
        self.units = units
        self.postings = postings
        terms = postings.keys.sorted()
    }

    /// Units searched.
    public var count: Int { units.count }

    /// The best `limit` matches of `query`: one per lecture and chapter (its best field), highest score first.
    public func search(_ query: String, limit: Int = 20) -> [SearchHit] {
        let (words, prefix) = SearchText.queryTerms(query)
        var lists: [[Int32]] = []
        for word in words {
            guard let list = postings[word] else { return [] }
            lists.append(list)
        }
        if let prefix {
            let expanded = prefixUnion(prefix)
            guard !expanded.isEmpty else { return [] }
            lists.append(expanded)
        }
        guard !lists.isEmpty else { return [] }
        lists.sort { $0.count < $1.count }
        var matches = lists[0]
        for list in lists.dropFirst() {
            matches = Self.intersect(matches, list)
            if matches.isEmpty { return [] }
        }
        // Every unit of a query scores the same rarity (idf of its terms) times its field's weight, so the ranking is by
        // field, then by order in the library; the first unit per lecture and chapter stands for it. A lecture whose
        // title matched and that matched inside too is shown where it matched inside.
        let rarity = lists.map { log(1 + Double(units.count) / Double($0.count)) }.reduce(0, +)
        var byField: [[Int32]] = [[], [], [], []]
        let fields: [Field] = [.title, .chapter, .slide, .subtitles]
        for number in matches { byField[fields.firstIndex(of: units[Int(number)].field)!].append(number) }
        var seen: Set<Int64> = []
        var ranked: [(unit: Int32, score: Double)] = []
        collecting: for (index, field) in fields.enumerated() {
            for number in byField[index] {
                let unit = units[Int(number)]
                guard seen.insert(Int64(unit.lecture) << 32 | Int64(UInt32(bitPattern: unit.chapter))).inserted else { continue }
                if field == .title, matchesInside(lecture: unit.lecture, among: matches) { continue }
                ranked.append((number, rarity * field.weight))
                if ranked.count == limit { break collecting }
            }
        }
        return ranked.map { hit(units[Int($0.unit)], score: $0.score, words: words + (prefix.map { [$0] } ?? [])) }
    }

    private func hit(_ unit: Unit, score: Double, words: [String]) -> SearchHit {
        let lecture = lectures[Int(unit.lecture)]
        let chapter = unit.chapter >= 0 ? lecture.chapters[Int(unit.chapter)] : nil
        let time = unit.field == .subtitles ? unit.time : chapter?.start ?? 0
        return SearchHit(
            id: lecture.id,
            title: lecture.title,
            series: lecture.series,
            chapter: chapter?.title,
            chapterNumber: unit.chapter >= 0 ? Int(unit.chapter) + 1 : nil,
            field: unit.field,
            time: time,
            watch: "/watch/\(lecture.id)" + (time > 0 ? "#t=\(ChapterFiles.linkTime(time))" : ""),
            thumbnail: chapter?.thumbnail,
            snippet: Self.snippet(unit.text, words: words),
            score: score
        )
    }

    /// Whether any of `matches` (ascending) is inside one of `lecture`'s chapters. A lecture's units are numbered in a
    /// row, title first, so its matches are found by binary search.
    private func matchesInside(lecture: Int32, among matches: [Int32]) -> Bool {
        var low = 0
        var high = matches.count
        while low < high {
            let middle = (low + high) / 2
            if units[Int(matches[middle])].lecture < lecture { low = middle + 1 } else { high = middle }
        }
        while low < matches.count, units[Int(matches[low])].lecture == lecture {
            if units[Int(matches[low])].chapter >= 0 { return true }
            low += 1
        }
        return false
    }

    /// Every unit holding a term that starts with `prefix`.
    func prefixUnion(_ prefix: String) -> [Int32] {
        var low = 0
        var high = terms.count
        while low < high {
            let middle = (low + high) / 2
            if terms[middle] < prefix { low = middle + 1 } else { high = middle }
        }
        var union: [Int32] = []
        var index = low
        var lists = 0
        while index < terms.count, terms[index].hasPrefix(prefix) {
            union += postings[terms[index]] ?? []
            index += 1
            lists += 1
        }
        guard lists > 1 else { return union }
        union.sort()
        var write = 0
        for value in union where write == 0 || union[write - 1] != value {
            union[write] = value
            write += 1
        }
        return Array(union.prefix(write))
    }

    static func intersect(_ a: [Int32], _ b: [Int32]) -> [Int32] {
        var result: [Int32] = []
        var i = 0
        var j = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] {
                result.append(a[i])
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return result
    }

    /// The line of `text` that holds the first query word, cut to about 160 characters around it.
    static func snippet(_ text: String, words: [String]) -> String {
        let lines = text.split(whereSeparator: \.isNewline)
        let line =
            lines.first { line in
                let folded = SearchText.fold(String(line))
                return words.contains { folded.contains($0) }
            } ?? lines.first ?? ""
        return line.count > 160 ? String(line.prefix(157)) + "…" : String(line)
    }
}

/// One match: a lecture, the chapter in it, where the words were found and where playing should start.
public struct SearchHit: Sendable, Codable, Hashable {
    public var id: String
    public var title: String
    public var series: String?
    /// The chapter's title; nil when the lecture's own title matched (or it has no chapters).
    public var chapter: String?
    /// 1-based.
    public var chapterNumber: Int?
    public var field: SearchIndex.Field
    /// Seconds: the chapter's start, or the subtitle's when the words were spoken.
    public var time: Double
    /// `/watch/<id>#t=<time>`.
    public var watch: String
    /// The chapter's thumbnail, relative to the package.
    public var thumbnail: String?
    /// The matching line.
    public var snippet: String
    public var score: Double
}
