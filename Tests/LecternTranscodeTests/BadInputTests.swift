import Foundation
import LecternPackage
import LecternTranscode
import Testing

/// Bad input gets one clear line naming the file and the reason, and nothing is published or left in staging.
@Suite(.serialized) struct BadInputTests {
    static func expectRefused(_ input: URL, code: TranscodeError.Code, library: TemporaryFolder) {
        do {
            let report = try IngestTests.ingest(input, library: library)
            Issue.record("expected \(code), got a published package \(report.id)")
        } catch let error as TranscodeError {
            #expect(error.code == code, "\(error)")
            #expect(!error.description.contains("\n"))
            #expect(error.description.contains(input.lastPathComponent))
        } catch {
            Issue.record("expected a TranscodeError, got \(error)")
        }
        let lectures = (try? FileManager.default.contentsOfDirectory(atPath: library.path("lectures"))) ?? []
        #expect(lectures.isEmpty)
        let staging = (try? FileManager.default.contentsOfDirectory(atPath: library.path(".staging"))) ?? []
        #expect(staging.isEmpty)
    }

    @Test("A missing file") func missing() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        Self.expectRefused(folder.url.appendingPathComponent("nowhere.mp4"), code: .fileNotFound, library: folder)
    }

    @Test("An empty file") func empty() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("empty.mp4")
        try Data().write(to: url)
        Self.expectRefused(url, code: .emptyFile, library: folder)
    }

    @Test("A text file named like a video") func notMedia() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("notes.mp4")
        try Data(String(repeating: "Lecture notes, week 3.\n", count: 200).utf8).write(to: url)
        Self.expectRefused(url, code: .notMedia, library: folder)
    }

    @Test("A still image") func stillImage() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = try Clips.make("slide.png", in: folder, inputs: ["-f", "lavfi", "-i", "testsrc2=size=640x360"], output: ["-frames:v", "1"])
        Self.expectRefused(url, code: .stillImage, library: folder)
    }

    @Test("A file with no video or audio stream (an MKV holding only subtitles)") func noStream() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let captions = folder.url.appendingPathComponent("captions.srt")
        try Data("1\n00:00:01,000 --> 00:00:02,000\nHello\n\n".utf8).write(to: captions)
        let url = try Clips.make("captions.mkv", in: folder, inputs: ["-i", captions.path], output: ["-c:s", "srt"])
        Self.expectRefused(url, code: .noUsableStream, library: folder)
    }

    @Test("A recording cut off before its index (moov at the end)") func truncatedWithoutIndex() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = try Clips.standard(in: folder, seconds: 4)
        let data = try Data(contentsOf: url)
        try data.prefix(data.count / 2).write(to: url)
        Self.expectRefused(url, code: .notMedia, library: folder)
    }

    @Test("A recording cut in half after its index is published with a warning saying where it ends")
    func truncatedWithIndex() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = try Clips.make(
            "halved.mp4",
            in: folder,
            inputs: Clips.lectureVideo(size: "640x360", rate: "30") + Clips.speech(seconds: 6),
            output: ["-t", "6", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-movflags", "+faststart"]
        )
        let data = try Data(contentsOf: url)
        try data.prefix(data.count / 2).write(to: url)
        let report = try IngestTests.ingest(url, library: folder)
        #expect(report.duration < 5)
        #expect(report.warnings.contains { $0.contains("halved.mp4") && ($0.contains("truncated") || $0.contains("missing")) }, "\(report.warnings)")
        let manifest = try Manifest(contentsOf: URL(fileURLWithPath: report.package).appendingPathComponent("manifest.json"))
        #expect(manifest.warnings == report.warnings)
    }

    @Test("Garbage in the middle of a transport stream: published, with the damaged seconds named")
    func damagedMiddle() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = try Clips.make(
            "archive.ts",
            in: folder,
            inputs: Clips.lectureVideo(size: "640x360", rate: "25") + Clips.speech(seconds: 6),
            output: ["-t", "6", "-c:v", "libx264", "-preset", "ultrafast", "-g", "250", "-c:a", "aac"]
        )
        var data = try Data(contentsOf: url)
        var generator = SystemRandomNumberGenerator()
        let start = data.count / 2
        for index in start..<(start + 60_000) { data[index] = UInt8.random(in: 0...255, using: &generator) }
        try data.write(to: url)
        let report = try IngestTests.ingest(url, library: folder)
        let warning = try #require(report.warnings.first { $0.contains("damaged") }, "\(report.warnings)")
        #expect(warning.contains(/^archive\.ts: damaged at 0:0\d(–0:0\d)?(, 0:0\d(–0:0\d)?)* \(\d+ decoder errors?\); those seconds/), "\(warning)")
        let package = try PackageInspector(URL(fileURLWithPath: report.package))
        #expect(try Tools.decodeErrors(package.folder.appendingPathComponent("master.m3u8").path).isEmpty)
    }
}
