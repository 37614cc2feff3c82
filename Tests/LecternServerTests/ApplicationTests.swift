import Foundation
import Hummingbird
import HummingbirdTesting
import LecternTestSupport
import Testing

@testable import LecternServer

/// `buildApplication` and `runServer` over a real socket.
@Suite struct ApplicationTests {
    @Test("Over a socket (lectern serve, curl): a range, HEAD, a 404 and the master in a row on one keep-alive connection")
    func live() async throws {
        let fixture = try PackageFixture()
        defer { fixture.remove() }
        let server = try await ServeProcess(library: fixture.root)
        let base = "\(server.base)/lectures/\(PackageFixture.id)"
        let range = fixture.root.appendingPathComponent("range.bin")
        let master = fixture.root.appendingPathComponent("master.txt")
        // One curl, four transfers: per transfer the status, new connections opened, Content-Length and bytes read.
        let report = "%{http_code} %{num_connects} %header{content-length} %{size_download}\n"
        let curl = try await ChildProcess(
            Executables.curl,
            [
                "-s", "-w", report, "-H", "Range: bytes=100-199", "-o", range.path, "\(base)/480p/seg-00001.m4s",
                "--next", "-s", "-w", report, "-I", "-o", "/dev/null", "\(base)/480p/seg-00001.m4s",
                "--next", "-s", "-w", report, "--path-as-is", "-o", "/dev/null", "\(base)/../../etc/passwd",
                "--next", "-s", "-w", report, "-o", master.path, "\(base)/master.m3u8",
            ]
        ).finished()
        let lines = curl.outputText.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        try #require(lines.count == 4, "\(curl.outputText) \(curl.errorText)")
        #expect(lines[0][0] == "206" && lines[0][1] == "1" && lines[0][3] == "100")
        #expect(try Data(contentsOf: range) == PackageFixture.bytes(PackageFixture.segmentSize)[100..<200])
        #expect(lines[1][0] == "200" && lines[1][1] == "0" && lines[1][2] == String(PackageFixture.segmentSize) && lines[1][3] == "0")
        #expect(lines[2][0] == "404" && lines[2][1] == "0")
        #expect(lines[3][0] == "200" && lines[3][1] == "0")
        #expect(try String(contentsOf: master, encoding: .utf8).hasPrefix("#EXTM3U"))
    }

    @Test("A missing library or a file in its place is a one-line start error")
    func missingLibrary() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-missing-\(UUID().uuidString.prefix(8))")
        #expect {
            _ = try buildApplication(TestApp.configuration(missing))
        } throws: { error in
            (error as? ServerStartError)?.code == .libraryUnavailable && "\(error)".contains(missing.path) && !"\(error)".contains("\n")
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-file-\(UUID().uuidString.prefix(8))")
        try Data("x".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(throws: ServerStartError.self) { _ = try buildApplication(TestApp.configuration(file)) }
    }

    @Test("A port already in use is a one-line start error, not a crash")
    func portTaken() async throws {
        let fixture = try PackageFixture()
        defer { fixture.remove() }
        let app = try TestApp.make(fixture)
        let root = fixture.root
        try await app.test(.live) { client in
            let port = try #require(client.port)
            await #expect {
                try await runServer(TestApp.configuration(root, port: port))
            } throws: { error in
                (error as? ServerStartError)?.code == .bindFailed && "\(error)".contains("\(port)")
            }
        }
    }

    /// Connections waiting to be accepted on the socket listening on 127.0.0.1:`port`, as the kernel counts them (for a
    /// listening socket, `rx_queue` in /proc/net/tcp is its accept queue); nil when nothing listens there.
    static func acceptQueue(port: Int) -> Int? {
        let table = (try? String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)) ?? ""
        let local = String(format: "0100007F:%04X", port)
        for line in table.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ")
            // sl local_address rem_address st tx_queue:rx_queue ...; st 0A is LISTEN.
            guard fields.count > 4, fields[1] == local, fields[3] == "0A" else { continue }
            return fields[4].split(separator: ":").last.flatMap { Int($0, radix: 16) }
        }
        return nil
    }

    @Test("Open connections, idle ones included, are a gauge on /metrics; above --max-connections new ones wait; SIGTERM still exits 0")
    func openConnections() async throws {
        let fixture = try PackageFixture()
        defer { fixture.remove() }
        // A real `lectern serve`: HummingbirdTesting's live mode rebuilds the configuration without the connection
        // delegate, and a server that misbehaved at shutdown must not take the test runner down with it.
        let server = try await ServeProcess(library: fixture.root, arguments: ["--max-connections", "4"])
        let metrics = try IdleConnection(port: server.port)
        /// The gauge's value, asked on the first connection (nil without one).
        func openConnections() throws -> Double? {
            try metrics.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
            let text = metrics.receive(timeoutMilliseconds: 30_000)
            let line = text.split(separator: "\n").first { $0.hasPrefix("lectern_http_open_connections ") }
            return line.flatMap { Double($0.split(separator: " ").last ?? "") }
        }
        // The start's /healthz check (curl) has closed its connection; wait until the server has counted it out.
        var alone = try openConnections()
        for _ in 0..<50 where alone != 1 {
            try await Task.sleep(for: .milliseconds(100))
            alone = try openConnections()
        }
        #expect(alone == 1)
        let idle = try (0..<3).map { _ in try IdleConnection(port: server.port) }
        // Asking on the first of four connections: the limit is reached but not exceeded.
        #expect(try openConnections() == 4)
        // A fifth waits in the kernel's backlog, not accepted, until an idle one closes: the server (answering on the
        // first) still counts four, and its listening socket holds one connection nobody has accepted.
        let waiting = try IdleConnection(port: server.port)
        try waiting.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try openConnections() == 4)
        #expect(Self.acceptQueue(port: server.port) == 1, "the fifth connection was accepted")
        idle[0].close()
        #expect(waiting.receive(timeoutMilliseconds: 30_000).hasPrefix("HTTP/1.1 200"))
        #expect(Self.acceptQueue(port: server.port) == 0)
        // Shutdown with a connection held back in the backlog.
        let another = try IdleConnection(port: server.port)
        try another.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try openConnections() == 4)
        #expect(Self.acceptQueue(port: server.port) == 1)
        let stopped = await server.terminate()  // SIGTERM
        #expect(stopped?.exited == true && stopped?.status == 0, "\(stopped?.errorText ?? "")")
    }
}
