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

    /// `sample()` as `jsonData()` must write it: keys sorted at every level, pretty-printed, slashes and accents as they
    /// are, a final newline.
    static let canonical = """
        {
          "createdAt" : "2025-03-14T09:30:00Z",
          "duration" : 12.48,
          "files" : [
            {
              "path" : "360p/index.m3u8",
              "sha256" : "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
              "size" : 52
            },
            {
              "path" : "master.m3u8",
              "sha256" : "0000000000000000000000000000000000000000000000000000000000000000",
              "size" : 48
            }
          ],
          "formatVersion" : 1,
          "id" : "epidemiologie-a-dakar-3f9a0c1e",
          "language" : "fr-SN",
          "renditions" : [
            {
              "audioGroup" : "audio-64k",
              "averageBandwidth" : 310000,
              "bandwidth" : 420000,
              "bytes" : 0,
              "codecs" : "avc1.64001e",
              "frameRate" : 30,
              "height" : 360,
              "iFramePlaylist" : "360p/iframes.m3u8",
              "kind" : "video",
              "name" : "360p",
              "playlist" : "360p/index.m3u8",
              "width" : 640
            },
            {
              "audioGroup" : "audio-64k",
              "averageBandwidth" : 64000,
              "bandwidth" : 66000,
              "bytes" : 0,
              "codecs" : "mp4a.40.2",
              "kind" : "audio",
              "name" : "audio-64k",
              "playlist" : "audio-64k/index.m3u8"
            }
          ],
          "segmentFormat" : "fmp4",
          "series" : "Santé publique",
          "source" : {
            "audioCodec" : "aac",
            "container" : "mov,mp4,m4a,3gp,3g2,mj2",
            "duration" : 12.5,
            "fileName" : "epidemiologie.mp4",
            "height" : 1080,
            "sha256" : "3f9a0c1e5b7d2468ace13579bdf02468ace13579bdf02468ace13579bdf02468",
            "size" : 123456789,
            "videoCodec" : "h264",
            "width" : 1920
          },
          "title" : "Épidémiologie à Dakar",
          "warnings" : [
            "audio is mono"
          ]
        }

        """

    /// The same manifest as another writer might have stored it: keys in reverse order, no spacing, escaped slashes and
    /// accents.
    static let reordered = #"""
        {
        "warnings":["audio is mono"],
        "title":"\u00c9pid\u00e9miologie \u00e0 Dakar",
        "source":{"width":1920,"videoCodec":"h264","size":123456789,"sha256":"3f9a0c1e5b7d2468ace13579bdf02468ace13579bdf02468ace13579bdf02468","height":1080,"fileName":"epidemiologie.mp4","duration":12.5,"container":"mov,mp4,m4a,3gp,3g2,mj2","audioCodec":"aac"},
        "series":"Sant\u00e9 publique",
        "segmentFormat":"fmp4",
        "renditions":[{"width":640,"playlist":"360p\/index.m3u8","name":"360p","kind":"video","iFramePlaylist":"360p\/iframes.m3u8","height":360,"frameRate":30,"codecs":"avc1.64001e","bytes":0,"bandwidth":420000,"averageBandwidth":310000,"audioGroup":"audio-64k"},{"playlist":"audio-64k\/index.m3u8","name":"audio-64k","kind":"audio","codecs":"mp4a.40.2","bytes":0,"bandwidth":66000,"averageBandwidth":64000,"audioGroup":"audio-64k"}],
        "language":"fr-SN",
        "id":"epidemiologie-a-dakar-3f9a0c1e",
        "formatVersion":1,
        "files":[{"size":52,"sha256":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","path":"360p\/index.m3u8"},{"size":48,"sha256":"0000000000000000000000000000000000000000000000000000000000000000","path":"master.m3u8"}],
        "duration":12.48,
        "createdAt":"2025-03-14T09:30:00Z"
        }
        """#

    @Test(
        "Encoding is canonical: the sample encodes to the exact expected text, and the same manifest written otherwise decodes to it and re-encodes to those bytes"
    )
    func deterministic() throws {
        let text = String(decoding: try sample().jsonData(), as: UTF8.self)
        #expect(text == Self.canonical)
        let decoded = try Manifest(jsonData: Data(Self.reordered.utf8))
        #expect(decoded == sample())
        #expect(decoded.title == "Épidémiologie à Dakar" && decoded.renditions.map(\.playlist) == ["360p/index.m3u8", "audio-64k/index.m3u8"])
        #expect(try decoded.jsonData() == Data(Self.canonical.utf8))
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

    @Test(
        "Unsafe paths, duplicates and malformed checksums are rejected",
        arguments: [
            FileEntry(path: "../outside.txt", size: 1, sha256: String(repeating: "a", count: 64)),
            FileEntry(path: "/etc/passwd", size: 1, sha256: String(repeating: "a", count: 64)),
            FileEntry(path: "360p//seg.m4s", size: 1, sha256: String(repeating: "a", count: 64)),
            FileEntry(path: "manifest.json", size: 1, sha256: String(repeating: "a", count: 64)),
            FileEntry(path: "master.m3u8", size: 1, sha256: String(repeating: "a", count: 64)),
            FileEntry(path: "poster.jpg", size: 1, sha256: String(repeating: "A", count: 64)),
        ]
    )
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
