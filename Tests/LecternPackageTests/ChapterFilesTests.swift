import Foundation
import Testing

@testable import LecternPackage

/// The chapter files a package publishes and the checks `verify` makes of them.
struct ChapterFilesTests {
    static let chapters = [
        ChapterInfo(start: 0, title: "Malaria <prevention> & nets", origin: .slide, thumbnail: "chapters/001.jpg"),
        ChapterInfo(start: 83.5, title: "Oral rehydration\nsalts", origin: .set, thumbnail: "chapters/002.jpg"),
    ]

    @Test("chapters.vtt: a cue per chapter to the next one's start (the last to the end), titles on one escaped line")
    func webVTT() {
        #expect(
            ChapterFiles.webVTT(Self.chapters, duration: 3725.25)
                == "WEBVTT\n\n1\n00:00:00.000 --> 00:01:23.500\nMalaria &lt;prevention&gt; &amp; nets\n\n2\n00:01:23.500 --> 01:02:05.250\nOral rehydration salts\n"
        )
    }

    @Test("chapters.json in Apple's format: number, start-time, duration, titles by language, the thumbnail's size")
    func json() throws {
        let data = try ChapterFiles.json(Self.chapters, duration: 120, language: "en", thumbnailSize: (160, 90))
        let entries = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(entries.count == 2)
        #expect(entries[1]["chapter"] as? Int == 2)
        #expect(entries[1]["start-time"] as? Double == 83.5)
        #expect(entries[1]["duration"] as? Double == 36.5)
        #expect((entries[0]["titles"] as? [[String: String]])?.first == ["language": "en", "title": "Malaria <prevention> & nets"])
        let image = (entries[0]["images"] as? [[String: Any]])?.first
        #expect(image?["image-category"] as? String == "chapter")
        #expect(image?["pixel-width"] as? Int == 160 && image?["pixel-height"] as? Int == 90)
        #expect(image?["url"] as? String == "chapters/001.jpg")
        #expect(ChapterFiles.linkTime(83.5) == "83.5" && ChapterFiles.linkTime(95) == "95" && ChapterFiles.linkTime(12.04) == "12")
    }

    @Test("Problems: a start outside the lecture or not after the one before, an empty title, a missing thumbnail")
    func problems() {
        #expect(ChapterFiles.problems(Self.chapters, duration: 120, has: { _ in true }).isEmpty)
        var broken = Self.chapters
        broken.append(ChapterInfo(start: 80, title: " ", origin: .set, thumbnail: "chapters/003.jpg"))
        broken.append(ChapterInfo(start: 130, title: "Late", origin: .set))
        let problems = ChapterFiles.problems(broken, duration: 120, has: { $0 != "chapters/003.jpg" })
        #expect(
            problems == [
                "chapter 3 starts at 80.000 s, not after chapter 2",
                "chapter 3 has no title",
                "chapter 3's thumbnail chapters/003.jpg is missing",
                "chapter 4 starts at 130.000 s, outside the lecture (0 to 120.000 s)",
            ]
        )
    }
}
