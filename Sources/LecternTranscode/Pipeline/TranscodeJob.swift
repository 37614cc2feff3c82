public import Foundation
import LecternFFmpeg
public import LecternPackage
public import Logging

/// Decodes a recording once and encodes every rendition of a `LadderPlan` in the same pass: open the recording, read
/// it packet by packet into its branches (`VideoBranch`: every video rung and the poster; an `AudioBranch` per
/// language: every audio tier), then finish them and gather the renditions and the warnings.
///
/// Blocking: call it off the cooperative pool. FFmpeg objects never leave this job; only values (`MediaInfo`,
/// `LadderPlan`, progress, results) cross. Inside it, pictures and rungs move between its threads as `sending` values.
public final class TranscodeJob {
    /// What a transcode produced.
    public struct Output: Sendable {
        /// Every rendition written, video rungs first, each measured.
        public var renditions: [RenditionResult]
        /// Seconds actually decoded.
        public var duration: Double
        /// One line each about the recording (damage, truncation, joined timestamps), for the content team.
        public var warnings: [String]
        /// `poster.jpg` when one was written.
        public var posterFile: String?
        /// Slide-change chapters, in order (empty when not asked for, or for a recording without video).
        public var chapters: [DetectedChapter]
    }

    /// A decoded stream of the recording and the branch its frames go to.
    private enum Sink {
        case video(VideoBranch)
        case audio(AudioBranch)
    }

    /// What reading the recording left behind: the lecture's zero in the streams' clock, the times its timestamps were
    /// joined at, and what stopped reading early, if anything.
    private struct Reading {
        var offset: Double
        var joins: [Double]
        var failure: FFmpegError?
    }

    let input: URL
    let media: MediaInfo
    let plan: LadderPlan
    let logger: Logger
    private let target: RenditionTarget
    /// The recording's own audio first, then other languages (other streams of the recording, other files).
    private let audioSources: [AudioSource]
    private var damage = DamageLog()
    /// Seconds of the recording decoded so far.
    private var processed = 0.0
    /// The recording's own language, and the shortest chapter (nil: no chapters).
    private let language: String
    private let minimumChapter: Double?
    private let readsSlideText: Bool

    /// `language` is the recording's own audio's (and its slides'); `otherAudio` lists more languages, each encoded into
    /// every tier; `minimumChapter` asks for slide-change chapters at least that many seconds long.
    public init(
        input: URL,
        media: MediaInfo,
        plan: LadderPlan,
        folder: URL,
        format: SegmentFormat,
        language: String = "und",
        otherAudio: [AudioSource] = [],
        minimumChapter: Double? = nil,
        readsSlideText: Bool = true,
        logger: Logger
    ) {
        self.input = input
        self.media = media
        self.plan = plan
        self.logger = logger
        self.language = language
        self.minimumChapter = minimumChapter
        self.readsSlideText = readsSlideText
        target = RenditionTarget(folder: folder, format: format, plan: plan, mediaDuration: media.duration)
        audioSources = media.audio.map { [AudioSource(language: language, streamIndex: $0.streamIndex, nameSuffix: "")] + otherAudio } ?? []
    }

    /// Runs the whole transcode into the folder; a failure says what went wrong in one line naming the recording.
    public func run(progress: (TranscodeProgress) -> Void, isCancelled: () -> Bool = { false }) throws(TranscodeError) -> Output {
        do {
            return try transcode(progress: progress, isCancelled: isCancelled)
        } catch {
            throw TranscodeError.wrapping(error, fileName: media.fileName, folder: target.folder)
        }
    }

    private func transcode(progress: (TranscodeProgress) -> Void, isCancelled: () -> Bool) throws -> Output {
        let demuxer: Demuxer
        do { demuxer = try Demuxer(path: input.path) } catch {
            throw TranscodeError(code: .notMedia, message: "\(media.fileName): not a recording FFmpeg can read", cause: error)
        }
        let chapters = media.video.flatMap { source in
            minimumChapter.map {
                ChapterBranch(
                    folder: target.folder,
                    displayWidth: source.displayWidth,
                    displayHeight: source.displayHeight,
                    textLanguage: readsSlideText ? language : nil,
                    minimumChapter: $0,
                    logger: logger
                )
            }
        }
        defer { chapters?.stop() }
        let video = try media.video.map { _ in
            try VideoBranch(media: media, plan: plan, target: target, chapters: chapters, logger: logger)
        }
        // Whatever stops the job, no rung thread outlives it (they write into the folder the caller cleans up).
        defer { video?.stop() }
        let audio = try audioSources.map { try AudioBranch(source: $0, tiers: plan.audio, target: target, logger: logger) }
        let own = audio.filter { $0.source.file == nil }
        var clock = ProgressClock(total: media.duration)
        let reading = try read(demuxer, video: video, audio: own, clock: &clock, progress: progress, isCancelled: isCancelled)
        try video?.finish()
        for branch in own { try branch.finish() }
        // Other files' audio (dubbing, interpretation), once the video's end is known: each starts at 0 like the
        // recording's and is cut or padded with silence to the lecture's end, so every language covers the same segments.
        let end = video?.endTime ?? own.first?.endTime
        for branch in audio where branch.source.file != nil {
            if isCancelled() { throw TranscodeError(code: .cancelled, message: "\(media.fileName): cancelled") }
            _ = try branch.encodeSourceFile(fittedTo: end, damage: &damage, isCancelled: isCancelled)
        }
        var output = try finish(video: video, audio: audio, reading: reading)
        output.chapters = chapters?.finish(end: output.duration) ?? []
        progress(clock.done(processed))
        return output
    }

    /// Reads the recording to its end, each packet decoded into its branch; then flushes the decoders.
    private func read(
        _ demuxer: Demuxer,
        video: VideoBranch?,
        audio: [AudioBranch],
        clock: inout ProgressClock,
        progress: (TranscodeProgress) -> Void,
        isCancelled: () -> Bool
    ) throws -> Reading {
        var sinks: [(stream: Int, sink: Sink)] = audio.map { ($0.source.streamIndex, .audio($0)) }
        if let video, let stream = media.video?.streamIndex { sinks.insert((stream, .video(video)), at: 0) }
        demuxer.select(streams: Set(sinks.map(\.stream)))
        let offset = Self.startOffset(demuxer.info, streams: [media.video?.streamIndex, media.audio?.streamIndex].compactMap { $0 })
        let decoders = try sinks.map { try StreamDecoder(demuxer, stream: $0.stream, offset: offset, logger: logger) }
        let byStream = Dictionary(uniqueKeysWithValues: sinks.indices.map { (sinks[$0].stream, $0) })
        var mender = demuxer.info.hasTimestampDiscontinuities ? TimelineMender() : nil
        let packet = try Packet()
        var failure: FFmpegError?
        while true {
            if isCancelled() { throw TranscodeError(code: .cancelled, message: "\(media.fileName): cancelled") }
            do { guard try demuxer.read(into: packet) else { break } } catch {
                failure = error
                break
            }
            defer { packet.unref() }
            mender?.mend(packet, info: demuxer.info)
            guard let index = byStream[packet.streamIndex] else { continue }
            try decoders[index].decode(packet, damage: &damage, fallbackTime: processed) { frame, time in
                try deliver(frame, time: time, to: sinks[index].sink, timeBase: decoders[index].timeBase)
            }
            if let report = clock.tick(processed) { progress(report) }
        }
        for index in sinks.indices {
            try decoders[index].finish(damage: &damage, fallbackTime: processed) { frame, time in
                try deliver(frame, time: time, to: sinks[index].sink, timeBase: decoders[index].timeBase)
            }
        }
        return Reading(offset: offset, joins: mender?.joins ?? [], failure: failure)
    }

    private func deliver(_ frame: borrowing Frame, time: Double, to sink: Sink, timeBase: Rational) throws {
        processed = max(processed, time)
        switch sink {
        case .video(let video): try video.push(frame, timeBase: timeBase)
        case .audio(let audio): try audio.push(frame, time: time)
        }
    }

    /// Checks that something was decoded, cuts every rendition where the lecture ends, and words the warnings.
    private func finish(video: VideoBranch?, audio: [AudioBranch], reading: Reading) throws -> Output {
        let name = media.fileName
        if let video, video.frames == 0 {
            throw TranscodeError(code: .damagedInput, message: "\(name): no video frame could be decoded", cause: reading.failure)
        }
        let audioFrames = audio.first?.frames ?? 0
        if video == nil, audioFrames == 0 {
            throw TranscodeError(code: .damagedInput, message: "\(name): no audio could be decoded", cause: reading.failure)
        }
        // Where the lecture ends: the longest video rendition (audio when there is none), the same for every writer.
        let lectureEnd = video?.endTime ?? audio.first?.endTime ?? 0
        let renditions = try (video?.results(lectureEnd: lectureEnd) ?? []) + audio.flatMap { try $0.results(lectureEnd: lectureEnd) }
        let duration = renditions.map(\.duration).max() ?? 0
        var warnings = RecordingWarnings(fileName: name)
        try warnings.refuseIfMostlyMissing(duration: duration, headerDuration: media.duration)
        warnings.joined(at: reading.joins.map { $0 - reading.offset })
        warnings.damaged(damage)
        warnings.ending(readFailure: reading.failure, processed: processed, duration: duration, headerDuration: media.duration)
        if video != nil, media.audio != nil, audioFrames == 0 { warnings.silent() }
        // The caller reports them (the CLI prints each as "warning: ..."); the log has them for --verbose.
        for warning in warnings.lines { logger.notice("Recording warning", metadata: ["warning": "\(warning)"]) }
        return Output(
            renditions: renditions,
            duration: duration,
            warnings: warnings.lines,
            posterFile: video?.posterWritten == true ? "poster.jpg" : nil,
            chapters: []
        )
    }

    /// The earliest start among the used streams, in seconds: every timeline starts at zero after it.
    static func startOffset(_ info: ContainerInfo, streams: [Int]) -> Double {
        let starts = streams.compactMap { index -> Double? in
            let stream = info.streams[index]
            return stream.startTime == noTimestamp ? nil : stream.timeBase.seconds(stream.startTime)
        }
        return starts.min() ?? 0
    }
}
