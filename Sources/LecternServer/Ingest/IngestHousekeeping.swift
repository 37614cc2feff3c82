public import Foundation
import LecternJobs
public import LecternPackage
public import Logging
public import ServiceLifecycle

/// What keeps an origin clean while it runs, at start and then every `interval`: jobs whose worker stopped
/// heartbeating go back to the queue, expired and finished uploads are removed, and staging folders no ingest has
/// touched for an hour (a worker or ingest killed mid-way) are removed.
public struct IngestHousekeeping: Service {
    let configuration: IngestConfiguration
    let library: Library
    let interval: Duration
    let logger: Logger

    /// Housekeeping for `configuration`'s queue and uploads and `library`'s staging.
    public init(configuration: IngestConfiguration, library: Library, interval: Duration = .seconds(30), logger: Logger) {
        self.configuration = configuration
        self.library = library
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            await sweep()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.interval) }
        }
    }

    /// One round.
    public func sweep(now: Date = Date()) async {
        do {
            try await configuration.queue.reap()
        } catch {
            logger.warning("Queue unavailable for housekeeping", metadata: ["error": "\(error)"])
        }
        await sweepUploads(now: now)
        _ = try? library.cleanStaleStaging(olderThan: .seconds(3600), now: now)
    }

    /// Removes unfinished uploads past their expiry, the uploads of jobs that are over, and finished uploads past
    /// their expiry that became no job (companion files no recording names, a recording refused at completion).
    func sweepUploads(now: Date) async {
        let uploads = UploadStore(folder: configuration.uploads)
        let all = uploads.all()
        var finished: Set<String> = []
        for info in all where info.kind == .recording {
            if let job = info.job, let state = try? await configuration.queue.store.job(id: job)?.state, state.isFinal { finished.insert(info.id) }
        }
        // Companion files a recording whose job is not over still names.
        let needed = Set(
            all.filter { $0.kind == .recording && !finished.contains($0.id) }.flatMap { Array($0.subtitles.values) + Array($0.audio.values) }
        )
        let named = Set(all.filter { $0.kind == .recording }.flatMap { Array($0.subtitles.values) + Array($0.audio.values) })
        for info in all {
            var remove: [String] = []
            if !info.isComplete, info.expiresAt < now {
                remove = [info.id]
            } else if finished.contains(info.id) {
                remove = [info.id] + (Array(info.subtitles.values) + Array(info.audio.values)).filter { !needed.contains($0) }
            } else if info.isComplete, info.job == nil, info.expiresAt < now, !named.contains(info.id) {
                remove = [info.id]
            }
            for id in remove {
                uploads.remove(id)
                logger.info("Removed upload", metadata: ["upload.id": "\(id)"])
            }
        }
    }
}
