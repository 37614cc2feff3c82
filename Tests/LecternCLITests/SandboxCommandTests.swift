import Foundation
import LecternTestSupport
import Testing

/// `lectern ingest --sandbox`: the ingest runs in a child process with limits and no network; when the limits stop it,
/// one line says so, nothing is published and nothing is left in staging.
@Suite(.serialized) struct SandboxCommandTests {
    static func published(_ library: URL) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: library.appendingPathComponent("lectures").path)) ?? []
    }

    static func staged(_ library: URL) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: library.appendingPathComponent(".staging").path)) ?? []
    }

    /// Standard error without the progress bar's lines.
    static func messages(_ error: String) -> [Substring] {
        error.split(separator: "\n").filter { !$0.hasPrefix("ingest ") }
    }

    @Test("A sandboxed ingest publishes as usual, from a child in a network namespace of its own")
    func publishes() throws {
        let folder = try IngestCommandTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = folder.appendingPathComponent("clip.mp4").path
        try IngestCommandTests.clip(clip, seconds: 3)
        let library = folder.appendingPathComponent("library")
        let run = try IngestCommandTests.run([
            "ingest", clip, "--title", "Boxed", "--library", library.path, "--sandbox", "--json", "--log-level", "info",
        ])
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("\"status\" : \"published\""), "\(run.output)")
        #expect(run.error.contains("sandbox.limits=memory 6144 MiB"), "\(run.error)")
        if getuid() == 0 { #expect(run.error.contains("sandbox.network=isolated"), "\(run.error)") }
        #expect(Self.published(library).count == 1)
    }

    @Test(
        "Past its CPU time or memory the child is stopped: one line naming the recording, nothing published or staged",
        arguments: [
            (["--sandbox-cpu-seconds", "1"], "stopped by the sandbox after 1 s of CPU time"),
            // Short of memory the child crashes, or hangs where a thread cannot start: ended after 60 s at the latest.
            (["--sandbox-memory-mb", "300", "--sandbox-wall-seconds", "60"], "300 MiB of memory"),
        ]
    )
    func stopped(limit: [String], says: String) throws {
        let folder = try IngestCommandTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = folder.appendingPathComponent("long.mp4").path
        try IngestCommandTests.clip(clip, seconds: 30, size: "1280x720")
        let library = folder.appendingPathComponent("library")
        let run = try IngestCommandTests.run(["ingest", clip, "--title", "Boxed", "--library", library.path, "--sandbox"] + limit)
        #expect(run.status != 0)
        let messages = Self.messages(run.error)
        #expect(messages.count == 1, "\(run.error)")
        #expect(messages.first?.contains("long.mp4: ") == true && messages.first?.contains(says) == true, "\(run.error)")
        #expect(messages.first?.hasSuffix("nothing was published") == true, "\(run.error)")
        #expect(Self.published(library).isEmpty)
        #expect(Self.staged(library).isEmpty, "\(Self.staged(library))")
    }
}

/// What a killed ingest leaves behind is reported.
@Suite struct StagingReportTests {
    @Test("lectern verify LIBRARY names every folder left in .staging, calling one untouched for an hour abandoned")
    func reportsStaging() throws {
        let folder = try IngestCommandTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let library = folder.appendingPathComponent("library")
        let old = library.appendingPathComponent(".staging/talk-1a2b3c4d-x7y8")
        let fresh = library.appendingPathComponent(".staging/other-5e6f7a8b-q1w2")
        for url in [old, fresh, library.appendingPathComponent("lectures")] {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-3 * 3600)], ofItemAtPath: old.path)
        let run = try IngestCommandTests.run(["verify", library.path])
        #expect(run.output.contains(".staging/talk-1a2b3c4d-x7y8: last written 180 min ago, abandoned"), "\(run.output)")
        #expect(run.output.contains(".staging/other-5e6f7a8b-q1w2: last written 0 min ago, an ingest may be writing it"))
    }
}
