public import Foundation
import Logging

extension Library {
    /// Creates `.staging/<id>-<random>/` (and the library folders if needed) for one ingest to write into.
    public func makeStaging(id: String) throws(PackageError) -> StagingArea {
        guard LectureID.isValid(id) else {
            throw PackageError(code: .invalidID, message: "\"\(id)\" is not a valid lecture id")
        }
        try prepare()
        let url = stagingURL.appending(component: "\(id)-\(FileSystem.randomSuffix())", directoryHint: .isDirectory)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        } catch {
            throw PackageError(
                code: .ioFailure,
                message: "\(FileSystem.path(url)): cannot create staging folder",
                path: FileSystem.path(url),
                cause: error
            )
        }
        logger.debug("Created staging folder", metadata: ["lecture.id": "\(id)", "staging.path": "\(FileSystem.path(url))"])
        return StagingArea(id: id, url: url, library: self)
    }

    /// Removes leftovers of crashed or interrupted runs: every entry in `.staging/` in which nothing
    /// (the folder itself or any file below it) was modified within `age`. Called at the start of every ingest;
    /// `age` must exceed the longest quiet spell of a live ingest (hours, not minutes).
    /// - Returns: the names removed from `.staging/`.
    @discardableResult
    public func cleanStaleStaging(olderThan age: Duration, now: Date = Date()) throws(PackageError) -> [String] {
        guard FileSystem.isDirectory(stagingURL) else { return [] }
        let cutoff = now.addingTimeInterval(-age.inSeconds)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: FileSystem.path(stagingURL))
        } catch {
            throw PackageError(
                code: .ioFailure,
                message: "\(FileSystem.path(stagingURL)): cannot list staging folder",
                path: FileSystem.path(stagingURL),
                cause: error
            )
        }
        var removed: [String] = []
        for name in names.sorted() {
            let url = stagingURL.appending(component: name, directoryHint: .notDirectory)
            guard let lastModified = latestModification(of: url), lastModified < cutoff else { continue }
            do {
                try FileSystem.remove(url)
                removed.append(name)
                logger.info(
                    "Removed stale staging folder",
                    metadata: ["staging.path": "\(FileSystem.path(url))", "staging.modified": "\(Manifest.timestamp(lastModified))"]
                )
            } catch {
                logger.info(
                    "Could not remove stale staging folder",
                    metadata: ["staging.path": "\(FileSystem.path(url))", "error.message": "\(error)"]
                )
            }
        }
        return removed
    }

    /// The newest modification date of `url` and, for a folder, of anything below it.
    private func latestModification(of url: URL) -> Date? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: FileSystem.path(url)),
            var latest = attributes[.modificationDate] as? Date
        else { return nil }
        if (attributes[.type] as? FileAttributeType) == .typeDirectory, let entries = try? FileSystem.walk(url) {
            for entry in entries {
                if let date = entry.modificationDate, date > latest { latest = date }
            }
        }
        return latest
    }
}
