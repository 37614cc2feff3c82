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
}
