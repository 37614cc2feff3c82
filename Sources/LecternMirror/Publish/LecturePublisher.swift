import Foundation
import LecternPackage
import Logging

/// Assembles a lecture from the download cache and the local copy, then publishes it with `StagingArea.publish`.
/// Every downloaded file was checked against the origin's SHA-256 as it streamed; the publish checks that exactly the
/// listed files are there with their sizes before the rename that makes the lecture visible.
struct LecturePublisher: Sendable {
    let target: Library
    let logger: Logger

    func publish(_ plan: LecturePlan) throws -> PublishResult.Outcome {
        guard let expected = plan.expected else { throw MirrorError(.notPublished, "\(plan.manifest.id): nothing to publish") }
        let id = plan.manifest.id
        let cache = DownloadCache(library: target, id: id)
        let staging: StagingArea
        do { staging = try target.makeStaging(id: id) } catch {
            throw MirrorError(.targetFailed, "\(id): cannot create a staging folder: \(error)")
        }
        do {
            let local = target.lectureURL(id)
            var folders: Set<String> = []
            for entry in plan.files {
                let destination = staging.url.appendingPathComponent(entry.path)
                let parent = (entry.path as NSString).deletingLastPathComponent
                if !parent.isEmpty, folders.insert(parent).inserted {
                    try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
                }
                let source = plan.reusable.contains(entry.path) ? local.appendingPathComponent(entry.path) : cache.verified(entry)
                try Self.place(source, at: destination)
            }
            try plan.master.write(to: staging.url.appendingPathComponent("master.m3u8"))
            // The draft lists every file with the origin's SHA-256, which each download matched as it streamed (the
            // cache keeps only verified files) or the local package's manifest lists for a file kept: publishing
            // checks names and sizes without reading a gigabyte again.
            // One syncfs for the lecture's hundreds of files (this runs on a thread of its own, see below).
            var outcome = try staging.publish(manifest: expected, check: .trustListedHashes, sync: .fileSystem).outcome
            if outcome == .unchanged, (try? target.manifest(id)) != expected {
                // Same files, new description (a title or series changed at the origin): publishing keeps the package
                // as it is, so its manifest is replaced on its own, atomically (written aside, renamed over).
                try expected.write(to: target.lectureURL(id).appendingPathComponent(Manifest.fileName))
                outcome = .replaced
            }
            cache.remove()
            logger.info("Mirrored lecture", metadata: ["lecture.id": "\(id)", "mirror.outcome": "\(outcome.rawValue)"])
            return outcome
        } catch {
            staging.discard()
            throw error
        }
    }

    /// `publish(_:)` on a thread of its own: publishing blocks on the disk (hard links, renames, and `syncfs` while a
    /// lecture's bytes are written back, ~0.3 s per 125 MB here), and on the cooperative pool — two threads on a
    /// two-core machine — it would halve the downloads running meanwhile.
    func publishOnItsOwnThread(_ plan: LecturePlan) async throws -> PublishResult.Outcome {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try publish(plan) }) }
        }
    }

    /// A hard link where the file system allows one (no copy, the cache and the old package stay intact until the
    /// publish), a copy otherwise (FAT and exFAT drives).
    static func place(_ source: URL, at destination: URL) throws {
        do {
            try FileManager.default.linkItem(at: source, to: destination)
        } catch {
            try FileManager.default.copyItem(at: source, to: destination)
        }
    }
}
