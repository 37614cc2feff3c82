import Foundation
import LecternHLS
import LecternPackage

extension AddTrack {
    /// The package folder (standardized), its manifest and its master playlist; refused unless it is an intact lecture
    /// package inside a library.
    static func openPackage(_ url: URL) throws -> (folder: URL, manifest: Manifest, master: MultivariantPlaylist) {
        let package = url.standardizedFileURL
        let name = package.path
        guard package.deletingLastPathComponent().lastPathComponent == Library.lecturesFolderName else {
            throw TranscodeError(code: .invalidPackage, message: "\(name): not a lecture package (expected LIBRARY/lectures/<id>)")
        }
        let manifest = try Manifest(contentsOf: package.appendingPathComponent(Manifest.fileName))
        guard manifest.id == package.lastPathComponent else {
            throw TranscodeError(code: .invalidPackage, message: "\(name): its manifest names another lecture (\(manifest.id))")
        }
        let issues = PackageVerifier.verifyIntegrity(of: manifest, at: package)
        guard issues.isEmpty else {
            throw TranscodeError(code: .invalidPackage, message: "\(name): the package is damaged (\(issues[0])); run lectern verify")
        }
        let masterURL = package.appendingPathComponent("master.m3u8")
        do {
            return (package, manifest, try PlaylistParser.parseMultivariant(String(contentsOf: masterURL, encoding: .utf8)))
        } catch {
            throw TranscodeError(code: .invalidPackage, message: "\(masterURL.path): cannot read the master playlist (\(error))")
        }
    }

    /// The first video variant's media playlist (the audio-only one for an audio-only lecture): its segment spans and
    /// the 90 kHz timestamp its first segment starts at.
    struct Reference {
        var spans: [(start: Double, duration: Double)]
        var mediaTimestamp: Int64
    }

    static func referencePlaylist(_ master: MultivariantPlaylist, package: URL) throws -> Reference {
        guard let variant = master.variants.first(where: { $0.resolution != nil }) ?? master.variants.first else {
            throw TranscodeError(code: .invalidPackage, message: "\(package.path): the master playlist lists no variant")
        }
        let url = package.appendingPathComponent(variant.uri)
        let playlist = try PlaylistParser.parseMedia(String(contentsOf: url, encoding: .utf8))
        guard let first = playlist.segments.first else {
            throw TranscodeError(code: .invalidPackage, message: "\(url.path): no segments")
        }
        var spans: [(start: Double, duration: Double)] = []
        var start = 0.0
        for segment in playlist.segments {
            spans.append((start, segment.duration))
            start += segment.duration
        }
        let folder = url.deletingLastPathComponent()
        let timestamp = try SubtitleWriter.mediaTimestamp(
            initSection: first.map.map { folder.appendingPathComponent($0.uri) },
            segment: folder.appendingPathComponent(first.uri)
        )
        return Reference(spans: spans, mediaTimestamp: timestamp)
    }

    /// Hard-links (or copies, where links fail) every file of the package into staging, except `master.m3u8`
    /// (rewritten) and the folders of replaced tracks: the video's bytes are the published ones, untouched.
    static func linkFiles(_ manifest: Manifest, from package: URL, into staging: URL, skipping folders: Set<String>) throws {
        let paths = manifest.files.map(\.path).filter { path in
            guard path != "master.m3u8" else { return false }
            guard let top = path.split(separator: "/").first, path.contains("/") else { return true }
            return !folders.contains(String(top))
        }
        try link(paths, from: package, into: staging)
    }

    /// Hard-links (or copies, where links fail) `paths` of the package into staging.
    static func link(_ paths: [String], from package: URL, into staging: URL) throws {
        let manager = FileManager.default
        for path in paths {
            let target = staging.appendingPathComponent(path)
            try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            let source = package.appendingPathComponent(path)
            do { try manager.linkItem(at: source, to: target) } catch { try manager.copyItem(at: source, to: target) }
        }
    }
}
