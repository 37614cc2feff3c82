import Foundation
import Hummingbird
import HummingbirdTesting
@testable import LecternServer
import Testing

@Suite struct PagesControllerTests {
    @Test("/ lists series and lectures with escaped titles, duration, poster and rendition sizes")
    func catalog() async throws {
        let fixture = try PackageFixture()
        defer { fixture.remove() }
        let app = try TestApp.make(fixture)
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            let html = String(buffer: response.body)
            #expect(html.contains("Introduction &lt;to&gt; &quot;Epidemiology&quot; &amp; 流行病学"))
            #expect(!html.contains("<to>"))
            #expect(html.contains("<h2>Public health 101</h2>"))
            #expect(html.contains("/watch/\(PackageFixture.id)"))
            #expect(html.contains("/lectures/\(PackageFixture.id)/poster.jpg"))
            #expect(html.contains("0:12"))
            #expect(html.contains("360p "))
            #expect(html.contains("Audio: Français, English"))
            #expect(html.contains("Subtitles: 中文"))
        }
    }

    @Test("/watch/<id> plays the adaptive master in a plain video element with an audio-only switch")
    func watch() async throws {
        let fixture = try PackageFixture()
        defer { fixture.remove() }
        let app = try TestApp.make(fixture)
        try await app.test(.router) { client in
            let html = String(buffer: try await client.execute(uri: "/watch/\(PackageFixture.id)", method: .get).body)
            #expect(html.contains("<video"))
            #expect(html.contains("src=\"/lectures/\(PackageFixture.id)/master.m3u8\""))
            #expect(html.contains("max_kbps=40"))
            #expect(html.contains("&lt;to&gt;"))
            #expect(try await client.execute(uri: "/watch/nope-12345678", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/watch/%3Cscript%3E", method: .get).status == .notFound)
        }
    }
}
