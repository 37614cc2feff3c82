import Foundation
import LecternHLS
import LecternPackage
import LecternTranscode
import LecternVerify
import Testing

/// `add-track` on real published lectures: new languages appear in the master and manifest, the video stays byte for
/// byte what was published, and the package still passes every rule.
@Suite(.serialized) struct AddTrackTests {
    static let french = "1\n00:00:00,500 --> 00:00:02,000\nBonjour.\n\n2\n00:00:02,500 --> 00:00:04,500\nLe paludisme.\n"

    /// SHA-256 of every published file, by path, read with sha256sum.
    static func hashes(_ package: URL) throws -> [String: String] {
        let manifest = try Manifest(contentsOf: package.appendingPathComponent("manifest.json"))
        var hashes: [String: String] = [:]
        for entry in manifest.files { hashes[entry.path] = try Tools.sha256(package.appendingPathComponent(entry.path).path) }
        return hashes
    }

    @Test("Subtitles and an audio language added to a published lecture; video files byte-identical", arguments: [SegmentFormat.fmp4, .ts])
    func addBoth(format: SegmentFormat) async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = try Clips.standard(in: folder, seconds: 5)
        let ingest = try IngestTests.ingest(input, library: folder, format: format)
        let package = URL(fileURLWithPath: ingest.package)
        let before = try Self.hashes(package)
        let subtitles = folder.url.appendingPathComponent("lecture.fr.srt")
        try Data(Self.french.utf8).write(to: subtitles)
        // A dubbed video given as the audio (its pictures ignored), shorter than the lecture (padded with silence).
        let chinese = try Clips.make(
            "lecture.zh.mp4",
            in: folder,
            inputs: Clips.lectureVideo(size: "320x240", rate: "10") + ["-f", "lavfi", "-i", "sine=frequency=660:sample_rate=44100:duration=4"],
            output: ["-t", "4", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac"]
        )

        let report = try AddTrack.runBlocking(
            AddTrackRequest(
                package: package,
                subtitles: [TrackInput(language: "fr", file: subtitles)],
                audio: [TrackInput(language: "zh", file: chinese)]
            ),
            logger: IngestTests.logger,
            progress: { _ in }
        )
        #expect(report.addedSubtitles == ["fr"] && report.addedAudio == ["zh"])
        #expect(report.audioLanguages == ["en", "zh"] && report.subtitles == ["fr"])

        // Every file published before is still there with the same bytes (the master aside, which lists the new tracks).
        let after = try Self.hashes(package)
        for (path, hash) in before where path != "master.m3u8" {
            #expect(after[path] == hash, "\(path) changed")
        }
        #expect(after.keys.contains("subs-fr/seg-00001.vtt") && after.keys.contains("audio-32k-zh/index.m3u8"))

        let inspector = try PackageInspector(package)
        for group in ["audio-64k", "audio-32k"] {
            let members = inspector.master.renditions.filter { $0.type == .audio && $0.groupID == group }
            #expect(members.map(\.language) == ["en", "zh"] && members.map(\.isDefault) == [true, false], "\(group)")
            let own = try inspector.media(try #require(members.first?.uri))
            let added = try inspector.media(try #require(members.last?.uri))
            #expect(added.segments.count == own.segments.count && abs(added.totalDuration - own.totalDuration) < 0.1, "\(group)")
        }
        #expect(inspector.master.variants.allSatisfy { $0.subtitles == "subs" })
        let problems = try inspector.problems(sourceDuration: try IngestTests.sourceDuration(input), scratch: folder)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        let verified = await Verifier.verify(package.path)
        #expect(verified.failed == 0, "\(verified.checks.filter { !$0.passed })")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path(".staging")).isEmpty)
    }

    @Test("A lecture cut with another bootstrap than today's ladder: the new language is cut where the lecture is")
    func otherBootstrap() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = try Clips.standard(in: folder, seconds: 8)
        var ladder = LadderConfig.default
        ladder.bootstrapSegmentSeconds = [2, 4]
        let package = URL(fileURLWithPath: try IngestTests.ingest(input, library: folder, ladder: ladder).package)
        let french = try Clips.make("fr.m4a", in: folder, inputs: Clips.speech(seconds: 8, layout: "mono"), output: ["-c:a", "aac"])
        _ = try AddTrack.runBlocking(
            AddTrackRequest(package: package, audio: [TrackInput(language: "fr", file: french)]),
            logger: IngestTests.logger,
            progress: { _ in }
        )
        let inspector = try PackageInspector(package)
        let video = try inspector.media(try #require(inspector.videoVariants.first).uri).segments.map { ($0.duration * 10).rounded() / 10 }
        #expect(video == [2, 4, 2])
        for rendition in inspector.master.renditions where rendition.type == .audio {
            let durations = try inspector.media(try #require(rendition.uri)).segments.map { ($0.duration * 10).rounded() / 10 }
            #expect(durations == video, "\(rendition.uri ?? "")")
        }
    }

    @Test("Adding subtitles in a language the lecture has replaces them; a bad file changes nothing")
    func replaceAndRefuse() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = try Clips.standard(in: folder, seconds: 5)
        let package = URL(fileURLWithPath: try IngestTests.ingest(input, library: folder).package)
        let first = folder.url.appendingPathComponent("first.srt")
        try Data(Self.french.utf8).write(to: first)
        _ = try AddTrack.runBlocking(
            AddTrackRequest(package: package, subtitles: [TrackInput(language: "fr", file: first)]),
            logger: IngestTests.logger,
            progress: { _ in }
        )
        let second = folder.url.appendingPathComponent("second.vtt")
        try Data("WEBVTT\n\n00:00.200 --> 00:01.000\nSalut !\n".utf8).write(to: second)
        _ = try AddTrack.runBlocking(
            AddTrackRequest(package: package, subtitles: [TrackInput(language: "fr", file: second)]),
            logger: IngestTests.logger,
            progress: { _ in }
        )
        let inspector = try PackageInspector(package)
        let french = inspector.master.renditions.filter { $0.type == .subtitles }
        #expect(french.map(\.language) == ["fr"])
        let cues = try SubtitleIngestTests.cues(inspector, playlist: try #require(french.first?.uri))
        #expect(cues.map(\.text) == ["Salut !"])

        let manifestBefore = try Data(contentsOf: package.appendingPathComponent("manifest.json"))
        let bad = folder.url.appendingPathComponent("bad.srt")
        try Data("1\n00:00:01,000 --> 00:00:00,500\nbackwards\n".utf8).write(to: bad)
        #expect(throws: TranscodeError.self) {
            try AddTrack.runBlocking(
                AddTrackRequest(package: package, subtitles: [TrackInput(language: "zh", file: bad)]),
                logger: IngestTests.logger,
                progress: { _ in }
            )
        }
        #expect(try Data(contentsOf: package.appendingPathComponent("manifest.json")) == manifestBefore)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path(".staging")).isEmpty)
    }
}
