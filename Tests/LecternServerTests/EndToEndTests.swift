import Foundation
import Hummingbird
import HummingbirdTesting
import LecternHLS
import LecternPackage
@testable import LecternServer
import Testing

/// A real package made by the built `lectern` binary, served by a `lectern serve` child process on 127.0.0.1, decoded by
/// the ffmpeg CLI and played by headless Chromium.
@Suite(.serialized) struct EndToEndTests {
    /// Generates a clip, ingests it with the built `lectern` into `folder/library`, returns the library and the lecture id.
    static func ingest(seconds: Int, into folder: URL, extra: [String] = []) async throws -> (URL, String) {
        let clip = folder.appendingPathComponent("clip.mp4").path
        let made = try await Processes.ffmpeg([
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine", "-t", "\(seconds)",
            "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", clip,
        ])
        try #require(made.status == 0, "\(made.error)")
        let libraryURL = folder.appendingPathComponent("library")
        let ingest = try await Processes.run(Processes.lectern, ["ingest", clip, "--title", "Décodage <test>", "--library", libraryURL.path] + extra)
        try #require(ingest.status == 0, "\(ingest.error)")
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
            let check = try? await Processes.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", "import playwright"])
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
        let master = try await Processes.run(URL(fileURLWithPath: "/usr/bin/curl"), ["-sf", url])
        let variants = try PlaylistParser.parseMultivariant(master.output).variants
        #expect(variants.count >= 3)
        #expect(variants.contains { $0.resolution == nil })

        let full = try await Processes.ffmpeg(["-i", url, "-map", "0", "-f", "null", "-"])
        #expect(full.status == 0, "\(full.error)")
        #expect(full.error.isEmpty, "\(full.error)")

        let audio = try await Processes.ffmpeg(["-i", url + "?max_kbps=40", "-map", "0", "-f", "null", "-"])
        #expect(audio.status == 0, "\(audio.error)")

        // Each variant's media playlist, fetched under its session prefix, decodes on its own too.
        for variant in variants {
            let one = try await Processes.ffmpeg(["-i", "\(server.base)/lectures/\(id)/\(variant.uri)", "-map", "0", "-f", "null", "-"])
            #expect(one.status == 0, "\(variant.uri): \(one.error)")
        }
    }

    @Test(
        "Headless Chromium plays /watch/<id> past 2 s, then audio only, Chinese subtitles and French audio, without console errors (scripts/browser-check.py)",
        .enabled("needs Debian's chromium and Playwright: scripts/install-deps.sh --with-browser-check") { await browserAvailable }
    )
    func browserPlays() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let srt = folder.appendingPathComponent("talk.zh.srt"), french = folder.appendingPathComponent("talk.fr.m4a")
        try Data("1\n00:00:00,500 --> 00:00:09,000\n大家好\n".utf8).write(to: srt)
        let dubbed = try await Processes.ffmpeg(["-f", "lavfi", "-i", "sine=frequency=600", "-t", "10", "-c:a", "aac", french.path])
        try #require(dubbed.status == 0, "\(dubbed.error)")
        let (libraryURL, id) = try await Self.ingest(seconds: 10, into: folder, extra: ["--subtitles", "zh=\(srt.path)", "--audio", "fr=\(french.path)"])
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/browser-check.py").standardized
        // A child process, like every server a real client talks to here: in process, the server would share the
        // cooperative pool's two threads with every other suite, and Chromium's page load timed out behind them.
        let server = try await ServeProcess(library: libraryURL)
        let run = try await Processes.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script.path, "\(server.base)/watch/\(id)"])
        #expect(run.status == 0, "\(run.output)\n\(run.error)")
        #expect(run.output.contains("OK: the lecture plays"))
        #expect(run.output.contains("subtitles: zh, 1 cues, first: 大家好"), "\(run.output)")
        #expect(run.output.contains("audio language fr"), "\(run.output)")
    }

    @Test("lectern serve: serves, stops with exit 0 on SIGTERM; a missing library or a taken port exits non-zero with one line")
    func serveCommand() async throws {
        let fixture = try PackageFixture()
        defer { fixture.remove() }
        let missing = try await Processes.run(Processes.lectern, ["serve", "--library", fixture.root.appendingPathComponent("nowhere").path, "--port", "0"])
        #expect(missing.status != 0)
        #expect(missing.error.contains("nowhere"))
        #expect(missing.error.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1, "\(missing.error)")

        let port = Int.random(in: 20_000...60_000)
        let process = Process()
        process.executableURL = Processes.lectern
        process.arguments = ["serve", "--library", fixture.root.path, "--host", "127.0.0.1", "--port", "\(port)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        var healthy = false
        for _ in 0..<100 where !healthy {
            try await Task.sleep(for: .milliseconds(100))
            let curl = try await Processes.run(URL(fileURLWithPath: "/usr/bin/curl"), ["-sf", "http://127.0.0.1:\(port)/healthz"])
            healthy = curl.status == 0 && curl.output == "ok\n"
        }
        #expect(healthy)

        let taken = try await Processes.run(Processes.lectern, ["serve", "--library", fixture.root.path, "--host", "127.0.0.1", "--port", "\(port)"])
        #expect(taken.status != 0)
        #expect(taken.error.contains("address already in use"), "\(taken.error)")

        let status: Int32 = await withCheckedContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            process.terminate()  // SIGTERM
        }
        #expect(status == 0)
    }
}
