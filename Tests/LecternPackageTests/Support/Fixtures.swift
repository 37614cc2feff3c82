import Foundation
import LecternPackage
import LecternTestSupport
import Logging
import Synchronization

/// A fresh folder under the system temporary directory, removed when `body` returns.
func withTemporaryFolder<T>(_ body: (URL) throws -> T) throws -> T {
    let url = FileManager.default.temporaryDirectory
        .appending(component: "lectern-package-tests-\(UUID().uuidString)", directoryHint: .isDirectory)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url)
}

enum Fixtures {
    static let sourceHash = "3f9a0c1e5b7d2468ace13579bdf02468ace13579bdf02468ace13579bdf02468"
    static let id = LectureID.make(title: "Épidémiologie à Dakar", contentHash: sourceHash)

    /// The files of a small fMP4 package; `variant` changes the segment bytes (a different transcode).
    static func packageFiles(variant: String = "a") -> [String: Data] {
        [
            "master.m3u8": Data("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n".utf8),
            "poster.jpg": Data([0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 0x42, count: 300)),
            "360p/init.mp4": Data("ftypiso6 init 360p".utf8),
            "360p/seg-00001.m4s": Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7) }) + Data(variant.utf8),
            "360p/seg-00002.m4s": Data((0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 13) }) + Data(variant.utf8),
            "360p/index.m3u8": Data("#EXTM3U\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:6.0,\nseg-00001.m4s\n".utf8),
            "360p/iframes.m3u8": Data("#EXTM3U\n#EXT-X-I-FRAMES-ONLY\n".utf8),
            "audio-64k/init.mp4": Data("ftypiso6 init audio".utf8),
            "audio-64k/seg-00001.m4s": Data(repeating: 0x11, count: 1200) + Data(variant.utf8),
            "audio-64k/index.m3u8": Data("#EXTM3U\n#EXT-X-MAP:URI=\"init.mp4\"\n".utf8),
        ]
    }

    static func write(_ files: [String: Data], into folder: URL) throws {
        for (path, data) in files {
            let url = folder.appending(path: path, directoryHint: .notDirectory)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
    }

    static func manifestDraft(id: String = Fixtures.id, createdAt: String = "2025-03-14T09:30:00Z") -> Manifest {
        Manifest(
            id: id,
            title: "Épidémiologie à Dakar",
            series: "Santé publique",
            language: "fr-SN",
            duration: 12.48,
            createdAt: createdAt,
            source: SourceInfo(
                fileName: "epidemiologie.mp4",
                size: 123_456_789,
                sha256: sourceHash,
                container: "mov,mp4,m4a,3gp,3g2,mj2",
                videoCodec: "h264",
                audioCodec: "aac",
                width: 1920,
                height: 1080,
                duration: 12.5
            ),
            segmentFormat: .fmp4,
            renditions: [
                RenditionInfo(
                    name: "360p",
                    kind: .video,
                    playlist: "360p/index.m3u8",
                    iFramePlaylist: "360p/iframes.m3u8",
                    codecs: "avc1.64001e",
                    width: 640,
                    height: 360,
                    frameRate: 30,
                    bandwidth: 420_000,
                    averageBandwidth: 310_000,
                    audioGroup: "audio-64k"
                ),
                RenditionInfo(
                    name: "audio-64k",
                    kind: .audio,
                    playlist: "audio-64k/index.m3u8",
                    codecs: "mp4a.40.2",
                    bandwidth: 66_000,
                    averageBandwidth: 64_000,
                    audioGroup: "audio-64k"
                ),
            ],
            warnings: ["audio is mono"]
        )
    }

    /// Publishes the sample package (variant `variant`) into `library`.
    @discardableResult
    static func publishSample(into library: Library, variant: String = "a", createdAt: String = "2025-03-14T09:30:00Z") throws -> PublishResult {
        let staging = try library.makeStaging(id: id)
        try write(packageFiles(variant: variant), into: staging.url)
        return try staging.publish(manifest: manifestDraft(createdAt: createdAt))
    }

    /// Names in a folder, sorted; empty when it does not exist.
    static func names(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path(percentEncoded: false))) ?? []).sorted()
    }
}

/// The independent check: `/usr/bin/sha256sum FILE`, run as a separate process.
func sha256sum(_ url: URL) throws -> String {
    let result = try ChildProcess.run(URL(filePath: "/usr/bin/sha256sum"), [url.path(percentEncoded: false)])
    return result.outputText.split(separator: " ").first.map(String.init) ?? ""
}

/// A log handler that records messages, to check what the library logs.
struct CapturingLogHandler: LogHandler {
    struct Record: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: Logger.Metadata
    }

    /// Shared storage: copies of the handler (a value in `Logger`) record into the same place.
    final class Storage: Sendable {
        let records = Mutex<[Record]>([])
    }

    let storage = Storage()
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        storage.records.withLock { $0.append(Record(level: event.level, message: "\(event.message)", metadata: event.metadata ?? [:])) }
    }

    var records: [Record] { storage.records.withLock { $0 } }
}
