import Foundation
import LecternTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A real `lectern serve` child process on 127.0.0.1 serving a library: the origin of HTTP mirror tests.
/// It can be killed with SIGKILL mid-transfer and started again on the same port.
final class OriginServer {
    let library: URL
    let port: Int
    private var process: Process?

    /// The running server's process id (0 when stopped).
    var processIdentifier: Int32 { process?.processIdentifier ?? 0 }

    var url: URL { URL(string: "http://127.0.0.1:\(port)")! }

    init(library: URL, port: Int? = nil) throws {
        self.library = library
        self.port = try port ?? Self.freePort()
        try start()
    }

    deinit { kill() }

    /// Starts the server and waits until `/healthz` answers.
    func start() throws {
        let process = Process()
        process.executableURL = Fixture.lectern
        process.arguments = ["serve", "--library", library.path, "--host", "127.0.0.1", "--port", "\(port)", "--log-level", "critical"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        for _ in 0..<200 {
            if try Fixture.curl(["-f", "-o", "/dev/null", "\(url.absoluteString)/healthz"]).status == 0 { return }
            guard process.isRunning else { throw MirrorTestFailure("lectern serve exited with \(process.terminationStatus)") }
            usleep(50_000)
        }
        throw MirrorTestFailure("lectern serve did not answer on port \(port)")
    }

    /// SIGKILL: the server dies at once, mid-response, as a crashed or unplugged origin would.
    func kill() {
        guard let process else { return }
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        self.process = nil
    }

    /// A port nothing listens on right now (the kernel's choice for port 0).
    static func freePort() throws -> Int { try freeLoopbackPort() }
}
