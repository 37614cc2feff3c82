import Foundation
import LecternHLS
import LecternPackage
public import Logging

/// Campus pre-fetch from an origin — a `lectern serve` (`http(s)://`) or a library folder (USB drive, another campus's
/// export) — through one pipeline: plan from the origin's manifests, fetch only new or changed files (concurrently,
/// resumable, rate-limited, retried), verify every file's SHA-256, and publish each lecture atomically with its manifest
/// and master rewritten to the renditions kept. Exporting to a drive and importing from it are the same operation.
public enum Mirror {
    /// Bytes on disk so far and bytes the plan needs, for a progress bar; `bytesReceived` over `elapsed` is the rate.
    public struct Progress: Sendable {
        public var bytesDone: Int
        public var bytesTotal: Int
        public var bytesReceived: Int
        public var elapsed: Duration
    }

    /// Runs a mirror. `onPlan` receives the plan (statuses `planned`, `unchanged` or `failed`) before any transfer.
    /// - Throws: `MirrorError` when the origin or the target is unusable, or the disk refuses a write (full, read-only);
    ///   failures of single lectures are reported in the result instead.
    public static func run(
        _ request: MirrorRequest,
        logger: Logger,
        onPlan: @Sendable (MirrorReport) -> Void = { _ in },
        progress: @escaping @Sendable (Progress) -> Void = { _ in }
    ) async throws(MirrorError) -> MirrorReport {
        let clock = ContinuousClock()
        let started = clock.now
        guard request.concurrency >= 1 else { throw MirrorError(.invalidRequest, "--concurrency must be at least 1") }
        let origin: any MirrorOrigin
        if request.origin.isFileURL {
            let folder = try FolderOrigin(request.origin)
            guard folder.library.root.path != request.into.standardizedFileURL.path else {
                throw MirrorError(.invalidRequest, "\(request.into.path): the origin and the target are the same library")
            }
            origin = folder
        } else {
            origin = HTTPOrigin(request.origin, request: request)
        }
        do {
            let target = try openTarget(request.into, logger: logger)
            var report = try await run(request, origin: origin, target: target, logger: logger, onPlan: onPlan, progress: progress)
            await origin.shutdown()
            report.wallSeconds = (clock.now - started).inSeconds
            return report
        } catch {
            await origin.shutdown()
            throw error
        }
    }

    /// The library to mirror into: created when missing; an existing folder must be empty or a library already.
    static func openTarget(_ url: URL, logger: Logger) throws(MirrorError) -> Library {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw MirrorError(.targetFailed, "\(url.path): not a folder, cannot hold a lecture library") }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            let visible = names.filter { !$0.hasPrefix(".") && $0 != "lost+found" }
            if !visible.isEmpty, !names.contains(Library.lecturesFolderName) {
                throw MirrorError(.targetFailed, "\(url.path): not a Lectern library (it holds other files but no lectures/ folder)")
            }
        }
        let library = Library(root: url, logger: logger)
        do { try library.prepare() } catch { throw MirrorError(.targetFailed, "\(url.path): cannot create the library: \(error)") }
        _ = try? library.cleanStaleStaging(olderThan: .seconds(24 * 3600))
        return library
    }

    /// Something that happened to one lecture while transferring.
    private enum Event: Sendable {
        case fetched(Int, FileFetcher.Outcome)
        case published(Int, Result<PublishResult.Outcome, MirrorError>)
    }

    static func run(
        _ request: MirrorRequest,
        origin: any MirrorOrigin,
        target: Library,
        logger: Logger,
        onPlan: @Sendable (MirrorReport) -> Void,
        progress: @escaping @Sendable (Progress) -> Void
    ) async throws(MirrorError) -> MirrorReport {
        let metadata = MetadataMeter()
        let catalog = try await origin.catalog(meter: metadata)
        var report = MirrorReport(origin: origin.location, library: target.root.path)

        // Which lectures: by id and series; a lecture whose manifest could not be read is reported, not skipped silently.
        var failures: [MirrorReport.Lecture] = []
        var manifests: [Manifest] = []
        for entry in catalog where request.lectures.isEmpty || request.lectures.contains(entry.id) {
            switch entry.manifest {
            case .success(let manifest):
                if request.series.isEmpty || request.series.contains(manifest.series ?? "") { manifests.append(manifest) }
            case .failure(let error):
                if request.series.isEmpty { failures.append(.failed(id: entry.id, error.message)) }
            }
        }
        for id in request.lectures where !catalog.contains(where: { $0.id == id }) {
            failures.append(.failed(id: id, "\(id): not at the origin"))
        }
        let plans = await plan(manifests, origin: origin, target: target, request: request, metadata: metadata)
        var lectures = plans.map(MirrorReport.Lecture.init(plan:))
        report.lectures = lectures + failures
        report.metadataBytes = metadata.total
        onPlan(report)
        if request.dryRun {
            if request.prune { report.pruned = withdrawn(from: target, catalog: catalog) }
            return report
        }

        let meter = TransferMeter(limitRate: request.limitRate, onProgress: progress)
        meter.setTotal(plans.reduce(0) { $0 + ($1.needsPublish ? $1.bytesToFetch : 0) })
        let fetcher = FileFetcher(origin: origin, attempts: max(request.attempts, 1), backoff: request.backoff, meter: meter)
        let publisher = LecturePublisher(target: target, logger: logger)
        var remaining = plans.map { $0.needsPublish ? $0.fetch.count : 0 }
        var queue = plans.indices.filter { plans[$0].needsPublish }.flatMap { index in plans[index].fetch.map { (index, $0) } }[...]
        var resumed = 0
        do {
            try await withThrowingTaskGroup(of: Event.self) { group in
                func publish(_ index: Int) {
                    let plan = plans[index]
                    group.addTask {
                        do { return .published(index, .success(try await publisher.publishOnItsOwnThread(plan))) } catch {
                            let reason = "\(error)"
                            return .published(index, .failure(MirrorError(.notPublished, "\(plan.manifest.id): not published: \(reason)")))
                        }
                    }
                }
                var active = 0
                var originDown: String?
                func startFetches() {
                    if let originDown {
                        // Files of lectures that already failed are still fetched (the next run resumes from them), but
                        // once the origin stops answering nothing more is tried in this run.
                        while let (index, _) = queue.popFirst() {
                            guard lectures[index].status != .failed else { continue }
                            lectures[index].status = .failed
                            lectures[index].error = "\(plans[index].manifest.id): not fetched: \(originDown)"
                        }
                        return
                    }
                    while active < request.concurrency, let (index, entry) = queue.popFirst() {
                        let id = plans[index].manifest.id
                        active += 1
                        group.addTask { .fetched(index, try await fetcher.fetch(entry, of: id, cache: DownloadCache(library: target, id: id))) }
                    }
                }
                for index in plans.indices where plans[index].needsPublish && remaining[index] == 0 { publish(index) }
                startFetches()
                while let event = try await group.next() {
                    switch event {
                    case .fetched(let index, let outcome):
                        active -= 1
                        resumed += outcome.resumed
                        lectures[index].bytesTransferred += outcome.received
                        if outcome.received > 0 { lectures[index].filesTransferred += 1 }
                        if let error = outcome.error {
                            if outcome.originDown, originDown == nil { originDown = error }
                            if lectures[index].status != .failed {
                                lectures[index].status = .failed
                                lectures[index].error = error
                                logger.warning(
                                    "Lecture not mirrored",
                                    metadata: ["lecture.id": "\(plans[index].manifest.id)", "error.message": "\(error)"]
                                )
                            }
                        } else {
                            remaining[index] -= 1
                            if remaining[index] == 0, lectures[index].status != .failed { publish(index) }
                        }
                        startFetches()
                    case .published(let index, .success(let outcome)):
                        lectures[index].status = outcome == .unchanged ? .unchanged : (plans[index].existed ? .updated : .published)
                    case .published(let index, .failure(let error)):
                        lectures[index].status = .failed
                        lectures[index].error = error.message
                    }
                }
            }
        } catch let error as MirrorError {
            throw error
        } catch {
            throw MirrorError(.targetFailed, "\(target.root.path): mirror stopped: \(error)")
        }
        meter.report(force: true)
        report.lectures = lectures + failures
        report.bytesResumed = resumed
        if request.prune {
            report.pruned = withdrawn(from: target, catalog: catalog)
            for id in report.pruned { remove(id, from: target, logger: logger) }
        }
        MasterCache(library: target).keep(only: Set(catalog.compactMap { try? $0.manifest.get().files.first { $0.path == "master.m3u8" }?.sha256 }))
        report.metadataBytes = metadata.total
        return report
    }

    /// Plans every lecture; masters come from the local cache when the origin's manifest names one already kept.
    static func plan(
        _ manifests: [Manifest],
        origin: any MirrorOrigin,
        target: Library,
        request: MirrorRequest,
        metadata: MetadataMeter
    ) async -> [LecturePlan] {
        let masters = MasterCache(library: target)
        return await withTaskGroup(of: (Int, LecturePlan).self) { group in
            var plans: [LecturePlan?] = Array(repeating: nil, count: manifests.count)
            var pending = manifests.indices[...]
            func next() {
                guard let index = pending.popFirst() else { return }
                let manifest = manifests[index]
                group.addTask {
                    guard let entry = manifest.files.first(where: { $0.path == "master.m3u8" }) else {
                        var plan = LecturePlan(manifest: manifest, originMaster: nil, target: target, request: request)
                        plan.error = "\(manifest.id): the manifest lists no master.m3u8"
                        return (index, plan)
                    }
                    var data = masters.read(sha256: entry.sha256)
                    var problem: String?
                    if data == nil {
                        do {
                            let fetched = try await origin.master(of: manifest.id, meter: metadata)
                            if SHA256Hasher.hash(fetched) == entry.sha256 {
                                masters.store(fetched, sha256: entry.sha256)
                                data = fetched
                            } else {
                                problem = "\(manifest.id)/master.m3u8: SHA-256 differs from the origin's manifest; the lecture was not published"
                            }
                        } catch TransferFailure.retryable(let reason) {
                            problem = "\(manifest.id)/master.m3u8: \(reason)"
                        } catch TransferFailure.permanent(let reason) {
                            problem = "\(manifest.id)/master.m3u8: \(reason)"
                        } catch {
                            problem = "\(manifest.id)/master.m3u8: \(error.localizedDescription)"
                        }
                    }
                    var plan = LecturePlan(manifest: manifest, originMaster: data, target: target, request: request)
                    if let problem { plan.error = problem }
                    return (index, plan)
                }
            }
            for _ in 0..<max(request.concurrency, 4) { next() }
            for await (index, plan) in group {
                plans[index] = plan
                next()
            }
            return plans.compactMap { $0 }
        }
    }

    /// Local lectures the origin no longer lists.
    static func withdrawn(from target: Library, catalog: [CatalogEntry]) -> [String] {
        let present = Set(catalog.map(\.id))
        return ((try? target.listLectures()) ?? []).map(\.id).filter { !present.contains($0) }
    }

    /// Removes a withdrawn lecture: renamed out of `lectures/` in one step, then deleted.
    static func remove(_ id: String, from library: Library, logger: Logger) {
        let aside = library.stagingURL.appendingPathComponent("\(id)-pruned-\(UUID().uuidString.prefix(8))")
        do {
            try FileManager.default.moveItem(at: library.lectureURL(id), to: aside)
            try FileManager.default.removeItem(at: aside)
            DownloadCache(library: library, id: id).remove()
            logger.info("Pruned lecture", metadata: ["lecture.id": "\(id)"])
        } catch {
            logger.warning("Could not prune lecture", metadata: ["lecture.id": "\(id)", "error": "\(error)"])
        }
    }
}

extension MirrorReport.Lecture {
    init(plan: LecturePlan) {
        self.init(
            id: plan.manifest.id,
            title: plan.manifest.title,
            status: plan.error != nil ? .failed : (plan.isUnchanged ? .unchanged : .planned),
            renditions: plan.selection.map { $0.renditions.sorted() } ?? [],
            filesToFetch: plan.isUnchanged ? 0 : plan.fetch.count,
            bytesToFetch: plan.bytesToFetch,
            filesTransferred: 0,
            bytesTransferred: 0,
            bytesTotal: plan.bytesTotal,
            error: plan.error
        )
    }

    static func failed(id: String, _ message: String) -> Self {
        Self(
            id: id,
            title: "",
            status: .failed,
            renditions: [],
            filesToFetch: 0,
            bytesToFetch: 0,
            filesTransferred: 0,
            bytesTransferred: 0,
            bytesTotal: 0,
            error: message
        )
    }
}
