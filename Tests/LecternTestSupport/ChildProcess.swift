public import Foundation

/// A program run by a test: started with both output pipes, and collected without either pipe filling up.
public struct ChildProcess {
    public struct Result: Sendable {
        public var status: Int32
        public var output: Data
        public var error: Data
        public var errorText: String { String(decoding: error, as: UTF8.self) }
        public var outputText: String { String(decoding: output, as: UTF8.self) }
    }

    public let process: Process
    public let output: Pipe
    public let error: Pipe

    /// Starts `executable` with `arguments` (standard input closed).
    public init(_ executable: URL, _ arguments: [String]) throws {
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        output = Pipe()
        error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Waits for the end, reading both pipes as the program writes.
    public func collect() -> Result {
        nonisolated(unsafe) var errorData = Data()
        let errorHandle = error.fileHandleForReading
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorData = errorHandle.readDataToEndOfFile()
            group.leave()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: outputData, error: errorData)
    }
}

extension Process {
    /// Kills a helper process a test started (a static web server) and waits for it. SIGKILL, because the test
    /// runner's ignored signals are inherited: a SIGTERM (`terminate()`) may leave the server running after the test.
    public func killAndWait() {
        if isRunning { kill(processIdentifier, SIGKILL) }
        waitUntilExit()
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
