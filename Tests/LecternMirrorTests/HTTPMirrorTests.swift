import Foundation
import LecternHLS
import LecternMirror
import LecternPackage
import LecternTestSupport
import LecternTranscode
import LecternVerify
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Mirroring from a real `lectern serve` child process on 127.0.0.1 with the real client (AsyncHTTPClient), checked
/// with `lectern verify`'s verifier, curl and the mirror's own `lectern serve`.
@Suite(.serialized) struct HTTPMirrorTests {
    static func request(_ server: ServeProcess, into: URL, maxKbps: Int? = nil, prune: Bool = false, limitRate: Int? = nil) -> MirrorRequest {
        MirrorRequest(
            origin: server.url,
            into: into,
            maxKbps: maxKbps,
            prune: prune,
            limitRate: limitRate,
            attempts: 3,
            backoff: .milliseconds(50),
            connectTimeout: .seconds(2),
            readTimeout: .seconds(5)
        )
    }

    /// The origin's log is of no use here.
    static let quiet = ["--log-level", "critical"]

    @Test("A full mirror verifies and is served by the campus's own lectern serve; an unchanged re-run fetches only the catalog and manifests")
    func fullThenUnchanged() async throws {
        let server = try await ServeProcess(library: try Fixture.origin.get(), arguments: Self.quiet)
        let into = Fixture.target()
        defer { try? FileManager.default.removeItem(at: into) }
        let first = try await Mirror.run(Self.request(server, into: into), logger: Fixture.logger)
        #expect(first.lectures.map(\.status) == [.published, .published], "\(first.lectures.compactMap(\.error))")
        // Every distinct file once (a package may hold the same bytes under two names; they are fetched once).
        #expect(first.bytesTransferred == first.lectures.reduce(0) { $0 + $1.bytesToFetch })
        let verified = await Verifier.verify(into.path)
        #expect(verified.failed == 0, "\(verified.checks.filter { !$0.passed })")

        // The mirror serves what it fetched, byte for byte (curl against the campus server).
        let campus = try await ServeProcess(library: into, arguments: Self.quiet)
        let lecture = try #require(first.lectures.first)
        let segment = try #require(try Library(root: into).manifest(lecture.id).files.first { $0.path.hasSuffix(".m4s") })
        let served = try Fixture.curl(["-f", "\(campus.url.absoluteString)/lectures/\(lecture.id)/\(segment.path)"])
        #expect(served.status == 0)
        #expect(SHA256Hasher.hash(served.output) == segment.sha256)
        campus.stop()

        // Unchanged: nothing but the catalog and the manifests (the masters come from the mirror's own cache).
        let second = try await Mirror.run(Self.request(server, into: into), logger: Fixture.logger)
        #expect(second.lectures.map(\.status) == [.unchanged, .unchanged])
        #expect(second.bytesTransferred == 0)
        let catalog = try Fixture.curl(["-f", "\(server.url.absoluteString)/api/lectures"]).output.count
        let manifests = try Library(root: try Fixture.origin.get()).listLectures().reduce(0) { total, manifest in
            let url = Library(root: try Fixture.origin.get()).lectureURL(manifest.id).appendingPathComponent("manifest.json")
            return total + (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int ?? 0)
        }
        #expect(second.metadataBytes == catalog + manifests)
    }

    @Test("--max-kbps keeps the variants under the cap, the floor and audio-only; the rewritten master verifies")
    func maxKbps() async throws {
        let server = try await ServeProcess(library: try Fixture.origin.get(), arguments: Self.quiet)
        let into = Fixture.target()
        defer { try? FileManager.default.removeItem(at: into) }
        let report = try await Mirror.run(Self.request(server, into: into, maxKbps: 100), logger: Fixture.logger)
        let lecture = try #require(report.lectures.first)
        #expect(lecture.status == .published)
        #expect(Set(lecture.renditions) == ["240p", "slides", "audio-32k"])
        let package = Library(root: into).lectureURL(lecture.id)
        let master = try PlaylistParser.parseMultivariant(String(contentsOf: package.appendingPathComponent("master.m3u8"), encoding: .utf8))
        #expect(master.variants.map(\.uri) == ["240p/index.m3u8", "slides/index.m3u8", "audio-32k/index.m3u8"])
        #expect(!FileManager.default.fileExists(atPath: package.appendingPathComponent("360p").path))
        for mirrored in report.lectures {
            let originBytes = try Library(root: try Fixture.origin.get()).manifest(mirrored.id).files.reduce(0) { $0 + $1.size }
            #expect(mirrored.bytesTransferred == mirrored.bytesToFetch && mirrored.bytesTotal < originBytes)
        }
        let verified = await Verifier.verify(package.path)
        #expect(verified.failed == 0, "\(verified.checks.filter { !$0.passed })")
    }

    @Test("The origin SIGKILLed mid-transfer: nothing half-published; restarted, the next run resumes (≤ 1.1 × the package bytes in all)")
    func killedOriginResumes() async throws {
        // One 24 MB file (a handout) makes the transfer long enough to be cut in the middle of a file, beyond what the
        // kernel's socket buffers hold.
        let origin = try Fixture.copyOfOrigin()
        let into = Fixture.target()
        defer {
            try? FileManager.default.removeItem(at: origin)
            try? FileManager.default.removeItem(at: into)
        }
        let library = Library(root: origin)
        var manifest = try #require(try library.listLectures().first)
        let handout = library.lectureURL(manifest.id).appendingPathComponent("handout.png")
        let random = try #require(FileHandle(forReadingAtPath: "/dev/urandom"))
        try random.readData(ofLength: 24 << 20).write(to: handout)
        try random.close()
        manifest.files.append(try FileEntry(fileAt: handout, relativePath: "handout.png"))
        manifest.files.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        try manifest.write(to: library.lectureURL(manifest.id).appendingPathComponent("manifest.json"))
        let server = try await ServeProcess(library: origin, arguments: Self.quiet)
        let killed = Mutex(false)
        let pid = server.processIdentifier
        let first = try await Mirror.run(
            Self.request(server, into: into, limitRate: 8 << 20),
            logger: Fixture.logger,
            progress: { progress in
                guard progress.bytesTotal > 0, progress.bytesDone * 10 >= progress.bytesTotal * 4 else { return }
                let kill = killed.withLock { killed in
                    defer { killed = true }
                    return !killed
                }
                if kill { Glibc.kill(pid, SIGKILL) }
            }
        )
        server.stop()
        #expect(killed.withLock { $0 })
        #expect(first.failed > 0)
        for lecture in first.lectures where lecture.status == .failed {
            #expect(!Library(root: into).contains(lecture.id))
            #expect(lecture.error?.contains("attempts") == true, "\(lecture.error ?? "")")
        }
        try await server.start()
        let second = try await Mirror.run(Self.request(server, into: into), logger: Fixture.logger)
        #expect(second.failed == 0, "\(second.lectures.compactMap(\.error))")
        #expect(second.bytesResumed > 0)
        let packageBytes = first.lectures.reduce(0) { $0 + $1.bytesToFetch }
        let transferred = first.bytesTransferred + second.bytesTransferred
        #expect(transferred >= packageBytes)
        #expect(Double(transferred) <= 1.1 * Double(packageBytes), "\(transferred) bytes for \(packageBytes)")
        #expect(await Verifier.verify(into.path).failed == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: into.appendingPathComponent(".staging").path).isEmpty)
    }

    @Test("A byte flipped at the origin is caught: that lecture is not published, the other is")
    func flippedByte() async throws {
        let origin = try Fixture.copyOfOrigin()
        let into = Fixture.target()
        defer {
            try? FileManager.default.removeItem(at: origin)
            try? FileManager.default.removeItem(at: into)
        }
        let broken = try Fixture.flipBit(in: origin, path: "360p/seg-00001.m4s")
        let server = try await ServeProcess(library: origin, arguments: Self.quiet)
        let report = try await Mirror.run(Self.request(server, into: into), logger: Fixture.logger)
        let failed = try #require(report.lectures.first { $0.id == broken.id })
        #expect(failed.status == .failed)
        #expect(failed.error?.contains("360p/seg-00001.m4s: SHA-256 differs") == true, "\(failed.error ?? "")")
        #expect(!Library(root: into).contains(broken.id))
        #expect(report.lectures.filter { $0.status == .published }.count == 1)
        // Fixed at the origin, the next run fetches only what is missing and publishes it.
        try Fixture.flipBit(in: origin, path: "360p/seg-00001.m4s")
        let fixed = try await Mirror.run(Self.request(server, into: into), logger: Fixture.logger)
        let repaired = try #require(fixed.lectures.first { $0.id == broken.id })
        #expect(repaired.status == .published)
        #expect(repaired.filesTransferred == 1)
        #expect(await Verifier.verify(into.path).failed == 0)
    }

    @Test("A lecture withdrawn at the origin stays without --prune and goes with it; an updated one is replaced")
    func pruneAndUpdate() async throws {
        let origin = try Fixture.copyOfOrigin()
        let into = Fixture.target()
        defer {
            try? FileManager.default.removeItem(at: origin)
            try? FileManager.default.removeItem(at: into)
        }
        let server = try await ServeProcess(library: origin, arguments: Self.quiet)
        let first = try await Mirror.run(Self.request(server, into: into), logger: Fixture.logger)
        #expect(first.failed == 0)
        let lectures = try Library(root: origin).listLectures()
        let withdrawn = try #require(lectures.first).id
        try FileManager.default.removeItem(at: Library(root: origin).lectureURL(withdrawn))
        let kept = try await Mirror.run(Self.request(server, into: into), logger: Fixture.logger)
        #expect(kept.pruned.isEmpty && Library(root: into).contains(withdrawn))
        let pruned = try await Mirror.run(Self.request(server, into: into, prune: true), logger: Fixture.logger)
        #expect(pruned.pruned == [withdrawn] && !Library(root: into).contains(withdrawn))

        // Updated at the origin (a new title): the local copy is replaced, no file bytes fetched again.
        let updated = try #require(lectures.last)
        var revised = updated
        revised.title = "Lecture 2 (revised)"
        try revised.write(to: Library(root: origin).lectureURL(updated.id).appendingPathComponent("manifest.json"))
        let refreshed = try await Mirror.run(Self.request(server, into: into), logger: Fixture.logger)
        #expect(refreshed.lectures.first?.status == .updated)
        #expect(refreshed.bytesTransferred == 0)
        #expect(try Library(root: into).manifest(updated.id).title == "Lecture 2 (revised)")
    }

    @Test("Bad origins: nothing listening, a plain web server, a target that is not a library — one line, nothing written")
    func badOrigins() async throws {
        let into = Fixture.target()
        defer { try? FileManager.default.removeItem(at: into) }
        let nowhere = try freeLoopbackPort()
        let unreachable = MirrorRequest(origin: URL(string: "http://127.0.0.1:\(nowhere)")!, into: into, attempts: 2, backoff: .milliseconds(10))
        await #expect { try await Mirror.run(unreachable, logger: Fixture.logger) } throws: {
            "\($0)".contains("127.0.0.1:\(nowhere): cannot reach the origin")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: Library(root: into).lecturesURL.path).isEmpty)

        // A plain HTTP server (python's) answers 404 for /api/lectures.
        let web = Fixture.target()
        try FileManager.default.createDirectory(at: web, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: web) }
        try Data("<html>hello</html>".utf8).write(to: web.appendingPathComponent("index.html"))
        let port = try freeLoopbackPort()
        let python = try ChildProcess(Executables.env, ["python3", "-m", "http.server", "\(port)", "--bind", "127.0.0.1", "--directory", web.path])
        defer { python.stop() }
        try await waitUntilAnswering("http://127.0.0.1:\(port)/", server: python)
        let plain = MirrorRequest(origin: URL(string: "http://127.0.0.1:\(port)")!, into: into, attempts: 2, backoff: .milliseconds(10))
        await #expect { try await Mirror.run(plain, logger: Fixture.logger) } throws: { "\($0)".contains("not a Lectern origin") }

        // The command line: one line on standard error, non-zero exit.
        let cli = try ChildProcess.run(Executables.lectern, ["mirror", "http://127.0.0.1:\(port)", "--into", into.path, "--attempts", "1"])
        #expect(cli.status != 0)
        #expect(cli.errorText.split(separator: "\n").count == 1, "\(cli.errorText)")
        #expect(cli.errorText.contains("not a Lectern origin"))

        // A target folder that holds other things is not taken over.
        let file = web.appendingPathComponent("index.html")
        let notLibrary = MirrorRequest(origin: try Fixture.origin.get(), into: web)
        await #expect { try await Mirror.run(notLibrary, logger: Fixture.logger) } throws: { "\($0)".contains("not a Lectern library") }
        #expect(FileManager.default.fileExists(atPath: file.path))
        #expect(!FileManager.default.fileExists(atPath: web.appendingPathComponent("lectures").path))
    }
}
