import Foundation
import LecternHLS
import LecternMirror
import LecternPackage
import LecternTestSupport
import LecternTranscode
import LecternVerify
import Testing

/// `lectern mirror --languages`: a campus that teaches in French fetches the French audio and subtitles only.
@Suite struct LanguageSelectionTests {
    /// A 4 s English lecture with a French audio track and French and Chinese subtitles, ingested for real.
    static func multilingualOrigin() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-mirror-lang-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let clip = root.appendingPathComponent("talk.mp4")
        let french = root.appendingPathComponent("talk.fr.m4a")
        for (arguments, file) in [
            (
                [
                    "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-f", "lavfi", "-i", "sine=frequency=300", "-t", "4", "-c:v", "libx264",
                    "-preset", "ultrafast", "-c:a", "aac",
                ], clip
            ),
            (["-f", "lavfi", "-i", "sine=frequency=600", "-t", "4", "-c:a", "aac"], french),
        ] {
            let result = try ChildProcess.run(Executables.ffmpeg, ["-nostdin", "-y", "-v", "error"] + arguments + [file.path])
            guard result.status == 0 else { throw MirrorTestFailure("ffmpeg: \(result.errorText)") }
        }
        let subtitles = [("fr", "1\n00:00:00,500 --> 00:00:02,000\nBonjour à tous\n"), ("zh", "1\n00:00:00,500 --> 00:00:02,000\n大家好\n")]
        var inputs: [TrackInput] = []
        for (language, text) in subtitles {
            let file = root.appendingPathComponent("talk.\(language).srt")
            try Data(text.utf8).write(to: file)
            inputs.append(TrackInput(language: language, file: file))
        }
        _ = try Ingest.runBlocking(
            IngestRequest(
                input: clip,
                title: "Multilingual",
                language: "en",
                library: root.appendingPathComponent("library"),
                subtitles: inputs,
                audio: [TrackInput(language: "fr", file: french)]
            ),
            logger: Fixture.logger,
            progress: { _ in }
        )
        return root.appendingPathComponent("library")
    }

    @Test("--languages fr keeps English (the lecture's own) and French, drops Chinese everywhere; the package verifies")
    func french() async throws {
        let origin = try Self.multilingualOrigin()
        let into = Fixture.target()
        defer {
            try? FileManager.default.removeItem(at: origin.deletingLastPathComponent())
            try? FileManager.default.removeItem(at: into)
        }
        var request = MirrorRequest(origin: origin, into: into)
        request.languages = ["fr"]
        let report = try await Mirror.run(request, logger: Fixture.logger)
        let lecture = try #require(report.lectures.first)
        #expect(lecture.status == .published)
        let package = Library(root: into).lectureURL(lecture.id)
        let master = try PlaylistParser.parseMultivariant(String(contentsOf: package.appendingPathComponent("master.m3u8"), encoding: .utf8))
        #expect(Set(master.renditions.filter { $0.type == .subtitles }.compactMap(\.language)) == ["fr"])
        #expect(Set(master.renditions.filter { $0.type == .audio }.compactMap(\.language)) == ["en", "fr"])
        #expect(master.variants.allSatisfy { $0.subtitles != nil })
        let manifest = try Manifest(contentsOf: package.appendingPathComponent("manifest.json"))
        #expect(manifest.subtitles?.map(\.language) == ["fr"])
        #expect(manifest.audioTracks?.map(\.language) == ["fr"])
        #expect(!manifest.files.contains { $0.path.hasPrefix("subs-zh/") })
        #expect(!FileManager.default.fileExists(atPath: package.appendingPathComponent("subs-zh").path))
        let verified = await Verifier.verify(package.path)
        #expect(verified.failed == 0, "\(verified.checks.filter { !$0.passed })")

        // Only the lecture's language: no subtitles are left, so no variant may name the subtitle group.
        var english = MirrorRequest(origin: origin, into: Fixture.target())
        english.languages = ["en"]
        defer { try? FileManager.default.removeItem(at: english.into) }
        let only = try await Mirror.run(english, logger: Fixture.logger)
        let onlyPackage = Library(root: english.into).lectureURL(try #require(only.lectures.first).id)
        let onlyMaster = try PlaylistParser.parseMultivariant(String(contentsOf: onlyPackage.appendingPathComponent("master.m3u8"), encoding: .utf8))
        #expect(onlyMaster.renditions.allSatisfy { $0.type == .audio && $0.language == "en" })
        #expect(onlyMaster.variants.allSatisfy { $0.subtitles == nil })
        let onlyVerified = await Verifier.verify(onlyPackage.path)
        #expect(onlyVerified.failed == 0, "\(onlyVerified.checks.filter { !$0.passed })")
    }
}
