import Foundation
import LecternHLS
import LecternPackage
import Logging

extension AddTrack {
    /// Encodes the sound of `input` (even a file with pictures: a dubbed video given as --audio) into `plan`'s tiers in
    /// `folder`, one folder per tier, cut at the plan's boundaries and fitted to the lecture's `duration` seconds.
    static func encodeAudio(
        _ input: TrackInput,
        stream: Int,
        plan: LadderPlan,
        duration: Double,
        format: SegmentFormat,
        folder: URL,
        logger: Logger,
        progress: (TranscodeProgress) -> Void,
        isCancelled: () -> Bool
    ) throws(TranscodeError) -> [RenditionResult] {
        let name = input.file.lastPathComponent
        let target = RenditionTarget(folder: folder, format: format, plan: plan, mediaDuration: duration)
        let source = AudioSource(language: input.language, file: input.file, streamIndex: stream, nameSuffix: "")
        var damage = DamageLog()
        var clock = ProgressClock(total: duration)
        var done = 0.0
        do {
            let branch = try AudioBranch(source: source, tiers: plan.audio, target: target, logger: logger)
            let failure = try branch.encodeSourceFile(fittedTo: duration, damage: &damage, isCancelled: isCancelled) { seconds in
                done = seconds
                if let report = clock.tick(seconds) { progress(report) }
            }
            var warnings = RecordingWarnings(fileName: name)
            warnings.damaged(damage)
            warnings.ending(readFailure: failure, processed: done, duration: duration, headerDuration: 0)
            for warning in warnings.lines { logger.warning("\(warning)") }
            let renditions = try branch.results(lectureEnd: branch.endTime ?? duration)
            progress(clock.done(done))
            return renditions
        } catch {
            throw TranscodeError.wrapping(error, fileName: name, folder: folder)
        }
    }

    /// Encodes one audio file into every audio tier of the lecture (the tiers its groups name), cut at the lecture's
    /// segment boundaries and fitted to its duration, then lists it in each group and in the manifest.
    static func addAudio(
        _ input: TrackInput,
        media: MediaInfo,
        hash: String,
        to manifest: inout Manifest,
        master: inout MultivariantPlaylist,
        reference: Reference,
        request: AddTrackRequest,
        staging: URL,
        library: Library,
        logger: Logger,
        progress: (TranscodeProgress) -> Void,
        isCancelled: () -> Bool
    ) throws {
        let groups = master.renditions.filter { $0.type == .audio }.map(\.groupID).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        var tiers: [LadderPlan.AudioRendition] = []
        for group in groups {
            guard let tier = request.ladder.audioTiers.first(where: { $0.name == group }) else {
                throw TranscodeError(
                    code: .invalidLadder,
                    message: "\(input.file.lastPathComponent): the ladder has no audio tier \(group); pass the lecture's --ladder"
                )
            }
            let declared = master.renditions.first { $0.type == .audio && $0.groupID == group && $0.isDefault }?.channels.flatMap {
                Int($0.prefix { $0.isNumber })
            }
            tiers.append(
                LadderPlan.AudioRendition(
                    name: group,
                    bitRate: tier.bitrate,
                    channels: declared ?? min(media.audio?.channels ?? 1, tier.maxChannels),
                    sampleRate: tier.sampleRate
                )
            )
        }
        // Cut where the lecture's own segments are cut, whatever ladder made it: every span but the last as a bootstrap
        // length (starts are whole seconds; rounding only removes the playlists' microsecond noise).
        let starts = reference.spans.map { Int($0.start.rounded()) }
        let lengths = zip(starts.dropFirst(), starts).map { $0 - $1 }.filter { $0 > 0 }
        let config = request.ladder
        let plan = LadderPlan(
            video: [],
            audio: tiers,
            audioOnly: nil,
            segmentSeconds: config.segmentSeconds,
            keyFrameSeconds: config.keyFrameSeconds,
            bootstrapSegmentSeconds: lengths,
            preprocessing: []
        )
        let scratch = try library.makeStaging(id: manifest.id)
        defer { scratch.discard() }
        let renditions = try encodeAudio(
            input,
            stream: media.audio?.streamIndex ?? 0,
            plan: plan,
            duration: manifest.duration,
            format: manifest.segmentFormat,
            folder: scratch.url,
            logger: logger,
            progress: progress,
            isCancelled: isCancelled
        )
        let sizes = Dictionary(manifest.files.map { ($0.path, $0.size) }, uniquingKeysWith: { first, _ in first })
        for rendition in renditions {
            let group = rendition.name
            let folderName = "\(group)-\(input.language)"
            guard rendition.segments.count == reference.spans.count else {
                throw TranscodeError(
                    code: .outputFailed,
                    message:
                        "\(input.file.lastPathComponent): \(rendition.segments.count) segments against the lecture's \(reference.spans.count); was the lecture ingested with another ladder?"
                )
            }
            try FileManager.default.moveItem(at: scratch.url.appendingPathComponent(group), to: staging.appendingPathComponent(folderName))
            var renamed = rendition
            renamed.name = folderName
            try Data(PlaylistWriter.write(PlaylistBuilder.mediaPlaylist(renamed)).utf8)
                .write(to: staging.appendingPathComponent(folderName).appendingPathComponent(PlaylistBuilder.mediaPlaylistName))
            let uri = "\(folderName)/\(PlaylistBuilder.mediaPlaylistName)"
            let insertAt = (master.renditions.lastIndex { $0.type == .audio && $0.groupID == group } ?? master.renditions.count - 1) + 1
            master.renditions.insert(
                Rendition(
                    type: .audio,
                    groupID: group,
                    language: input.language,
                    name: LanguageTag.displayName(input.language),
                    isDefault: false,
                    autoselect: true,
                    channels: "\(rendition.channels)",
                    uri: uri
                ),
                at: insertAt
            )
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
                        playlist.segments.map { (bytes: sizes["\(folder)/\($0.uri)"] ?? 0, duration: $0.duration) },
                        audio: audioSegments
                    )
                }
                let bandwidth = max(variant.bandwidth, Int(measured.peak.rounded(.up)))
                master.variants[index].bandwidth = bandwidth
                for info in manifest.renditions.indices where manifest.renditions[info].playlist == variant.uri && variant.resolution != nil {
                    manifest.renditions[info].bandwidth = bandwidth
                }
            }
            let own = PlaylistBuilder.measure(renamed)
            manifest.renditions.append(
                RenditionInfo(
                    name: folderName,
                    kind: .audio,
                    playlist: uri,
                    codecs: rendition.codecs,
                    bandwidth: own.peak,
                    averageBandwidth: own.average,
                    audioGroup: group,
                    language: input.language
                )
            )
        }
        manifest.audioTracks =
            (manifest.audioTracks ?? []) + [
                AudioTrackInfo(
                    language: input.language,
                    name: LanguageTag.displayName(input.language),
                    origin: input.file.lastPathComponent,
                    sourceSHA256: hash
                )
            ]
    }
}
