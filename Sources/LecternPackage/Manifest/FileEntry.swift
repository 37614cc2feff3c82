public import Foundation
public import Logging

/// One file of a lecture package, as listed in `manifest.json`.
public struct FileEntry: Sendable, Hashable, Codable {
    /// Relative to the package folder, "/"-separated (e.g. "360p/seg-00001.m4s").
    public var path: String
    /// Bytes.
    public var size: Int
    /// SHA-256 of the contents, lowercase hex.
    public var sha256: String

    public init(path: String, size: Int, sha256: String) {
        self.path = path
        self.size = size
        self.sha256 = sha256
    }

    /// Hashes one file of a package (streaming, see `SHA256Hasher`).
    /// - Parameters:
    ///   - url: the file on disk.
    ///   - relativePath: its path inside the package, "/"-separated.
    public init(fileAt url: URL, relativePath: String) throws(PackageError) {
        let hash = try SHA256Hasher.hashFile(at: url)
        let size: Int
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: FileSystem.path(url))
            size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        } catch {
            throw PackageError(
                code: .ioFailure,
                message: "\(FileSystem.path(url)): cannot read file size",
                path: FileSystem.path(url),
                cause: error
            )
        }
        self.init(path: relativePath, size: size, sha256: hash)
    }

    /// Lists every regular file below `folder`, recursively, with size and SHA-256, sorted byte-wise by path.
    ///
    /// The top-level `manifest.json` is skipped (the manifest never lists itself). Symbolic links and other
    /// non-regular entries are skipped and logged; `PackageVerifier` reports them.
    public static func list(in folder: URL, logger: Logger = Logger(label: "lectern.package")) throws(PackageError) -> [FileEntry] {
        guard FileSystem.isDirectory(folder) else {
            throw PackageError(code: .ioFailure, message: "\(FileSystem.path(folder)): not a folder", path: FileSystem.path(folder))
        }
        var files: [FileEntry] = []
        for entry in try FileSystem.walk(folder) {
            switch entry.kind {
            case .directory:
                continue
            case .other:
                logger.info(
                    "Skipped non-regular file",
                    metadata: ["package.path": "\(FileSystem.path(folder))", "file.path": "\(entry.relativePath)"]
                )
            case .regular:
                if entry.relativePath == Manifest.fileName { continue }
                files.append(try FileEntry(fileAt: entry.url, relativePath: entry.relativePath))
            }
        }
        logger.debug("Listed package files", metadata: ["package.path": "\(FileSystem.path(folder))", "file.count": "\(files.count)"])
        return files
    }
}
