import Foundation
import Hummingbird
import HummingbirdTesting
@testable import LecternServer
import Testing

/// `buildApplication` and `runServer` over a real socket.
@Suite struct ApplicationTests {
    @Test("Over a socket: keep-alive requests, a range, HEAD and a 404 in a row")
    func live() async throws {
        let fixture = try PackageFixture()
        defer { fixture.remove() }
        let app = try TestApp.make(fixture)
        let base = "/lectures/\(PackageFixture.id)"
        try await app.test(.live) { client in
            let range = try await client.execute(uri: "\(base)/480p/seg-00001.m4s", method: .get, headers: [.range: "bytes=100-199"])
            #expect(range.status == .partialContent)
            #expect(Data(range.body.readableBytesView) == PackageFixture.bytes(PackageFixture.segmentSize)[100..<200])
            let head = try await client.execute(uri: "\(base)/480p/seg-00001.m4s", method: .head)
            #expect(head.headers[.contentLength] == String(PackageFixture.segmentSize))
            #expect(head.body.readableBytes == 0)
            #expect(try await client.execute(uri: "\(base)/../../etc/passwd", method: .get).status == .notFound)
            let master = try await client.execute(uri: "\(base)/master.m3u8", method: .get)
            #expect(master.status == .ok)
            #expect(String(buffer: master.body).hasPrefix("#EXTM3U"))
        }
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

    @Test("Open connections, idle ones included, are a gauge on /metrics; above --max-connections new ones wait; SIGTERM still exits 0")
    func openConnections() async throws {
        let fixture = try PackageFixture()
        defer { fixture.remove() }
        // A real `lectern serve`: HummingbirdTesting's live mode rebuilds the configuration without the connection
        // delegate, and a server that misbehaved at shutdown must not take the test runner down with it.
        let port = Int.random(in: 20_000...60_000)
        let process = Process()
        process.executableURL = Processes.lectern
        process.arguments = ["serve", "--library", fixture.root.path, "--host", "127.0.0.1", "--port", "\(port)", "--max-connections", "4"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        var client: IdleConnection?
        for _ in 0..<300 where client == nil {
            client = try? IdleConnection(port: port)
            if client == nil { try await Task.sleep(for: .milliseconds(100)) }
        }
        let metrics = try #require(client)
        let idle = try (0..<3).map { _ in try IdleConnection(port: port) }
        // Asking on the first of four connections: the limit is reached but not exceeded.
        try metrics.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
        let text = metrics.receive(timeoutMilliseconds: 30_000)
        #expect(text.contains("lectern_http_open_connections 4"), "\(text.split(separator: "\n").filter { $0.contains("open_connections") })")
        // A fifth waits in the backlog, unanswered, until an idle one closes.
        let waiting = try IdleConnection(port: port)
        try waiting.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(waiting.receive(timeoutMilliseconds: 300).isEmpty)
        idle[0].close()
        #expect(waiting.receive(timeoutMilliseconds: 30_000).hasPrefix("HTTP/1.1 200"))
        // Shutdown with a connection held back in the backlog.
        let another = try IdleConnection(port: port)
        try another.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        let status: Int32 = await withCheckedContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            process.terminate()  // SIGTERM
        }
        #expect(status == 0)
        #expect(process.terminationReason == .exit)
    }
}
