import Foundation
import LecternPackage
import Testing

@testable import LecternSearch

/// Search over lectures in English, French and Chinese: the chapter that matches, accents folded, Chinese found without
/// spaces, words started, subtitles dated to the cue.
struct SearchIndexTests {
    static let index = SearchIndex([
        LectureText(
            id: "diarrhoea-1",
            title: "Diarrhoeal disease in children",
            series: "Public health 101",
            chapters: [
                .init(start: 0, title: "Why children die of diarrhoea", text: "Dehydration kills\nUnsafe water"),
                .init(
                    start: 95,
                    title: "Oral rehydration solution",
                    text: "Six level teaspoons of sugar\nHalf a teaspoon of salt",
                    thumbnail: "/t/2.jpg"
                ),
                .init(start: 240, title: "Zinc", text: "10 to 14 days"),
            ],
            cues: [
                .init(start: 130.5, text: "Mix the salt and sugar in one litre of clean water"), .init(start: 250, text: "Zinc shortens the illness"),
            ]
        ),
        LectureText(
            id: "paludisme-2",
            title: "Prévention du paludisme",
            series: "Santé publique",
            chapters: [
                .init(start: 0, title: "Le moustique anophèle", text: "Il pique la nuit"),
                .init(start: 60, title: "Moustiquaires imprégnées", text: "Dormir sous une moustiquaire traitée"),
            ]
        ),
        LectureText(
            id: "koufu-3",
            title: "儿童腹泻的治疗",
            chapters: [
                .init(start: 0, title: "腹泻的原因", text: "不安全的饮用水"),
                .init(start: 70, title: "口服补液盐", text: "口服补液盐可以预防脱水"),
            ]
        ),
    ])

    @Test("A slide's words find its chapter, with a link that plays from it")
    func slideText() throws {
        let hits = Self.index.search("teaspoons of sugar")
        let first = try #require(hits.first)
        #expect(first.id == "diarrhoea-1")
        #expect(first.chapter == "Oral rehydration solution" && first.chapterNumber == 2)
        #expect(first.field == .slide)
        #expect(first.watch == "/watch/diarrhoea-1#t=95")
        #expect(first.thumbnail == "/t/2.jpg")
        #expect(first.snippet == "Six level teaspoons of sugar")
    }

    @Test("Every word must match in one place; a missing word finds nothing")
    func allWords() {
        #expect(Self.index.search("zinc illness").map(\.time) == [250])
        #expect(Self.index.search("zinc malaria").isEmpty)
        #expect(Self.index.search("   ").isEmpty)
        #expect(Self.index.search("?!").isEmpty)
    }

    @Test("A chapter title ranks above subtitles with the same word, and a subtitle match plays from its cue")
    func ranking() {
        let hits = Self.index.search("salt")
        #expect(hits.first?.field == .slide)
        let spoken = Self.index.search("litre clean water")
        #expect(spoken.first?.field == .subtitles)
        #expect(spoken.first?.watch == "/watch/diarrhoea-1#t=130.5")
        #expect(spoken.first?.chapter == "Oral rehydration solution")
        #expect(Self.index.search("diarrhoeal").first?.field == .title)
    }

    @Test("Accents and case are folded both ways: moustiquaire traitee finds traitée, PREVENTION finds Prévention")
    func accents() {
        #expect(Self.index.search("moustiquaire traitee").first?.chapter == "Moustiquaires imprégnées")
        #expect(Self.index.search("PREVENTION").first?.id == "paludisme-2")
        #expect(Self.index.search("imprégnées").first?.chapterNumber == 2)
    }

    @Test("Chinese, written without spaces, is found by any word inside a sentence")
    func chinese() {
        #expect(Self.index.search("口服补液").first?.chapter == "口服补液盐")
        #expect(Self.index.search("脱水").first?.chapter == "口服补液盐")
        #expect(Self.index.search("饮用水").first?.chapter == "腹泻的原因")
        #expect(Self.index.search("腹泻").map(\.id).allSatisfy { $0 == "koufu-3" })
        #expect(Self.index.search("泻").first?.id == "koufu-3")
        #expect(Self.index.search("疟疾").isEmpty)
    }

    @Test("A query that ends inside a word finds the words it starts")
    func prefix() {
        #expect(Self.index.search("rehyd").first?.chapter == "Oral rehydration solution")
        #expect(Self.index.search("moustiq").count == 2)
        // A finished word is a word: "rehyd " asks for the word itself.
        #expect(Self.index.search("rehyd ").isEmpty)
    }

    @Test("A package's text: chapters from the manifest and cues from segmented WebVTT, each cue once")
    func package() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-search-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        let subs = folder.appendingPathComponent("subs-en")
        try FileManager.default.createDirectory(at: subs, withIntermediateDirectories: true)
        try Data("#EXTM3U\n#EXTINF:6,\nseg-1.vtt\n#EXTINF:6,\nseg-2.vtt\n#EXT-X-ENDLIST\n".utf8).write(to: subs.appendingPathComponent("index.m3u8"))
        let spanning = "00:00:05.000 --> 00:00:07.000\nWash <i>your</i> hands\n"
        try Data("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nSoap &amp; water\n\n\(spanning)".utf8).write(to: subs.appendingPathComponent("seg-1.vtt"))
        try Data("WEBVTT\n\n\(spanning)\n00:00:08.000 --> 00:00:09.000\nDry them\n".utf8).write(to: subs.appendingPathComponent("seg-2.vtt"))
        let manifest = Manifest(
            id: "wash-1",
            title: "Handwashing",
            language: "en",
            duration: 12,
            createdAt: "2026-12-03T00:00:00Z",
            source: SourceInfo(fileName: "w.mp4", size: 1, sha256: String(repeating: "0", count: 64), container: "mp4", duration: 12),
            renditions: [],
            subtitles: [SubtitleInfo(language: "en", name: "English", playlist: "subs-en/index.m3u8", cues: 3, origin: "w.srt")],
            chapters: [ChapterInfo(start: 0, title: "Soap", origin: .slide, thumbnail: "chapters/001.jpg", text: "Soap lifts microbes")]
        )
        let text = LectureText(manifest: manifest, package: folder)
        #expect(text.cues.map(\.text) == ["Soap & water", "Wash your hands", "Dry them"])
        #expect(text.chapters.first?.thumbnail == "/lectures/wash-1/chapters/001.jpg")
        let index = SearchIndex([text])
        #expect(index.search("wash hands").first?.time == 5)
        #expect(index.search("microbes").first?.field == .slide)
    }
}
