public import Foundation

/// Checks a lecture package on disk against its `manifest.json`.
public enum PackageVerifier {
    /// Reads `manifest.json` in `packageURL` and checks the folder against it (see `verifyIntegrity(of:at:)`).
    /// An unreadable manifest is reported as one `.invalidManifest` issue on "manifest.json".
    public static func verifyIntegrity(at packageURL: URL) -> [IntegrityIssue] {
        let manifestURL = packageURL.appending(component: Manifest.fileName, directoryHint: .notDirectory)
        guard FileSystem.exists(manifestURL) else {
            return [IntegrityIssue(path: Manifest.fileName, kind: .invalidManifest, reason: "manifest is missing")]
        }
        let manifest: Manifest
        do {
            manifest = try Manifest(jsonData: Data(contentsOf: manifestURL), path: Manifest.fileName)
        } catch let error as PackageError {
            return [IntegrityIssue(path: Manifest.fileName, kind: .invalidManifest, reason: error.message)]
        } catch {
            return [IntegrityIssue(path: Manifest.fileName, kind: .invalidManifest, reason: "cannot read manifest (\(error))")]
        }
        return verifyIntegrity(of: manifest, at: packageURL)
    }

    /// The chapters' times and thumbnails (`ChapterFiles.problems`), and both chapter files listed.
    static func chapterIssues(_ manifest: Manifest, listed: Set<String>) -> [IntegrityIssue] {
        guard let chapters = manifest.chapters, !chapters.isEmpty else { return [] }
        var issues = ChapterFiles.problems(chapters, duration: manifest.duration, has: listed.contains).map {
            IntegrityIssue(path: Manifest.fileName, kind: .invalidChapters, reason: $0)
        }
        for file in [ChapterFiles.webVTT, ChapterFiles.json] where !listed.contains(file) {
            issues.append(IntegrityIssue(path: file, kind: .invalidChapters, reason: "the lecture has chapters but the package lists no \(file)"))
        }
        return issues
    }

    /// Checks that every file `manifest` lists exists with its size and SHA-256, that nothing else is in the folder
    /// (besides `manifest.json`), that every entry is a regular file, and that every playlist a rendition names is listed.
    /// - Parameter hashing: `false` checks everything but the SHA-256s (no file is read), for a caller that hashed the
    ///   bytes as it wrote them.
    /// - Returns: the issues sorted by path; empty when the package is intact.
    public static func verifyIntegrity(of manifest: Manifest, at packageURL: URL, hashing: Bool = true) -> [IntegrityIssue] {
        var issues: [IntegrityIssue] = []
        let entries: [FileSystem.Entry]
        do {
            entries = try FileSystem.walk(packageURL)
        } catch {
            return [IntegrityIssue(path: ".", kind: .unreadable, reason: "cannot list the package folder (\(error))")]
        }
        var onDisk: [String: FileSystem.Entry] = [:]
        for entry in entries {
            switch entry.kind {
            case .directory:
                continue
            case .other:
                issues.append(
                    IntegrityIssue(path: entry.relativePath, kind: .notRegularFile, reason: "not a regular file (symbolic link or special file)")
                )
            case .regular:
                onDisk[entry.relativePath] = entry
            }
        }
        onDisk[Manifest.fileName] = nil

        var listed: Set<String> = []
        for file in manifest.files {
            listed.insert(file.path)
            guard FileSystem.isSafeRelativePath(file.path) else {
                issues.append(IntegrityIssue(path: file.path, kind: .invalidManifest, reason: "listed path is not inside the package"))
                continue
            }
            guard let entry = onDisk[file.path] else {
                if !entries.contains(where: { $0.relativePath == file.path && $0.kind == .other }) {
                    issues.append(IntegrityIssue(path: file.path, kind: .missing, reason: "listed in the manifest but missing"))
                }
                continue
            }
            guard entry.size == file.size else {
                issues.append(
                    IntegrityIssue(path: file.path, kind: .sizeMismatch, reason: "size \(entry.size) bytes, manifest says \(file.size)")
                )
                continue
            }
            guard hashing else { continue }
            do {
                let hash = try SHA256Hasher.hashFile(at: entry.url)
                if hash != file.sha256 {
                    issues.append(IntegrityIssue(path: file.path, kind: .checksumMismatch, reason: "SHA-256 differs from the manifest"))
                }
            } catch {
                issues.append(IntegrityIssue(path: file.path, kind: .unreadable, reason: "cannot be read (\(error.message))"))
            }
        }
        for path in onDisk.keys where !listed.contains(path) {
            issues.append(IntegrityIssue(path: path, kind: .stray, reason: "in the folder but not listed in the manifest"))
        }
        for rendition in manifest.renditions {
            for playlist in [rendition.playlist, rendition.iFramePlaylist].compactMap({ $0 }) where !listed.contains(playlist) {
                issues.append(
                    IntegrityIssue(
                        path: playlist,
                        kind: .missing,
                        reason: "playlist of rendition \"\(rendition.name)\" is not listed in the manifest"
                    )
                )
            }
        }
        issues += chapterIssues(manifest, listed: listed)
        return issues.sorted { lhs, rhs in
            lhs.path == rhs.path ? lhs.kind.rawValue < rhs.kind.rawValue : lhs.path.utf8.lexicographicallyPrecedes(rhs.path.utf8)
        }
    }
}
