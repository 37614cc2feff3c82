import Foundation
import LecternHLS
import LecternPackage
public import Logging

/// Campus pre-fetch from a folder origin (USB drive, another campus's export): plan from the origin's manifests,
/// copy only new or changed files, verify every file's SHA-256, publish each lecture atomically with its manifest and
/// master rewritten to the renditions kept. Exporting to a drive and importing from it are the same operation.
public enum Mirror {
    /// Bytes copied so far and bytes the plan needs, for a progress bar.
    public struct Progress: Sendable {
        public var bytesDone: Int
        public var bytesTotal: Int
    }

    public static func run(
        _ request: MirrorRequest, logger: Logger, progress: (Progress) -> Void = { _ in }
    ) throws(MirrorError) -> MirrorReport {
        let clock = ContinuousClock()
        let started = clock.now
        let origin = try FolderOrigin(request.origin)
        guard origin.library.root.standardizedFileURL.path != request.into.standardizedFileURL.path else {
            throw MirrorError("\(request.into.path): the origin and the target are the same library")
        }
        let target = Library(root: request.into, logger: logger)
        do { try target.prepare() } catch { throw MirrorError("\(request.into.path): cannot create the library: \(error)") }
        _ = try? target.cleanStaleStaging(olderThan: .seconds(6 * 3600))

        let catalog = try origin.catalog()
        var report = MirrorReport(origin: request.origin.path, library: request.into.path)
        let wanted = catalog.filter { manifest in
            (request.series.isEmpty || request.series.contains(manifest.series ?? ""))
                && (request.lectures.isEmpty || request.lectures.contains(manifest.id))
        }
        for id in request.lectures where !catalog.contains(where: { $0.id == id }) {
            report.lectures.append(.init(
                id: id, title: "", status: .failed, renditions: [], filesTransferred: 0, bytesTransferred: 0, bytesTotal: 0,
                error: "\(id): not at the origin"
            ))
        }
        let plans = wanted.map { plan($0, origin: origin, target: target, request: request) }
        let total = plans.reduce(0) { $0 + $1.bytesToCopy }
        var done = 0
        for plan in plans {
            let lecture = mirror(plan, origin: origin, target: target, dryRun: request.dryRun, logger: logger) { bytes in
                done += bytes
                progress(Progress(bytesDone: done, bytesTotal: total))
            }
            report.lectures.append(lecture)
        }
        if request.prune {
            let present = Set(catalog.map(\.id))
            for manifest in (try? target.listLectures()) ?? [] where !present.contains(manifest.id) {
                report.pruned.append(manifest.id)
                if !request.dryRun { remove(manifest.id, from: target, logger: logger) }
            }
        }
        report.wallSeconds = Double((clock.now - started).components.seconds) + Double((clock.now - started).components.attoseconds) * 1e-18
        return report
    }

    /// One lecture: the origin's manifest, the renditions kept, and which files must be copied.
    struct Plan {
        var manifest: Manifest
        var selection: RenditionSelection?
        var files: [FileEntry]
        /// Files already present and identical in the local copy of this lecture.
        var reusable: Set<String>
        var bytesToCopy: Int
        var isUnchanged: Bool
        var error: String?
    }

    static func plan(_ manifest: Manifest, origin: FolderOrigin, target: Library, request: MirrorRequest) -> Plan {
        let masterURL = origin.url(of: "master.m3u8", in: manifest.id)
        guard let text = try? String(contentsOf: masterURL, encoding: .utf8),
              let master = try? PlaylistParser.parseMultivariant(text) else {
            return Plan(manifest: manifest, selection: nil, files: [], reusable: [], bytesToCopy: 0, isUnchanged: false,
                        error: "\(manifest.id)/master.m3u8: missing or unreadable at the origin")
        }
        let selection = RenditionSelection(manifest: manifest, master: master, maxKbps: request.maxKbps, names: request.renditions)
        let files = selection.files(of: manifest)
        let local = try? target.manifest(manifest.id)
        let localFiles = Dictionary((local?.files ?? []).map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        let reusable = Set(files.filter { entry in
            localFiles[entry.path]?.sha256 == entry.sha256
                && (try? FileManager.default.attributesOfItem(atPath: target.lectureURL(manifest.id).appendingPathComponent(entry.path).path)[.size] as? Int)
                == entry.size
        }.map(\.path))
        let unchanged = local != nil && reusable.count == files.count
            && Set(local?.renditions.map(\.name) ?? []) == selection.renditions
            && local?.files.count == files.count + 1  // + the rewritten master
        let bytes = files.filter { !reusable.contains($0.path) }.reduce(0) { $0 + $1.size }
        return Plan(manifest: manifest, selection: selection, files: files, reusable: reusable, bytesToCopy: unchanged ? 0 : bytes,
                    isUnchanged: unchanged, error: nil)
    }

    static func mirror(
        _ plan: Plan, origin: FolderOrigin, target: Library, dryRun: Bool, logger: Logger, copied: (Int) -> Void
    ) -> MirrorReport.Lecture {
        let manifest = plan.manifest
        var lecture = MirrorReport.Lecture(
            id: manifest.id, title: manifest.title, status: .unchanged, renditions: plan.selection.map { $0.renditions.sorted() } ?? [],
            filesTransferred: 0, bytesTransferred: 0, bytesTotal: plan.files.reduce(0) { $0 + $1.size }, error: plan.error
        )
        guard let selection = plan.selection, plan.error == nil else {
            lecture.status = .failed
            return lecture
        }
        if plan.isUnchanged { return lecture }
        if dryRun {
            lecture.status = .planned
            lecture.filesTransferred = plan.files.count - plan.reusable.count
            lecture.bytesTransferred = plan.bytesToCopy
            return lecture
        }
        let existed = target.contains(manifest.id)
        let staging: StagingArea
        do { staging = try target.makeStaging(id: manifest.id) } catch {
            lecture.status = .failed
            lecture.error = "\(manifest.id): cannot create a staging folder: \(error)"
            return lecture
        }
        do {
            for entry in plan.files {
                let destination = staging.url.appendingPathComponent(entry.path)
                try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
                if plan.reusable.contains(entry.path) {
                    try FileManager.default.copyItem(at: target.lectureURL(manifest.id).appendingPathComponent(entry.path), to: destination)
                    continue
                }
                try copyVerified(origin.url(of: entry.path, in: manifest.id), to: destination, expected: entry, lecture: manifest.id)
                lecture.filesTransferred += 1
                lecture.bytesTransferred += entry.size
                copied(entry.size)
            }
            try Data(PlaylistWriter.write(selection.master).utf8).write(to: staging.url.appendingPathComponent("master.m3u8"))
            var draft = manifest
            draft.renditions = manifest.renditions.filter { selection.renditions.contains($0.name) }
            draft.files = []
            let result = try staging.publish(manifest: draft)
            lecture.status = result.outcome == .unchanged ? .unchanged : (existed ? .updated : .published)
            logger.info("Mirrored lecture", metadata: ["lecture.id": "\(manifest.id)", "mirror.status": "\(lecture.status.rawValue)"])
        } catch {
            staging.discard()
            lecture.status = .failed
            lecture.error = "\(error)"
        }
        return lecture
    }

    /// Copies one file and checks its SHA-256 against the origin's manifest; a mismatch is copied once more, then reported.
    static func copyVerified(_ source: URL, to destination: URL, expected: FileEntry, lecture: String) throws {
        for attempt in 1...2 {
            try? FileManager.default.removeItem(at: destination)
            do {
                try FileManager.default.copyItem(at: source, to: destination)
            } catch {
                throw MirrorError("\(lecture)/\(expected.path): cannot copy from the origin: \(error.localizedDescription)")
            }
            if (try? SHA256Hasher.hashFile(at: destination)) == expected.sha256 { return }
            if attempt == 2 { break }
        }
        throw MirrorError("\(lecture)/\(expected.path): SHA-256 differs from the origin's manifest; the lecture was not published")
    }

    /// Removes a withdrawn lecture: renamed out of `lectures/` in one step, then deleted.
    static func remove(_ id: String, from library: Library, logger: Logger) {
        let aside = library.stagingURL.appendingPathComponent("\(id)-pruned-\(UUID().uuidString.prefix(8))")
        do {
            try FileManager.default.moveItem(at: library.lectureURL(id), to: aside)
            try FileManager.default.removeItem(at: aside)
            logger.info("Pruned lecture", metadata: ["lecture.id": "\(id)"])
        } catch {
            logger.warning("Could not prune lecture", metadata: ["lecture.id": "\(id)", "error": "\(error)"])
        }
    }
}
