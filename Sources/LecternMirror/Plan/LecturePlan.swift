import Foundation
import LecternHLS
import LecternPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One lecture: the origin's manifest, the renditions kept, which files the local library already has and which must
/// be fetched, and the manifest the mirrored package will carry.
struct LecturePlan: Sendable {
    var manifest: Manifest
    var selection: RenditionSelection?
    /// Every selected file (without `master.m3u8`, which is rewritten).
    var files: [FileEntry] = []
    /// Paths already present and identical in the local copy of this lecture.
    var reusable: Set<String> = []
    /// Files to fetch, one per distinct SHA-256.
    var fetch: [FileEntry] = []
    /// The rewritten master and the manifest the local package will have.
    var master = Data()
    var expected: Manifest?
    var isUnchanged = false
    var existed = false
    var error: String?

    var bytesTotal: Int { files.reduce(0) { $0 + $1.size } }
    var bytesToFetch: Int { isUnchanged ? 0 : fetch.reduce(0) { $0 + $1.size } }
    var needsPublish: Bool { error == nil && !isUnchanged }

    /// Plans one lecture against the local library. `master` is the origin's master as stored.
    init(manifest: Manifest, originMaster: Data?, target: Library, request: MirrorRequest) {
        self.manifest = manifest
        existed = target.contains(manifest.id)
        guard let originMaster, let text = String(data: originMaster, encoding: .utf8),
            let parsed = try? PlaylistParser.parseMultivariant(text)
        else {
            error = "\(manifest.id)/master.m3u8: missing or unreadable at the origin"
            return
        }
        let selection = RenditionSelection(
            manifest: manifest,
            master: parsed,
            maxKbps: request.maxKbps,
            names: request.renditions,
            languages: request.languages
        )
        self.selection = selection
        files = selection.files(of: manifest)
        master = Data(PlaylistWriter.write(selection.master).utf8)

        var expected = manifest
        expected.renditions = manifest.renditions.filter { selection.renditions.contains($0.name) }
        if !request.languages.isEmpty {
            let kept = Set(selection.master.renditions.compactMap(\.language))
            expected.audioTracks = manifest.audioTracks.map { tracks in tracks.filter { kept.contains($0.language) } }
            expected.subtitles = manifest.subtitles.map { tracks in
                tracks.filter { !selection.droppedFolders.contains(String($0.playlist.split(separator: "/").first ?? "")) }
            }
        }
        expected.files = (files + [FileEntry(path: "master.m3u8", size: master.count, sha256: SHA256Hasher.hash(master))])
            .sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        for index in expected.renditions.indices {
            let playlist = expected.renditions[index].playlist
            guard let slash = playlist.lastIndex(of: "/") else { continue }
            let prefix = playlist[..<slash] + "/"
            expected.renditions[index].bytes = expected.files.lazy.filter { $0.path.hasPrefix(prefix) }.reduce(0) { $0 + $1.size }
        }
        self.expected = expected

        let local = existed ? try? target.manifest(manifest.id) : nil
        let localFiles = Dictionary((local?.files ?? []).map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let folder = target.lectureURL(manifest.id)
        reusable = Set(
            files.filter { entry in
                localFiles[entry.path]?.sha256 == entry.sha256 && Self.size(of: folder.appendingPathComponent(entry.path)) == entry.size
            }.map(\.path)
        )
        isUnchanged =
            local == expected && reusable.count == files.count
            && Self.size(of: folder.appendingPathComponent("master.m3u8")) == master.count
        var seen: Set<String> = []
        fetch = files.filter { !reusable.contains($0.path) && seen.insert($0.sha256).inserted }
    }

    static func size(of url: URL) -> Int? {
        var status = stat()
        guard stat(url.path, &status) == 0 else { return nil }
        return Int(status.st_size)
    }
}
