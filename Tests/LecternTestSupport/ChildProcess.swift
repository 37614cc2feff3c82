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
