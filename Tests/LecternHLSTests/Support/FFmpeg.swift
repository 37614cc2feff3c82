import Foundation

/// Runs the ffmpeg CLI to produce real playlists written by another tool.
enum FFmpeg {
    static let path = "/usr/bin/ffmpeg"

    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: path) }

    struct Failure: Error, CustomStringConvertible {
        let status: Int32
        let output: String
        var description: String { "ffmpeg exited with \(status): \(output)" }
    }

    /// Runs ffmpeg with `arguments` in `directory`, quietly.
    static func run(_ arguments: [String], in directory: URL) async throws {
        let process = Process()
        process.executableURL = URL(filePath: path)
        process.arguments = ["-hide_banner", "-loglevel", "error", "-nostdin", "-y"] + arguments
        process.currentDirectoryURL = directory
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard status == 0 else { throw Failure(status: status, output: output) }
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
