public import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL server of the test process's own: `initdb` in a temporary folder, `pg_ctl start` on a free
/// loopback port (trust authentication, user `lectern`, fsync off), and a fresh database for each caller.
///
/// Runs Debian's binaries (`scripts/install-deps.sh --for-tests`); as root, the server's tools run as `postgres` with
/// `runuser`, since PostgreSQL refuses root. Starting and stopping block the calling thread (a second or two). A
/// cluster not stopped by its test is stopped when the process exits, so no server outlives `swift test`.
public final class PostgresCluster: Sendable {
    /// The first database's connection URL, `postgresql://lectern@127.0.0.1:PORT/NAME` (trust: no password).
    public let url: String
    /// The TCP port the server listens on, on 127.0.0.1.
    public let port: Int
    /// The data directory (which also holds the server's Unix socket and its log, `log`).
    public let directory: URL
    private let bin: URL
    private let stopped = Mutex(false)

    /// The clusters started and not yet stopped: what the exit handler stops.
    private static let running = Mutex<[PostgresCluster]>([])
    /// The process-wide cluster of `shared()`, once started.
    private static let sharedCluster = Mutex<PostgresCluster?>(nil)
    /// Registers the exit handler, once (a static let's initializer runs exactly once, whichever thread comes first).
    private static let exitHandler: Void = {
        atexit {
            for cluster in PostgresCluster.running.withLock({ $0 }) { cluster.stop() }
        }
    }()

    private init(bin: URL, directory: URL, port: Int, url: String) {
        self.bin = bin
        self.directory = directory
        self.port = port
        self.url = url
    }

    /// Starts a new cluster with one fresh database (`url`); throws one line (the command and what it said) on failure.
    public static func start() throws -> PostgresCluster {
        let bin = try binaries()
        _ = exitHandler
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-pg-\(uniqueSuffix())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        do {
            if getuid() == 0 { try giveToPostgres(directory) }
            try run(
                bin.appendingPathComponent("initdb"),
                ["-D", directory.path, "-A", "trust", "-U", "lectern", "--no-sync", "--encoding=UTF8", "--locale=C.UTF-8"],
                asPostgres: true,
                in: directory
            )
            let port = try startServer(bin: bin, directory: directory)
            let cluster = PostgresCluster(bin: bin, directory: directory, port: port, url: try createDatabase(bin: bin, port: port))
            running.withLock { $0.append(cluster) }
            return cluster
        } catch {
            if postmasterID(in: directory) != nil { shutDown(bin: bin, directory: directory) }
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    /// The one cluster of the whole test process, started by the first call (which the others wait for), stopped at
    /// exit: test suites share it and keep apart by taking databases of their own (`url` or `makeDatabase()`).
    public static func shared() throws -> PostgresCluster {
        try sharedCluster.withLock { cluster in
            if let cluster { return cluster }
            let started = try start()
            cluster = started
            return started
        }
    }

    /// Creates another fresh database in this cluster (a unique name per call) and returns its connection URL.
    public func makeDatabase() throws -> String {
        try Self.createDatabase(bin: bin, port: port)
    }

    /// Stops the server at once (`pg_ctl -m immediate stop`) and removes its folder; a second call does nothing.
    public func stop() {
        let first = stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        Self.running.withLock { $0.removeAll { $0 === self } }
        Self.shutDown(bin: bin, directory: directory)
        try? FileManager.default.removeItem(at: directory)
    }

    /// `pg_ctl start` on a free loopback port (another, a few times, if someone else binds it first); returns the port.
    private static func startServer(bin: URL, directory: URL) throws -> Int {
        let log = directory.appendingPathComponent("log")
        for attempt in 1...3 {
            let port = try freeLoopbackPort()
            let options = "-p \(port) -k '\(directory.path)' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
            do {
                try run(
                    bin.appendingPathComponent("pg_ctl"),
                    ["-D", directory.path, "-o", options, "-l", log.path, "-w", "start"],
                    asPostgres: true,
                    in: directory,
                    log: log,
                    leavesServer: true
                )
                return port
            } catch {
                let logText = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                guard attempt < 3, logText.contains("could not bind") else { throw error }
                try? FileManager.default.removeItem(at: log)
            }
        }
        fatalError("unreachable: the third attempt returns or throws")
    }

    /// `createdb` over TCP as `lectern`, with a name no other call picks; returns the new database's connection URL.
    private static func createDatabase(bin: URL, port: Int) throws -> String {
        let name = "lectern_\(uniqueSuffix())"
        try run(bin.appendingPathComponent("createdb"), ["-h", "127.0.0.1", "-p", "\(port)", "-U", "lectern", name], asPostgres: false, in: nil)
        return "postgresql://lectern@127.0.0.1:\(port)/\(name)"
    }

    /// `pg_ctl -m immediate stop`; should that fail, SIGQUIT (the same immediate shutdown) to the postmaster itself.
    private static func shutDown(bin: URL, directory: URL) {
        let postmaster = postmasterID(in: directory)
        let arguments = ["-D", directory.path, "-m", "immediate", "stop"]
        let stopped = try? run(bin.appendingPathComponent("pg_ctl"), arguments, asPostgres: true, in: directory)
        if stopped == nil, let postmaster { _ = kill(postmaster, SIGQUIT) }
    }

    /// The folder of the newest installed PostgreSQL's programs, `/usr/lib/postgresql/VERSION/bin`.
    private static func binaries() throws -> URL {
        let root = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).compactMap { Int($0) }.sorted(by: >)
        for version in versions {
            let bin = root.appendingPathComponent("\(version)/bin")
            let tools = ["initdb", "pg_ctl", "createdb"]
            if tools.allSatisfy({ FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent($0).path) }) { return bin }
        }
        throw PostgresClusterError(description: "PostgreSQL is not installed: run scripts/install-deps.sh --for-tests")
    }

    /// Hands a folder to the `postgres` user, who runs the server when the tests run as root.
    private static func giveToPostgres(_ folder: URL) throws {
        guard let user = getpwnam("postgres") else {
            throw PostgresClusterError(description: "PostgreSQL is not installed (no postgres user): run scripts/install-deps.sh --for-tests")
        }
        guard chown(folder.path, user.pointee.pw_uid, user.pointee.pw_gid) == 0 else {
            throw PostgresClusterError(description: "chown postgres \(folder.path): \(String(cString: strerror(errno)))")
        }
    }

    /// Runs a PostgreSQL program, as `postgres` (with `runuser`) if `asPostgres` and we are root; throws one line
    /// with the command and the tail of its standard error (and of `log`, if given) unless it exits with 0.
    ///
    /// `leavesServer` (`pg_ctl start`) first closes every descriptor but 0, 1 and 2: Foundation's `Process` learns that
    /// a child ended when a socket the child inherits closes, and the server left running would hold it open for good.
    @discardableResult
    private static func run(
        _ tool: URL,
        _ arguments: [String],
        asPostgres: Bool,
        in directory: URL?,
        log: URL? = nil,
        leavesServer: Bool = false
    ) throws -> ChildProcess.Result {
        let command = ([tool.lastPathComponent] + arguments).joined(separator: " ")
        var line = [tool.path] + arguments
        if asPostgres && getuid() == 0 { line = ["/usr/sbin/runuser", "-u", "postgres", "--"] + line }
        if leavesServer { line = ["/bin/bash", "-c", closingInheritedDescriptors, "bash"] + line }
        let result = try ChildProcess.run(URL(fileURLWithPath: line[0]), Array(line.dropFirst()), in: directory)
        guard result.exited, result.status == 0 else {
            var said = oneLine(result.errorText.isEmpty ? result.outputText : result.errorText)
            if let log, let logText = try? String(contentsOf: log, encoding: .utf8) { said += "; log: " + oneLine(logText) }
            let ending = result.exited ? "exit \(result.status)" : "signal \(result.status)"
            throw PostgresClusterError(description: "\(command) failed (\(ending)): \(said)")
        }
        return result
    }

    /// A bash script that closes its descriptors above 2 and then runs its arguments (bash: dash's `exec` takes 0-9 only).
    private static let closingInheritedDescriptors =
        #"for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && [ -e "/proc/$$/fd/$fd" ] && eval "exec $fd>&-"; done; exec "$@""#

    /// The last few hundred characters of a program's output, its lines joined into one.
    private static func oneLine(_ text: String) -> String {
        String(text.split(whereSeparator: \.isNewline).joined(separator: " / ").suffix(600))
    }

    /// The running postmaster's process id, the first line of `postmaster.pid` (nil when there is none).
    private static func postmasterID(in directory: URL) -> pid_t? {
        guard let text = try? String(contentsOf: directory.appendingPathComponent("postmaster.pid"), encoding: .utf8) else { return nil }
        return text.split(whereSeparator: \.isNewline).first.flatMap { pid_t($0) }
    }

    /// Twelve lowercase hexadecimal digits, for folder and database names no other call or process will pick.
    private static func uniqueSuffix() -> String {
        String(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12)).lowercased()
    }
}

/// Why a PostgreSQL cluster could not be started or a database made: one line with the command and what it said.
public struct PostgresClusterError: Error, CustomStringConvertible {
    /// The whole message, one line.
    public var description: String
}
