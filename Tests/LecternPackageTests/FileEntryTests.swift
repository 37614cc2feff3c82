import Foundation
import LecternPackage
import Testing

@Suite("FileEntry")
struct FileEntryTests {
    @Test("list(in:) finds every file recursively, sorted, with \"/\" paths, skipping the top-level manifest.json")
    func listsRecursively() throws {
        try withTemporaryFolder { folder in
            var files = Fixtures.packageFiles()
            files["manifest.json"] = Data("{}".utf8)
            files["360p/deep/er/manifest.json"] = Data("nested".utf8)
            try Fixtures.write(files, into: folder)

            let entries = try FileEntry.list(in: folder)
            let expectedPaths = files.keys.filter { $0 != "manifest.json" }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            #expect(entries.map(\.path) == expectedPaths)
            for entry in entries {
                #expect(entry.size == files[entry.path]?.count)
                #expect(entry.sha256 == SHA256Hasher.hash(files[entry.path] ?? Data()))
            }
        }
    }

    @Test("Symbolic links are not listed")
    func skipsSymlinks() throws {
        try withTemporaryFolder { folder in
            try Fixtures.write(["a.txt": Data("a".utf8)], into: folder)
            try FileManager.default.createSymbolicLink(
                atPath: folder.appending(component: "link.txt").path(percentEncoded: false),
                withDestinationPath: "/etc/hostname"
            )
            #expect(try FileEntry.list(in: folder).map(\.path) == ["a.txt"])
        }
    }
}
