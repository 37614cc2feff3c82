public import Foundation
import Logging

/// A private folder, `.staging/<id>-<random>/`, where one ingest writes a lecture package before publishing it.
///
/// Write every file into `url`, then call `publish(manifest:)`; on failure call `discard()`.
/// Nothing is visible in `lectures/` until the final `rename(2)`, so a crash leaves no half package —
/// only a staging folder that `Library.cleanStaleStaging(olderThan:)` removes later.
public struct StagingArea: Sendable {
    /// The lecture id this package will be published under.
    public let id: String
    /// The folder to write the package into.
    public let url: URL
    public let library: Library

    /// What publishing reads back from disk before the rename.
    public enum Check: Sendable, Hashable {
        /// List and hash every file, then verify the folder against the manifest written (ingest, add-track).
        case hashEveryFile
        /// The draft lists every file with the SHA-256 its writer computed from the bytes as it wrote them (a mirror
        /// that checked each download against the origin while it streamed): check that exactly those files are there
        /// with those sizes, without reading them again. `lectern verify` re-hashes a library when in doubt.
        case trustListedHashes
    }

    /// How publishing makes the package durable before the rename.
    public enum Sync: Sendable, Hashable {
        /// `fsync` every file and folder: a few dozen to a few thousand commits, unaffected by other writers.
        case eachFile
        /// One `syncfs(2)` of the library's file system (Linux; `eachFile` elsewhere): far cheaper for many files, but
        /// it waits for whatever else is being written there, so call it off the cooperative pool (the mirror does).
        case fileSystem
    }

    init(id: String, url: URL, library: Library) {
        self.id = id
        self.url = url
        self.library = library
    }

    /// Completes the package in place, without publishing it:
    /// 1. lists every file with size and SHA-256 into `files` (sorted by path), and sets each rendition's `bytes`
    ///    to the total size of the files under its playlist's folder;
    /// 2. writes `manifest.json`;
    /// 3. fsyncs every file, then every folder (children first), or syncs the whole file system at once (`sync`);
    /// 4. verifies the folder against the manifest (`PackageVerifier`).
    /// With `.trustListedHashes` steps 1 and 4 take the draft's files and hashes and check only names and sizes.
    ///
    /// - Parameter manifestDraft: everything but the files; its `id` must be this staging area's id. If it already
    ///   lists files, they must match the files on disk.
    /// - Returns: the manifest as written.
    public func finalize(manifestDraft: Manifest, check: Check = .hashEveryFile, sync: Sync = .eachFile) throws(PackageError) -> Manifest {
        let manifestURL = url.appending(component: Manifest.fileName, directoryHint: .notDirectory)
        guard manifestDraft.id == id else {
            throw PackageError(
                code: .invalidManifest,
                message:
                    "\(FileSystem.path(manifestURL)): manifest id \"\(manifestDraft.id)\" does not match the lecture being published (\"\(id)\")",
                path: FileSystem.path(manifestURL)
            )
        }
        let hashing = check == .hashEveryFile
        guard hashing || !manifestDraft.files.isEmpty else {
            throw PackageError(
                code: .invalidManifest,
                message: "\(FileSystem.path(manifestURL)): no files listed to trust",
                path: FileSystem.path(manifestURL)
            )
        }
        let files = hashing ? try FileEntry.list(in: url, logger: library.logger) : manifestDraft.files.sorted(by: FileEntry.byPath)
        if hashing, !manifestDraft.files.isEmpty, manifestDraft.files.sorted(by: FileEntry.byPath) != files {
            throw PackageError(
                code: .integrity,
                message: "\(FileSystem.path(url)): the files listed in the manifest differ from the files written",
                path: FileSystem.path(url)
            )
        }
        var manifest = manifestDraft
        manifest.files = files
        for index in manifest.renditions.indices {
            guard let folder = manifest.renditions[index].folder else { continue }
            manifest.renditions[index].bytes = files.lazy.filter { $0.path.hasPrefix(folder + "/") }.reduce(0) { $0 + $1.size }
        }
        try manifest.validate(path: FileSystem.path(manifestURL))
        try manifest.write(to: manifestURL)
        try FileSystem.syncTree(url, wholeFileSystem: sync == .fileSystem)

        let issues = PackageVerifier.verifyIntegrity(of: manifest, at: url, hashing: hashing)
        guard issues.isEmpty else {
            throw PackageError(
                code: .integrity,
                message: "\(FileSystem.path(url)): package failed verification before publishing: "
                    + issues.prefix(3).map(\.description).joined(separator: "; ")
                    + (issues.count > 3 ? "; and \(issues.count - 3) more" : ""),
                path: FileSystem.path(url)
            )
        }
        return manifest
    }

    /// Finalizes the package (see `finalize(manifestDraft:)`) and moves it into `lectures/<id>` with `rename(2)`.
    ///
    /// - If `lectures/<id>` does not exist, the staging folder is renamed into place: `.published`.
    /// - If it exists with the same `files` and passes verification (a re-run of the same ingest), it is kept and the
    ///   staging folder removed: `.unchanged`.
    /// - Otherwise the old package is renamed aside to `.staging/<id>-old-<random>`, the new one renamed into place,
    ///   and the old one deleted: `.replaced`. Between those two renames (microseconds) `lectures/<id>` does not
    ///   exist and a reader may get a 404; readers never see a mix of old and new files. If the second rename fails
    ///   the old package is put back.
    ///
    /// On any thrown error the staging folder is left for the caller to `discard()`.
    @discardableResult
    public func publish(manifest draft: Manifest, check: Check = .hashEveryFile, sync: Sync = .eachFile) throws(PackageError) -> PublishResult {
        let manifest = try finalize(manifestDraft: draft, check: check, sync: sync)
        try library.prepare()
        let target = library.lectureURL(id)
        let logger = library.logger

        guard FileSystem.exists(target) else {
            try FileSystem.rename(url, to: target)
            try syncLibraryFolders()
            logger.info(
                "Published lecture",
                metadata: ["lecture.id": "\(id)", "lecture.path": "\(FileSystem.path(target))", "package.files": "\(manifest.files.count)"]
            )
            return PublishResult(outcome: .published, manifest: manifest, url: target)
        }

        let existingManifestURL = target.appending(component: Manifest.fileName, directoryHint: .notDirectory)
        if let existing = try? Manifest(contentsOf: existingManifestURL), existing.files == manifest.files,
            PackageVerifier.verifyIntegrity(of: existing, at: target, hashing: check == .hashEveryFile).isEmpty
        {
            discard()
            logger.info(
                "Lecture already published with the same files",
                metadata: ["lecture.id": "\(id)", "lecture.path": "\(FileSystem.path(target))"]
            )
            return PublishResult(outcome: .unchanged, manifest: existing, url: target)
        }

        let aside = library.stagingURL.appending(component: "\(id)-old-\(FileSystem.randomSuffix())", directoryHint: .isDirectory)
        try FileSystem.rename(target, to: aside)
        do {
            try FileSystem.rename(url, to: target)
        } catch {
            do {
                try FileSystem.rename(aside, to: target)
            } catch let restoreError {
                logger.info(
                    "Could not put the previous package back",
                    metadata: ["lecture.id": "\(id)", "staging.path": "\(FileSystem.path(aside))", "error.message": "\(restoreError)"]
                )
            }
            throw error
        }
        try syncLibraryFolders()
        do {
            try FileSystem.remove(aside)
        } catch {
            // Harmless: the next ingest's cleanStaleStaging removes it.
            logger.info(
                "Could not remove the replaced package",
                metadata: ["lecture.id": "\(id)", "staging.path": "\(FileSystem.path(aside))", "error.message": "\(error)"]
            )
        }
        logger.info(
            "Replaced lecture",
            metadata: ["lecture.id": "\(id)", "lecture.path": "\(FileSystem.path(target))", "package.files": "\(manifest.files.count)"]
        )
        return PublishResult(outcome: .replaced, manifest: manifest, url: target)
    }

    /// Removes the staging folder and everything in it; nothing to do after a publish. Failures are logged, not thrown
    /// (`Library.cleanStaleStaging(olderThan:)` catches what is left).
    public func discard() {
        do {
            try FileSystem.remove(url)
            library.logger.debug("Discarded staging folder", metadata: ["lecture.id": "\(id)", "staging.path": "\(FileSystem.path(url))"])
        } catch {
            library.logger.info(
                "Could not discard staging folder",
                metadata: ["lecture.id": "\(id)", "staging.path": "\(FileSystem.path(url))", "error.message": "\(error)"]
            )
        }
    }

    /// Makes the renames durable: syncs `lectures/` and `.staging/`.
    private func syncLibraryFolders() throws(PackageError) {
        try FileSystem.sync(library.lecturesURL, isDirectory: true)
        try FileSystem.sync(library.stagingURL, isDirectory: true)
    }
}

extension FileEntry {
    /// Byte-wise order of paths, the order of `Manifest.files`.
    static func byPath(_ lhs: FileEntry, _ rhs: FileEntry) -> Bool {
        lhs.path.utf8.lexicographicallyPrecedes(rhs.path.utf8)
    }
}
