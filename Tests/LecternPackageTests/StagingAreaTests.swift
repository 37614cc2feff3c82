import Foundation
import LecternPackage
import Testing

@Suite("StagingArea")
struct StagingAreaTests {
    @Test("makeStaging creates a private .staging/<id>-<random>/ folder per call")
    func makeStaging() throws {
        try withTemporaryFolder { folder in
            let library = Library(root: folder)
            let first = try library.makeStaging(id: Fixtures.id)
            let second = try library.makeStaging(id: Fixtures.id)
            #expect(first.url != second.url)
            #expect(first.url.deletingLastPathComponent().standardizedFileURL == library.stagingURL.standardizedFileURL)
            #expect(first.url.lastPathComponent.hasPrefix(Fixtures.id + "-"))
            #expect(Fixtures.names(in: library.stagingURL).count == 2)
            let error = #expect(throws: PackageError.self) { try library.makeStaging(id: "../escape") }
            #expect(error?.code == .invalidID)
        }
    }

    @Test("publish moves the package to lectures/<id> with a manifest whose hashes match sha256sum")
    func publish() throws {
        try withTemporaryFolder { folder in
            let library = Library(root: folder)
            let written = Fixtures.packageFiles()
            let result = try Fixtures.publishSample(into: library)

            #expect(result.outcome == .published)
            #expect(result.url.standardizedFileURL == library.lectureURL(Fixtures.id).standardizedFileURL)
            #expect(Fixtures.names(in: library.stagingURL).isEmpty)
            #expect(Fixtures.names(in: library.lecturesURL) == [Fixtures.id])

            let manifest = try Manifest(contentsOf: result.url.appending(component: "manifest.json"))
            #expect(manifest == result.manifest)
            #expect(manifest.files.map(\.path) == written.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
            #expect(!manifest.files.contains { $0.path == "manifest.json" })
            for file in manifest.files {
                let url = result.url.appending(path: file.path)
                #expect(file.sha256 == (try sha256sum(url)), "\(file.path)")
                #expect(file.size == written[file.path]?.count)
            }
            let videoBytes = written.filter { $0.key.hasPrefix("360p/") }.values.reduce(0) { $0 + $1.count }
            #expect(manifest.renditions.first { $0.name == "360p" }?.bytes == videoBytes)
            #expect(
                manifest.renditions.first { $0.name == "audio-64k" }?.bytes
                    == written.filter { $0.key.hasPrefix("audio-64k/") }.values.reduce(0) { $0 + $1.count }
            )
            #expect(PackageVerifier.verifyIntegrity(at: result.url).isEmpty)
        }
    }

    @Test("finalize writes manifest.json in the staging folder without publishing")
    func finalize() throws {
        try withTemporaryFolder { folder in
            let library = Library(root: folder)
            let staging = try library.makeStaging(id: Fixtures.id)
            try Fixtures.write(Fixtures.packageFiles(), into: staging.url)
            let manifest = try staging.finalize(manifestDraft: Fixtures.manifestDraft())
            #expect(manifest.files.count == Fixtures.packageFiles().count)
            #expect(try Manifest(contentsOf: staging.url.appending(component: "manifest.json")) == manifest)
            #expect(!library.contains(Fixtures.id))
            staging.discard()
            #expect(Fixtures.names(in: library.stagingURL).isEmpty)
        }
    }

    @Test("Trusting listed hashes: the draft's files are published as listed; a missing, extra or resized file is refused")
    func trustListedHashes() throws {
        try withTemporaryFolder { folder in
            let library = Library(root: folder)
            // The draft a mirror makes: every file with the hash computed while it was written.
            var draft = Fixtures.manifestDraft()
            draft.files = try Fixtures.packageFiles().map { path, data in
                let url = folder.appending(path: "hash-me")
                try data.write(to: url)
                return FileEntry(path: path, size: data.count, sha256: try sha256sum(url))
            }
            let staging = try library.makeStaging(id: Fixtures.id)
            try Fixtures.write(Fixtures.packageFiles(), into: staging.url)
            let result = try staging.publish(manifest: draft, check: .trustListedHashes)
            #expect(result.outcome == .published)
            #expect(result.manifest.files == draft.files.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) })
            #expect(PackageVerifier.verifyIntegrity(at: result.url).isEmpty)

            let cases: [(String, (URL) throws -> Void)] = [
                ("missing", { try FileManager.default.removeItem(at: $0.appending(path: "360p/seg-00001.m4s")) }),
                ("stray", { try Data("x".utf8).write(to: $0.appending(path: "360p/extra.m4s")) }),
                ("size", { try Data("short".utf8).write(to: $0.appending(path: "360p/seg-00001.m4s")) }),
            ]
            for (name, damage) in cases {
                let bad = try library.makeStaging(id: Fixtures.id)
                try Fixtures.write(Fixtures.packageFiles(), into: bad.url)
                try damage(bad.url)
                let error = #expect(throws: PackageError.self, "\(name)") { try bad.publish(manifest: draft, check: .trustListedHashes) }
                #expect(error?.code == .integrity, "\(name)")
                bad.discard()
            }
            // Nothing to trust: refused rather than published without a file list.
            let empty = try library.makeStaging(id: Fixtures.id)
            let error = #expect(throws: PackageError.self) { try empty.finalize(manifestDraft: Fixtures.manifestDraft(), check: .trustListedHashes) }
            #expect(error?.code == .invalidManifest)
            empty.discard()
            #expect(PackageVerifier.verifyIntegrity(at: result.url).isEmpty)
        }
    }

    @Test("Publishing the same content again keeps the existing package: .unchanged")
    func republishSame() throws {
        try withTemporaryFolder { folder in
            let library = Library(root: folder)
            try Fixtures.publishSample(into: library, createdAt: "2025-03-14T09:30:00Z")
            let again = try Fixtures.publishSample(into: library, createdAt: "2025-03-15T10:00:00Z")
            #expect(again.outcome == .unchanged)
            #expect(again.manifest.createdAt == "2025-03-14T09:30:00Z")
            #expect(try library.manifest(Fixtures.id).createdAt == "2025-03-14T09:30:00Z")
            #expect(Fixtures.names(in: library.stagingURL).isEmpty)
        }
    }

    @Test("Publishing different content replaces the package and leaves nothing in .staging")
    func republishDifferent() throws {
        try withTemporaryFolder { folder in
            let library = Library(root: folder)
            let first = try Fixtures.publishSample(into: library, variant: "a")
            let staging = try library.makeStaging(id: Fixtures.id)
            var files = Fixtures.packageFiles(variant: "b")
            files["360p/seg-00002.m4s"] = nil
            try Fixtures.write(files, into: staging.url)
            let second = try staging.publish(manifest: Fixtures.manifestDraft(createdAt: "2025-03-15T10:00:00Z"))

            #expect(second.outcome == .replaced)
            #expect(second.manifest.files != first.manifest.files)
            #expect(try library.manifest(Fixtures.id) == second.manifest)
            #expect(!FileManager.default.fileExists(atPath: second.url.appending(path: "360p/seg-00002.m4s").path(percentEncoded: false)))
            #expect(try Data(contentsOf: second.url.appending(path: "360p/seg-00001.m4s")) == files["360p/seg-00001.m4s"])
            #expect(PackageVerifier.verifyIntegrity(at: second.url).isEmpty)
            #expect(Fixtures.names(in: library.stagingURL).isEmpty)
            #expect(Fixtures.names(in: library.lecturesURL) == [Fixtures.id])
        }
    }

    @Test("A corrupted existing package with the same file list is replaced, not kept")
    func republishOverCorrupted() throws {
        try withTemporaryFolder { folder in
            let library = Library(root: folder)
            try Fixtures.publishSample(into: library)
            try Data("#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-INDEPENDENT-SEGMENTS\n".utf8).write(
                to: library.lectureURL(Fixtures.id).appending(component: "master.m3u8")
            )
            #expect(!PackageVerifier.verifyIntegrity(at: library.lectureURL(Fixtures.id)).isEmpty)
            let again = try Fixtures.publishSample(into: library)
            #expect(again.outcome == .replaced)
            #expect(PackageVerifier.verifyIntegrity(at: again.url).isEmpty)
        }
    }

    @Test("A draft for another id is refused and nothing is published")
    func wrongID() throws {
        try withTemporaryFolder { folder in
            let library = Library(root: folder)
            let staging = try library.makeStaging(id: Fixtures.id)
            try Fixtures.write(Fixtures.packageFiles(), into: staging.url)
            let error = #expect(throws: PackageError.self) { try staging.publish(manifest: Fixtures.manifestDraft(id: "other-00000000")) }
            #expect(error?.code == .invalidManifest)
            #expect(Fixtures.names(in: library.lecturesURL).isEmpty)
            staging.discard()
            #expect(Fixtures.names(in: library.stagingURL).isEmpty)
        }
    }

    @Test("A draft listing files that differ from what was written is an integrity error")
    func draftFilesMismatch() throws {
        try withTemporaryFolder { folder in
            let library = Library(root: folder)
            let staging = try library.makeStaging(id: Fixtures.id)
            try Fixtures.write(Fixtures.packageFiles(), into: staging.url)
            var draft = Fixtures.manifestDraft()
            draft.files = [FileEntry(path: "master.m3u8", size: 1, sha256: String(repeating: "0", count: 64))]
            let error = #expect(throws: PackageError.self) { try staging.publish(manifest: draft) }
            #expect(error?.code == .integrity)
            #expect(!library.contains(Fixtures.id))
        }
    }

    @Test("A symbolic link in the staging folder fails verification before publishing")
    func symlinkRefused() throws {
        try withTemporaryFolder { folder in
            let library = Library(root: folder)
            let staging = try library.makeStaging(id: Fixtures.id)
            try Fixtures.write(Fixtures.packageFiles(), into: staging.url)
            try FileManager.default.createSymbolicLink(
                atPath: staging.url.appending(path: "360p/secret.m4s").path(percentEncoded: false),
                withDestinationPath: "/etc/passwd"
            )
            let error = #expect(throws: PackageError.self) { try staging.publish(manifest: Fixtures.manifestDraft()) }
            #expect(error?.code == .integrity)
            #expect(error?.description.contains("360p/secret.m4s") == true)
            #expect(!library.contains(Fixtures.id))
        }
    }
}
