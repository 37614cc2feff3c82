import Foundation
import LecternPackage
import LecternTestSupport
import LecternTranscode
import Testing

/// Packages play in a real browser: Debian's Chromium with its native HLS player (no hls.js), served by a plain
/// static server, as any campus web server would serve a copied package.
@Suite(.serialized) struct ChromiumPlaybackTests {
    static func play(_ package: URL) async throws -> [String: Any] {
        let port = try freeLoopbackPort()
        let server = try ChildProcess(
            URL(fileURLWithPath: "/usr/bin/python3"),
            ["-m", "http.server", "\(port)", "--bind", "127.0.0.1", "--directory", package.path]
        )
        defer { server.stop() }
        let master = URL(string: "http://127.0.0.1:\(port)/master.m3u8")!
        try await waitUntilAnswering(master.absoluteString, server: server)
        let script = repositoryRoot.appendingPathComponent("scripts/play-hls.py").path
        do {
            let line = try Tools.run("/usr/bin/env", ["python3", script, master.absoluteString, "2"])
            return (try JSONSerialization.jsonObject(with: line) as? [String: Any]) ?? [:]
        } catch {
            return ["errors": ["\(error)"]]
        }
    }

    @Test("fMP4, MPEG-TS and audio-only packages play past 2 s in Chromium without errors", arguments: ["fmp4", "ts", "audio"])
    func plays(kind: String) async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input: URL
        if kind == "audio" {
            input = try Clips.make("talk.m4a", in: folder, inputs: Clips.speech(seconds: 6), output: ["-c:a", "aac"])
        } else {
            input = try Clips.standard(in: folder, seconds: 6)
        }
        let report = try IngestTests.ingest(input, library: folder, format: kind == "ts" ? .ts : .fmp4)
        let state = try await Self.play(URL(fileURLWithPath: report.package))
        #expect((state["currentTime"] as? Double ?? 0) > 2, "\(state)")
        #expect((state["errors"] as? [String] ?? ["?"]).isEmpty, "\(state)")
        if kind == "audio" {
            #expect(state["videoWidth"] as? Int == 0)
        } else {
            #expect((state["videoWidth"] as? Int ?? 0) > 0)
        }
    }

    /// Debian's Chromium 156 plays packages with subtitle and several audio renditions, but its native HLS player
    /// exposes neither as `textTracks` / `audioTracks` (measured here: both lists empty). The test pins that down, so
    /// the day a browser update exposes them it fails and the page can drop its own WebVTT loading.
    @Test(
        "Chromium's native HLS plays a lecture with subtitle and audio languages without errors (and exposes no text tracks)",
        arguments: [SegmentFormat.fmp4, .ts]
    )
    func multilingualPlays(format: SegmentFormat) async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (video, english, chinese) = try SubtitleIngestTests.lecture(in: folder)
        let dub = try Clips.make("dub.m4a", in: folder, inputs: ["-f", "lavfi", "-i", "sine=frequency=660:duration=7"], output: ["-c:a", "aac"])
        let report = try Ingest.runBlocking(
            IngestRequest(
                input: video,
                title: "Malaria",
                language: "en",
                library: folder.url,
                format: format,
                subtitles: [TrackInput(language: "en", file: english), TrackInput(language: "zh", file: chinese)],
                audio: [TrackInput(language: "sw", file: dub)]
            ),
            logger: IngestTests.logger,
            progress: { _ in }
        )
        let state = try await Self.play(URL(fileURLWithPath: report.package))
        #expect((state["currentTime"] as? Double ?? 0) > 2, "\(state)")
        #expect((state["errors"] as? [String] ?? ["?"]).isEmpty, "\(state)")
        #expect((state["videoWidth"] as? Int ?? 0) > 0)
        let tracks = try #require(state["textTracks"] as? [[String: Any]], "\(state)")
        #expect(tracks.isEmpty, "Chromium now exposes text tracks: \(tracks); check their languages and cues here")
    }
}
