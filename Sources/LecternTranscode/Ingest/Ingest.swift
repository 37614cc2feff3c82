import Foundation
import LecternFFmpeg
import LecternHLS
import LecternPackage
public import Logging

/// Recording in, published lecture package out: probe → plan → transcode into a staging folder →
/// playlists + poster + manifest → verify → atomic rename into `lectures/<id>`.
public enum Ingest {
    /// What Lectern sees in the file and the ladder it would make, without encoding.
    public static func preview(_ request: IngestRequest) throws(TranscodeError) -> (media: MediaInfo, plan: LadderPlan) {
        let media = try Prober.probe(request.input)
        return (media, LadderPlanner.plan(media, config: request.ladder))
    }

    /// Runs a whole ingest off the cooperative thread pool; cancelling the task stops encoding and discards staging.
    public static func run(
        _ request: IngestRequest,
        logger: Logger,
        progress: @escaping @Sendable (TranscodeProgress) -> Void
    ) async throws -> IngestReport {
        try await BlockingWork.run(threadName: "lectern-ingest") { isCancelled in
            try runBlocking(request, logger: logger, progress: progress, isCancelled: isCancelled)
        }
    }

    /// The same ingest, blocking the calling thread.
    public static func runBlocking(
        _ request: IngestRequest,
        logger: Logger,
        progress: (TranscodeProgress) -> Void,
        isCancelled: () -> Bool = { false }
    ) throws -> IngestReport {
        let clock = ContinuousClock()
        let started = clock.now
        try request.ladder.validate()
        if let problem = LanguageTag.problem(request.language) {
            throw TranscodeError(code: .invalidLanguage, message: "\(request.input.lastPathComponent): language \(problem)")
        }
        // The recording is read up to four times, each for a reason that must come before the next:
        // 1. probe (headers and a few packets): what it holds decides the ladder, and a file that is no recording is
        //    refused here, before anything long;
        // 2. embedded subtitles, only when it has text subtitle streams: a subtitle track that cannot be used fails
        //    before the encode, not after it;
        // 3. SHA-256 of every byte, at disk speed: the lecture's id, so a re-run of the same ingest stops here;
        // 4. the transcode itself.
        let media = try Prober.probe(request.input)
        let plan = LadderPlanner.plan(media, config: request.ladder)
        let subtitles = try subtitleTracks(request, media: media)
        let (otherAudio, audioTracks) = try otherAudio(request, media: media)
        let sourceHash = try SHA256Hasher.hashFile(at: request.input)
        let id = LectureID.make(title: request.title, contentHash: sourceHash)
        let library = Library(root: request.library, logger: logger)
        try library.prepare()
        _ = try? library.cleanStaleStaging(olderThan: .seconds(6 * 3600))

        if !request.force, let existing = try? library.manifest(id),
            isSameIngest(existing, request: request, sourceHash: sourceHash, subtitles: subtitles, audioTracks: audioTracks),
            PackageVerifier.verifyIntegrity(at: library.lectureURL(id)).isEmpty
        {
            logger.info("Lecture already published", metadata: ["lecture.id": "\(id)"])
            return report(existing, status: .unchanged, library: library, wall: (clock.now - started).inSeconds)
        }

        let staging = try library.makeStaging(id: id)
        do {
            let job = TranscodeJob(
                input: request.input,
                media: media,
                plan: plan,
                folder: staging.url,
                format: request.format,
                language: request.language,
                otherAudio: otherAudio,
                minimumChapter: request.minimumChapter,
                readsSlideText: request.readsSlideText,
                logger: logger
            )
            let output = try job.run(progress: progress, isCancelled: isCancelled)
            let subtitleInfos = try SubtitleWriter.write(subtitles, output: output, folder: staging.url)
            let chapters = ChapterWriter.infos(output.chapters)
            try ChapterWriter.write(
                chapters,
                duration: output.duration,
                language: request.language,
                thumbnailSize: media.video.map { ChapterPictures.thumbnailSize(displayWidth: $0.displayWidth, displayHeight: $0.displayHeight) },
                folder: staging.url
            )
            let renditions = try writePlaylists(
                output,
                plan: plan,
                language: request.language,
                subtitles: subtitleInfos,
                hasChapters: !chapters.isEmpty,
                folder: staging.url
            )
            let draft = Manifest(
                id: id,
                title: request.title,
                series: request.series,
                language: request.language,
                duration: output.duration,
                createdAt: Manifest.timestamp(),
                source: SourceInfo(
                    fileName: media.fileName,
                    size: media.fileSize,
                    sha256: sourceHash,
                    container: media.container,
                    videoCodec: media.video?.codec,
                    audioCodec: media.audio?.codec,
                    width: media.video?.displayWidth,
                    height: media.video?.displayHeight,
                    duration: media.duration
                ),
                segmentFormat: request.format,
                renditions: renditions,
                subtitles: subtitleInfos.isEmpty ? nil : subtitleInfos,
                audioTracks: audioTracks.isEmpty ? nil : audioTracks,
                chapters: chapters.isEmpty ? nil : chapters,
                warnings: output.warnings
            )
            try StagedConformance.check(staging.url, recording: media.fileName)
            if isCancelled() { throw TranscodeError(code: .cancelled, message: "\(media.fileName): cancelled") }
            let result = try staging.publish(manifest: draft)
            let manifest = result.manifest
            let status: IngestReport.Status =
                switch result.outcome {
                case .published: .published
                case .replaced: .replaced
                case .unchanged: .unchanged
                }
            logger.info("Published lecture", metadata: ["lecture.id": "\(id)", "lecture.status": "\(status.rawValue)"])
            return report(manifest, status: status, library: library, wall: (clock.now - started).inSeconds)
        } catch {
            staging.discard()
            throw error
        }
    }

    /// Writes every playlist into `folder` and describes the renditions for the manifest.
    static func writePlaylists(
        _ output: TranscodeJob.Output,
        plan: LadderPlan,
        language: String,
        subtitles: [SubtitleInfo] = [],
        hasChapters: Bool = false,
        folder: URL
    ) throws -> [RenditionInfo] {
        let byName = Dictionary(uniqueKeysWithValues: output.renditions.map { ($0.name, $0) })
        var infos: [RenditionInfo] = []
        for rendition in output.renditions {
            let folder = folder.appendingPathComponent(rendition.name, isDirectory: true)
            try write(
                PlaylistWriter.write(PlaylistBuilder.mediaPlaylist(rendition)),
                to: folder.appendingPathComponent(PlaylistBuilder.mediaPlaylistName)
            )
            var iFramePlaylist: String?
            if let iFrames = PlaylistBuilder.iFramePlaylist(rendition) {
                try write(PlaylistWriter.write(iFrames), to: folder.appendingPathComponent(PlaylistBuilder.iFramePlaylistName))
                iFramePlaylist = "\(rendition.name)/\(PlaylistBuilder.iFramePlaylistName)"
            }
            let audioName = rendition.isVideo ? plan.video.first { $0.name == rendition.name }?.audio : rendition.group
            let measured = PlaylistBuilder.measure(rendition, with: rendition.isVideo ? audioName.flatMap { byName[$0] } : nil)
            infos.append(
                RenditionInfo(
                    name: rendition.name,
                    kind: rendition.isVideo ? .video : .audio,
                    playlist: "\(rendition.name)/\(PlaylistBuilder.mediaPlaylistName)",
                    iFramePlaylist: iFramePlaylist,
                    codecs: rendition.codecs,
                    width: rendition.isVideo ? rendition.width : nil,
                    height: rendition.isVideo ? rendition.height : nil,
                    frameRate: rendition.isVideo ? Double(rendition.frameRate) : nil,
                    bandwidth: measured.peak,
                    averageBandwidth: measured.average,
                    audioGroup: audioName,
                    language: rendition.isVideo ? nil : rendition.language
                )
            )
        }
        let master = PlaylistBuilder.multivariantPlaylist(
            output.renditions,
            plan: plan,
            language: language,
            subtitles: subtitles,
            hasChapters: hasChapters
        )
        try write(PlaylistWriter.write(master), to: folder.appendingPathComponent("master.m3u8"))
        return infos
    }

    private static func write(_ text: String, to url: URL) throws {
        try Data(text.utf8).write(to: url)
    }

    static func isSameIngest(
        _ manifest: Manifest,
        request: IngestRequest,
        sourceHash: String,
        subtitles: [SubtitleTrack],
        audioTracks: [AudioTrackInfo]
    ) -> Bool {
        let published = (manifest.subtitles ?? []).compactMap { track in track.sourceSHA256.map { "\(track.language)=\($0)" } }.sorted()
        return manifest.source.sha256 == sourceHash && manifest.title == request.title && manifest.series == request.series
            && manifest.language == request.language && manifest.segmentFormat == request.format
            && published == subtitleFingerprint(subtitles) && (manifest.audioTracks ?? []) == audioTracks
    }

    static func report(_ manifest: Manifest, status: IngestReport.Status, library: Library, wall: Double) -> IngestReport {
        let folder = library.lectureURL(manifest.id)
        return IngestReport(
            id: manifest.id,
            status: status,
            title: manifest.title,
            package: folder.path,
            master: folder.appendingPathComponent("master.m3u8").path,
            duration: manifest.duration,
            wallSeconds: wall,
            renditions: manifest.renditions.map {
                .init(
                    name: $0.name,
                    kind: $0.kind.rawValue,
                    width: $0.width,
                    height: $0.height,
                    frameRate: $0.frameRate,
                    codecs: $0.codecs,
                    bandwidth: $0.bandwidth,
                    averageBandwidth: $0.averageBandwidth,
                    bytes: $0.bytes
                )
            },
            subtitles: (manifest.subtitles ?? []).map(\.language),
            audioLanguages: manifest.renditions.contains { $0.kind == .audio } ? manifest.audioLanguages : [],
            warnings: manifest.warnings
        )
    }
}
