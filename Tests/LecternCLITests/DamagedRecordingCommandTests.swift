import Foundation
import LecternTestSupport
import Testing

/// A damaged recording through `lectern ingest`: one warning per damaged span on standard error, not FFmpeg's line per
/// bad packet; `--verbose` brings FFmpeg's own lines back.
@Suite(.serialized) struct DamagedRecordingCommandTests {
    /// A 6 s transport stream with 60 kB of random bytes in its middle (hundreds of decoder errors).
    static func damaged(in folder: URL) throws -> String {
        let path = folder.appendingPathComponent("archive.ts").path
        let made = try ChildProcess.run(
            Executables.ffmpeg,
            [
                "-nostdin", "-y", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-f", "lavfi", "-i", "sine=duration=6",
                "-t", "6", "-c:v", "libx264", "-preset", "ultrafast", "-g", "250", "-c:a", "aac", path,
            ]
        )
        try #require(made.status == 0, "\(made.errorText)")
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        var random = SystemRandomNumberGenerator()
        for index in (data.count / 2)..<(data.count / 2 + 60_000) { data[index] = UInt8.random(in: 0...255, using: &random) }
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("Published with one line naming the damaged seconds and the error count; FFmpeg's lines only with --verbose")
    func oneWarning() throws {
        let folder = try IngestCommandTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try Self.damaged(in: folder)
        let quiet = try IngestCommandTests.run(["ingest", input, "--title", "Archive", "--library", folder.appendingPathComponent("a").path])
        #expect(quiet.status == 0, "\(quiet.error)")
        let warnings = (quiet.output + quiet.error).split(separator: "\n").filter { $0.contains("damaged at") }
        #expect(warnings.count == 1, "\(quiet.output)\(quiet.error)")
        #expect(warnings.first?.contains(/archive\.ts: damaged at 0:0\d.* \(\d+ decoder errors?\)/) == true, "\(quiet.error)")
        #expect(!quiet.error.contains("lectern.ffmpeg"), "FFmpeg's own lines at the default level: \(quiet.error.prefix(2000))")
        let verbose = try IngestCommandTests.run([
            "ingest", input, "--title", "Archive", "--library", folder.appendingPathComponent("b").path, "--verbose",
        ])
        #expect(verbose.status == 0)
        #expect(verbose.error.contains("lectern.ffmpeg"), "--verbose shows FFmpeg's lines")
    }
}
