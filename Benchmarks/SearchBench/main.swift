// Benchmark (not a test): search across a generated library of N lectures (English, French and Chinese; chapters with
// slide text, subtitles), with LecternSearch. scripts/bench-search.sh runs it beside SQLite FTS5 on the same text.
//
//   lectern-search-bench [--lectures 1000] [--queries 300] [--export DIR]
//
// Prints one JSON object: units indexed, build seconds, and query latency (p50, p95, max, milliseconds). With --export,
// writes DIR/units.jsonl (every unit's text) and DIR/queries.json for the comparison.
import Foundation
import LecternSearch

struct Generator {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
    /// Zipf-like: low indexes far more often, as in real text.
    mutating func zipf(_ count: Int) -> Int { min(count - 1, Int(Double(count) * pow(Double(next(10_000) + 1) / 10_000, 3))) }
}

let english = """
    water hand soap child mother health clinic malaria fever mosquito net vaccine dose measles polio diarrhoea rehydration salt sugar zinc \
    nutrition breastfeeding weight growth anaemia iron tuberculosis cough lung test treatment drug resistance infection hygiene sanitation \
    latrine outbreak cholera surveillance data district nurse community worker village referral emergency pregnancy birth newborn care \
    blood pressure diabetes heart stroke smoking alcohol injury road safety epidemic pandemic influenza virus bacteria parasite worm \
    schistosomiasis trachoma leprosy hepatitis hiv condom testing counselling adherence stigma policy budget planning monitoring evaluation
    """.split(separator: " ").map(String.init)
let french = """
    eau savon enfant mère santé centre paludisme fièvre moustique moustiquaire vaccin rougeole poliomyélite diarrhée réhydratation sel \
    sucre nutrition allaitement poids croissance anémie fer tuberculose toux poumon dépistage traitement résistance hygiène assainissement \
    épidémie choléra surveillance données district infirmière communauté village grossesse naissance nouveau-né tension diabète cœur \
    tabac blessure sécurité routière grippe virus bactérie parasite hépatite préservatif conseil observance stigmatisation politique
    """.split(separator: " ").map(String.init)
let chinese = Array(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质胸疟疾腹泻补液盐疫苗麻疹脱水营养孕妇"
)

func sentence(_ generator: inout Generator, language: Int, words: Int) -> String {
    switch language {
    case 0: return (0..<words).map { _ in english[generator.zipf(english.count)] }.joined(separator: " ")
    case 1: return (0..<words).map { _ in french[generator.zipf(french.count)] }.joined(separator: " ")
    default: return String((0..<(words * 2)).map { _ in chinese[generator.zipf(chinese.count)] })
    }
}

func library(lectures count: Int) -> [LectureText] {
    var generator = Generator(state: 42)
    return (0..<count).map { number in
        let language = number % 3
        let chapters = (0..<30).map { index in
            LectureText.Chapter(
                start: Double(index * 100),
                title: sentence(&generator, language: language, words: 4),
                text: (0..<6).map { _ in sentence(&generator, language: language, words: 5) }.joined(separator: "\n"),
                thumbnail: "/lectures/l\(number)/chapters/\(index + 1).jpg"
            )
        }
        let cues = (0..<400).map { LectureText.Cue(start: Double($0) * 7.5, text: sentence(&generator, language: language, words: 9)) }
        return LectureText(
            id: "lecture-\(number)",
            title: sentence(&generator, language: language, words: 5),
            series: "Series \(number % 40)",
            chapters: chapters,
            cues: cues
        )
    }
}

func queries(_ count: Int) -> [String] {
    var generator = Generator(state: 7)
    return (0..<count).map { index in
        switch index % 6 {
        case 0: english[generator.zipf(english.count)]
        case 1: english[generator.next(english.count)] + " " + english[generator.next(english.count)]
        case 2: french[generator.next(french.count)] + " " + french[generator.zipf(french.count)]
        case 3: String(english[generator.next(english.count)].prefix(4))
        case 4: String((0..<2).map { _ in chinese[generator.zipf(chinese.count)] })
        default: String((0..<3).map { _ in chinese[generator.zipf(chinese.count)] })
        }
    }
}

func option(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
let lectureCount = Int(option("--lectures") ?? "1000") ?? 1000
let queryCount = Int(option("--queries") ?? "300") ?? 300
let lectures = library(lectures: lectureCount)
let asked = queries(queryCount)

if let folder = option("--export") {
    var out = ""
    let encoder = JSONEncoder()
    for lecture in lectures {
        func row(_ chapter: Int, _ field: String, _ time: Double, _ text: String) {
            struct Row: Encodable {
                var lecture: String
                var chapter: Int
                var field: String
                var time: Double
                var text: String
            }
            out +=
                String(decoding: try! encoder.encode(Row(lecture: lecture.id, chapter: chapter, field: field, time: time, text: text)), as: UTF8.self)
                + "\n"
        }
        row(-1, "title", 0, lecture.title + "\n" + (lecture.series ?? ""))
        for (index, chapter) in lecture.chapters.enumerated() {
            row(index, "chapter", chapter.start, chapter.title)
            row(index, "slide", chapter.start, chapter.text ?? "")
        }
        for cue in lecture.cues { row(-1, "subtitles", cue.start, cue.text) }
    }
    try! Data(out.utf8).write(to: URL(fileURLWithPath: folder).appendingPathComponent("units.jsonl"))
    try! encoder.encode(asked).write(to: URL(fileURLWithPath: folder).appendingPathComponent("queries.json"))
}

let clock = ContinuousClock()
let buildStart = clock.now
let index = SearchIndex(lectures)
let buildSeconds = (clock.now - buildStart) / .seconds(1)
var latencies: [Double] = []
var found = 0
for _ in 0..<2 {  // the first round warms caches; the second is measured
    latencies = []
    found = 0
    for query in asked {
        let start = clock.now
        let hits = index.search(query)
        latencies.append((clock.now - start) / .milliseconds(1))
        if !hits.isEmpty { found += 1 }
    }
}
let sorted = latencies.sorted()
func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
let rss = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8))?.split(separator: "\n").first { $0.hasPrefix("VmHWM") }
print(
    """
    {"lectures": \(lectureCount), "units": \(index.count), "build_seconds": \(String(format: "%.2f", buildSeconds)), \
    "queries": \(asked.count), "with_results": \(found), "p50_ms": \(String(format: "%.3f", percentile(0.5))), \
    "p95_ms": \(String(format: "%.3f", percentile(0.95))), "max_ms": \(String(format: "%.3f", sorted.last ?? 0)), \
    "peak_rss": "\(rss.map { $0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces) } ?? "?")"}
    """
)
