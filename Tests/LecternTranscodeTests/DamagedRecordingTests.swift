import Foundation
import LecternHLS
import LecternPackage
import LecternVerify
import Testing

@testable import LecternTranscode

/// Damaged recordings end one of two ways: a package that passes `lectern verify`, with a warning saying how much was
/// decoded, or a one-line refusal with nothing published.
@Suite(.serialized) struct DamagedRecordingTests {
    /// 10 s archives as cameras and old capture tools write them.
    static func archive(_ name: String, in folder: TemporaryFolder) throws -> URL {
        let codecs =
            name.hasSuffix(".avi")
            ? ["-c:v", "mpeg4", "-q:v", "5", "-c:a", "libmp3lame"] : ["-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac"]
        return try Clips.make(
            name,
            in: folder,
            inputs: Clips.lectureVideo(size: "640x360", rate: "30") + Clips.speech(seconds: 10),
            output: ["-t", "10"] + codecs
        )
    }

    @Test(
        "A transport stream or AVI cut short: every rung, the 2 fps slides included, ends together and verify passes",
        arguments: ["cut.ts", "cut.avi"],
        [0.47, 0.71, 0.93]
    )
    func cutShort(name: String, keep: Double) async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = try Self.archive(name, in: folder)
        let data = try Data(contentsOf: url)
        try data.prefix(Int(Double(data.count) * keep)).write(to: url)
        let report = try IngestTests.ingest(url, library: folder)
        let verified = await Verifier.verify(report.package)
        #expect(verified.failed == 0, "\(verified.checks.filter { !$0.passed })")
        let package = try PackageInspector(URL(fileURLWithPath: report.package))
        let totals = try package.videoVariants.map { try package.media($0.uri).totalDuration }
        #expect(totals.count == 3 && Set(totals).count == 1, "\(totals)")
    }

    @Test("A recording of which a little decodes says how much; one of which almost nothing decodes is refused")
    func decodedShare() throws {
        var warnings = RecordingWarnings(fileName: "talk.avi")
        warnings.ending(readFailure: nil, processed: 3.3, duration: 3.3, headerDuration: 30)
        #expect(warnings.lines == ["talk.avi: 3.3 s of 30.0 s decoded: the recording ends before its header says; the file looks truncated"])
        #expect(throws: Never.self) { try warnings.refuseIfMostlyMissing(duration: 3.3, headerDuration: 30) }
        #expect(throws: Never.self) { try warnings.refuseIfMostlyMissing(duration: 0.5, headerDuration: 8) }
        #expect {
            try warnings.refuseIfMostlyMissing(duration: 1.2, headerDuration: 60)
        } throws: { error in
            let error = error as? TranscodeError
            return error?.code == .damagedInput
                && error?.message == "talk.avi: only 1.2 s of 60.0 s could be decoded (less than 5 %); nothing was published"
        }
    }

    @Test("A staged package that verify would reject is refused before publishing, naming the rule")
    func stagedConformance() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let report = try IngestTests.ingest(try Clips.standard(in: folder, seconds: 3), library: folder)
        #expect(throws: Never.self) { try StagedConformance.check(URL(fileURLWithPath: report.package), recording: "standard.mp4") }
        let staged = folder.url.appendingPathComponent("staged")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: report.package), to: staged)
        let playlist = staged.appendingPathComponent("240p/index.m3u8")
        let text = try String(contentsOf: playlist, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "#EXT-X-ENDLIST\n", with: "").utf8).write(to: playlist)
        #expect {
            try StagedConformance.check(staged, recording: "standard.mp4")
        } throws: { error in
            let error = error as? TranscodeError
            return error?.code == .failedConformance
                && error?.message.hasPrefix("standard.mp4: the package made from it fails lectern verify (endlist") == true
        }
    }

    @Test("Parts joined end to end that change picture size, audio rate and channels mid-stream publish one lecture verify passes")
    func shapeChanges() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let first = try Clips.make(
            "a.ts",
            in: folder,
            inputs: Clips.lectureVideo(size: "640x360", rate: "25") + Clips.speech(seconds: 4, rate: 48000),
            output: ["-t", "4", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-ac", "1"]
        )
        let second = try Clips.make(
            "b.ts",
            in: folder,
            inputs: Clips.lectureVideo(size: "1280x720", rate: "25") + Clips.speech(seconds: 4, rate: 44100, layout: "stereo"),
            output: ["-t", "4", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-ac", "2"]
        )
        let joined = folder.url.appendingPathComponent("joined.ts")
        try (Data(contentsOf: first) + Data(contentsOf: second)).write(to: joined)
        let report = try IngestTests.ingest(joined, library: folder)
        #expect(report.duration > 7.5, "\(report.duration)")
        let verified = await Verifier.verify(report.package)
        #expect(verified.failed == 0, "\(verified.checks.filter { !$0.passed })")
        let package = try PackageInspector(URL(fileURLWithPath: report.package))
        let audio = try #require(try package.audioPlaylist(group: "audio-64k"))
        #expect(abs(audio.totalDuration - report.duration) < 0.5, "audio \(audio.totalDuration) s of \(report.duration) s")
    }

    @Test("An MP3 joined from parts at 44.1 and 48 kHz publishes whole")
    func audioRateChange() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let first = try Clips.make("a.mp3", in: folder, inputs: Clips.speech(seconds: 5, rate: 44100), output: ["-c:a", "libmp3lame"])
        let second = try Clips.make(
            "b.mp3",
            in: folder,
            inputs: Clips.speech(seconds: 5, rate: 48000, layout: "stereo"),
            output: ["-c:a", "libmp3lame"]
        )
        let joined = folder.url.appendingPathComponent("joined.mp3")
        try (Data(contentsOf: first) + Data(contentsOf: second)).write(to: joined)
        let report = try IngestTests.ingest(joined, library: folder)
        #expect(report.duration > 9.5, "\(report.duration)")
        #expect(await Verifier.verify(report.package).failed == 0)
    }

    @Test("Sound that runs on 3 s past the pictures is cut where the lecture ends, so the package verifies")
    func audioLongerThanVideo() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = try Clips.make(
            "longer-sound.mp4",
            in: folder,
            inputs: ["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30:duration=6"] + Clips.speech(seconds: 9),
            output: ["-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac"]
        )
        let report = try IngestTests.ingest(url, library: folder)
        let package = try PackageInspector(URL(fileURLWithPath: report.package))
        let audio = try #require(try package.audioPlaylist(group: "audio-64k"))
        #expect(abs(audio.totalDuration - 6) < 0.1, "audio \(audio.totalDuration) s")
        #expect(await Verifier.verify(report.package).failed == 0)
    }
}
