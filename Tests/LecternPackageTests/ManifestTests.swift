import Foundation
import LecternPackage
import Testing

@Suite("Manifest")
struct ManifestTests {
    private func sample() -> Manifest {
        var manifest = Fixtures.manifestDraft()
        manifest.files = [
            FileEntry(path: "360p/index.m3u8", size: 52, sha256: String(repeating: "a", count: 64)),
            FileEntry(path: "master.m3u8", size: 48, sha256: String(repeating: "0", count: 64)),
        ]
        return manifest
    }

    @Test("JSON round trip gives back an equal manifest")
    func roundTrip() throws {
        let manifest = sample()
        let decoded = try Manifest(jsonData: try manifest.jsonData())
        #expect(decoded == manifest)
        #expect(decoded.series == "Santé publique")
        #expect(decoded.renditions[0].iFramePlaylist == "360p/iframes.m3u8")
        #expect(decoded.renditions[1].kind == .audio)
    }

    @Test("Encoding is deterministic: same manifest, same bytes, sorted keys, pretty-printed")
    func deterministic() throws {
        let first = try sample().jsonData()
        let second = try sample().jsonData()
        #expect(first == second)
        let text = String(decoding: first, as: UTF8.self)
        #expect(text.hasPrefix("{\n  \"createdAt\" : \"2025-03-14T09:30:00Z\",\n  \"duration\" : 12.48,"))
        #expect(text.hasSuffix("}\n"))
        #expect(text.contains("\"playlist\" : \"360p/index.m3u8\""), "slashes are not escaped")
        let keyOrder = ["createdAt", "duration", "files", "formatVersion", "id", "language", "renditions", "segmentFormat", "series", "source", "title", "warnings"]
        let positions = keyOrder.map { text.range(of: "\n  \"\($0)\" : ")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
    }

    @Test("A decoded and re-encoded manifest is byte-identical")
    func byteIdenticalReencode() throws {
        let data = try sample().jsonData()
        #expect(try Manifest(jsonData: data).jsonData() == data)
    }

    @Test("write(to:) and init(contentsOf:) agree")
    func writeAndRead() throws {
        try withTemporaryFolder { folder in
            let url = folder.appending(component: "manifest.json")
            try sample().write(to: url)
            #expect(try Manifest(contentsOf: url) == sample())
            #expect(try Data(contentsOf: url) == sample().jsonData())
        }
    }

    @Test("A manifest from a newer format version is rejected")
    func newerFormatVersion() throws {
        var manifest = sample()
        manifest.formatVersion = 2
        let data = try JSONEncoder().encode(manifest)
        let error = #expect(throws: PackageError.self) { try Manifest(jsonData: data, path: "lectures/x/manifest.json") }
        #expect(error?.code == .invalidManifest)
        #expect(error?.description.contains("lectures/x/manifest.json") == true)
    }

    @Test("Unsafe paths, duplicates and malformed checksums are rejected", arguments: [
        FileEntry(path: "../outside.txt", size: 1, sha256: String(repeating: "a", count: 64)),
        FileEntry(path: "/etc/passwd", size: 1, sha256: String(repeating: "a", count: 64)),
        FileEntry(path: "360p//seg.m4s", size: 1, sha256: String(repeating: "a", count: 64)),
        FileEntry(path: "manifest.json", size: 1, sha256: String(repeating: "a", count: 64)),
        FileEntry(path: "master.m3u8", size: 1, sha256: String(repeating: "a", count: 64)),
        FileEntry(path: "poster.jpg", size: 1, sha256: String(repeating: "A", count: 64)),
    ])
    func invalidFiles(entry: FileEntry) throws {
        var manifest = sample()
        manifest.files.append(entry)
        let data = try JSONEncoder().encode(manifest)
        let error = #expect(throws: PackageError.self) { try Manifest(jsonData: data) }
        #expect(error?.code == .invalidManifest)
    }

    @Test("Garbage is an invalid manifest, not a crash")
    func garbage() {
        let error = #expect(throws: PackageError.self) { try Manifest(jsonData: Data("{\"id\": 3".utf8), path: "x/manifest.json") }
        #expect(error?.code == .invalidManifest)
        #expect(error?.message == "x/manifest.json: not a valid lecture manifest")
    }

    @Test("timestamp(_:) is ISO 8601 in UTC")
    func timestamp() {
        #expect(Manifest.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(Manifest.timestamp(Date(timeIntervalSince1970: 1_741_944_600)) == "2025-03-14T09:30:00Z")
    }
}
