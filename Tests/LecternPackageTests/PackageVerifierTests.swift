import Foundation
import LecternPackage
import Testing

@Suite("PackageVerifier")
struct PackageVerifierTests {
    /// Publishes the sample package and hands its folder to `body`.
    private func withPublishedPackage(_ body: (URL) throws -> Void) throws {
        try withTemporaryFolder { folder in
            let library = Library(root: folder)
            let result = try Fixtures.publishSample(into: library)
            try body(result.url)
        }
    }

    @Test("An intact package has no issues")
    func intact() throws {
        try withPublishedPackage { package in
            #expect(PackageVerifier.verifyIntegrity(at: package) == [])
        }
    }

    @Test("A flipped byte is a checksum mismatch on that file")
    func flippedByte() throws {
        try withPublishedPackage { package in
            let url = package.appending(path: "360p/seg-00002.m4s")
            var data = try Data(contentsOf: url)
            data[1234] ^= 0x01
            try data.write(to: url)
            let issues = PackageVerifier.verifyIntegrity(at: package)
            #expect(issues.map(\.path) == ["360p/seg-00002.m4s"])
            #expect(issues.first?.kind == .checksumMismatch)
            #expect(issues.first?.description == "360p/seg-00002.m4s: SHA-256 differs from the manifest")
        }
    }

    @Test("A truncated file is a size mismatch")
    func truncated() throws {
        try withPublishedPackage { package in
            let url = package.appending(path: "audio-64k/seg-00001.m4s")
            try Data(try Data(contentsOf: url).prefix(100)).write(to: url)
            let issues = PackageVerifier.verifyIntegrity(at: package)
            #expect(issues.map(\.path) == ["audio-64k/seg-00001.m4s"])
            #expect(issues.first?.kind == .sizeMismatch)
        }
    }

    @Test("A missing file is reported with its path")
    func missingFile() throws {
        try withPublishedPackage { package in
            try FileManager.default.removeItem(at: package.appending(path: "360p/init.mp4"))
            let issues = PackageVerifier.verifyIntegrity(at: package)
            #expect(issues == [IntegrityIssue(path: "360p/init.mp4", kind: .missing, reason: "listed in the manifest but missing")])
        }
    }

    @Test("A stray file is reported with its path")
    func strayFile() throws {
        try withPublishedPackage { package in
            try Data("extra".utf8).write(to: package.appending(path: "360p/seg-00099.m4s"))
            let issues = PackageVerifier.verifyIntegrity(at: package)
            #expect(issues.map(\.path) == ["360p/seg-00099.m4s"])
            #expect(issues.first?.kind == .stray)
        }
    }

    @Test("Several problems are all reported, sorted by path")
    func several() throws {
        try withPublishedPackage { package in
            try FileManager.default.removeItem(at: package.appending(path: "poster.jpg"))
            try Data("x".utf8).write(to: package.appending(path: "notes.txt"))
            try FileManager.default.createSymbolicLink(
                atPath: package.appending(path: "audio-64k/link.m4s").path(percentEncoded: false),
                withDestinationPath: "/etc/passwd"
            )
            let issues = PackageVerifier.verifyIntegrity(at: package)
            #expect(issues.map(\.path) == ["audio-64k/link.m4s", "notes.txt", "poster.jpg"])
            #expect(issues.map(\.kind) == [.notRegularFile, .stray, .missing])
        }
    }

    @Test("A missing or broken manifest is one issue on manifest.json")
    func brokenManifest() throws {
        try withPublishedPackage { package in
            let manifestURL = package.appending(component: "manifest.json")
            try Data("{".utf8).write(to: manifestURL)
            #expect(PackageVerifier.verifyIntegrity(at: package).map(\.kind) == [.invalidManifest])
            try FileManager.default.removeItem(at: manifestURL)
            let issues = PackageVerifier.verifyIntegrity(at: package)
            #expect(issues.map(\.path) == ["manifest.json"])
            #expect(issues.first?.reason == "manifest is missing")
        }
    }

    @Test("A rendition playlist not listed in files is reported")
    func unlistedPlaylist() throws {
        try withPublishedPackage { package in
            var manifest = try Manifest(contentsOf: package.appending(component: "manifest.json"))
            manifest.renditions[0].playlist = "720p/index.m3u8"
            let issues = PackageVerifier.verifyIntegrity(of: manifest, at: package)
            #expect(issues.map(\.path) == ["720p/index.m3u8"])
            #expect(issues.first?.kind == .missing)
        }
    }
}
