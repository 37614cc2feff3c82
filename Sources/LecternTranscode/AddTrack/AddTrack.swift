import Foundation
import LecternFFmpeg
import LecternHLS
import LecternPackage
public import Logging
import Synchronization

/// Adds subtitle or audio languages to a published lecture without touching its video: the package's files are
/// linked into a staging folder, the new tracks written beside them, `master.m3u8` and `manifest.json` rewritten,
/// and the whole published in one rename (`StagingArea.publish`), so readers see the old lecture or the new, never a mix.
public enum AddTrack {
    /// Runs off the cooperative pool (audio is encoded); cancelling the task discards the staging folder.
    public static func run(
        _ request: AddTrackRequest, logger: Logger, progress: @escaping @Sendable (TranscodeProgress) -> Void
    ) async throws -> AddTrackReport {
        let cancelled = Atomic<Bool>(false)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<AddTrackReport, any Error>) in
                let thread = Thread {
                    do {
                        continuation.resume(returning: try runBlocking(request, logger: logger, progress: progress) { cancelled.load(ordering: .relaxed) })
                    } catch {
                        continuation.resume(throwing: error)
                    }
                }
                thread.name = "lectern-add-track"
                thread.stackSize = 8 << 20
                thread.start()
            }
        } onCancel: {
            cancelled.store(true, ordering: .relaxed)
        }
    }

    public static func runBlocking(
        _ request: AddTrackRequest, logger: Logger, progress: (TranscodeProgress) -> Void, isCancelled: () -> Bool = { false }
    ) throws -> AddTrackReport {
        let package = request.package.standardizedFileURL
        let name = package.path
        guard package.deletingLastPathComponent().lastPathComponent == Library.lecturesFolderName else {
            throw TranscodeError(code: .invalidPackage, message: "\(name): not a lecture package (expected LIBRARY/lectures/<id>)")
        }
        let manifest = try Manifest(contentsOf: package.appendingPathComponent(Manifest.fileName))
        guard manifest.id == package.lastPathComponent else {
            throw TranscodeError(code: .invalidPackage, message: "\(name): its manifest names another lecture (\(manifest.id))")
        }
        let issues = PackageVerifier.verifyIntegrity(of: manifest, at: package)
        guard issues.isEmpty else {
            throw TranscodeError(code: .invalidPackage, message: "\(name): the package is damaged (\(issues[0])); run lectern verify")
        }
        let masterURL = package.appendingPathComponent("master.m3u8")
        var master: MultivariantPlaylist
        do { master = try PlaylistParser.parseMultivariant(String(contentsOf: masterURL, encoding: .utf8)) } catch {
            throw TranscodeError(code: .invalidPackage, message: "\(masterURL.path): cannot read the master playlist (\(error))")
        }

        // Check every input before writing anything.
        var subtitleTracks: [SubtitleTrack] = []
        for input in request.subtitles {
            guard !subtitleTracks.contains(where: { $0.language == input.language }) else {
                throw TranscodeError(code: .invalidSubtitles, message: "\(input.file.lastPathComponent): a second subtitle file for language \(input.language)")
            }
            subtitleTracks.append(try SubtitleLoader.fit(try SubtitleLoader.load(input), duration: manifest.duration))
        }
        var audioInputs: [(input: TrackInput, media: MediaInfo, hash: String)] = []
        var audioLanguages = Set(manifest.audioLanguages)
        for input in request.audio {
            let file = input.file.lastPathComponent
            if let problem = LanguageTag.problem(input.language) { throw TranscodeError(code: .invalidLanguage, message: "\(file): audio language \(problem)") }
            guard audioLanguages.insert(input.language).inserted else {
                throw TranscodeError(code: .unsupportedInput, message: "\(file): the lecture already has \(input.language) audio")
            }
            let media = try Prober.probe(input.file)
            guard media.audio != nil else { throw TranscodeError(code: .noUsableStream, message: "\(file): no decodable audio stream") }
            let hash: String
            do { hash = try SHA256Hasher.hashFile(at: input.file) } catch {
                throw TranscodeError(code: .fileNotFound, message: "\(input.file.path): cannot read (\(error))")
            }
            audioInputs.append((input, media, hash))
        }
        guard !subtitleTracks.isEmpty || !audioInputs.isEmpty else {
            throw TranscodeError(code: .invalidPackage, message: "\(name): nothing to add (give --subtitles or --audio)")
        }
        if !audioInputs.isEmpty, !master.renditions.contains(where: { $0.type == .audio }) {
            throw TranscodeError(code: .unsupportedInput, message: "\(name): the lecture has no sound, so other audio languages cannot be aligned with it")
        }

        let library = Library(root: package.deletingLastPathComponent().deletingLastPathComponent(), logger: logger)
        let staging = try library.makeStaging(id: manifest.id)
        do {
            var updated = manifest
            let replaced = (manifest.subtitles ?? []).filter { old in subtitleTracks.contains { $0.language == old.language } }
            let replacedFolders = Set(replaced.compactMap { $0.playlist.split(separator: "/").first.map(String.init) })
            try linkFiles(manifest, from: package, into: staging.url, skipping: replacedFolders)

            // The reference video playlist: where segments start and what timestamp the media starts at.
            let reference = try referencePlaylist(master, package: package)
            if !subtitleTracks.isEmpty {
                let kept = (manifest.subtitles ?? []).filter { !replacedFolders.contains(String($0.playlist.split(separator: "/").first ?? "")) }
                let added = try Ingest.writeSubtitles(
                    subtitleTracks, spans: reference.spans, mediaTimestamp: reference.mediaTimestamp, duration: manifest.duration, folder: staging.url,
                    existing: kept
                )
                updated.subtitles = kept + added
                let replacedURIs = Set(replaced.map(\.playlist))
                master.renditions.removeAll { $0.type == .subtitles && replacedURIs.contains($0.uri ?? "") }
                for track in added {
                    master.renditions.append(Rendition(
                        type: .subtitles, groupID: PlaylistBuilder.subtitleGroup, language: track.language, name: track.name, isDefault: false,
                        autoselect: true, uri: track.playlist
                    ))
                }
                for index in master.variants.indices { master.variants[index].subtitles = PlaylistBuilder.subtitleGroup }
            }
            for (input, media, hash) in audioInputs {
                if isCancelled() { throw TranscodeError(code: .cancelled, message: "\(name): cancelled") }
                try addAudio(
                    input, media: media, hash: hash, to: &updated, master: &master, reference: reference, request: request, staging: staging.url,
                    library: library, logger: logger, progress: progress, isCancelled: isCancelled
                )
            }
            try Data(PlaylistWriter.write(master).utf8).write(to: staging.url.appendingPathComponent("master.m3u8"))
            updated.files = []
            if isCancelled() { throw TranscodeError(code: .cancelled, message: "\(name): cancelled") }
            let result = try staging.publish(manifest: updated)
            logger.info("Added tracks", metadata: ["lecture.id": "\(manifest.id)", "lecture.status": "\(result.outcome)"])
            return AddTrackReport(
                id: manifest.id, package: result.url.path, addedSubtitles: subtitleTracks.map(\.language), addedAudio: audioInputs.map(\.input.language),
                subtitles: (result.manifest.subtitles ?? []).map(\.language), audioLanguages: result.manifest.audioLanguages
            )
        } catch {
            staging.discard()
            throw error
        }
    }

    /// The first video variant's media playlist (the audio-only one for an audio-only lecture): its segment spans and
    /// the 90 kHz timestamp its first segment starts at.
    struct Reference {
        var spans: [(start: Double, duration: Double)]
        var mediaTimestamp: Int64
    }

    static func referencePlaylist(_ master: MultivariantPlaylist, package: URL) throws -> Reference {
        guard let variant = master.variants.first(where: { $0.resolution != nil }) ?? master.variants.first else {
            throw TranscodeError(code: .invalidPackage, message: "\(package.path): the master playlist lists no variant")
        }
        let url = package.appendingPathComponent(variant.uri)
        let playlist = try PlaylistParser.parseMedia(String(contentsOf: url, encoding: .utf8))
        guard let first = playlist.segments.first else {
            throw TranscodeError(code: .invalidPackage, message: "\(url.path): no segments")
        }
        var spans: [(start: Double, duration: Double)] = []
        var start = 0.0
        for segment in playlist.segments {
            spans.append((start, segment.duration))
            start += segment.duration
        }
        let folder = url.deletingLastPathComponent()
        let timestamp = try Ingest.mediaTimestamp(
            initSection: first.map.map { folder.appendingPathComponent($0.uri) }, segment: folder.appendingPathComponent(first.uri)
        )
        return Reference(spans: spans, mediaTimestamp: timestamp)
    }

    /// Hard-links (or copies, where links fail) every file of the package into staging, except `master.m3u8`
    /// (rewritten) and the folders of replaced tracks: the video's bytes are the published ones, untouched.
    static func linkFiles(_ manifest: Manifest, from package: URL, into staging: URL, skipping folders: Set<String>) throws {
        let manager = FileManager.default
        for entry in manifest.files where entry.path != "master.m3u8" {
            if let top = entry.path.split(separator: "/").first, entry.path.contains("/"), folders.contains(String(top)) { continue }
            let source = package.appendingPathComponent(entry.path)
            let target = staging.appendingPathComponent(entry.path)
            try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            do { try manager.linkItem(at: source, to: target) } catch { try manager.copyItem(at: source, to: target) }
        }
    }

    /// Encodes one audio file into every audio tier of the lecture (the tiers its groups name), cut at the lecture's
    /// segment boundaries and fitted to its duration, then lists it in each group and in the manifest.
    static func addAudio(
        _ input: TrackInput, media: MediaInfo, hash: String, to manifest: inout Manifest, master: inout MultivariantPlaylist, reference: Reference,
        request: AddTrackRequest, staging: URL, library: Library, logger: Logger, progress: (TranscodeProgress) -> Void, isCancelled: () -> Bool
    ) throws {
        let groups = master.renditions.filter { $0.type == .audio }.map(\.groupID).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        var tiers: [LadderPlan.AudioRendition] = []
        for group in groups {
            guard let tier = request.ladder.audioTiers.first(where: { $0.name == group }) else {
                throw TranscodeError(code: .invalidLadder, message: "\(input.file.lastPathComponent): the ladder has no audio tier \(group); pass the lecture's --ladder")
            }
            let declared = master.renditions.first { $0.type == .audio && $0.groupID == group && $0.isDefault }?.channels.flatMap { Int($0.prefix { $0.isNumber }) }
            tiers.append(LadderPlan.AudioRendition(
                name: group, bitRate: tier.bitrate, channels: declared ?? min(media.audio?.channels ?? 1, tier.maxChannels), sampleRate: tier.sampleRate
            ))
        }
        // Cut where the lecture's own segments are cut, whatever ladder made it: every span but the last as a bootstrap
        // length (starts are whole seconds; rounding only removes the playlists' microsecond noise).
        let starts = reference.spans.map { Int($0.start.rounded()) }
        let lengths = zip(starts.dropFirst(), starts).map { $0 - $1 }.filter { $0 > 0 }
        let config = request.ladder
        let plan = LadderPlan(
            video: [], audio: tiers, audioOnly: nil, segmentSeconds: config.segmentSeconds, keyFrameSeconds: config.keyFrameSeconds,
            bootstrapSegmentSeconds: lengths, preprocessing: []
        )
        let scratch = try library.makeStaging(id: manifest.id)
        defer { scratch.discard() }
        // Only the sound is wanted, even from a file with pictures (a dubbed video given as --audio).
        var soundOnly = media
        soundOnly.video = nil
        let job = TranscodeJob(
            input: input.file, media: soundOnly, plan: plan, folder: scratch.url, format: manifest.segmentFormat, language: input.language,
            fitAudio: manifest.duration, logger: logger
        )
        let output = try job.run(progress: progress, isCancelled: isCancelled)
        for warning in output.warnings { logger.warning("\(warning)") }
        let sizes = Dictionary(manifest.files.map { ($0.path, $0.size) }, uniquingKeysWith: { first, _ in first })
        for rendition in output.renditions {
            let group = rendition.name
            let folderName = "\(group)-\(input.language)"
            guard rendition.segments.count == reference.spans.count else {
                throw TranscodeError(
                    code: .outputFailed,
                    message: "\(input.file.lastPathComponent): \(rendition.segments.count) segments against the lecture's \(reference.spans.count); was the lecture ingested with another ladder?"
                )
            }
            try FileManager.default.moveItem(at: scratch.url.appendingPathComponent(group), to: staging.appendingPathComponent(folderName))
            var renamed = rendition
            renamed.name = folderName
            try Data(PlaylistWriter.write(PlaylistBuilder.mediaPlaylist(renamed)).utf8)
                .write(to: staging.appendingPathComponent(folderName).appendingPathComponent(PlaylistBuilder.mediaPlaylistName))
            let uri = "\(folderName)/\(PlaylistBuilder.mediaPlaylistName)"
            let insertAt = (master.renditions.lastIndex { $0.type == .audio && $0.groupID == group } ?? master.renditions.count - 1) + 1
            master.renditions.insert(Rendition(
                type: .audio, groupID: group, language: input.language, name: LanguageTag.displayName(input.language), isDefault: false, autoselect: true,
                channels: "\(rendition.channels)", uri: uri
            ), at: insertAt)
            // A variant's BANDWIDTH covers its most demanding language: raise it if this one needs more.
            let audioSegments = rendition.segments.map { (bytes: $0.bytes, duration: $0.duration) }
            for index in master.variants.indices where master.variants[index].audio == group {
                let variant = master.variants[index]
                let measured: SegmentBitrate
                if variant.resolution == nil {
                    measured = SegmentBitrate(audioSegments)
                } else {
                    let playlist = try PlaylistParser.parseMedia(String(contentsOf: staging.appendingPathComponent(variant.uri), encoding: .utf8))
                    let folder = (variant.uri as NSString).deletingLastPathComponent
                    measured = SegmentBitrate(
                        playlist.segments.map { (bytes: sizes["\(folder)/\($0.uri)"] ?? 0, duration: $0.duration) }, audio: audioSegments
                    )
                }
                let bandwidth = max(variant.bandwidth, Int(measured.peak.rounded(.up)))
                master.variants[index].bandwidth = bandwidth
                for info in manifest.renditions.indices where manifest.renditions[info].playlist == variant.uri && variant.resolution != nil {
                    manifest.renditions[info].bandwidth = bandwidth
                }
            }
            let own = PlaylistBuilder.measure(renamed)
            manifest.renditions.append(RenditionInfo(
                name: folderName, kind: .audio, playlist: uri, codecs: rendition.codecs, bandwidth: own.peak, averageBandwidth: own.average,
                audioGroup: group, language: input.language
            ))
        }
        manifest.audioTracks = (manifest.audioTracks ?? []) + [AudioTrackInfo(
            language: input.language, name: LanguageTag.displayName(input.language), origin: input.file.lastPathComponent, sourceSHA256: hash
        )]
    }
}
