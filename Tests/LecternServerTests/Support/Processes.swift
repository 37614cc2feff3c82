import Foundation

/// Running the real tools (the built `lectern`, ffmpeg, curl) from tests without blocking the test's executor.
enum Processes {
    struct Result {
        var status: Int32
        var output: String
        var error: String
    }

    /// The `lectern` executable built next to this test bundle.
    static let lectern: URL = {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("lectern").path), folder.path != "/" {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("lectern")
    }()

    /// Runs to completion, collecting standard output and error through files (no pipe deadlocks).
    static func run(_ executable: URL, _ arguments: [String]) async throws -> Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-proc-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outputURL = folder.appendingPathComponent("out"), errorURL = folder.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        return Result(
            status: status, output: (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "",
            error: (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
        )
    }

    static func ffmpeg(_ arguments: [String]) async throws -> Result {
        try await run(URL(fileURLWithPath: "/usr/bin/ffmpeg"), ["-nostdin", "-y", "-v", "error"] + arguments)
    }
}
