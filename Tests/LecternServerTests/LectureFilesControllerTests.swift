import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import LecternServer

/// Static package files: content types, caching, validators, ranges, HEAD, gzip, CORS and path safety.
@Suite struct LectureFilesControllerTests {
    let fixture: PackageFixture
    let base = "/lectures/\(PackageFixture.id)"

    init() throws { fixture = try PackageFixture() }

    @Test("Content types and cache policy follow the file kind")
    func contentTypes() async throws {
        let app = try TestApp.make(fixture)
        defer { fixture.remove() }
        let expected: [(String, String, String)] = [
            ("360p/index.m3u8", "application/vnd.apple.mpegurl", "public, max-age=10"),
            ("360p/seg-00001.m4s", "video/iso.segment", "public, max-age=31536000, immutable"),
            ("360p/init.mp4", "video/mp4", "public, max-age=31536000, immutable"),
            ("audio-32k/init.mp4", "audio/mp4", "public, max-age=31536000, immutable"),
            ("poster.jpg", "image/jpeg", "public, max-age=31536000, immutable"),
            ("manifest.json", "application/json", "public, max-age=10"),
        ]
        try await app.test(.router) { client in
            for (path, type, cache) in expected {
                let response = try await client.execute(uri: "\(base)/\(path)", method: .get)
                #expect(response.status == .ok, "\(path)")
                #expect(response.headers[.contentType] == type, "\(path)")
                #expect(response.headers[.cacheControl] == cache, "\(path)")
                #expect(response.headers[.accessControlAllowOrigin] == "*", "\(path)")
                #expect(response.headers[.eTag]?.hasPrefix("\"") == true, "\(path)")
                #expect(response.headers[.lastModified]?.hasSuffix(" GMT") == true, "\(path)")
            }
        }
    }

    @Test("A whole segment is served byte for byte with its length")
    func wholeSegment() async throws {
        let app = try TestApp.make(fixture)
        defer { fixture.remove() }
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "\(base)/480p/seg-00001.m4s", method: .get)
            #expect(response.headers[.contentLength] == String(PackageFixture.segmentSize))
            #expect(Data(response.body.readableBytesView) == PackageFixture.bytes(PackageFixture.segmentSize))
        }
    }

    @Test("A file replaced on disk is served fresh: the in-memory copy is validated by the ETag")
    func replacedFile() async throws {
        let app = try TestApp.make(fixture)
        defer { fixture.remove() }
        let url = fixture.packageFolder.appendingPathComponent("360p/seg-00002.m4s")
        let uri = "\(base)/360p/seg-00002.m4s"
        try await app.test(.router) { client in
            let first = try await client.execute(uri: uri, method: .get)
            #expect(first.body.readableBytes == PackageFixture.segmentSize / 2)
            try Data(repeating: 7, count: 1234).write(to: url)
            let second = try await client.execute(uri: uri, method: .get)
            #expect(second.headers[.eTag] != first.headers[.eTag])
            #expect(Data(second.body.readableBytesView) == Data(repeating: 7, count: 1234))
            let range = try await client.execute(uri: uri, method: .get, headers: [.range: "bytes=10-19"])
            #expect(Data(range.body.readableBytesView) == Data(repeating: 7, count: 10))
        }
    }

    @Test("RFC 9110 14.2: single byte ranges, suffix ranges, open ranges and 416")
    func ranges() async throws {
        let app = try TestApp.make(fixture)
        defer { fixture.remove() }
        let size = PackageFixture.segmentSize
        let all = PackageFixture.bytes(size)
        try await app.test(.router) { client in
            let uri = "\(base)/360p/seg-00001.m4s"
            let first = try await client.execute(uri: uri, method: .get, headers: [.range: "bytes=0-99"])
            #expect(first.status == .partialContent)
            #expect(first.headers[.contentRange] == "bytes 0-99/\(size)")
            #expect(Data(first.body.readableBytesView) == all[0..<100])

            let suffix = try await client.execute(uri: uri, method: .get, headers: [.range: "bytes=-10"])
            #expect(suffix.status == .partialContent)
            #expect(suffix.headers[.contentRange] == "bytes \(size - 10)-\(size - 1)/\(size)")
            #expect(Data(suffix.body.readableBytesView) == all[(size - 10)...])

            let open = try await client.execute(uri: uri, method: .get, headers: [.range: "bytes=39990-"])
            #expect(open.headers[.contentLength] == "10")

            let beyond = try await client.execute(uri: uri, method: .get, headers: [.range: "bytes=\(size)-"])
            #expect(beyond.status == .rangeNotSatisfiable)
            #expect(beyond.headers[.contentRange] == "bytes */\(size)")

            let multi = try await client.execute(uri: uri, method: .get, headers: [.range: "bytes=0-1,5-6"])
            #expect(multi.status == .ok)

            let stale = try await client.execute(uri: uri, method: .get, headers: [.range: "bytes=0-9", .ifRange: "\"other\""])
            #expect(stale.status == .ok)
            #expect(stale.body.readableBytes == size)
        }
    }

    @Test("If-None-Match with the ETag gives 304; HEAD has headers and no body")
    func conditionalAndHead() async throws {
        let app = try TestApp.make(fixture)
        defer { fixture.remove() }
        try await app.test(.router) { client in
            let uri = "\(base)/720p/seg-00002.m4s"
            let first = try await client.execute(uri: uri, method: .get)
            let tag = try #require(first.headers[.eTag])
            let again = try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: tag])
            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)
            let other = try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: "\"nope\""])
            #expect(other.status == .ok)
            let since = try await client.execute(uri: uri, method: .get, headers: [.ifModifiedSince: try #require(first.headers[.lastModified])])
            #expect(since.status == .notModified)

            let head = try await client.execute(uri: uri, method: .head)
            #expect(head.status == .ok)
            #expect(head.headers[.contentLength] == String(PackageFixture.segmentSize / 2))
            #expect(head.headers[.eTag] == tag)
            #expect(head.body.readableBytes == 0)
        }
    }

    @Test("Playlists are gzipped when accepted, with Vary and a distinct ETag")
    func gzipPlaylists() async throws {
        let app = try TestApp.make(fixture)
        defer { fixture.remove() }
        try await app.test(.router) { client in
            let uri = "\(base)/360p/index.m3u8"
            let plain = try await client.execute(uri: uri, method: .get)
            #expect(plain.headers[.contentEncoding] == nil)
            #expect(plain.headers[.vary]?.contains("Accept-Encoding") == true)
            let zipped = try await client.execute(uri: uri, method: .get, headers: [.acceptEncoding: "gzip, deflate"])
            #expect(zipped.headers[.contentEncoding] == "gzip")
            #expect(zipped.headers[.vary]?.contains("Accept-Encoding") == true)
            #expect(zipped.headers[.eTag] != plain.headers[.eTag])
            #expect(zipped.body.readableBytes < plain.body.readableBytes)
            #expect(Array(zipped.body.readableBytesView.prefix(2)) == [0x1F, 0x8B])
            let refused = try await client.execute(uri: uri, method: .get, headers: [.acceptEncoding: "gzip;q=0"])
            #expect(refused.headers[.contentEncoding] == nil)
            // Segments are never compressed.
            let segment = try await client.execute(uri: "\(base)/360p/seg-00001.m4s", method: .get, headers: [.acceptEncoding: "gzip"])
            #expect(segment.headers[.contentEncoding] == nil)
        }
    }

    @Test("Paths leaving the lecture folder are 404, malformed escapes 400, and the server keeps serving")
    func traversal() async throws {
        let app = try TestApp.make(fixture)
        defer { fixture.remove() }
        // A symbolic link inside the package pointing outside it.
        let secret = fixture.root.appendingPathComponent("secret.txt")
        try Data("secret".utf8).write(to: secret)
        try FileManager.default.createSymbolicLink(at: fixture.packageFolder.appendingPathComponent("leak.m3u8"), withDestinationURL: secret)
        try FileManager.default.createSymbolicLink(at: fixture.packageFolder.appendingPathComponent("up"), withDestinationURL: fixture.root)
        let notFound = [
            "\(base)/../../secret.txt", "\(base)/%2e%2e/%2e%2e/secret.txt", "\(base)/%252e%252e/secret.txt", "\(base)/360p%2f..%2f..%2fsecret.txt",
            "\(base)/leak.m3u8", "\(base)/up/secret.txt", "\(base)//etc/passwd", "/lectures/..%2f..%2fsecret.txt/x", "/lectures/INVALID/master.m3u8",
            "/lectures/nope-00000000/master.m3u8", "\(base)/360p/missing.m4s", "\(base)/.hidden", "\(base)/360p", "\(base)/s/short/360p/index.m3u8",
            "/lectures/%2e%2e/lectures/\(PackageFixture.id)/poster.jpg", "\(base)/360p/seg-00001.m4s%00.jpg",
        ]
        try await app.test(.router) { client in
            for uri in notFound {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .notFound, "\(uri)")
                #expect(!String(buffer: response.body).contains("secret"), "\(uri)")
            }
            for uri in ["\(base)/%zz/seg.m4s", "\(base)/360p/seg%2"] {
                #expect(try await client.execute(uri: uri, method: .get).status == .badRequest, "\(uri)")
            }
            #expect(try await client.execute(uri: "\(base)/poster.jpg", method: .get).status == .ok)
        }
    }

    @Test("CORS: every response allows any origin and exposes only the non-safelisted headers it carries")
    func exposedHeaders() async throws {
        let app = try TestApp.make(fixture)
        defer { fixture.remove() }
        try await app.test(.router) { client in
            let origin: HTTPFields = [.origin: "https://example.org"]
            let segment = try await client.execute(uri: "\(base)/360p/seg-00001.m4s", method: .get, headers: origin)
            #expect(segment.headers[.accessControlAllowOrigin] == "*")
            #expect(segment.headers[.accessControlExposeHeaders] == "ETag")
            var ranged = origin
            ranged[.range] = "bytes=0-9"
            let part = try await client.execute(uri: "\(base)/360p/seg-00001.m4s", method: .get, headers: ranged)
            #expect(part.status == .partialContent)
            #expect(part.headers[.accessControlExposeHeaders] == "Content-Range, ETag")
            let missing = try await client.execute(uri: "\(base)/360p/nothing.m4s", method: .get, headers: origin)
            #expect(missing.status == .notFound)
            #expect(missing.headers[.accessControlAllowOrigin] == "*")
            #expect(missing.headers[.accessControlExposeHeaders] == nil)
        }
    }

    @Test("CORS preflight for GET/HEAD with Range")
    func preflight() async throws {
        let app = try TestApp.make(fixture)
        defer { fixture.remove() }
        try await app.test(.router) { client in
            let response = try await client.execute(
                uri: "\(base)/360p/seg-00001.m4s",
                method: .options,
                headers: [.origin: "https://example.org", .accessControlRequestHeaders: "range"]
            )
            #expect(response.status == .noContent)
            #expect(response.headers[.accessControlAllowOrigin] == "*")
            #expect(response.headers[.accessControlAllowMethods]?.contains("HEAD") == true)
            #expect(response.headers[.accessControlAllowHeaders] == "range")
        }
    }
}
