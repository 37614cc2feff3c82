import Foundation
import Hummingbird
import HummingbirdTesting
import LecternPackage
import Testing

@testable import LecternServer

@Suite struct CatalogControllerTests {
    let fixture: PackageFixture

    init() throws { fixture = try PackageFixture() }

    @Test("/api/lectures lists every lecture with renditions, sizes and URLs")
    func list() async throws {
        defer { fixture.remove() }
        let app = try TestApp.make(fixture)
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/api/lectures", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            struct List: Decodable { var lectures: [LectureSummary] }
            let list = try JSONDecoder().decode(List.self, from: Data(response.body.readableBytesView))
            let lecture = try #require(list.lectures.first)
            #expect(list.lectures.count == 1)
            #expect(lecture.id == PackageFixture.id)
            #expect(lecture.title.contains("流行病学"))
            #expect(lecture.series == "Public health 101")
            #expect(lecture.language == "fr")
            #expect(lecture.audio.map(\.code) == ["fr", "en"])
            #expect(lecture.audio.map(\.name) == ["Français", "English"])
            #expect(lecture.subtitles.map(\.name) == ["中文"])
            #expect(lecture.subtitles.first?.vtt == "/api/lectures/\(PackageFixture.id)/subtitles/1.vtt")
            #expect(lecture.duration == 12)
            #expect(lecture.poster == "/lectures/\(PackageFixture.id)/poster.jpg")
            #expect(lecture.renditions.count == PackageFixture.renditionFolders.count)
            let p360 = try #require(lecture.renditions.first { $0.name == "360p" })
            #expect(p360.bandwidth == 420_000)
            #expect(p360.bytes > PackageFixture.segmentSize)
            #expect(lecture.packageBytes > lecture.renditions.reduce(0) { $0 + $1.bytes })
        }
    }

    @Test("/api/lectures/<id>: one lecture, 404 for unknown or invalid ids, gzip when accepted")
    func show() async throws {
        defer { fixture.remove() }
        let app = try TestApp.make(fixture)
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/api/lectures/\(PackageFixture.id)", method: .get)
            let lecture = try JSONDecoder().decode(LectureSummary.self, from: Data(response.body.readableBytesView))
            #expect(lecture.master == "/lectures/\(PackageFixture.id)/master.m3u8")
            // The version a saved copy compares with: 16 hex digits that follow the package's files.
            let manifest = try fixture.library.manifest(PackageFixture.id)
            #expect(lecture.version == LectureSummary.version(of: manifest))
            #expect(lecture.version.count == 16 && lecture.version.allSatisfy(\.isHexDigit))
            var changed = manifest
            changed.files[0].sha256 = String(repeating: "0", count: 64)
            #expect(LectureSummary.version(of: changed) != lecture.version)
            #expect(try await client.execute(uri: "/api/lectures/nope-12345678", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/api/lectures/..%2f..", method: .get).status == .notFound)
            let zipped = try await client.execute(uri: "/api/lectures", method: .get, headers: [.acceptEncoding: "gzip"])
            #expect(zipped.headers[.contentEncoding] == "gzip")
        }
    }

    @Test("A lecture published while the server runs is served without a restart")
    func publishedWhileRunning() async throws {
        defer { fixture.remove() }
        let app = try TestApp.make(fixture)
        let library = fixture.library
        try await app.test(.router) { client in
            #expect(try await client.execute(uri: "/lectures/second-talk-9f9f9f9f/master.m3u8", method: .get).status == .notFound)
            try PackageFixture.publish(into: library, id: "second-talk-9f9f9f9f", title: "Second talk", series: nil)
            #expect(try await client.execute(uri: "/lectures/second-talk-9f9f9f9f/master.m3u8", method: .get).status == .ok)
            let list = String(buffer: try await client.execute(uri: "/api/lectures", method: .get).body)
            #expect(list.contains("second-talk-9f9f9f9f"))
        }
    }

    @Test("/api/lectures/<id>/subtitles/<n>.vtt: a whole subtitle track, each cue once, CJK intact; 404 past the last track")
    func wholeSubtitleTrack() async throws {
        defer { fixture.remove() }
        let app = try TestApp.make(fixture)
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/api/lectures/\(PackageFixture.id)/subtitles/1.vtt", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/vtt; charset=utf-8")
            #expect(String(buffer: response.body) == "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n流行病学导论\n\n00:00:05.000 --> 00:00:07.500\n第二句\n\n")
            // Joined once per version of the track: a new subtitle playlist (a re-published track) is joined again.
            let folder = fixture.packageFolder.appendingPathComponent("subs-zh")
            try Data("WEBVTT\n\n00:00:08.000 --> 00:00:09.000\n新的\n\n".utf8).write(to: folder.appendingPathComponent("seg-00002.vtt"))
            let cached = try await client.execute(uri: "/api/lectures/\(PackageFixture.id)/subtitles/1.vtt", method: .get)
            #expect(!String(buffer: cached.body).contains("新的"))
            try Data((PackageFixture.subtitlePlaylist + "\n").utf8).write(to: folder.appendingPathComponent("index.m3u8"))
            let rejoined = try await client.execute(uri: "/api/lectures/\(PackageFixture.id)/subtitles/1.vtt", method: .get)
            #expect(String(buffer: rejoined.body).hasSuffix("00:00:08.000 --> 00:00:09.000\n新的\n\n"))
            for missing in ["2.vtt", "0.vtt", "1.srt", "x.vtt"] {
                #expect(
                    try await client.execute(uri: "/api/lectures/\(PackageFixture.id)/subtitles/\(missing)", method: .get).status == .notFound,
                    "\(missing)"
                )
            }
        }
    }
}
