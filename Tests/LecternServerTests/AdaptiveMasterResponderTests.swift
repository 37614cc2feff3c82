import Foundation
import Hummingbird
import HummingbirdTesting
import LecternHLS
import Testing

@testable import LecternServer

/// `/lectures/<id>/master.m3u8`, one test per signal, most trusted first.
@Suite struct AdaptiveMasterResponderTests {
    let fixture: PackageFixture
    let uri = "/lectures/\(PackageFixture.id)/master.m3u8"

    init() throws { fixture = try PackageFixture() }

    /// Variant URIs without the session query.
    static func variants(_ response: TestResponse) throws -> [String] {
        let playlist = try PlaylistParser.parseMultivariant(String(buffer: response.body))
        return playlist.variants.map { String($0.uri.split(separator: "?")[0]) }
    }

    func master(headers: HTTPFields = [:], query: String = "") async throws -> TestResponse {
        let app = try TestApp.make(fixture)
        let uri = self.uri + query
        return try await app.test(.router) { client in try await client.execute(uri: uri, method: .get, headers: headers) }
    }

    @Test("No signal: the full ladder in the package's order, with Accept-CH and Vary")
    func noSignal() async throws {
        defer { fixture.remove() }
        let response = try await master()
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "application/vnd.apple.mpegurl")
        #expect(
            try Self.variants(response) == [
                "240p/index.m3u8", "360p/index.m3u8", "480p/index.m3u8", "720p/index.m3u8", "slides/index.m3u8", "audio-32k/index.m3u8",
            ]
        )
        #expect(response.headers[HeaderName.acceptCH]?.contains("Downlink") == true)
        for hint in ["Save-Data", "Downlink", "ECT", "CMCD-Request"] { #expect(response.headers[.vary]?.contains(hint) == true) }
        #expect(response.headers[HeaderName.lecternAdaptive] == "signal=none")
    }

    @Test("Every URI, audio renditions and I-frame playlists included, carries the session token")
    func sessionPrefix() async throws {
        defer { fixture.remove() }
        let response = try await master()
        let playlist = try PlaylistParser.parseMultivariant(String(buffer: response.body))
        let cookie = try #require(response.headers[.setCookie])
        let token = try #require(cookie.split(separator: ";").first?.split(separator: "=").last.map(String.init))
        #expect(playlist.variants.allSatisfy { $0.uri.hasSuffix("?s=\(token)") })
        #expect(playlist.renditions.allSatisfy { $0.uri?.hasSuffix("?s=\(token)") == true })
        #expect(playlist.iFrameStreams.allSatisfy { $0.uri.hasSuffix("?s=\(token)") })
    }

    @Test("?original serves the master exactly as stored (for lectern mirror), without a session or adaptation")
    func original() async throws {
        defer { fixture.remove() }
        let response = try await master(headers: [HeaderName.downlink: "0.1"], query: "?original")
        #expect(response.status == .ok)
        #expect(String(buffer: response.body) == PackageFixture.master)
        #expect(response.headers[.setCookie] == nil)
        #expect(response.headers[HeaderName.lecternAdaptive] == nil)
    }

    @Test("?max_kbps=40 leaves only audio-only; it beats every other signal")
    func maxKbps() async throws {
        defer { fixture.remove() }
        let response = try await master(headers: [HeaderName.downlink: "10", HeaderName.cmcdRequest: "mtp=20000"], query: "?max_kbps=40")
        #expect(try Self.variants(response) == ["audio-32k/index.m3u8"])
        #expect(response.headers[HeaderName.lecternAdaptive] == "signal=max_kbps; kbps=40")
    }

    @Test("CMCD mtp in the query or the CMCD-Request header; a short buffer lowers the budget")
    func cmcd() async throws {
        defer { fixture.remove() }
        let query = try await master(query: "?CMCD=bl%3D30000%2Cmtp%3D1200%2Csid%3D%22abc%22")
        #expect(try Self.variants(query).first == "480p/index.m3u8")
        #expect(query.headers[HeaderName.lecternAdaptive]?.hasPrefix("signal=cmcd") == true)
        let header = try await master(headers: [HeaderName.cmcdRequest: "bl=1500,mtp=1200"])
        #expect(try Self.variants(header).first == "360p/index.m3u8")
    }

    @Test("Save-Data, Downlink and ECT client hints")
    func clientHints() async throws {
        defer { fixture.remove() }
        let saveData = try await master(headers: [HeaderName.saveData: "on"])
        #expect(try Self.variants(saveData).first == "240p/index.m3u8")
        #expect(!(try Self.variants(saveData)).contains("720p/index.m3u8"))
        let downlink = try await master(headers: [HeaderName.downlink: "1.5"])
        #expect(try Self.variants(downlink).first == "480p/index.m3u8")
        let twoG = try await master(headers: [HeaderName.ect: "2g"])
        #expect(try Self.variants(twoG) == ["slides/index.m3u8", "audio-32k/index.m3u8"])
        #expect(twoG.headers[HeaderName.lecternAdaptive]?.hasPrefix("signal=client_hints") == true)
    }

    @Test("Throughput measured on this session's segments steers the next master; segments carry CMSD-Dynamic")
    func measured() async throws {
        defer { fixture.remove() }
        let app = try TestApp.make(fixture)
        let uri = self.uri
        try await app.test(.router) { client in
            let first = try await client.execute(uri: uri, method: .get)
            let variant = try #require(PlaylistParser.parseMultivariant(String(buffer: first.body)).variants.first?.uri)
            let token = String(try #require(variant.split(separator: "?s=").last))
            // The media playlist passes the token on to every segment and the init section.
            let media = try await client.execute(uri: "/lectures/\(PackageFixture.id)/\(variant)", method: .get)
            let playlist = try PlaylistParser.parseMedia(String(buffer: media.body))
            #expect(playlist.segments.allSatisfy { $0.uri.hasSuffix(".m4s?s=\(token)") })
            #expect(playlist.segments.first?.map?.uri == "init.mp4?s=\(token)")
            let base = "/lectures/\(PackageFixture.id)/240p/"
            let segment = try await client.execute(uri: base + "seg-00001.m4s?s=\(token)", method: .get)
            #expect(segment.status == .ok)
            #expect(segment.body.readableBytes == PackageFixture.segmentSize)
            let second = try await client.execute(uri: base + "seg-00002.m4s?s=\(token)", method: .get)
            #expect(second.headers[HeaderName.cmsdDynamic]?.hasPrefix("etp=") == true)
            #expect(second.headers[.accessControlExposeHeaders] == "ETag, CMSD-Dynamic")
            let again = try await client.execute(uri: uri + "?s=\(token)", method: .get)
            #expect(again.headers[HeaderName.lecternAdaptive]?.hasPrefix("signal=measured") == true)
            #expect(again.headers[.accessControlExposeHeaders]?.hasSuffix("Lectern-Adaptive") == true)
            let viaCookie = try await client.execute(uri: uri, method: .get, headers: [.cookie: "other=1; lectern_session=\(token)"])
            #expect(viaCookie.headers[HeaderName.lecternAdaptive]?.hasPrefix("signal=measured") == true)
        }
    }

    @Test("Decisions are counted by signal on /metrics")
    func counted() async throws {
        defer { fixture.remove() }
        let app = try TestApp.make(fixture)
        let uri = self.uri
        try await app.test(.router) { client in
            _ = try await client.execute(uri: uri + "?max_kbps=300", method: .get)
            _ = try await client.execute(uri: uri, method: .get, headers: [HeaderName.ect: "3g"])
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains(#"lectern_adaptive_decisions_total{signal="max_kbps"} 1"#))
            #expect(metrics.contains(#"lectern_adaptive_decisions_total{signal="client_hints"} 1"#))
        }
    }

    @Test("The adaptive master is gzipped when accepted")
    func gzip() async throws {
        defer { fixture.remove() }
        let response = try await master(headers: [.acceptEncoding: "gzip"])
        #expect(response.headers[.contentEncoding] == "gzip")
        #expect(Array(response.body.readableBytesView.prefix(2)) == [0x1F, 0x8B])
    }

    /// The fixture's master with French audio and French + Chinese subtitles added.
    static let multilingual = PackageFixture.master.replacingOccurrences(
        of: "#EXT-X-STREAM-INF",
        with: """
            #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio-32k",LANGUAGE="fr",NAME="Français",DEFAULT=NO,AUTOSELECT=YES,URI="audio-32k/index.m3u8"
            #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",LANGUAGE="fr",NAME="Français",DEFAULT=NO,AUTOSELECT=YES,URI="subs-zh/index.m3u8"
            #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",LANGUAGE="zh",NAME="中文",DEFAULT=NO,AUTOSELECT=YES,URI="subs-zh/index.m3u8"
            #EXT-X-STREAM-INF
            """,
        options: [],
        range: PackageFixture.master.range(of: "#EXT-X-STREAM-INF")
    )

    @Test("?audio=fr&subtitles=zh: those languages become each group's default and come first; adaptation still applies")
    func languages() async throws {
        defer { fixture.remove() }
        try Data(Self.multilingual.utf8).write(to: fixture.packageFolder.appendingPathComponent("master.m3u8"))
        let response = try await master(query: "?audio=fr&subtitles=zh&max_kbps=40")
        let playlist = try PlaylistParser.parseMultivariant(String(buffer: response.body))
        let audio = playlist.renditions.filter { $0.type == .audio && $0.groupID == "audio-32k" }
        #expect(audio.map(\.language) == ["fr", "en"])
        #expect(audio.map(\.isDefault) == [true, false])
        let subtitles = playlist.renditions.filter { $0.type == .subtitles }
        #expect(subtitles.first?.language == "zh")
        #expect(subtitles.filter(\.isDefault).map(\.language) == ["zh"])
        #expect(try Self.variants(response) == ["audio-32k/index.m3u8"])
    }
}

/// The written masters kept per lecture version: every client still gets its own token, each decision its own
/// variants, and a master republished under the server is served as it is now.
@Suite struct RenderedMasterReuseTests {
    @Test("Kept masters: a token per client, variants per decision, a republished master never served stale")
    func reuse() async throws {
        let fixture = try PackageFixture()
        defer { fixture.remove() }
        let app = try TestApp.make(fixture)
        let uri = "/lectures/\(PackageFixture.id)/master.m3u8"
        try await app.test(.router) { client in
            func get(_ query: String = "") async throws -> (body: String, token: String) {
                let response = try await client.execute(uri: uri + query, method: .get)
                let token = try #require(response.headers[.setCookie]?.split(separator: ";").first?.split(separator: "=").last)
                return (String(buffer: response.body), String(token))
            }
            let first = try await get()
            let second = try await get()
            #expect(first.token != second.token)
            #expect(first.body.contains("?s=\(first.token)") && !first.body.contains(second.token))
            #expect(first.body.replacingOccurrences(of: first.token, with: "T") == second.body.replacingOccurrences(of: second.token, with: "T"))
            #expect(!first.body.contains("{{"))
            // Another decision after those: its own variants, not the kept full ladder.
            let capped = try await get("?max_kbps=40")
            #expect(try PlaylistParser.parseMultivariant(capped.body).variants.count == 1)
            #expect(try PlaylistParser.parseMultivariant(try await get().body).variants.count == 6)

            // The same language asked for as audio, then as subtitles: two different masters.
            let file = fixture.packageFolder.appendingPathComponent("master.m3u8")
            try Data(AdaptiveMasterResponderTests.multilingual.utf8).write(to: file)
            func defaults(_ query: String) async throws -> [String] {
                try PlaylistParser.parseMultivariant(try await get(query).body).renditions.filter(\.isDefault).compactMap(\.language)
            }
            #expect(try await defaults("?audio=fr").contains("fr"))
            #expect(try await defaults("?subtitles=fr") == ["en", "en", "fr"])

            // Republished with one variant less: the next master shows it (the kept ones belonged to the old file).
            let text = try String(contentsOf: file, encoding: .utf8)
            let trimmed = text.replacingOccurrences(of: #"#EXT-X-STREAM-INF:[^\n]*\n720p/index.m3u8\n"#, with: "", options: .regularExpression)
            #expect(trimmed != text)
            try Data(trimmed.utf8).write(to: file)
            #expect(try PlaylistParser.parseMultivariant(try await get().body).variants.count == 5)
        }
    }
}
