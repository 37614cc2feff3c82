import LecternHLS
import Testing

@testable import LecternServer

/// The watch page's start: which master it hands the player first and which files it fetches ahead of the player,
/// over the fixture's ladder (floor 140k, 360p 420k, 480p 850k, 720p 1.7M, slides 75k, audio 31k).
@Suite struct StartPlanTests {
    let master = try! PlaylistParser.parseMultivariant(PackageFixture.master)

    @Test("The start cap sits just above the floor; the player starts on the lowest video variant under it (slides) with its audio")
    func start() throws {
        let start = try #require(StartPlan.start(for: master))
        #expect(start.capKbps == 175)
        #expect(start.video == "slides/index.m3u8")
        #expect(start.audio == "audio-32k/index.m3u8")
        let listed = AdaptivePolicy.apply(Budget(kbps: Double(start.capKbps), tolerance: 1, signal: .maxKbps), to: master).variants.map(\.uri)
        #expect(listed == ["240p/index.m3u8", "slides/index.m3u8", "audio-32k/index.m3u8"])
    }

    @Test("Without a slides rung the player starts on the floor")
    func noSlides() throws {
        var trimmed = master
        trimmed.variants.removeAll { $0.uri.hasPrefix("slides/") }
        let start = try #require(StartPlan.start(for: trimmed))
        #expect(start.video == "240p/index.m3u8")
        #expect(start.audio == "audio-32k/index.m3u8")
    }

    @Test("An audio-only package has nothing to choose: no plan")
    func audioOnly() {
        var trimmed = master
        trimmed.variants.removeAll { AdaptivePolicy.role(of: $0) != .audioOnly }
        #expect(StartPlan.start(for: trimmed) == nil)
    }

    @Test("First files of a media playlist: its init section and first segment, in the playlist's folder")
    func firstFiles() throws {
        let playlist = try PlaylistParser.parseMedia(PackageFixture.mediaPlaylist(segments: 3))
        #expect(StartPlan.firstFiles(of: playlist, at: "slides/index.m3u8") == ["slides/init.mp4", "slides/seg-00001.m4s"])
        #expect(StartPlan.firstFiles(of: playlist, at: "index.m3u8") == ["init.mp4", "seg-00001.m4s"])
        let empty = try PlaylistParser.parseMedia("#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-ENDLIST\n")
        #expect(StartPlan.firstFiles(of: empty, at: "slides/index.m3u8").isEmpty)
    }

    @Test("Absolute, session-tagged paths: exactly what the player will request")
    func absolute() {
        #expect(
            StartPlan.absolute("slides/seg-00001.m4s", lecture: "x-1a2b3c4d", token: "abcdefgh1234")
                == "/lectures/x-1a2b3c4d/slides/seg-00001.m4s?s=abcdefgh1234"
        )
    }

    @Test(
        "Link order: the largest file first and the second largest sixth (the two slots that take the page's open connection), the audio playlist last"
    )
    func linkOrder() {
        let files = [
            ("master", 1900), ("v-index", 300), ("v-init", 820), ("v-seg", 4900), ("a-index", 310), ("a-init", 770), ("a-seg", 7400),
        ]
        #expect(
            StartPlan.linkOrder(files.map { (path: $0.0, size: $0.1) }) == ["a-seg", "master", "v-init", "a-init", "v-index", "v-seg", "a-index"]
        )
        // Six files: nothing waits beyond the page's connection.
        let six = files.dropLast().map { (path: $0.0, size: $0.1) }
        #expect(StartPlan.linkOrder(six) == ["v-seg", "v-init", "a-init", "a-index", "v-index", "master"])
        // Fewer: every file gets a connection of its own at once; largest first.
        let four = files.prefix(4).map { (path: $0.0, size: $0.1) }
        #expect(StartPlan.linkOrder(four) == ["v-seg", "master", "v-init", "v-index"])
    }
}
