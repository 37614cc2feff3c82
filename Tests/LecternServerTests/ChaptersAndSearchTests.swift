import Foundation
import Hummingbird
import HummingbirdTesting
import LecternPackage
import LecternSearch
import Testing

@testable import LecternServer

/// Chapters in the API and on the watch page, and search across the library, through the router.
@Suite struct ChaptersAndSearchTests {
    static let chapterID = "oral-rehydration-9f8e7d6c"
    static let chapters = [
        ChapterInfo(start: 0, title: "Why children die of diarrhoea", origin: .slide, thumbnail: "chapters/001.jpg", text: "Dehydration kills"),
        ChapterInfo(
            start: 4.5,
            title: "Oral rehydration <solution>",
            origin: .slide,
            thumbnail: "chapters/002.jpg",
            text: "Six teaspoons of sugar\nHalf a teaspoon of salt"
        ),
        ChapterInfo(start: 8, title: "口服补液盐", origin: .set, thumbnail: "chapters/003.jpg", text: "口服补液盐可以预防脱水"),
    ]

    let fixture: PackageFixture

    init() throws {
        fixture = try PackageFixture()
        try PackageFixture.publish(
            into: fixture.library,
            id: Self.chapterID,
            title: "Diarrhoeal disease",
            series: "Public health 101",
            chapters: Self.chapters
        )
    }

    @Test("/api/lectures/<id> lists the chapters with their end, thumbnail URL, link and slide text; the catalog leaves the text out")
    func api() async throws {
        defer { fixture.remove() }
        try await TestApp.make(fixture).test(.router) { client in
            let response = try await client.execute(uri: "/api/lectures/\(Self.chapterID)", method: .get)
            let lecture = try JSONDecoder().decode(LectureSummary.self, from: Data(response.body.readableBytesView))
            #expect(lecture.chapters.map(\.start) == [0, 4.5, 8])
            #expect(lecture.chapters.map(\.end) == [4.5, 8, 12])
            #expect(lecture.chapters[1].thumbnail == "/lectures/\(Self.chapterID)/chapters/002.jpg")
            #expect(lecture.chapters[1].watch == "/watch/\(Self.chapterID)#t=4.5")
            #expect(lecture.chapters[1].text == "Six teaspoons of sugar\nHalf a teaspoon of salt")
            #expect(lecture.chapters[2].origin == "set")
            #expect(lecture.chaptersVTT == "/lectures/\(Self.chapterID)/chapters.vtt")
            let list = try await client.execute(uri: "/api/lectures", method: .get)
            struct List: Decodable { var lectures: [LectureSummary] }
            let lectures = try JSONDecoder().decode(List.self, from: Data(list.body.readableBytesView)).lectures
            let listed = try #require(lectures.first { $0.id == Self.chapterID })
            #expect(listed.chapters.count == 3 && listed.chapters.allSatisfy { $0.text == nil })
            #expect(lectures.first { $0.id == PackageFixture.id }?.chapters.isEmpty == true)
            // The chapter files are served like the rest of the package.
            let vtt = try await client.execute(uri: "/lectures/\(Self.chapterID)/chapters.vtt", method: .get)
            #expect(vtt.headers[.contentType] == "text/vtt; charset=utf-8")
            #expect(String(buffer: vtt.body).contains("Oral rehydration &lt;solution&gt;"))
        }
    }

    @Test("The watch page lists chapters as #t= links with thumbnails that wait for the first frame, and a chapters track")
    func watchPage() async throws {
        defer { fixture.remove() }
        try await TestApp.make(fixture).test(.router) { client in
            let page = String(buffer: try await client.execute(uri: "/watch/\(Self.chapterID)", method: .get).body)
            #expect(page.contains("<ol id=\"ch\">"))
            #expect(page.contains("<a href=\"#t=4.5\" data-t=\"4.5\"><img data-src=\"/lectures/\(Self.chapterID)/chapters/002.jpg\""))
            #expect(!page.contains(" src=\"/lectures/\(Self.chapterID)/chapters/"))  // no thumbnail before the lecture plays
            #expect(page.contains("Oral rehydration &lt;solution&gt;"))
            #expect(page.contains("<track kind=\"chapters\" src=\"/lectures/\(Self.chapterID)/chapters.vtt\" srclang=\"fr\">"))
            // Saved for offline with the lecture: the chapter files come along.
            #expect(page.contains("\"/lectures/\(Self.chapterID)/chapters/003.jpg\""))
            let plain = String(buffer: try await client.execute(uri: "/watch/\(PackageFixture.id)", method: .get).body)
            #expect(!plain.contains("id=\"ch\"") && !plain.contains("kind=\"chapters\""))
        }
    }

    @Test("/api/search finds the chapter by slide text, chapter title or subtitles, in Latin and Chinese script")
    func search() async throws {
        defer { fixture.remove() }
        try await TestApp.make(fixture).test(.router) { client in
            struct Answer: Decodable {
                struct Hit: Decodable {
                    var id: String
                    var chapter: String?
                    var field: String
                    var watch: String
                    var snippet: String
                }
                var query: String
                var results: [Hit]
            }
            func search(_ query: String) async throws -> [Answer.Hit] {
                let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
                let response = try await client.execute(uri: "/api/search?q=\(encoded)", method: .get)
                #expect(response.status == .ok)
                return try JSONDecoder().decode(Answer.self, from: Data(response.body.readableBytesView)).results
            }
            let sugar = try await search("teaspoons sugar")
            #expect(sugar.first?.id == Self.chapterID)
            #expect(sugar.first?.chapter == "Oral rehydration <solution>")
            #expect(sugar.first?.watch == "/watch/\(Self.chapterID)#t=4.5")
            #expect(sugar.first?.field == "slide")
            #expect(try await search("预防脱水").first?.chapter == "口服补液盐")
            // The fixture's Chinese subtitles ("第二句" at 5 s), inside a lecture without chapters.
            let spoken = try await search("二句")
            #expect(spoken.first?.id == PackageFixture.id)
            #expect(spoken.first?.field == "subtitles")
            #expect(spoken.first?.watch == "/watch/\(PackageFixture.id)#t=5")
            #expect(try await search("quinine").isEmpty)
            #expect(try await client.execute(uri: "/api/search?q=" + String(repeating: "a", count: 201), method: .get).status == .badRequest)
            #expect(try await client.execute(uri: "/api/search?q=salt&limit=500", method: .get).status == .badRequest)
        }
    }

    @Test("The catalog has a search box; /search shows the matches as links that play from the chapter")
    func searchPage() async throws {
        defer { fixture.remove() }
        try await TestApp.make(fixture).test(.router) { client in
            let catalog = String(buffer: try await client.execute(uri: "/", method: .get).body)
            #expect(catalog.contains("<form action=\"/search\" method=\"get\" role=\"search\">"))
            let page = String(buffer: try await client.execute(uri: "/search?q=rehydration", method: .get).body)
            #expect(page.contains("<a href=\"/watch/\(Self.chapterID)#t=4.5\">Diarrhoeal disease</a>"))
            #expect(page.contains("Chapter 2: Oral rehydration &lt;solution&gt;"))
            #expect(page.contains("value=\"rehydration\""))
            let none = String(buffer: try await client.execute(uri: "/search?q=quinine", method: .get).body)
            #expect(none.contains("Nothing found"))
        }
    }

    @Test("A lecture published after the first search is found by the next")
    func freshness() async throws {
        defer { fixture.remove() }
        let search = LibrarySearch(library: fixture.library)
        #expect(await search.search("zinc").isEmpty)
        let zinc = [ChapterInfo(start: 0, title: "Zinc for ten days", origin: .slide)]
        try PackageFixture.publish(into: fixture.library, id: "zinc-11223344", title: "Zinc", series: nil, chapters: zinc)
        // The rebuild runs in the background; the next queries see it.
        var found: [String] = []
        for _ in 0..<50 where found.isEmpty {
            found = await search.search("zinc").map { $0.id }
            if found.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(found == ["zinc-11223344"])
    }
}
