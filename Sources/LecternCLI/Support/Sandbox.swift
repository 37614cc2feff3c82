import Foundation
import Logging
import Synchronization

/// Runs an ingest of a stranger's recording in a child process of its own (this same binary), with resource limits and,
/// where the kernel allows it without root-only setup, no network: a decoder that spins, a file that blows up memory
/// or a crash ends that child with one clear line, nothing published and no staging left, and the caller keeps running.
enum Sandbox {
    /// The limits a child runs under, applied by the child itself (`setrlimit`) before it reads anything.
    struct Limits: Equatable, CustomStringConvertible {
        /// Address space, bytes: a 720p ingest peaks near 1.4 GiB of it (threads' stacks and malloc arenas included).
        var memory: Int
        /// Processor time, seconds: an ingest takes about its recording's length in CPU on 2 cores.
        var cpuSeconds: Int
        /// The largest file it may write, bytes (each rendition is written whole before being cut into segments).
        var fileSize: Int
        /// Wall-clock seconds before the parent ends it: a child that hangs (a decoder waiting forever, a thread that
        /// could not start for want of memory) spends no CPU time. Twice the CPU time, at least 10 minutes.
        var wallSeconds: Int { max(2 * cpuSeconds, 600) }

        /// Limits for a recording of `inputBytes`: 6 GiB of address space; 10 minutes of CPU plus a second per 100 kB
        /// (a 1 GB hour of 720p gets about 3 hours); files up to 1 GiB plus four times the recording.
        static func forInput(bytes inputBytes: Int) -> Limits {
            Limits(memory: 6 << 30, cpuSeconds: 600 + inputBytes / 100_000, fileSize: (1 << 30) + 4 * inputBytes)
        }

        /// `memory,cpu,file` as passed to the child.
        var argument: String { "\(memory),\(cpuSeconds),\(fileSize)" }

        init(memory: Int, cpuSeconds: Int, fileSize: Int) {
            self.memory = memory
            self.cpuSeconds = cpuSeconds
            self.fileSize = fileSize
        }

        init?(argument: String) {
            let numbers = argument.split(separator: ",").compactMap { Int($0) }
            guard numbers.count == 3, numbers.allSatisfy({ $0 > 0 }) else { return nil }
            self.init(memory: numbers[0], cpuSeconds: numbers[1], fileSize: numbers[2])
        }

        var description: String {
            "memory \(memory >> 20) MiB, CPU \(cpuSeconds) s, files \(fileSize >> 20) MiB"
        }

        /// Applies the limits to this process. A file past the size limit then fails its write (EFBIG) instead of
        /// killing the process, so the ingest reports it like a full disk.
        func apply() throws {
            signal(SIGXFSZ, SIG_IGN)
            // A stopped or crashing child exits at once with 128 + the signal instead of dumping core: a core of a
            // process with gigabytes mapped takes minutes to write (or to hand to a crash collector), during which the
            // child is not over, and it would leave a file of a stranger's recording's memory behind.
            for fatal in Sandbox.fatalSignals { signal(fatal) { _exit(128 + $0) } }
            for (resource, value) in [(RLIMIT_AS, memory), (RLIMIT_CPU, cpuSeconds), (RLIMIT_FSIZE, fileSize), (RLIMIT_CORE, 0)] {
                // The hard CPU limit a little above the soft one: SIGXCPU first (a clear exit), SIGKILL if ignored.
                let hard = resource == RLIMIT_CPU ? value + 5 : value
                var limit = rlimit(rlim_cur: rlim_t(value), rlim_max: rlim_t(hard))
                guard setrlimit(__rlimit_resource_t(resource.rawValue), &limit) == 0 else {
                    throw SandboxError("cannot set resource limits: \(String(cString: strerror(errno)))")
                }
            }
        }
    }

    struct SandboxError: Error, CustomStringConvertible {
        var description: String
        /// The recording made the sandbox stop the ingest (its limits, a decoder crash): another attempt on another
        /// machine would end the same way. False when the sandbox itself could not be set up.
        var isTheRecordingsFault: Bool
        init(_ description: String, recordingsFault: Bool = false) {
            self.description = description
            self.isTheRecordingsFault = recordingsFault
        }
    }

    /// Runs this binary again with `arguments` (the ingest, minus `--sandbox`, plus `--sandbox-limits`) under `limits`,
    /// its output passed through, ended after `wallSeconds` (default `limits.wallSeconds`); returns its exit status, or
    /// throws one line when the sandbox stopped it.
    static func run(
        arguments: [String],
        recording name: String,
        library: URL,
        limits: Limits,
        wallSeconds: Int? = nil,
        logger: Logger
    ) throws -> Int32 {
        let staging = library.appendingPathComponent(".staging")
        let before = Set((try? FileManager.default.contentsOfDirectory(atPath: staging.path)) ?? [])
        let child = Process()
        let network = isolatingNetwork()
        child.executableURL = URL(fileURLWithPath: network?.tool ?? selfPath)
        child.arguments = (network.map { $0.arguments + ["--", selfPath] } ?? []) + arguments + ["--sandbox-limits", limits.argument]
        if network == nil { logger.notice("Sandbox without network isolation: unshare is not usable here") }
        // A child the sandbox stops is reported in one line below, not with the Swift runtime's crash backtrace.
        child.environment = ProcessInfo.processInfo.environment.merging(["SWIFT_BACKTRACE": "enable=no"]) { _, new in new }
        // SIGINT/SIGTERM to this process (Ctrl-C, or a worker stopping its job) are passed on to the child, which
        // stops cleanly and removes its staging; this process waits for it.
        Sandbox.stopSignal.store(0, ordering: .relaxed)
        signal(SIGINT) { Sandbox.stopSignal.store($0, ordering: .relaxed) }
        signal(SIGTERM) { Sandbox.stopSignal.store($0, ordering: .relaxed) }
        defer {
            signal(SIGINT, SIG_DFL)
            signal(SIGTERM, SIG_DFL)
        }
        try child.run()
        let deadline = ContinuousClock.now + .seconds(wallSeconds ?? limits.wallSeconds)
        var timedOut = false
        var forwarded = false
        let parent = getppid()
        while child.isRunning {
            // A parent that died (a worker killed) is a request to stop too.
            let stop = getppid() != parent ? SIGTERM : Sandbox.stopSignal.load(ordering: .relaxed)
            if stop != 0, !forwarded {
                kill(child.processIdentifier, stop)
                forwarded = true
            }
            if ContinuousClock.now > deadline, !timedOut {
                kill(child.processIdentifier, SIGKILL)
                timedOut = true
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let signalled =
            child.terminationReason == .uncaughtSignal
            ? child.terminationStatus
            : Sandbox.fatalSignals.first { child.terminationStatus == 128 + $0 }
        guard let signalled else { return child.terminationStatus }
        // Killed: remove what it left in staging (a child that ends normally cleans up itself).
        let after = Set((try? FileManager.default.contentsOfDirectory(atPath: staging.path)) ?? [])
        for entry in after.subtracting(before) { try? FileManager.default.removeItem(at: staging.appendingPathComponent(entry)) }
        let why =
            timedOut
            ? "stopped by the sandbox after \(wallSeconds ?? limits.wallSeconds) s without finishing (a decoder that hangs, or too little of its \(limits.memory >> 20) MiB of memory?)"
            : reason(signal: signalled, limits: limits)
        throw SandboxError("\(name): \(why); nothing was published", recordingsFault: true)
    }

    /// The signal asking the sandbox's parent to stop (0 for none), set by its signal handler.
    static let stopSignal = Atomic<Int32>(0)

    /// Signals that end the child: past its CPU time, or a crash.
    static let fatalSignals: [Int32] = [SIGXCPU, SIGSEGV, SIGBUS, SIGABRT, SIGILL, SIGTRAP, SIGFPE]

    static func reason(signal number: Int32, limits: Limits) -> String {
        switch number {
        case SIGXCPU, SIGKILL: "stopped by the sandbox after \(limits.cpuSeconds) s of CPU time (a decoder that does not end?)"
        case SIGSEGV, SIGBUS, SIGABRT, SIGILL, SIGTRAP, SIGFPE:
            "the ingest crashed (signal \(number)) within the sandbox's \(limits.memory >> 20) MiB of memory"
        default: "the ingest was ended by signal \(number)"
        }
    }

    /// This binary.
    static var selfPath: String { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0] }

    /// How to start a child in a network namespace of its own: `unshare --net` as root, with a user namespace
    /// otherwise; nil where neither works here (checked once by running `true` under it).
    static func isolatingNetwork() -> (tool: String, arguments: [String])? {
        let tool = "/usr/bin/unshare"
        guard FileManager.default.isExecutableFile(atPath: tool) else { return nil }
        for arguments in [["--net"], ["--user", "--map-root-user", "--net"]] {
            let probe = Process()
            probe.executableURL = URL(fileURLWithPath: tool)
            probe.arguments = arguments + ["--", "/bin/true"]
            probe.standardError = FileHandle.nullDevice
            guard (try? probe.run()) != nil else { continue }
            probe.waitUntilExit()
            if probe.terminationStatus == 0 { return (tool, arguments) }
        }
        return nil
    }

    /// Whether this process runs in another network namespace than its parent (what the child reports).
    static func networkIsolated() -> Bool {
        let own = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/net")
        let parent = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(getppid())/ns/net")
        return own != nil && parent != nil && own != parent
    }
}
