import Foundation
import Synchronization

/// `lectern ingest` run as a child process for one job, sandboxed: a stranger's recording that crashes a decoder or
/// eats memory ends that child, never the worker. It reports progress on standard error (`lectern-progress ...`) and
/// its report as JSON on standard output.
final class IngestChild: Sendable {
    /// How the child ended.
    enum Ending: Sendable, Equatable {
        /// Published (or already published) under this lecture id.
        case published(String)
        /// The recording or its files are at fault (exit 65): the one line it printed.
        case refused(String)
        /// Anything else: the last line it printed, or its exit status.
        case failed(String)
    }

    private let process: Process
    private let shared = Shared()

    private struct State {
        var progress: Double = 0
        var lastLine = ""
        var output = Data()
    }

    /// Whether the child has exited, and who waits for that.
    private enum Exit {
        case running(waiter: CheckedContinuation<Void, Never>?)
        case exited
    }

    /// What the pipe readers' threads, the termination handler and the worker share.
    private final class Shared: Sendable {
        let state = Mutex(State())
        let pendingLine = Mutex(Data())
        /// Pipe readers still reading (2 while the child runs).
        let openReaders = Atomic<Int>(2)
        let exit = Mutex(Exit.running(waiter: nil))
    }

    /// Starts `executable ingest arguments...` with a sandbox.
    init(executable: URL, arguments: [String]) throws {
        process = Process()
        process.executableURL = executable
        process.arguments = ["ingest"] + arguments + ["--sandbox", "--json", "--progress-lines"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        // Only what an ingest needs: never the worker's token (LECTERN_TOKEN) or other secrets of its environment,
        // since the child reads a stranger's recording.
        let environment = ProcessInfo.processInfo.environment
        process.environment = environment.filter { ["PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ"].contains($0.key) }
        // Told by Foundation when the child ends. (`waitUntilExit` on a thread of our own spun a core on Linux, half
        // the CPU an ingest beside it wanted.)
        let shared = self.shared
        process.terminationHandler = { _ in
            let waiter = shared.exit.withLock { exit -> CheckedContinuation<Void, Never>? in
                defer { exit = .exited }
                if case .running(let waiter) = exit { return waiter }
                return nil
            }
            waiter?.resume()
        }
        try process.run()
        Self.read(output.fileHandleForReading, into: shared) { state, data in state.output.append(data) }
        Self.readLines(errors.fileHandleForReading, into: shared)
    }

    /// The latest progress, 0 to 1.
    var progress: Double { shared.state.withLock { $0.progress } }

    /// Asks the child to stop (it cancels the ingest and removes its staging), and ends it 30 s later if it has not.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        // An ingest stops within seconds of SIGTERM; one that does not is ended.
        let process = self.process
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 30)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }

    /// Waits for the child to end (once: a second caller would wait forever).
    func ending() async -> Ending {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let exited = shared.exit.withLock { exit -> Bool in
                if case .exited = exit { return true }
                exit = .running(waiter: continuation)
                return false
            }
            if exited { continuation.resume() }
        }
        // The pipes' readers finish when the child's last descriptor closes, just after the exit (a grandchild that
        // kept one would hold it: wait at most 5 s).
        for _ in 0..<100 where shared.openReaders.load(ordering: .acquiring) > 0 { try? await Task.sleep(for: .milliseconds(50)) }
        let (output, line) = shared.state.withLock { ($0.output, $0.lastLine) }
        let message = line.hasPrefix("Error: ") ? String(line.dropFirst(7)) : line
        switch process.terminationStatus {
        case 0:
            struct Report: Decodable { var id: String }
            guard let report = try? JSONDecoder().decode(Report.self, from: output) else { return .failed("the ingest printed no report") }
            return .published(report.id)
        case 65: return .refused(message.isEmpty ? "the recording was refused" : message)
        default:
            let reason = process.terminationReason == .uncaughtSignal ? "signal" : "status"
            return .failed(message.isEmpty ? "the ingest ended with \(reason) \(process.terminationStatus)" : message)
        }
    }

    private static func read(_ handle: FileHandle, into shared: Shared, _ append: @escaping @Sendable (inout State, Data) -> Void) {
        Thread.detachNewThread {
            while true {
                let data = handle.availableData
                if data.isEmpty {
                    shared.openReaders.subtract(1, ordering: .releasing)
                    return
                }
                shared.state.withLock { append(&$0, data) }
            }
        }
    }

    /// Standard error, line by line: progress lines update the progress, the last other line is kept as the error.
    private static func readLines(_ handle: FileHandle, into shared: Shared) {
        read(handle, into: shared) { state, data in
            var lines: [String] = []
            shared.pendingLine.withLock { buffer in
                buffer.append(data)
                while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    lines.append(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
                    buffer.removeSubrange(buffer.startIndex...newline)
                }
            }
            for line in lines {
                if line.hasPrefix("lectern-progress ") {
                    let fields = line.split(separator: " ")
                    if fields.count > 1, let fraction = Double(fields[1]) { state.progress = fraction }
                } else if !line.trimmingCharacters(in: .whitespaces).isEmpty {
                    state.lastLine = line
                }
            }
        }
    }
}
