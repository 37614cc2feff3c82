import Foundation
import Hummingbird
import HummingbirdTesting
import LecternHLS
import Testing

@testable import LecternServer

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
            let page = try await client.execute(uri: "/watch/\(PackageFixture.id)", method: .get)
            #expect(page.headers[HeaderName.referrerPolicy] == "no-referrer")
            let html = String(buffer: page.body)
            #expect(html.contains("<video"))
            #expect(html.contains("master: \"/lectures/\(PackageFixture.id)/master.m3u8\""))
            #expect(html.contains("&lt;to&gt;"))
            // Languages the native player would not offer: an audio menu and subtitles as whole-file tracks.
            #expect(html.contains("<option value=\"en\" lang=\"en\">English</option>"))
            #expect(
                html.contains("<track kind=\"subtitles\" src=\"/api/lectures/\(PackageFixture.id)/subtitles/1.vtt\" srclang=\"zh\" label=\"中文\">")
            )
            #expect(try await client.execute(uri: "/watch/nope-12345678", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/watch/%3Cscript%3E", method: .get).status == .notFound)
        }
    }

    @Test(
        "/watch/<id> carries the player inside on a first visit and fetches its file for the next; with the cookie for this player it loads the file instead"
    )
    func inlinePlayer() async throws {
        let fixture = try PackageFixture()
        defer { fixture.remove() }
        let app = try TestApp.make(fixture)
        let player = WebAssets.player
        let text = try #require(player.inlineText)
        try await app.test(.router) { client in
            let uri = "/watch/\(PackageFixture.id)"
            let first = try await client.execute(uri: uri, method: .get)
            let firstHTML = String(buffer: first.body)
            #expect(firstHTML.contains("<script>\n\(text)</script>"))
            #expect(!firstHTML.contains("<script src=\"\(player.path)\""))
            #expect(firstHTML.contains("fetch(\"\(player.path)\""), "the page fetches the file for the next visit")
            #expect(firstHTML.contains("document.cookie = \"\(WatchPage.playerCookie)=\(player.digest);"))
            #expect(first.headers[HeaderName.link]?.contains(player.path) == false, "nothing to preload: the player is in the page")

            let cookie = HTTPFields([.init(name: .cookie, value: "a=1; \(WatchPage.playerCookie)=\(player.digest)")])
            let later = try await client.execute(uri: uri, method: .get, headers: cookie)
            let laterHTML = String(buffer: later.body)
            #expect(laterHTML.contains("<script src=\"\(player.path)\"></script>"))
            #expect(!laterHTML.contains(text))
            #expect(later.headers[HeaderName.link]?.hasPrefix("<\(player.path)>; rel=preload; as=script") == true)

            // A cookie from an older player: the page carries the new one.
            let old = HTTPFields([.init(name: .cookie, value: "\(WatchPage.playerCookie)=000000000000")])
            #expect(String(buffer: try await client.execute(uri: uri, method: .get, headers: old).body).contains(text))
        }
    }

    /// The start plan in a watch page's script.
    static func plan(in page: TestResponse) throws -> [String: Any] {
        let html = String(buffer: page.body)
        let line = try #require(html.split(separator: "\n").first { $0.hasPrefix("const start = {") })
        let object = try #require(line.components(separatedBy: ", plan: ").last?.components(separatedBy: ", master: ").first)
        return try #require(try JSONSerialization.jsonObject(with: Data(object.utf8)) as? [String: Any])
    }

    @Test(
        "Small start files ride in the page for the MSE player: the playlists as the server answers them, init sections and first segments in base64; only the master is preloaded. Not for ?player=native or an iPhone"
    )
    func inlineStart() async throws {
        let fixture = try PackageFixture()
        defer { fixture.remove() }
        for folder in ["slides", "audio-32k"] {
            try PackageFixture.bytes(5_000).write(to: fixture.packageFolder.appendingPathComponent("\(folder)/seg-00001.m4s"))
        }
        let app = try TestApp.make(fixture)
        try await app.test(.router) { client in
            let uri = "/watch/\(PackageFixture.id)"
            let page = try await client.execute(uri: uri, method: .get)
            let plan = try Self.plan(in: page)
            let prefetch = try #require(plan["prefetch"] as? [String])
            let carried = try #require(plan["inline"] as? [String: String])
            #expect(Set(carried.keys) == Set(prefetch.dropFirst()), "everything but the master")
            #expect(page.headers[HeaderName.link] == "<\(prefetch[0])>; rel=preload; as=fetch; crossorigin")
            for (path, value) in carried {
                let served = try await client.execute(uri: path, method: .get)
                if path.contains(".m3u8") {
                    #expect(value == String(buffer: served.body), "\(path): the playlist as served, segment URIs with ?s=")
                    #expect(value.contains("seg-00001.m4s?s="))
                } else {
                    #expect(Data(base64Encoded: value) == Data(served.body.readableBytesView), "\(path)")
                }
            }
            let native = try await client.execute(uri: uri + "?player=native", method: .get)
            #expect((try Self.plan(in: native)["inline"] as? [String: String])?.isEmpty == true)
            #expect(native.headers[HeaderName.link]?.components(separatedBy: ", ").count == prefetch.count)
            let iPhone = HTTPFields([.init(name: .userAgent, value: "Mozilla/5.0 (iPhone; CPU iPhone OS 16_7 like Mac OS X) Safari/604.1")])
            let phone = try await client.execute(uri: uri, method: .get, headers: iPhone)
            #expect((try Self.plan(in: phone)["inline"] as? [String: String])?.isEmpty == true)
        }
    }

    @Test("/watch/<id> fetches the player's first files itself: each is served, the capped master is cacheable and lists floor, slides, audio-only")
    func startPlan() async throws {
        let fixture = try PackageFixture()
        defer { fixture.remove() }
        let app = try TestApp.make(fixture)
        try await app.test(.router) { client in
            // A browser that has the player (on a first visit the page carries it, and the Link header has the rest).
            let cookie = HTTPFields([.init(name: .cookie, value: "\(WatchPage.playerCookie)=\(WebAssets.player.digest)")])
            let page = try await client.execute(uri: "/watch/\(PackageFixture.id)", method: .get, headers: cookie)
            let plan = try Self.plan(in: page)
            let token = try #require(plan["token"] as? String)
            let prefetch = try #require(plan["prefetch"] as? [String])
            let base = "/lectures/\(PackageFixture.id)/"
            #expect(
                prefetch == [
                    "\(base)master.m3u8?max_kbps=175&s=\(token)",
                    "\(base)slides/index.m3u8?s=\(token)", "\(base)slides/init.mp4?s=\(token)", "\(base)slides/seg-00001.m4s?s=\(token)",
                    "\(base)audio-32k/index.m3u8?s=\(token)", "\(base)audio-32k/init.mp4?s=\(token)", "\(base)audio-32k/seg-00001.m4s?s=\(token)",
                ]
            )
            // Start files over StartPlan.inlineLimit (two 40 kB segments): the page carries none of them.
            #expect((plan["inline"] as? [String: String])?.isEmpty == true)
            // The same files announced in the page's headers, so the browser starts them before the page's script runs.
            var links = try #require(page.headers[HTTPFields.Element.Name("Link")!]).components(separatedBy: ", ")
            // The player first (it is needed before anything else can play), then the start files.
            #expect(links.removeFirst() == "<\(WebAssets.player.path)>; rel=preload; as=script")
            #expect(Set(links) == Set(prefetch.map { "<\($0)>; rel=preload; as=fetch; crossorigin" }))
            #expect(links.count == prefetch.count)
            // Ordered by the files' sizes on disk (StartPlan.linkOrder).
            let sized = try prefetch.map { path in
                let file = path.dropFirst(base.count).split(separator: "?")[0]
                let size =
                    try FileManager.default.attributesOfItem(atPath: fixture.packageFolder.appendingPathComponent(String(file)).path)[.size] as? Int
                return (path: path, size: size ?? 0)
            }
            #expect(links == StartPlan.linkOrder(sized).map { "<\($0)>; rel=preload; as=fetch; crossorigin" })
            #expect(plan["ladderKbps"] as? [Int] == [140, 420, 850, 1700])
            #expect(plan["belowFloorKbps"] as? Int == 139)
            #expect(plan["slidesKbps"] as? Int == 75)
            for path in prefetch {
                #expect(try await client.execute(uri: path, method: .get).status == .ok, "\(path)")
            }
            let master = try await client.execute(uri: prefetch[0], method: .get)
            #expect(master.headers[.cacheControl] == "private, max-age=60")
            let variants = try PlaylistParser.parseMultivariant(String(buffer: master.body)).variants.map(\.uri)
            #expect(variants == ["240p/index.m3u8?s=\(token)", "slides/index.m3u8?s=\(token)", "audio-32k/index.m3u8?s=\(token)"])
            // The player's requests (Accept-Encoding "gzip, identity;q=1, *;q=0") must match the page's cached copies.
            let browser: HTTPFields = [.acceptEncoding: "gzip, deflate, br, zstd"]
            for path in prefetch.prefix(2) {
                let response = try await client.execute(uri: path, method: .get, headers: browser)
                #expect(response.headers[.contentEncoding] == "gzip", "\(path)")
                #expect(response.headers[.vary]?.lowercased().contains("accept-encoding") != true, "\(path)")
            }
            #expect(master.headers[.vary]?.contains("Downlink") == true)
            let untagged = try await client.execute(uri: "\(base)master.m3u8", method: .get)
            #expect(untagged.headers[.cacheControl] == "private, no-cache")
            // A second page view is a second session.
            let again = String(buffer: try await client.execute(uri: "/watch/\(PackageFixture.id)", method: .get).body)
            #expect(!again.contains(token))
        }
    }
}
