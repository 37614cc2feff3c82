public import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A program run by a test (ffmpeg, curl, python, the built `lectern`): the one way the tests start, wait for, collect
/// and kill child processes.
///
/// Standard input is closed; standard output and error go to files of the child's own, so neither can fill up and stall
/// the program however much it says, and a server's output needs no reader. `collect()` blocks the calling thread;
/// `finished()` suspends instead, for async tests (a blocked thread is one of the cooperative pool's two here). A child
/// still running when the value goes away is killed (SIGKILL) and waited for, so no server outlives its test.
public final class ChildProcess: Sendable {
    public struct Result: Sendable {
        /// The exit status, or the signal that ended the program when `exited` is false.
        public var status: Int32
        /// Whether the program exited by itself (false: a signal ended it).
        public var exited: Bool
        public var output: Data
        public var error: Data
        public var errorText: String { String(decoding: error, as: UTF8.self) }
        public var outputText: String { String(decoding: output, as: UTF8.self) }
    }

    private struct Ending: Sendable {
        var status: Int32
        var exited: Bool
    }

    /// The ending once the child is reaped, shared with the termination handler (which must not keep `self` alive).
    private final class Exit: Sendable {
        struct State {
            var ending: Ending?
            var waiting: [CheckedContinuation<Ending, Never>] = []
        }

        let state = Mutex(State())
        let ended = DispatchSemaphore(value: 0)

        func record(_ ending: Ending) {
            let waiting = state.withLock { state in
                state.ending = ending
                defer { state.waiting = [] }
                return state.waiting
            }
            ended.signal()
            for continuation in waiting { continuation.resume(returning: ending) }
        }
    }

    /// What the program is (for messages).
    public let command: String
    public let processIdentifier: Int32
    private let process: Process
    private let folder: URL
    private let exit = Exit()

    /// Starts `executable` with `arguments`, in `directory` if given (else the test's working directory).
    public init(_ executable: URL, _ arguments: [String], in directory: URL? = nil) throws {
        command = ([executable.lastPathComponent] + arguments).joined(separator: " ")
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-child-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let outputURL = folder.appendingPathComponent("out")
        let errorURL = folder.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL)
        let error = try FileHandle(forWritingTo: errorURL)
        defer {
            try? output.close()
            try? error.close()
        }
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = error
        // Set before the start, so that no ending is missed however soon it comes.
        process.terminationHandler = { [exit] process in
            exit.record(Ending(status: process.terminationStatus, exited: process.terminationReason == .exit))
        }
        do {
            try process.run()
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
        processIdentifier = process.processIdentifier
    }

    /// Starts a program and waits for it (blocking the calling thread).
    public static func run(_ executable: URL, _ arguments: [String], in directory: URL? = nil) throws -> Result {
        try ChildProcess(executable, arguments, in: directory).collect()
    }

    public var isRunning: Bool { exit.state.withLock { $0.ending == nil } }

    /// Sends `signal` (SIGTERM, SIGINT, SIGKILL ...) unless the program has already ended.
    public func signal(_ signal: Int32) {
        // The ending is recorded when the child is reaped: until then its process id cannot belong to anyone else.
        if isRunning { _ = kill(processIdentifier, signal) }
    }

    /// Waits for the end, blocking the calling thread; then what the program wrote.
    public func collect() -> Result {
        if isRunning {
            exit.ended.wait()
            exit.ended.signal()  // for any later wait
        }
        return result(exit.state.withLock { $0.ending }!)
    }

    /// Waits for the end without blocking a thread; then what the program wrote.
    public func finished() async -> Result {
        let ending = await withCheckedContinuation { continuation in
            let ending = exit.state.withLock { state -> Ending? in
                if state.ending == nil { state.waiting.append(continuation) }
                return state.ending
            }
            if let ending { continuation.resume(returning: ending) }
        }
        return result(ending)
    }

    /// SIGKILL and wait (a helper server a test started: SIGKILL, because the test runner's ignored signals are
    /// inherited and a SIGTERM may leave it running).
    @discardableResult
    public func stop() -> Result {
        signal(SIGKILL)
        return collect()
    }

    /// SIGTERM (a graceful stop), and what the program did with it.
    public func terminate() async -> Result {
        signal(SIGTERM)
        return await finished()
    }

    private func result(_ ending: Ending) -> Result {
        Result(
            status: ending.status,
            exited: ending.exited,
            output: (try? Data(contentsOf: folder.appendingPathComponent("out"))) ?? Data(),
            error: (try? Data(contentsOf: folder.appendingPathComponent("err"))) ?? Data()
        )
    }

    deinit {
        if isRunning {
            _ = kill(processIdentifier, SIGKILL)
            exit.ended.wait()
        }
        try? FileManager.default.removeItem(at: folder)
    }
}

/// The programs the tests run: the system's tools, and the `lectern` executable built with the tests.
public enum Executables {
    public static let ffmpeg = URL(fileURLWithPath: "/usr/bin/ffmpeg")
    public static let ffprobe = URL(fileURLWithPath: "/usr/bin/ffprobe")
    public static let curl = URL(fileURLWithPath: "/usr/bin/curl")
    /// `/usr/bin/env`, to find a program on the PATH (`python3` with Playwright may live in a virtual environment).
    public static let env = URL(fileURLWithPath: "/usr/bin/env")

    /// The `lectern` executable built next to the test bundle (every test target that runs it depends on it).
    public static let lectern = built("lectern")

    /// An executable product of this package, found in the first folder at or above the test bundle's that holds it.
    public static func built(_ name: String) -> URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent(name).path), folder.path != "/" {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent(name)
    }
}

/// A TCP port on 127.0.0.1 that nothing listens on right now (the kernel's pick for port 0), for a server a test
/// starts as a child process.
public func freeLoopbackPort() throws -> Int {
    #if canImport(Glibc)
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
    let descriptor = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard descriptor >= 0 else { throw CocoaError(.fileReadUnknown) }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
    }
    guard bound else { throw CocoaError(.fileReadUnknown) }
    return Int(UInt16(bigEndian: address.sin_port))
}
