import Foundation
import LecternFFmpeg
import LecternHLS
import LecternPackage
import LecternTranscode
import Logging
import Testing

/// Real encodes of generated recordings, checked with ffprobe, the ffmpeg CLI as an HLS client, and the playlist parser.
@Suite(.serialized) struct IngestTests {
    static let logger: Logger = {
        FFmpegLog.silence()
        var logger = Logger(label: "test")
        logger.logLevel = .error
        return logger
    }()

    static func ingest(
        _ input: URL,
        library: TemporaryFolder,
        title: String = "Test lecture",
        format: SegmentFormat = .fmp4,
        ladder: LadderConfig = .default
    ) throws -> IngestReport {
        try Ingest.runBlocking(
            IngestRequest(input: input, title: title, language: "en", library: library.url, ladder: ladder, format: format),
            logger: logger,
            progress: { _ in }
        )
    }

    /// Where the source's video ends (the end of its last frame, per ffprobe); its whole duration when audio-only.
    static func sourceDuration(_ url: URL) throws -> Double {
        let packets =
            (try Tools.probe(url.path, ["-select_streams", "v:0", "-show_entries", "packet=pts_time,duration_time"])["packets"]
                as? [[String: Any]]) ?? []
        let ends = packets.compactMap { packet -> Double? in
            guard let pts = Double(packet["pts_time"] as? String ?? "") else { return nil }
            return pts + (Double(packet["duration_time"] as? String ?? "") ?? 0)
        }
        let starts = packets.compactMap { Double($0["pts_time"] as? String ?? "") }
        if let end = ends.max(), let start = starts.min() { return end - start }
        return Double((try Tools.probe(url.path)["format"] as? [String: Any])?["duration"] as? String ?? "") ?? 0
    }

    @Test("A 720p lecture: every rung, aligned key frames, measured attributes, playable in the ffmpeg CLI", arguments: [SegmentFormat.fmp4, .ts])
    func standardRecording(format: SegmentFormat) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = try Clips.standard(in: folder, seconds: 7)
        let report = try Self.ingest(input, library: folder, format: format)
        #expect(report.status == .published)
        #expect(report.renditions.map(\.name) == ["720p", "480p", "360p", "240p", "slides", "audio-64k", "audio-32k"])
        let package = try PackageInspector(URL(fileURLWithPath: report.package))
        let problems = try package.problems(sourceDuration: try Self.sourceDuration(input), scratch: folder)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        // The floor rung is listed first; the audio-only variant last and within the 32 kbps budget.
        #expect(package.master.variants.first?.resolution?.height == 240)
        #expect(package.master.variants.first?.frameRate == 15)
        let audioOnly = try #require(package.master.variants.last)
        #expect(audioOnly.resolution == nil && audioOnly.codecs == ["mp4a.40.2"])
        let floor = try #require(package.master.variants.first)
        let slides = try #require(package.master.variants.first { $0.frameRate == 2 })
        // No encoder banner (libx264's ~700-byte option SEI) in front of the first picture a weak-link start waits for.
        for rung in ["720p", "480p", "360p", "240p", "slides"] {
            let first = try Data(contentsOf: package.folder.appendingPathComponent("\(rung)/seg-00001.\(format == .fmp4 ? "m4s" : "ts")"))
            #expect(first.range(of: Data("x264 - core".utf8)) == nil, "\(rung)")
        }
        if format == .fmp4 {
            // The weak-link budgets, incl. audio (MPEG-TS adds 35-50 % of container overhead at these rates).
            #expect(audioOnly.bandwidth <= 32000)
            #expect(floor.bandwidth <= 150_000)
            #expect(slides.bandwidth <= 80_000)
            #expect(FileManager.default.fileExists(atPath: package.folder.appendingPathComponent("720p/init.mp4").path))
            #expect(FileManager.default.fileExists(atPath: package.folder.appendingPathComponent("poster.jpg").path))
        } else {
            #expect(package.master.version == 4)
        }
    }

    @Test(
        "A 1 s first segment: key frames at its end and on the 2 s grid, nowhere else, in every rung; audio cut alike",
        arguments: [SegmentFormat.fmp4, .ts]
    )
    func bootstrapOffTheGrid(format: SegmentFormat) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = try Clips.standard(in: folder, seconds: 9)
        var ladder = LadderConfig.default
        ladder.bootstrapSegmentSeconds = [1, 2, 3]
        let report = try Self.ingest(input, library: folder, format: format, ladder: ladder)
        let package = try PackageInspector(URL(fileURLWithPath: report.package))
        let problems = try package.problems(sourceDuration: try Self.sourceDuration(input), scratch: folder)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        for variant in package.master.variants {
            let durations = try package.media(variant.uri).segments.map { ($0.duration * 10).rounded() / 10 }
            #expect(durations == [1, 2, 3, 3], "\(variant.uri)")
            guard variant.resolution != nil else { continue }
            // Every key frame of the whole rendition, as ffprobe sees it through the playlist.
            let packets =
                (try Tools.probe(
                    package.folder.appendingPathComponent(variant.uri).path,
                    [
                        "-select_streams", "v:0", "-show_entries", "packet=pts_time,flags",
                    ]
                )["packets"] as? [[String: Any]]) ?? []
            let keys = packets.filter { ($0["flags"] as? String)?.hasPrefix("K") == true }.compactMap { Double($0["pts_time"] as? String ?? "") }
            let first = keys.first ?? 0
            #expect(keys.map { (($0 - first) * 100).rounded() / 100 } == [0, 1, 2, 3, 4, 6, 8], "\(variant.uri)")
        }
        for rendition in package.master.renditions where rendition.type == .audio {
            let durations = try package.media(try #require(rendition.uri)).segments.map { ($0.duration * 10).rounded() / 10 }
            #expect(durations == [1, 2, 3, 3], "\(rendition.uri ?? "")")
        }
    }

    @Test("Re-running the same ingest changes nothing; the manifest's hashes match sha256sum")
    func idempotentRerun() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = try Clips.standard(in: folder, seconds: 3)
        let first = try Self.ingest(input, library: folder)
        let second = try Self.ingest(input, library: folder)
        #expect(first.status == .published)
        #expect(second.status == .unchanged)
        #expect(first.id == second.id)
        let manifest = try Manifest(contentsOf: URL(fileURLWithPath: first.package).appendingPathComponent("manifest.json"))
        for entry in manifest.files.prefix(5) {
            #expect(try Tools.sha256(URL(fileURLWithPath: first.package).appendingPathComponent(entry.path).path) == entry.sha256)
        }
        let lectures = try FileManager.default.contentsOfDirectory(atPath: folder.path("lectures"))
        #expect(lectures == [first.id])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path(".staging")).isEmpty)
    }
}
