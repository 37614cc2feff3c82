public import Foundation
public import Logging

/// A folder of published lecture packages:
///
/// ```
/// <root>/lectures/<id>/manifest.json, master.m3u8, <rendition>/...
/// <root>/.staging/<id>-<random>/      packages being written, renamed into lectures/ when complete
/// ```
///
/// A value type holding only the root and a logger; every call reads the disk, so several processes
/// (ingest, serve, mirror) can share one library.
public struct Library: Sendable {
    public static let lecturesFolderName = "lectures"
    public static let stagingFolderName = ".staging"

    public let root: URL
    public let logger: Logger

    /// Does not touch the disk; call `prepare()` to create the folders.
    public init(root: URL, logger: Logger = Logger(label: "lectern.package")) {
        self.root = root.standardizedFileURL
        self.logger = logger
    }

    /// `<root>/lectures/`
    public var lecturesURL: URL {
        root.appending(component: Library.lecturesFolderName, directoryHint: .isDirectory)
    }

    /// `<root>/.staging/`
    public var stagingURL: URL {
        root.appending(component: Library.stagingFolderName, directoryHint: .isDirectory)
    }

    /// Creates the root, `lectures/` and `.staging/` if they are missing.
    public func prepare() throws(PackageError) {
        if FileSystem.exists(root), !FileSystem.isDirectory(root) {
            throw PackageError(
                code: .notALibrary,
                message: "\(FileSystem.path(root)): not a folder, cannot hold a lecture library",
                path: FileSystem.path(root)
            )
        }
        try FileSystem.createDirectory(lecturesURL)
        try FileSystem.createDirectory(stagingURL)
    }

    /// `<root>/lectures/<id>/`. Does not check `id`: callers holding an untrusted id check `LectureID.isValid(_:)` first
    /// (`contains` and `manifest` do).
    public func lectureURL(_ id: String) -> URL {
        lecturesURL.appending(component: id, directoryHint: .isDirectory)
    }

    /// True when `id` is valid and `lectures/<id>/manifest.json` exists.
    public func contains(_ id: String) -> Bool {
        guard LectureID.isValid(id) else { return false }
        return FileSystem.exists(lectureURL(id).appending(component: Manifest.fileName, directoryHint: .notDirectory))
    }

    /// Reads `lectures/<id>/manifest.json`.
    public func manifest(_ id: String) throws(PackageError) -> Manifest {
        guard LectureID.isValid(id) else {
            throw PackageError(code: .invalidID, message: "\"\(id)\" is not a valid lecture id")
        }
        let url = lectureURL(id).appending(component: Manifest.fileName, directoryHint: .notDirectory)
        guard FileSystem.exists(url) else {
            throw PackageError(
                code: .notFound,
                message: "\(FileSystem.path(lectureURL(id))): no such lecture in the library",
                path: FileSystem.path(lectureURL(id))
            )
        }
        let manifest = try Manifest(contentsOf: url)
        guard manifest.id == id else {
            throw PackageError(
                code: .invalidManifest,
                message: "\(FileSystem.path(url)): manifest id \"\(manifest.id)\" does not match its folder \"\(id)\"",
                path: FileSystem.path(url)
            )
        }
        return manifest
    }

    /// Every published lecture, sorted by id. Folders whose manifest is missing, unreadable or names another id
    /// are skipped and logged, so one broken package never hides the others.
    /// - Throws: `.notALibrary` when the root is missing or not a folder; an empty library (no `lectures/` yet) lists nothing.
    public func listLectures() throws(PackageError) -> [Manifest] {
        guard FileSystem.isDirectory(root) else {
            throw PackageError(
                code: .notALibrary,
                message: "\(FileSystem.path(root)): no lecture library here (folder missing)",
                path: FileSystem.path(root)
            )
        }
        guard FileSystem.exists(lecturesURL) else { return [] }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: FileSystem.path(lecturesURL))
        } catch {
            throw PackageError(
                code: .ioFailure,
                message: "\(FileSystem.path(lecturesURL)): cannot list lectures",
                path: FileSystem.path(lecturesURL),
                cause: error
            )
        }
        var manifests: [Manifest] = []
        for name in names.sorted() {
            guard LectureID.isValid(name) else {
                if !name.hasPrefix(".") {
                    logger.info("Skipped folder with an invalid lecture id", metadata: ["lecture.path": "\(FileSystem.path(lectureURL(name)))"])
                }
                continue
            }
            do {
                manifests.append(try manifest(name))
            } catch {
                logger.info(
                    "Skipped lecture with a broken manifest",
                    metadata: ["lecture.id": "\(name)", "lecture.path": "\(FileSystem.path(lectureURL(name)))", "error.message": "\(error)"]
                )
            }
        }
        return manifests
    }
}
