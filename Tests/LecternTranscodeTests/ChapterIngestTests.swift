import Foundation
import LecternHLS
import LecternPackage
import LecternTranscode
import LecternVerify
import Testing

/// Chapters as an ingest publishes them: found in a real encode of drawn slides (with a webcam inset and a laser dot
/// that must not count), titled by OCR, each with its thumbnail, in chapters.vtt, chapters.json, the master and the
/// manifest; and replaced by hand with `SetChapters`.
@Suite(.serialized) struct ChapterIngestTests {
    static let titles = [
        (title: "Malaria prevention", bullet: "Sleep under treated nets"),
        (title: "Oral rehydration", bullet: "Salt, sugar and clean water"),
        (title: "Vaccination schedules", bullet: "Measles at nine months"),
    ]

    static func ingest(_ input: URL, library: TemporaryFolder, minimumChapter: Double? = 5, readsSlideText: Bool = true) throws -> IngestReport {
        try Ingest.runBlocking(
            IngestRequest(
                input: input,
                title: "Slides",
                language: "en",
                library: library.url,
                minimumChapter: minimumChapter,
                readsSlideText: readsSlideText
            ),
            logger: IngestTests.logger,
            progress: { _ in }
        )
    }

    @Test("Three slides make three chapters, at their changes, titled from the slides, published four ways")
    func detected() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let report = try Self.ingest(try Clips.slides(Self.titles, in: folder), library: folder)
        let package = URL(fileURLWithPath: report.package)
        let manifest = try Manifest(contentsOf: package.appendingPathComponent(Manifest.fileName))
        let chapters = try #require(manifest.chapters)
        #expect(chapters.map(\.title) == Self.titles.map(\.title))
        #expect(zip(chapters.map(\.start), [0.0, 8, 16]).allSatisfy { abs($0 - $1) <= 0.6 }, "\(chapters.map(\.start))")
        #expect(chapters.allSatisfy { $0.origin == .slide })
        #expect(chapters[1].text?.contains("Salt, sugar and clean water") == true)
        // Every thumbnail is a 160-pixel JPEG listed (with its SHA-256) in the manifest.
        for chapter in chapters {
            let thumbnail = try #require(chapter.thumbnail)
            #expect(manifest.files.contains { $0.path == thumbnail })
            let stream = try #require(try Tools.streams(package.appendingPathComponent(thumbnail).path).first)
            #expect(stream["codec_name"] as? String == "mjpeg")
            #expect(stream["width"] as? Int == 160 && stream["height"] as? Int == 90)
        }
        let vtt = try String(contentsOf: package.appendingPathComponent("chapters.vtt"), encoding: .utf8)
        #expect(vtt.hasPrefix("WEBVTT\n"))
        #expect(vtt.contains("Oral rehydration") && vtt.components(separatedBy: " --> ").count == 4)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: package.appendingPathComponent("chapters.json"))) as? [[String: Any]]
        #expect(json?.count == 3)
        #expect((json?[2]["titles"] as? [[String: Any]])?.first?["title"] as? String == "Vaccination schedules")
        let master = try PlaylistParser.parseMultivariant(String(contentsOf: package.appendingPathComponent("master.m3u8"), encoding: .utf8))
        #expect(master.sessionData.map(\.dataID) == ["com.apple.hls.chapters"])
        #expect(master.sessionData.first?.uri == "chapters.json")
        #expect(PackageVerifier.verifyIntegrity(at: package).isEmpty)
    }

    @Test("No chapters when asked for none, for an audio-only lecture, or for a picture always in motion (no slide)")
    func none() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let report = try Self.ingest(try Clips.slides(Self.titles, seconds: 4, in: folder), library: folder, minimumChapter: nil)
        let manifest = try Manifest(contentsOf: URL(fileURLWithPath: report.package).appendingPathComponent(Manifest.fileName))
        #expect(manifest.chapters == nil)
        #expect(!manifest.files.contains { $0.path.hasPrefix("chapters") })
        let audio = try Clips.make("talk.m4a", in: folder, inputs: Clips.speech(seconds: 6), output: ["-c:a", "aac"])
        let audioReport = try Self.ingest(audio, library: folder)
        let audioManifest = try Manifest(contentsOf: URL(fileURLWithPath: audioReport.package).appendingPathComponent(Manifest.fileName))
        #expect(audioManifest.chapters == nil)
        let moving = try Clips.make(
            "moving.mp4",
            in: folder,
            inputs: ["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25"] + Clips.speech(seconds: 30),
            output: ["-t", "30", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"]
        )
        let movingManifest = try Manifest(
            contentsOf: URL(fileURLWithPath: try Self.ingest(moving, library: folder).package).appendingPathComponent(Manifest.fileName)
        )
        #expect(movingManifest.chapters == nil)
        #expect(!movingManifest.files.contains { $0.path.hasPrefix("chapters") })
    }

    @Test("Without slide text, chapters and thumbnails are found and titled Slide N")
    func withoutText() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let report = try Self.ingest(try Clips.slides(Self.titles, seconds: 6, in: folder), library: folder, readsSlideText: false)
        let manifest = try Manifest(contentsOf: URL(fileURLWithPath: report.package).appendingPathComponent(Manifest.fileName))
        #expect(manifest.chapters?.map(\.title) == ["Slide 1", "Slide 2", "Slide 3"])
        #expect(manifest.chapters?.allSatisfy { $0.text == nil && $0.thumbnail != nil } == true)
    }

    @Test("Hand-made chapters replace the detected ones without re-encoding; a broken chapter file changes nothing")
    func setByHand() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let report = try Self.ingest(try Clips.slides(Self.titles, in: folder), library: folder)
        let package = URL(fileURLWithPath: report.package)
        let before = try Manifest(contentsOf: package.appendingPathComponent(Manifest.fileName))
        let file = folder.url.appendingPathComponent("chapters.vtt")
        try Data("WEBVTT\n\n00:00:00.000 --> 00:00:12.000\nMalaria and oral rehydration\n\n00:00:12.000 --> 00:00:24.000\nVaccines\n".utf8).write(
            to: file
        )
        let result = try SetChapters.runBlocking(.init(package: package, chapters: file), logger: IngestTests.logger)
        #expect(result.chapters.map(\.title) == ["Malaria and oral rehydration", "Vaccines"])
        let after = try Manifest(contentsOf: package.appendingPathComponent(Manifest.fileName))
        #expect(after.chapters?.map(\.origin) == [.set, .set])
        #expect(after.chapters?.map(\.start) == [0, 12])
        // The picture a second before each chapter ends: the second chapter's slide text is the third slide's.
        #expect(after.chapters?[1].text?.contains("Measles at nine months") == true)
        #expect(after.chapters?.allSatisfy { $0.thumbnail != nil } == true)
        // The video is the same files, byte for byte.
        let segments = { (manifest: Manifest) in manifest.files.filter { $0.path.hasSuffix(".m4s") } }
        #expect(segments(after) == segments(before))
        #expect(PackageVerifier.verifyIntegrity(at: package).isEmpty)
        #expect(!after.files.contains { $0.path == "chapters/003.jpg" })

        try Data("WEBVTT\n\n00:00:00.000 --> 00:00:12.000\nA\n\n00:00:30.000 --> 00:00:40.000\nAfter the end\n".utf8).write(to: file)
        #expect {
            try SetChapters.runBlocking(.init(package: package, chapters: file), logger: IngestTests.logger)
        } throws: { error in
            "\(error)".hasPrefix("chapters.vtt:6: the chapter starts at 00:00:30.000, after the lecture ends")
        }
        #expect(try Manifest(contentsOf: package.appendingPathComponent(Manifest.fileName)) == after)
        let staging = package.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".staging")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: staging.path)) ?? []).isEmpty)
    }
}
