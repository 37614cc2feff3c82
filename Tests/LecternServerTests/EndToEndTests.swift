import Foundation
import LecternHLS
import LecternPackage
import LecternTestSupport
import Testing

/// A real package made by the built `lectern` binary, served by a `lectern serve` child process on 127.0.0.1, decoded by
/// the ffmpeg CLI and played by headless Chromium.
@Suite(.serialized) struct EndToEndTests {
    /// `ffmpeg -nostdin -y -v error ARGS`.
    static func ffmpeg(_ arguments: [String]) async throws -> ChildProcess.Result {
        try await ChildProcess(Executables.ffmpeg, ["-nostdin", "-y", "-v", "error"] + arguments).finished()
    }

    /// Generates a clip, ingests it with the built `lectern` into `folder/library`, returns the library and the lecture id.
    static func ingest(seconds: Int, into folder: URL, extra: [String] = []) async throws -> (URL, String) {
        let clip = folder.appendingPathComponent("clip.mp4").path
        let made = try await Self.ffmpeg([
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine", "-t", "\(seconds)",
            "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", clip,
        ])
        try #require(made.status == 0, "\(made.errorText)")
        let libraryURL = folder.appendingPathComponent("library")
        let ingest = try await ChildProcess(
            Executables.lectern,
            ["ingest", clip, "--title", "Décodage <test>", "--library", libraryURL.path] + extra
        ).finished()
        try #require(ingest.status == 0, "\(ingest.errorText)")
        return (libraryURL, try #require(try Library(root: libraryURL).listLectures().first?.id))
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-e2e-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Debian's Chromium and Playwright (scripts/install-deps.sh --with-browser-check).
    static var browserAvailable: Bool {
        get async {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") else { return false }
            let check = try? await ChildProcess(Executables.env, ["python3", "-c", "import playwright"]).finished()
            return check?.status == 0
        }
    }

    @Test("ffmpeg decodes every variant of a real ingest through the adaptive master, and the audio-only master")
    func ffmpegDecodesEveryVariant() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (libraryURL, id) = try await Self.ingest(seconds: 4, into: folder)

        let server = try await ServeProcess(library: libraryURL)
        let url = "\(server.base)/lectures/\(id)/master.m3u8"
        let master = try await ChildProcess(Executables.curl, ["-sf", url]).finished()
        let variants = try PlaylistParser.parseMultivariant(master.outputText).variants
        #expect(variants.count >= 3)
        #expect(variants.contains { $0.resolution == nil })

        let full = try await Self.ffmpeg(["-i", url, "-map", "0", "-f", "null", "-"])
        #expect(full.status == 0, "\(full.errorText)")
        #expect(full.error.isEmpty, "\(full.errorText)")

        let audio = try await Self.ffmpeg(["-i", url + "?max_kbps=40", "-map", "0", "-f", "null", "-"])
        #expect(audio.status == 0, "\(audio.errorText)")

        // Each variant's media playlist, fetched under its session prefix, decodes on its own too.
        for variant in variants {
            let one = try await Self.ffmpeg(["-i", "\(server.base)/lectures/\(id)/\(variant.uri)", "-map", "0", "-f", "null", "-"])
            #expect(one.status == 0, "\(variant.uri): \(one.errorText)")
        }
    }

    @Test(
        "Headless Chromium's native HLS plays /watch/<id> past 2 s, then audio only, Chinese subtitles and French audio, without console errors (scripts/browser-check.py)",
        .enabled("needs Debian's chromium and Playwright: scripts/install-deps.sh --with-browser-check") { await browserAvailable }
    )
    func browserPlays() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let srt = folder.appendingPathComponent("talk.zh.srt")
        let french = folder.appendingPathComponent("talk.fr.m4a")
        try Data("1\n00:00:00,500 --> 00:00:09,000\n大家好\n".utf8).write(to: srt)
        let dubbed = try await Self.ffmpeg(["-f", "lavfi", "-i", "sine=frequency=600", "-t", "10", "-c:a", "aac", french.path])
        try #require(dubbed.status == 0, "\(dubbed.errorText)")
        let (libraryURL, id) = try await Self.ingest(
            seconds: 10,
            into: folder,
            extra: ["--subtitles", "zh=\(srt.path)", "--audio", "fr=\(french.path)"]
        )
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/browser-check.py").standardized
        // A child process, like every server a real client talks to here: in process, the server would share the
        // cooperative pool's two threads with every other suite, and Chromium's page load timed out behind them.
        let server = try await ServeProcess(library: libraryURL)
        // The native HLS path (Safari's; Chromium's own HLS stands in for it here); PlayerTests covers the MSE player.
        let run = try await ChildProcess(Executables.env, ["python3", script.path, "\(server.base)/watch/\(id)?player=native"]).finished()
        #expect(run.status == 0, "\(run.outputText)\n\(run.errorText)")
        #expect(run.outputText.contains("OK: the lecture plays"))
        #expect(run.outputText.contains("subtitles: zh, 1 cues, first: 大家好"), "\(run.outputText)")
        #expect(run.outputText.contains("audio language fr"), "\(run.outputText)")
    }

    @Test("lectern serve: serves, stops with exit 0 on SIGTERM; a missing library or a taken port exits non-zero with one line")
    func serveCommand() async throws {
        let fixture = try PackageFixture()
        defer { fixture.remove() }
        let missing = try await ChildProcess(
            Executables.lectern,
            ["serve", "--library", fixture.root.appendingPathComponent("nowhere").path, "--port", "0"]
        ).finished()
        #expect(missing.status != 0)
        #expect(missing.errorText.contains("nowhere"))
        #expect(missing.errorText.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1, "\(missing.errorText)")

        let server = try await ServeProcess(library: fixture.root)
        let health = try await ChildProcess(Executables.curl, ["-sf", "\(server.base)/healthz"]).finished()
        #expect(health.status == 0 && health.outputText == "ok\n")

        let taken = try await ChildProcess(
            Executables.lectern,
            ["serve", "--library", fixture.root.path, "--host", "127.0.0.1", "--port", "\(server.port)"]
        ).finished()
        #expect(taken.status != 0)
        #expect(taken.errorText.contains("address already in use"), "\(taken.errorText)")

        let stopped = try #require(await server.terminate())
        #expect(stopped.exited && stopped.status == 0, "\(stopped.errorText)")
    }
}
