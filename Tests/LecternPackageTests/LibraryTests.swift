import Foundation
import LecternPackage
import Logging
import Testing

@Suite("Library")
struct LibraryTests {
    @Test("prepare() creates lectures/ and .staging/, and is idempotent")
    func prepare() throws {
        try withTemporaryFolder { folder in
            let library = Library(root: folder.appending(component: "library"))
            try library.prepare()
            try library.prepare()
            #expect(Fixtures.names(in: library.root) == [".staging", "lectures"])
            #expect(library.lectureURL("intro-3f9a0c1e").path(percentEncoded: false).hasSuffix("/library/lectures/intro-3f9a0c1e/"))
        }
    }

    @Test("A root that is a file is not a library")
    func rootIsAFile() throws {
        try withTemporaryFolder { folder in
            let file = folder.appending(component: "library")
            try Data("x".utf8).write(to: file)
            let library = Library(root: file)
            #expect(throws: PackageError.self) { try library.prepare() }
            let error = #expect(throws: PackageError.self) { try library.listLectures() }
            #expect(error?.code == .notALibrary)
            #expect(error?.description.contains(folder.lastPathComponent) == true)
        }
    }

    @Test("A missing root is not a library; a prepared empty one lists nothing")
    func emptyAndMissing() throws {
        try withTemporaryFolder { folder in
            let library = Library(root: folder.appending(component: "missing"))
            #expect(throws: PackageError.self) { try library.listLectures() }
            try library.prepare()
            #expect(try library.listLectures().isEmpty)
        }
    }

    @Test("listLectures() returns published lectures sorted by id, skipping and logging broken ones")
    func listSkipsBroken() throws {
        try withTemporaryFolder { folder in
            let handler = CapturingLogHandler()
            let library = Library(root: folder, logger: Logger(label: "test") { _ in handler })
            try Fixtures.publishSample(into: library)

            let otherID = LectureID.make(title: "Algèbre", contentHash: String(repeating: "0", count: 64))
            let staging = try library.makeStaging(id: otherID)
            try Fixtures.write(["master.m3u8": Data("#EXTM3U\n".utf8)], into: staging.url)
            var draft = Fixtures.manifestDraft(id: otherID)
            draft.title = "Algèbre"
            draft.renditions = []
            try staging.publish(manifest: draft)

            let broken = library.lectureURL("broken-12345678")
            try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
            try Data("{ not json".utf8).write(to: broken.appending(component: "manifest.json"))

            let lectures = try library.listLectures()
            #expect(lectures.map(\.id) == [otherID, Fixtures.id].sorted())
            #expect(lectures.map(\.title).sorted() == ["Algèbre", "Épidémiologie à Dakar"])
            let skipped = handler.records.filter { $0.message == "Skipped lecture with a broken manifest" }
            #expect(skipped.count == 1)
            #expect(skipped.first?.metadata["lecture.id"] == "broken-12345678")
        }
    }

    @Test("contains(_:) and manifest(_:) find published lectures and reject unknown or unsafe ids")
    func lookup() throws {
        try withTemporaryFolder { folder in
            let library = Library(root: folder)
            try Fixtures.publishSample(into: library)
            #expect(library.contains(Fixtures.id))
            #expect(!library.contains("unknown-00000000"))
            #expect(!library.contains("../\(Fixtures.id)"))
            #expect(try library.manifest(Fixtures.id).title == "Épidémiologie à Dakar")

            let missing = #expect(throws: PackageError.self) { try library.manifest("unknown-00000000") }
            #expect(missing?.code == .notFound)
            #expect(missing?.description.contains("unknown-00000000") == true)
            let unsafe = #expect(throws: PackageError.self) { try library.manifest("../../etc") }
            #expect(unsafe?.code == .invalidID)
        }
    }

    @Test("A manifest naming another id than its folder is rejected")
    func manifestIDMismatch() throws {
        try withTemporaryFolder { folder in
            let library = Library(root: folder)
            try Fixtures.publishSample(into: library)
            try FileManager.default.moveItem(at: library.lectureURL(Fixtures.id), to: library.lectureURL("moved-00000000"))
            let error = #expect(throws: PackageError.self) { try library.manifest("moved-00000000") }
            #expect(error?.code == .invalidManifest)
            #expect(try library.listLectures().isEmpty)
        }
    }

    @Test("cleanStaleStaging removes leftovers older than the limit and keeps fresh ones")
    func cleanStaleStaging() throws {
        try withTemporaryFolder { folder in
            let library = Library(root: folder)
            let crashed = try library.makeStaging(id: "crashed-11111111")
            let live = try library.makeStaging(id: "live-22222222")
            let liveDeep = try library.makeStaging(id: "livedeep-33333333")
            try Fixtures.write(Fixtures.packageFiles(), into: crashed.url)
            try Fixtures.write(Fixtures.packageFiles(), into: liveDeep.url)

            let twoDaysAgo = Date().addingTimeInterval(-2 * 24 * 3600)
            func age(_ url: URL, except: String? = nil) throws {
                let paths = try FileManager.default.subpathsOfDirectory(atPath: url.path(percentEncoded: false)).filter { $0 != except }
                for path in paths {
                    try FileManager.default.setAttributes(
                        [.modificationDate: twoDaysAgo],
                        ofItemAtPath: url.appending(path: path).path(percentEncoded: false)
                    )
                }
                try FileManager.default.setAttributes([.modificationDate: twoDaysAgo], ofItemAtPath: url.path(percentEncoded: false))
            }
            try age(crashed.url)
            try age(live.url)
            try age(liveDeep.url, except: "360p/seg-00002.m4s")
            try Data("fresh".utf8).write(to: live.url.appending(component: "poster.jpg"))

            let removed = try library.cleanStaleStaging(olderThan: .seconds(24 * 3600))
            #expect(removed == [crashed.url.lastPathComponent])
            #expect(Fixtures.names(in: library.stagingURL) == [live.url.lastPathComponent, liveDeep.url.lastPathComponent].sorted())

            let later = try library.cleanStaleStaging(olderThan: .seconds(3600), now: Date().addingTimeInterval(3 * 24 * 3600))
            #expect(later.count == 2)
            #expect(Fixtures.names(in: library.stagingURL).isEmpty)
        }
    }
}
