public import Foundation

/// A `lectern serve` child process on 127.0.0.1 serving a library, for tests that talk to it over real sockets with
/// independent clients (curl, ffmpeg, Chromium, the mirror's HTTP client). A child has its own threads: an in-process
/// server shares Swift's cooperative pool (two threads here) with every other test, and behind long synchronous
/// ingests it could wait minutes for one. It can be killed (SIGKILL) mid-transfer and started again on the same port.
public final class ServeProcess {
    public let library: URL
    public let port: Int
    private let arguments: [String]
    private var child: ChildProcess?

    /// Starts `lectern serve --library LIBRARY` with `arguments` (`--max-connections 4`, say) on `port` (a free one if
    /// nil) and returns once `/healthz` answers.
    public init(library: URL, port: Int? = nil, arguments: [String] = []) async throws {
        self.library = library
        self.port = try port ?? freeLoopbackPort()
        self.arguments = arguments
        try await start()
    }

    /// Starts the server (again, after `stop()`) and waits until `/healthz` answers.
    public func start() async throws {
        let child = try ChildProcess(
            Executables.lectern,
            ["serve", "--library", library.path, "--host", "127.0.0.1", "--port", "\(port)"] + arguments
        )
        self.child = child
        try await waitUntilAnswering("\(base)/healthz", server: child)
    }

    public var base: String { "http://127.0.0.1:\(port)" }
    public var url: URL { URL(string: base)! }

    /// The running server's process id (0 when stopped).
    public var processIdentifier: Int32 { child?.processIdentifier ?? 0 }

    /// SIGKILL and wait: the server dies at once, mid-response, as a crashed or unplugged origin would.
    public func stop() {
        child?.stop()
        child = nil
    }

    /// SIGTERM (a graceful stop), and what the server did with it (status, exit, its output).
    public func terminate() async -> ChildProcess.Result? {
        guard let child else { return nil }
        defer { self.child = nil }
        return await child.terminate()
    }

    deinit { stop() }
}

public struct ServerDidNotStart: Error, CustomStringConvertible {
    public var description: String
}

/// Polls `url` with curl every 100 ms until it answers with a 2xx status (throwing after `attempts` tries, or as soon as
/// `server` has exited, with what it said on standard error).
public func waitUntilAnswering(_ url: String, server: ChildProcess, attempts: Int = 150) async throws {
    for _ in 0..<attempts {
        let probe = try await ChildProcess(Executables.curl, ["-sf", "-o", "/dev/null", "--max-time", "5", url]).finished()
        if probe.status == 0 { return }
        guard server.isRunning else {
            let ended = await server.finished()
            throw ServerDidNotStart(description: "\(server.command) ended (\(ended.status)) before \(url) answered: \(ended.errorText.suffix(800))")
        }
        try await Task.sleep(for: .milliseconds(100))
    }
    throw ServerDidNotStart(description: "\(server.command): \(url) did not answer")
}
