import Foundation
import LecternHLS
import LecternMirror
import LecternPackage
import LecternTestSupport
import LecternTranscode
import LecternVerify
import Logging
import Testing

/// Folder-to-folder mirroring (USB export and import) on real packages, checked with `lectern verify`'s verifier.
@Suite(.serialized) struct MirrorTests {
    static let logger = Fixture.logger
    static let origin = Fixture.origin
    static func copyOfOrigin() throws -> URL { try Fixture.copyOfOrigin() }
    static func target() -> URL { Fixture.target() }

    @Test("A full mirror verifies, and an unchanged re-run copies nothing")
    func fullThenUnchanged() async throws {
        let into = Self.target()
        defer { try? FileManager.default.removeItem(at: into) }
        let first = try await Mirror.run(MirrorRequest(origin: try Self.origin.get(), into: into), logger: Self.logger)
        #expect(first.lectures.map(\.status) == [.published, .published])
        #expect(first.bytesTransferred > 0)
        let verified = await Verifier.verify(into.path)
        #expect(verified.failed == 0, "\(verified.checks.filter { !$0.passed })")
        let second = try await Mirror.run(MirrorRequest(origin: try Self.origin.get(), into: into), logger: Self.logger)
        #expect(second.lectures.map(\.status) == [.unchanged, .unchanged])
        #expect(second.bytesTransferred == 0)
    }

    @Test("--max-kbps keeps the variants under the cap, the floor and audio-only; the rewritten master verifies")
    func maxKbps() async throws {
        let into = Self.target()
        defer { try? FileManager.default.removeItem(at: into) }
        let report = try await Mirror.run(MirrorRequest(origin: try Self.origin.get(), into: into, maxKbps: 100), logger: Self.logger)
        let lecture = try #require(report.lectures.first)
        #expect(lecture.status == .published)
        #expect(Set(lecture.renditions) == ["240p", "slides", "audio-32k"])
        let package = Library(root: into).lectureURL(lecture.id)
        let master = try PlaylistParser.parseMultivariant(String(contentsOf: package.appendingPathComponent("master.m3u8"), encoding: .utf8))
        #expect(master.variants.map(\.uri) == ["240p/index.m3u8", "slides/index.m3u8", "audio-32k/index.m3u8"])
        #expect(master.renditions.map(\.groupID) == ["audio-32k"])
        #expect(!FileManager.default.fileExists(atPath: package.appendingPathComponent("360p").path))
        let manifest = try Manifest(contentsOf: package.appendingPathComponent("manifest.json"))
        #expect(Set(manifest.renditions.map(\.name)) == ["240p", "slides", "audio-32k"])
        let verified = await Verifier.verify(package.path)
        #expect(verified.failed == 0, "\(verified.checks.filter { !$0.passed })")
        // Asking for more later fetches only what is missing.
        let wider = try await Mirror.run(MirrorRequest(origin: try Self.origin.get(), into: into, lectures: [lecture.id]), logger: Self.logger)
        #expect(wider.lectures.first?.status == .updated)
        #expect((wider.lectures.first?.bytesTransferred ?? 0) < (wider.lectures.first?.bytesTotal ?? 0))
    }

    @Test("Chapters come along, with their thumbnails and the master's session data, even when only the floor is kept")
    func chapters() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-mirror-chapters-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let clip = root.appendingPathComponent("slides.mp4")
        let font = "fontfile=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
        let made = try ChildProcess.run(
            Executables.ffmpeg,
            [
                "-nostdin", "-y", "-v", "error", "-f", "lavfi", "-i", "color=c=white:s=1280x720:r=25:d=12", "-f", "lavfi", "-i", "sine=duration=12",
                "-vf",
                "drawtext=\(font):text='Malaria prevention':fontsize=64:x=80:y=60:enable='lt(t,6)',"
                    + "drawtext=\(font):text='Oral rehydration salts':fontsize=64:x=80:y=300:enable='gte(t,6)'",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", clip.path,
            ]
        )
        #expect(made.status == 0, "\(made.errorText)")
        let origin = root.appendingPathComponent("library")
        _ = try Ingest.runBlocking(
            IngestRequest(input: clip, title: "Slides", library: origin, minimumChapter: 3),
            logger: Self.logger,
            progress: { _ in }
        )
        let into = root.appendingPathComponent("campus")
        let report = try await Mirror.run(MirrorRequest(origin: origin, into: into, maxKbps: 100), logger: Self.logger)
        let lecture = try #require(report.lectures.first)
        let package = Library(root: into).lectureURL(lecture.id)
        let manifest = try Manifest(contentsOf: package.appendingPathComponent("manifest.json"))
        #expect(manifest.chapters?.map(\.title) == ["Malaria prevention", "Oral rehydration salts"])
        for path in ["chapters.vtt", "chapters.json", "chapters/001.jpg", "chapters/002.jpg"] {
            #expect(FileManager.default.fileExists(atPath: package.appendingPathComponent(path).path), "\(path)")
        }
        let master = try PlaylistParser.parseMultivariant(String(contentsOf: package.appendingPathComponent("master.m3u8"), encoding: .utf8))
        #expect(master.sessionData.map(\.uri) == ["chapters.json"])
        let verified = await Verifier.verify(package.path)
        #expect(verified.failed == 0, "\(verified.checks.filter { !$0.passed })")
    }

    @Test("A byte flipped at the origin is caught: that lecture is not published, the other is")
    func flippedByte() async throws {
        let origin = try Self.copyOfOrigin()
        let into = Self.target()
        defer {
            try? FileManager.default.removeItem(at: origin)
            try? FileManager.default.removeItem(at: into)
        }
        let broken = try Fixture.flipBit(in: origin, path: "240p/seg-00001.m4s", mask: 0x01)
        let report = try await Mirror.run(MirrorRequest(origin: origin, into: into), logger: Self.logger)
        let failed = try #require(report.lectures.first { $0.id == broken.id })
        #expect(failed.status == .failed)
        #expect(failed.error?.contains("240p/seg-00001.m4s") == true)
        #expect(!Library(root: into).contains(broken.id))
        #expect(report.lectures.filter { $0.status == .published }.count == 1)
        // Nothing half-published: no lecture folder, no staging folder; only the download cache the next run resumes from.
        let staging = try FileManager.default.contentsOfDirectory(atPath: into.appendingPathComponent(".staging").path)
        #expect(staging == ["mirror-\(broken.id)"])
        #expect(
            !FileManager.default.fileExists(
                atPath: into.appendingPathComponent(
                    ".staging/mirror-\(broken.id)/\(try #require(broken.files.first { $0.path == "240p/seg-00001.m4s" }).sha256).part"
                ).path
            )
        )
    }

    @Test("USB round trip: export to a drive folder, import on another campus; --prune removes what the origin withdrew")
    func roundTripAndPrune() async throws {
        let drive = Self.target()
        let campus = Self.target()
        defer {
            try? FileManager.default.removeItem(at: drive)
            try? FileManager.default.removeItem(at: campus)
        }
        _ = try await Mirror.run(MirrorRequest(origin: try Self.origin.get(), into: drive, series: ["Épidémiologie"]), logger: Self.logger)
        let imported = try await Mirror.run(MirrorRequest(origin: drive, into: campus), logger: Self.logger)
        #expect(imported.lectures.count == 1 && imported.lectures.first?.status == .published)
        #expect(await Verifier.verify(campus.path).failed == 0)
        // The drive no longer carries that lecture: kept without --prune, removed with it.
        let id = try #require(imported.lectures.first?.id)
        try FileManager.default.removeItem(at: Library(root: drive).lectureURL(id))
        let kept = try await Mirror.run(MirrorRequest(origin: drive, into: campus), logger: Self.logger)
        #expect(kept.pruned.isEmpty && Library(root: campus).contains(id))
        let pruned = try await Mirror.run(MirrorRequest(origin: drive, into: campus, prune: true), logger: Self.logger)
        #expect(pruned.pruned == [id] && !Library(root: campus).contains(id))
    }

    @Test("Bad origins: a missing folder, a folder that is not a library, the target itself")
    func badOrigins() async throws {
        let into = Self.target()
        defer { try? FileManager.default.removeItem(at: into) }
        let error = await #expect(throws: MirrorError.self) {
            try await Mirror.run(MirrorRequest(origin: URL(fileURLWithPath: "/nonexistent/usb"), into: into), logger: Self.logger)
        }
        #expect(error?.code == .invalidOrigin)
        let notLibrary = FileManager.default.temporaryDirectory
        await #expect {
            try await Mirror.run(MirrorRequest(origin: notLibrary, into: into), logger: Self.logger)
        } throws: { "\($0)".contains("not a Lectern library") }
        let origin = try Self.origin.get()
        await #expect {
            try await Mirror.run(MirrorRequest(origin: origin, into: origin), logger: Self.logger)
        } throws: { "\($0)".contains("same library") }
    }
}
