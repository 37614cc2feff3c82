import Foundation
import LecternFFmpeg
import LecternHLS
import LecternPackage
public import Logging

/// Adds subtitle or audio languages to a published lecture without touching its video: the package's files are
/// linked into a staging folder, the new tracks written beside them, `master.m3u8` and `manifest.json` rewritten,
/// and the whole published in one rename (`StagingArea.publish`), so readers see the old lecture or the new, never a mix.
public enum AddTrack {
    /// Runs off the cooperative pool (audio is encoded); cancelling the task discards the staging folder.
    public static func run(
        _ request: AddTrackRequest,
        logger: Logger,
        progress: @escaping @Sendable (TranscodeProgress) -> Void
    ) async throws -> AddTrackReport {
        try await BlockingWork.run(threadName: "lectern-add-track") { isCancelled in
            try runBlocking(request, logger: logger, progress: progress, isCancelled: isCancelled)
        }
    }

    /// The same, blocking the calling thread.
    public static func runBlocking(
        _ request: AddTrackRequest,
        logger: Logger,
        progress: (TranscodeProgress) -> Void,
        isCancelled: () -> Bool = { false }
    ) throws -> AddTrackReport {
        let (package, manifest, original) = try openPackage(request.package)
        // Every input is checked before anything is written.
        let inputs = try Inputs(request, manifest: manifest, master: original)
        let library = Library(root: package.deletingLastPathComponent().deletingLastPathComponent(), logger: logger)
        let staging = try library.makeStaging(id: manifest.id)
        do {
            var updated = manifest
            var master = original
            let replaced = (manifest.subtitles ?? []).filter { old in inputs.subtitles.contains { $0.language == old.language } }
            let replacedFolders = Set(replaced.compactMap { $0.playlist.split(separator: "/").first.map(String.init) })
            try linkFiles(manifest, from: package, into: staging.url, skipping: replacedFolders)
            let reference = try referencePlaylist(master, package: package)
            try addSubtitles(inputs.subtitles, replacing: replaced, to: &updated, master: &master, reference: reference, staging: staging.url)
            for audio in inputs.audio {
                if isCancelled() { throw TranscodeError(code: .cancelled, message: "\(package.path): cancelled") }
                try addAudio(
                    audio.input,
                    media: audio.media,
                    hash: audio.hash,
                    to: &updated,
                    master: &master,
                    reference: reference,
                    request: request,
                    staging: staging.url,
                    library: library,
                    logger: logger,
                    progress: progress,
                    isCancelled: isCancelled
                )
            }
            try Data(PlaylistWriter.write(master).utf8).write(to: staging.url.appendingPathComponent("master.m3u8"))
            updated.files = []
            try StagedConformance.check(staging.url, recording: package.lastPathComponent)
            if isCancelled() { throw TranscodeError(code: .cancelled, message: "\(package.path): cancelled") }
            let result = try staging.publish(manifest: updated)
            logger.info("Added tracks", metadata: ["lecture.id": "\(manifest.id)", "lecture.status": "\(result.outcome)"])
            return AddTrackReport(
                id: manifest.id,
                package: result.url.path,
                addedSubtitles: inputs.subtitles.map(\.language),
                addedAudio: inputs.audio.map(\.input.language),
                subtitles: (result.manifest.subtitles ?? []).map(\.language),
                audioLanguages: result.manifest.audioLanguages
            )
        } catch {
            staging.discard()
            throw error
        }
    }
}
