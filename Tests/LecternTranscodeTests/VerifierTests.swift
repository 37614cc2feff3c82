import Foundation
import LecternPackage
import LecternTestSupport
import LecternTranscode
import LecternVerify
import Testing

/// `lectern verify` on Lectern's packages, on damaged copies of them, on the ffmpeg CLI's HLS output and over HTTP.
@Suite(.serialized) struct VerifierTests {
    /// One real package shared by the tests (copied before each is damaged).
    static let fixture: Result<(folder: TemporaryFolder, package: URL), any Error> = Result {
        let folder = try TemporaryFolder("lectern-verify")
        // 13 s: segments of 2, 2, 2, 6 and 1 s, so a remote check samples 3 of 5.
        let input = try Clips.standard(in: folder, seconds: 13)
        let subtitles = folder.url.appendingPathComponent("lecture.fr.srt")
        try Data("1\n00:00:01,000 --> 00:00:04,000\nBonjour\n\n2\n00:00:09,000 --> 00:00:12,500\nAu revoir\n".utf8).write(to: subtitles)
        let report = try SubtitleIngestTests.ingest(input, subtitles: [TrackInput(language: "fr", file: subtitles)], library: folder)
        return (folder, URL(fileURLWithPath: report.package))
    }

    static func copyOfPackage(into folder: TemporaryFolder) throws -> URL {
        let source = try fixture.get().package
        let copy = folder.url.appendingPathComponent(source.lastPathComponent)
        try FileManager.default.copyItem(at: source, to: copy)
        return copy
    }

    static func failedRules(_ report: VerifyReport) -> Set<String> { Set(report.checks.filter { !$0.passed }.map(\.rule.rawValue)) }

    @Test("Lectern's own package passes every rule")
    func ownPackagePasses() async throws {
        let package = try Self.fixture.get().package
        let report = await Verifier.verify(package.path)
        #expect(report.failed == 0, "\(report.checks.filter { !$0.passed })")
        let rules = Set(report.checks.map(\.rule))
        for rule in VerifyReport.Rule.allCases { #expect(rules.contains(rule), "\(rule.rawValue) was never checked") }
        // A whole library: the same checks under the lecture's id.
        let library = await Verifier.verify(package.deletingLastPathComponent().deletingLastPathComponent().path)
        #expect(library.failed == 0 && library.checks.first?.subject.hasPrefix(package.lastPathComponent + "/") == true)
    }

    @Test("An MPEG-TS package passes every rule too (rungs start at the same instant whatever their B-frame delay)")
    func transportStreamPackagePasses() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let report = try IngestTests.ingest(try Clips.standard(in: folder, seconds: 5), library: folder, format: .ts)
        let verified = await Verifier.verify(report.package)
        #expect(verified.failed == 0, "\(verified.checks.filter { !$0.passed })")
        #expect(verified.checks.contains { $0.rule == .alignedSegments && $0.passed })
    }

    @Test("A subtitle segment without X-TIMESTAMP-MAP, and a variant naming a missing group, are caught")
    func subtitleRules() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let package = try Self.copyOfPackage(into: folder)
        let segment = package.appendingPathComponent("subs-fr/seg-00002.vtt")
        let text = try String(contentsOf: segment, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "X-TIMESTAMP-MAP", with: "X-NOTHING").utf8).write(to: segment)
        let master = package.appendingPathComponent("master.m3u8")
        let playlist = try String(contentsOf: master, encoding: .utf8)
        try Data(playlist.replacingOccurrences(of: "SUBTITLES=\"subs\"", with: "SUBTITLES=\"captions\"").utf8).write(to: master)
        let report = await Verifier.verify(package.path)
        #expect(Self.failedRules(report) == ["integrity", "subtitles", "groups-exist"])
        let subtitles = try #require(report.checks.first { $0.rule == .subtitles && !$0.passed })
        #expect(subtitles.subject == "subs-fr/index.m3u8" && subtitles.detail?.contains("seg-00002.vtt has no X-TIMESTAMP-MAP") == true)
    }

    @Test("A flipped byte in a segment fails integrity, naming the segment")
    func flippedByte() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let package = try Self.copyOfPackage(into: folder)
        let segment = package.appendingPathComponent("360p/seg-00002.m4s")
        var data = try Data(contentsOf: segment)
        data[data.count / 2] ^= 0xFF
        try data.write(to: segment)
        let report = await Verifier.verify(package.path)
        let failure = try #require(report.checks.first { !$0.passed })
        #expect(failure.rule == .integrity && failure.subject == "360p/seg-00002.m4s")
        #expect(Self.failedRules(report) == ["integrity"])
    }

    @Test("A missing segment fails integrity and uri-resolves")
    func missingFile() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let package = try Self.copyOfPackage(into: folder)
        try FileManager.default.removeItem(at: package.appendingPathComponent("240p/seg-00003.m4s"))
        let report = await Verifier.verify(package.path)
        #expect(Self.failedRules(report).isSuperset(of: ["integrity", "uri-resolves"]))
        #expect(report.checks.contains { !$0.passed && $0.rule == .uriResolves && $0.subject == "240p/index.m3u8" })
    }

    @Test(
        "Hand-broken playlists fail the rule they break",
        arguments: [
            ("480p/index.m3u8", "#EXT-X-ENDLIST\n", "", "endlist"),
            ("480p/index.m3u8", "#EXTINF:2.000,\nseg-00001.m4s", "#EXTINF:9.000,\nseg-00001.m4s", "target-duration"),
            ("480p/index.m3u8", "#EXT-X-VERSION:7", "#EXT-X-VERSION:3", "version"),
            ("master.m3u8", "#EXT-X-INDEPENDENT-SEGMENTS\n", "", "independent-segments"),
            ("master.m3u8", "FRAME-RATE=30.000,", "FRAME-RATE=25.000,", "frame-rate"),
            ("master.m3u8", "RESOLUTION=640x360", "RESOLUTION=640x352", "resolution"),
            ("master.m3u8", "avc1.64001e,", "avc1.64001f,", "codecs"),
            ("master.m3u8", "#EXTM3U\n", "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=abc\nx.m3u8\n", "playlist-parses"),
        ]
    )
    func brokenPlaylist(file: String, find: String, replace: String, rule: String) async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let package = try Self.copyOfPackage(into: folder)
        let url = package.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(find), "fixture does not contain \(find)")
        try text.replacingOccurrences(of: find, with: replace).write(to: url, atomically: true, encoding: .utf8)
        let report = await Verifier.verify(url.path)
        #expect(Self.failedRules(report).contains(rule), "\(report.checks.filter { !$0.passed })")
    }

    @Test("Understated BANDWIDTH and a wrong AVERAGE-BANDWIDTH are caught from the measured segments")
    func wrongBandwidth() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let package = try Self.copyOfPackage(into: folder)
        let url = package.appendingPathComponent("master.m3u8")
        let text = try String(contentsOf: url, encoding: .utf8)
        let broken = text.replacingOccurrences(
            of: #"BANDWIDTH=(\d+),AVERAGE-BANDWIDTH=(\d+)"#,
            with: "BANDWIDTH=1000,AVERAGE-BANDWIDTH=999",
            options: .regularExpression
        )
        try broken.write(to: url, atomically: true, encoding: .utf8)
        let report = await Verifier.verify(url.path)
        #expect(Self.failedRules(report).isSuperset(of: ["bandwidth", "average-bandwidth"]))
    }

    @Test("The ffmpeg CLI's default HLS ladder fails the rules it really breaks")
    func ffmpegLadder() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = try Clips.standard(in: folder, seconds: 5)
        let out = folder.url.appendingPathComponent("ffmpeg-hls")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Tools.ffmpeg([
            "-i", input.path, "-filter_complex", "[0:v]split=2[a][b];[b]scale=640:360[c]",
            "-map", "[a]", "-map", "0:a", "-map", "[c]", "-map", "0:a", "-c:v", "libx264", "-preset", "ultrafast", "-b:v:0", "1500k", "-b:v:1",
            "500k",
            "-c:a", "aac", "-b:a", "64k", "-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod", "-hls_segment_type", "fmp4",
            "-var_stream_map", "v:0,a:0 v:1,a:1", "-master_pl_name", "master.m3u8",
            "-hls_segment_filename", out.path + "/v%v/seg%d.m4s", out.path + "/v%v/index.m3u8",
        ])
        let report = await Verifier.verify(out.appendingPathComponent("master.m3u8").path)
        let failed = Self.failedRules(report)
        #expect(
            failed.isSuperset(of: ["average-bandwidth", "frame-rate", "audio-only-variant", "i-frame-playlists", "independent-segments"]),
            "\(failed)"
        )
        #expect(!failed.contains("playlist-parses") && !failed.contains("key-frames"))
    }

    @Test("Over HTTP: passes, downloads less than the whole package and says how much")
    func remote() async throws {
        let package = try Self.fixture.get().package
        let port = try freeLoopbackPort()
        // A static server that honours Range (Python's own http.server does not).
        let script = """
            import http.server, os, re, sys
            class H(http.server.SimpleHTTPRequestHandler):
                def send_head(self):
                    m = re.match(r'bytes=(\\d+)-(\\d+)', self.headers.get('Range', ''))
                    path = self.translate_path(self.path)
                    if not m or not os.path.isfile(path):
                        return super().send_head()
                    data = open(path, 'rb').read()[int(m.group(1)):int(m.group(2)) + 1]
                    self.send_response(206)
                    self.send_header('Content-Length', str(len(data)))
                    self.end_headers()
                    import io
                    return io.BytesIO(data)
                def log_message(self, *args):
                    pass
            os.chdir(sys.argv[2])
            http.server.ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), H).serve_forever()
            """
        let server = try ChildProcess(URL(fileURLWithPath: "/usr/bin/python3"), ["-c", script, "\(port)", package.path])
        defer { server.stop() }
        try await waitUntilAnswering("http://127.0.0.1:\(port)/master.m3u8", server: server)
        let report = await Verifier.verify("http://127.0.0.1:\(port)/master.m3u8")
        #expect(report.failed == 0, "\(report.checks.filter { !$0.passed })")
        let total = try Manifest(contentsOf: package.appendingPathComponent("manifest.json")).files.reduce(0) { $0 + $1.size }
        #expect(report.bytesFetched > 0 && report.bytesFetched < total)
        #expect(report.notes.contains { $0.contains("downloaded \(report.bytesFetched) bytes") })
    }
}
