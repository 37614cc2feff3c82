import Foundation
import LecternTestSupport

/// Runs the ffmpeg CLI to produce real playlists written by another tool.
enum FFmpeg {
    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: Executables.ffmpeg.path) }

    struct Failure: Error, CustomStringConvertible {
        let status: Int32
        let output: String
        var description: String { "ffmpeg exited with \(status): \(output)" }
    }

    /// Runs ffmpeg with `arguments` in `directory`, quietly.
    static func run(_ arguments: [String], in directory: URL) async throws {
        let result = try await ChildProcess(
            Executables.ffmpeg,
            ["-hide_banner", "-loglevel", "error", "-nostdin", "-y"] + arguments,
            in: directory
        ).finished()
        guard result.status == 0 else { throw Failure(status: result.status, output: result.errorText) }
    }

    /// The lavfi test pattern and a sine tone, `seconds` long, a key frame every second.
    static func testInputs(seconds: Int) -> [String] {
        [
            "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-f", "lavfi", "-i", "sine",
            "-t", String(seconds),
        ]
    }
}

/// A temporary folder removed when the test ends.
struct TemporaryDirectory: ~Copyable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appending(path: "lectern-hls-\(UUID().uuidString)", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: url.appending(path: path), encoding: .utf8)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
