import Foundation
import LecternTestSupport

/// A `lectern serve` child process on 127.0.0.1, for tests that talk to it over a real socket with independent
/// clients (curl, ffmpeg). A child has its own threads: an in-process server shares Swift's cooperative pool (two
/// threads here) with every other test, and behind long synchronous ingests it could wait minutes for one.
final class ServeProcess {
    let port: Int
    private let process = Process()

    init(library: URL) async throws {
        port = try freeLoopbackPort()
        process.executableURL = Processes.lectern
        process.arguments = ["serve", "--library", library.path, "--host", "127.0.0.1", "--port", "\(port)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<100 {
            if try await Processes.run(URL(fileURLWithPath: "/usr/bin/curl"), ["-sf", "\(base)/healthz"]).status == 0 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        stop()
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "lectern serve did not answer on port \(port)"])
    }

    var base: String { "http://127.0.0.1:\(port)" }

    /// SIGTERM (a graceful stop), and the exit status once it has exited.
    func terminate() async -> Int32 {
        await withCheckedContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            process.terminate()
        }
    }

    /// SIGKILL and wait (a test that checks a graceful exit sends SIGTERM itself).
    func stop() { process.killAndWait() }

    deinit { stop() }
}
