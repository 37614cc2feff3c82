public import Foundation
import LecternFFmpeg
public import LecternPackage
public import Logging

/// Decodes a recording once and encodes every rendition of a `LadderPlan` in the same pass:
/// one video filter graph (deinterlace, rotation) feeds every video rung, each on a thread of its own (fps + scale,
/// encoder, segment writer); one audio graph (gap filling, then per tier resampling) feeds one encoder and one writer per
/// audio tier on the job's thread.
///
/// Blocking: call it off the cooperative pool. FFmpeg objects never leave this job; only values (`MediaInfo`,
/// `LadderPlan`, progress, results) cross. Inside it, pictures and rungs move between its threads as `sending` values.
public final class TranscodeJob {
    public struct Output: Sendable {
        public var renditions: [RenditionResult]
        /// Seconds actually decoded.
        public var duration: Double
        public var warnings: [String]
        public var posterFile: String?
    }

    /// One audio tier being produced: its plan, its encoder and the writer cutting its segments.
    private final class AudioOutput {
        let plan: LadderPlan.AudioRendition
        let encoder: Encoder
        let writer: RenditionWriter
        init(plan: LadderPlan.AudioRendition, encoder: Encoder, writer: RenditionWriter) {
            self.plan = plan
            self.encoder = encoder
            self.writer = writer
        }
    }

    /// One audio language on its way through: its decoder, its graph (gap filling + per-tier resampling) and one
    /// encoder + writer per audio tier.
    private final class AudioChain {
        let source: AudioSource
        var decoder: Decoder?
        var graph: FilterGraph?
        var outputs: [AudioOutput] = []
        var frames = 0
        /// Seconds both ends of the timeline are cut or padded to (another file's audio is fitted to the video).
        var fitDuration: Double?
        init(source: AudioSource) { self.source = source }
    }

    let input: URL
    let media: MediaInfo
    let plan: LadderPlan
    /// `plan.keyFrames`, worked out once rather than for every frame.
    private let keyFrames: KeyFrameGrid
    let folder: URL
    let format: SegmentFormat
    let logger: Logger

    /// The video rungs' threads while they run (started with the first picture), then the rungs once they are done.
    private var rungThreads: [VideoRungThread] = []
    private var videoOutputs: [VideoRung] = []
    /// The lecture's own audio first, then other languages.
    private var audioChains: [AudioChain] = []
    private var videoGraph: FilterGraph?
    private var posterEncoder: Encoder?
    private var posterWritten = false
    private var damage = DamageLog()
    private var processed = 0.0
    private var videoFrames = 0

    /// `language` is the recording's own audio's; `otherAudio` lists more languages, each encoded into every tier.
    /// `fitAudio` cuts or pads the recording's audio to that many seconds (a language added to a published lecture).
    public init(
        input: URL, media: MediaInfo, plan: LadderPlan, folder: URL, format: SegmentFormat, language: String = "und",
        otherAudio: [AudioSource] = [], fitAudio: Double? = nil, logger: Logger
    ) {
        self.input = input
        self.media = media
        self.plan = plan
        self.keyFrames = plan.keyFrames
        self.folder = folder
        self.format = format
        self.logger = logger
        if let audio = media.audio {
            audioChains.append(AudioChain(source: AudioSource(language: language, streamIndex: audio.streamIndex, nameSuffix: "")))
            audioChains[0].fitDuration = fitAudio
            audioChains += otherAudio.map(AudioChain.init)
        }
    }

    public func run(
        progress: (TranscodeProgress) -> Void, isCancelled: () -> Bool = { false }
    ) throws(TranscodeError) -> Output {
        do {
            return try transcode(progress: progress, isCancelled: isCancelled)
        } catch let error as TranscodeError {
            throw error
        } catch let error as FFmpegError where error.isWriteFailure {
            throw TranscodeError(code: .outputFailed, message: "\(media.fileName): could not write the renditions in \(folder.path)", cause: error)
        } catch let error as FFmpegError {
            throw TranscodeError(code: error.isInvalidData ? .damagedInput : .encoderFailed, message: "\(media.fileName): transcoding failed", cause: error)
        } catch {
            throw TranscodeError(code: .outputFailed, message: "\(media.fileName): could not write renditions: \(error)")
        }
    }

    private func transcode(progress: (TranscodeProgress) -> Void, isCancelled: () -> Bool) throws -> Output {
        // Whatever stops the job, no rung thread outlives it (they write into the folder the caller cleans up).
        defer { for thread in rungThreads { _ = thread.finish() } }
        let name = media.fileName
        let demuxer: Demuxer
        do { demuxer = try Demuxer(path: input.path) } catch {
            throw TranscodeError(code: .notMedia, message: "\(name): not a recording FFmpeg can read", cause: error)
        }
        let videoIndex = media.video?.streamIndex
        let audioIndex = media.audio?.streamIndex
        let ownChains = audioChains.filter { $0.source.file == nil }
        let otherFileChains = audioChains.filter { $0.source.file != nil }
        var chainsByStream: [Int: AudioChain] = [:]
        for chain in ownChains { chainsByStream[chain.source.streamIndex] = chain }
        demuxer.select(streams: Set([videoIndex].compactMap { $0 } + chainsByStream.keys))
        let startOffset = Self.startOffset(demuxer.info, streams: [videoIndex, audioIndex].compactMap { $0 })
        let videoDecoder = try videoIndex.map { try Decoder(demuxer, stream: $0) }
        for chain in ownChains { chain.decoder = try Decoder(demuxer, stream: chain.source.streamIndex) }
        try makeOutputs()

        let packet = try Packet()
        let frame = try Frame()
        let filtered = try Frame()
        let encoded = try Packet()
        let clock = ContinuousClock()
        let started = clock.now
        var lastReport = started
        func elapsed() -> Double { Ingest.seconds(clock.now - started) }

        var readFailure: FFmpegError?
        var mender = demuxer.info.hasTimestampDiscontinuities ? TimelineMender() : nil
        while true {
            if isCancelled() { throw TranscodeError(code: .cancelled, message: "\(name): cancelled") }
            let more: Bool
            do { more = try demuxer.read(into: packet) } catch {
                readFailure = error
                break
            }
            guard more else { break }
            if mender != nil { Self.mend(packet, with: &mender!, info: demuxer.info) }
            if packet.streamIndex == videoIndex, let videoDecoder {
                try decode(packet, with: videoDecoder, chain: nil, frame: frame, filtered: filtered, encoded: encoded, offset: startOffset)
            } else if let chain = chainsByStream[packet.streamIndex], let decoder = chain.decoder {
                try decode(packet, with: decoder, chain: chain, frame: frame, filtered: filtered, encoded: encoded, offset: startOffset)
            }
            packet.unref()
            if clock.now - lastReport > .milliseconds(250) {
                lastReport = clock.now
                progress(TranscodeProgress(processed: processed, total: media.duration, elapsed: elapsed()))
            }
        }

        // Drain decoders, then graphs, then encoders.
        if let videoDecoder {
            try videoDecoder.sendEndOfStream()
            try drain(videoDecoder, chain: nil, frame: frame, filtered: filtered, encoded: encoded, offset: startOffset)
        }
        for chain in ownChains {
            guard let decoder = chain.decoder else { continue }
            try decoder.sendEndOfStream()
            try drain(decoder, chain: chain, frame: frame, filtered: filtered, encoded: encoded, offset: startOffset)
        }
        if let videoGraph {
            try videoGraph.pushEndOfStream()
            try drainVideoGraph(videoGraph, filtered: filtered, encoded: encoded)
        }
        for chain in ownChains { try finishGraph(chain, filtered: filtered, encoded: encoded) }
        try collectRungs()
        for output in ownChains.flatMap(\.outputs) {
            try output.encoder.sendEndOfStream()
            try output.writer.writeReadyPackets(using: encoded)
        }
        // Other files' audio (dubbing, interpretation), once the video's end is known: each starts at 0 like the
        // recording's and is cut or padded with silence to the lecture's end, so every language covers the same segments.
        let videoEnd = videoOutputs.map(\.writer.endTime).max()
        for chain in otherFileChains {
            if isCancelled() { throw TranscodeError(code: .cancelled, message: "\(name): cancelled") }
            chain.fitDuration = videoEnd ?? ownChains.first?.outputs.map(\.writer.endTime).max()
            try transcodeOtherFile(chain, packet: packet, frame: frame, filtered: filtered, encoded: encoded)
        }

        if media.video != nil, videoFrames == 0 {
            throw TranscodeError(code: .damagedInput, message: "\(name): no video frame could be decoded", cause: readFailure)
        }
        let audioFrames = audioChains.first?.frames ?? 0
        if media.video == nil, audioFrames == 0 {
            throw TranscodeError(code: .damagedInput, message: "\(name): no audio could be decoded", cause: readFailure)
        }

        // Where the lecture ends: the longest video rendition (audio when there is none), the same for every writer.
        let writers = videoOutputs.isEmpty ? (audioChains.first?.outputs ?? []).map(\.writer) : videoOutputs.map(\.writer)
        let lectureEnd = writers.map(\.endTime).max() ?? 0
        var renditions: [RenditionResult] = []
        for output in videoOutputs {
            renditions.append(try output.writer.finish(
                codecs: output.encoder.codecString, width: output.plan.width, height: output.plan.height,
                frameRate: output.plan.frameRate, channels: 0, lectureEnd: lectureEnd
            ))
        }
        for chain in audioChains {
            for output in chain.outputs {
                var result = try output.writer.finish(
                    codecs: output.encoder.codecString, width: 0, height: 0, frameRate: 0, channels: output.plan.channels,
                    lectureEnd: lectureEnd
                )
                result.language = chain.source.language
                result.group = output.plan.name
                renditions.append(result)
            }
        }
        let duration = renditions.map(\.duration).max() ?? 0
        var warnings: [String] = []
        if let joins = mender?.joins, !joins.isEmpty {
            let times = joins.map { String(format: "%.1f s", $0 - startOffset) }.joined(separator: ", ")
            warnings.append("\(name): the timestamps start again at \(times) (recordings joined end to end, or a clock reset); published as one continuous lecture")
        }
        if !damage.isEmpty {
            warnings.append("\(name): damaged data around \(damage.summary); those seconds are published as FFmpeg could decode them")
        }
        if let readFailure {
            warnings.append(String(format: "%@: reading stopped at %.1f s (%@); the rest of the file is missing", name, processed, readFailure.message))
        } else if media.duration > 0, duration < media.duration - max(1, media.duration * 0.02) {
            warnings.append(String(format: "%@: the recording ends at %.1f s but its header says %.1f s; the file looks truncated", name, duration, media.duration))
        }
        if media.video != nil, media.audio != nil, audioFrames == 0 {
            warnings.append("\(name): no audio could be decoded; published without sound")
        }
        // The caller reports them (the CLI prints each as "warning: ..."); the log has them for --verbose.
        for warning in warnings { logger.notice("Recording warning", metadata: ["warning": "\(warning)"]) }
        progress(TranscodeProgress(processed: media.duration > 0 ? media.duration : processed, total: media.duration, elapsed: elapsed()))
        return Output(renditions: renditions, duration: duration, warnings: warnings, posterFile: posterWritten ? "poster.jpg" : nil)
    }

    // MARK: Outputs

    /// Where segments may be cut, far enough to cover a recording longer than its header says: browser recordings
    /// (WebM from MediaRecorder) carry no duration at all, and joined transport streams state only their first part's.
    /// A day past the header costs ~14,000 numbers per rendition.
    private var boundaries: [Double] { plan.segmentBoundaries(until: max(media.duration, 0) * 2 + 24 * 3600) }

    private func makeOutputs() throws {
        let boundaries = self.boundaries
        for chain in audioChains {
            for rendition in plan.audio {
                let name = rendition.name + chain.source.nameSuffix
                let folder = self.folder.appendingPathComponent(name, isDirectory: true)
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let encoder = try Encoder(audio: AudioEncoderSettings(
                    sampleRate: rendition.sampleRate, channels: rendition.channels, bitRate: rendition.bitRate
                ))
                let writer = try RenditionWriter(
                    name: name, isVideo: false, encoder: encoder, folder: folder, format: format, boundaries: boundaries,
                    keyFrames: keyFrames
                )
                chain.outputs.append(AudioOutput(plan: rendition, encoder: encoder, writer: writer))
            }
        }
    }

    /// Creates every video rung and starts its thread; pictures will come with timestamps in `timeBase`, `pictureBytes`
    /// large.
    private func startRungs(timeBase: Rational, pictureBytes: Int) throws {
        let boundaries = self.boundaries
        let queueLength = VideoRungThread.queueLength(pictureBytes: pictureBytes, rungs: plan.video.count)
        for rendition in plan.video {
            let folder = self.folder.appendingPathComponent(rendition.name, isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let encoder = try Encoder(video: VideoEncoderSettings(
                width: rendition.width, height: rendition.height, frameRate: Rational(Int32(rendition.frameRate), 1), crf: rendition.crf,
                maxRate: rendition.maxRate, bufferSize: rendition.bufferSize, preset: rendition.preset, profile: rendition.profile,
                keyFrameInterval: rendition.frameRate * plan.keyFrameSeconds,
                threads: Self.encoderThreads(for: rendition, among: plan.video, cores: ProcessInfo.processInfo.activeProcessorCount)
            ))
            let writer = try RenditionWriter(
                name: rendition.name, isVideo: true, encoder: encoder, folder: folder, format: format, boundaries: boundaries,
                keyFrames: keyFrames
            )
            let rung = try VideoRung(plan: rendition, encoder: encoder, writer: writer, keyFrames: keyFrames)
            rungThreads.append(VideoRungThread(rung: rung, timeBase: timeBase, queueLength: queueLength))
        }
    }

    /// Sends a picture to every rung; when one has failed, stops them all and throws what stopped it.
    private func sendToRungs(_ frame: borrowing Frame) throws {
        for thread in rungThreads where try !thread.send(frame) {
            try collectRungs()
        }
    }

    /// Ends every rung's thread (each flushes its encoder) and takes the rungs back; throws the first rung's failure.
    private func collectRungs() throws {
        var failure: (any Error)?
        for thread in rungThreads {
            guard let outcome = thread.finish() else { continue }
            videoOutputs.append(outcome.rung)
            if failure == nil, let error = outcome.error { failure = error }
        }
        rungThreads = []
        if let failure { throw failure }
    }

    /// libx264 threads per rung: each rung already has a thread, so a rung gets more only on machines with more cores
    /// than its share of the pixels needs (one each on 2 cores, where this measured 57.6 s of CPU for what frame threads
    /// did in 59.4 s).
    static func encoderThreads(for rendition: LadderPlan.VideoRendition, among all: [LadderPlan.VideoRendition], cores: Int) -> Int {
        func pixelRate(_ rung: LadderPlan.VideoRendition) -> Double { Double(rung.width * rung.height * rung.frameRate) }
        let total = all.map(pixelRate).reduce(0, +)
        guard total > 0 else { return 1 }
        return max(1, Int((Double(cores) * pixelRate(rendition) / total).rounded()))
    }

    /// Shifts a packet's timestamps so that the timeline runs on where the recording's own timestamps jump.
    private static func mend(_ packet: borrowing Packet, with mender: inout TimelineMender, info: ContainerInfo) {
        guard packet.streamIndex < info.streams.count else { return }
        let timeBase = info.streams[packet.streamIndex].timeBase
        let stamp = packet.dts != noTimestamp ? packet.dts : packet.pts
        guard stamp != noTimestamp else { return }
        let shift = mender.shift(stream: packet.streamIndex, time: timeBase.seconds(stamp), duration: timeBase.seconds(packet.duration))
        guard shift != 0 else { return }
        let ticks = Int64((shift / timeBase.doubleValue).rounded())
        if packet.pts != noTimestamp { packet.pts += ticks }
        if packet.dts != noTimestamp { packet.dts += ticks }
    }

    /// The earliest start among the used streams, in seconds: every timeline starts at zero after it.
    static func startOffset(_ info: ContainerInfo, streams: [Int]) -> Double {
        let starts = streams.compactMap { index -> Double? in
            let stream = info.streams[index]
            return stream.startTime == noTimestamp ? nil : stream.timeBase.seconds(stream.startTime)
        }
        return starts.min() ?? 0
    }

    // MARK: Decoding

    private func decode(
        _ packet: borrowing Packet, with decoder: Decoder, chain: AudioChain?, frame: borrowing Frame, filtered: borrowing Frame,
        encoded: borrowing Packet, offset: Double
    ) throws {
        let time = packet.pts == noTimestamp ? processed : decoder.timeBase.seconds(packet.pts) - offset
        if packet.isCorrupt { damage.record(time) }
        do {
            if try !decoder.send(packet) {
                try drain(decoder, chain: chain, frame: frame, filtered: filtered, encoded: encoded, offset: offset)
                _ = try decoder.send(packet)
            }
        } catch {
            // A damaged packet: note where, keep going with the next one.
            damage.record(time)
            logger.debug("Undecodable packet", metadata: ["time": "\(time)", "error": "\(error)"])
            return
        }
        try drain(decoder, chain: chain, frame: frame, filtered: filtered, encoded: encoded, offset: offset)
    }

    private func drain(
        _ decoder: Decoder, chain: AudioChain?, frame: borrowing Frame, filtered: borrowing Frame, encoded: borrowing Packet, offset: Double
    ) throws {
        while true {
            let result: ReceiveResult
            do { result = try decoder.receive(frame) } catch {
                damage.record(processed)
                continue
            }
            guard result == .ready else { return }
            defer { frame.unref() }
            let timestamp = frame.bestEffortTimestamp
            guard timestamp != noTimestamp else { continue }
            let time = decoder.timeBase.seconds(timestamp) - offset
            if frame.isCorrupt { damage.record(time) }
            if chain?.fitDuration == nil { processed = max(processed, time) }
            guard let chain else {
                videoFrames += 1
                frame.pts = timestamp - Int64((offset / decoder.timeBase.doubleValue).rounded())
                if videoGraph == nil { videoGraph = try makeVideoGraph(frame: frame, timeBase: decoder.timeBase) }
                try videoGraph!.push(frame)
                try drainVideoGraph(videoGraph!, filtered: filtered, encoded: encoded)
                continue
            }
            chain.frames += 1
            let sampleTimeBase = Rational(1, Int32(frame.sampleRate))
            frame.pts = Rational(1, 1_000_000).rescale(Int64((time * 1_000_000).rounded()), to: sampleTimeBase)
            if chain.graph == nil { chain.graph = try makeAudioGraph(chain, frame: frame, timeBase: sampleTimeBase) }
            try chain.graph!.push(frame)
            try drainAudioGraph(chain, filtered: filtered, encoded: encoded)
        }
    }

    // MARK: Filtering and encoding

    /// Threads for the job's own graph (deinterlacing is the costly part): one on small machines, where the rungs'
    /// threads keep every core busy and slicing a filter across cores only added synchronisation (measured on scaling:
    /// the CLI's `-filter_threads 2` cost 0.8 s more CPU to save 0.3 s). Bigger machines keep libavfilter's default (a
    /// thread per core), so that deinterlacing on the decoding thread does not hold the rungs back.
    static let filterThreads = ProcessInfo.processInfo.activeProcessorCount <= 4 ? 1 : 0

    /// The job's own video graph: preprocessing (deinterlace, rotation) into output 0, which every rung takes, and the
    /// poster's branch into output 1. Each rung's frame rate and scale run on its own thread (`VideoRung`).
    private func makeVideoGraph(frame: borrowing Frame, timeBase: Rational) throws -> FilterGraph {
        guard let source = media.video else { throw TranscodeError(code: .unsupportedInput, message: "no video") }
        var description = "[in]" + (plan.preprocessing.isEmpty ? "null" : plan.preprocessing.joined(separator: ","))
        var outputs = 1
        if let posterSize = Self.posterSize(plan.video) {
            let at = media.duration > 0 ? min(8, media.duration * 0.25) : 0
            description += ",split=2[out0][poster];[poster]trim=start=\(String(format: "%.3f", at)),select='eq(n,0)',"
                + "scale=w=\(posterSize.width):h=\(posterSize.height):flags=bicubic,setsar=1,format=yuvj420p[out1]"
            posterEncoder = try Encoder(jpegWidth: posterSize.width, height: posterSize.height)
            outputs = 2
        } else {
            description += "[out0]"
        }
        let sar = Rational.parse(source.sampleAspectRatio) ?? Rational(1, 1)
        logger.debug("Video filter graph", metadata: ["graph": "\(description)"])
        let graph = try FilterGraph(
            video: frame, timeBase: timeBase, sampleAspectRatio: sar, description: description, outputs: outputs,
            threads: Self.filterThreads
        )
        try startRungs(timeBase: graph.timeBase(ofOutput: 0), pictureBytes: frame.pictureBytes)
        return graph
    }

    private func makeAudioGraph(_ chain: AudioChain, frame: borrowing Frame, timeBase: Rational) throws -> FilterGraph {
        let count = chain.outputs.count
        // async=1 fills gaps with silence and keeps audio on the video's clock; first_pts=0 starts it at zero.
        var description = "[in]aresample=async=1:first_pts=0,"
        if let fit = chain.fitDuration {
            // Another file's audio: exactly as long as the lecture (silence added at the end, or the excess cut).
            description += String(format: "apad=whole_dur=%.6f,atrim=end=%.6f,", fit, fit)
        }
        description += "asplit=\(count)" + (0..<count).map { "[a\($0)]" }.joined() + ";"
        for (index, output) in chain.outputs.enumerated() {
            let layout = output.plan.channels == 1 ? "mono" : "stereo"
            description += "[a\(index)]aformat=sample_fmts=fltp:sample_rates=\(output.plan.sampleRate):channel_layouts=\(layout)[out\(index)];"
        }
        description.removeLast()
        logger.debug("Audio filter graph", metadata: ["graph": "\(description)"])
        let frameSize = chain.outputs.first?.encoder.frameSize ?? 1024
        return try FilterGraph(audio: frame, timeBase: timeBase, description: description, outputs: count, frameSize: frameSize)
    }

    /// The poster is as large as the biggest rung up to 480 lines.
    static func posterSize(_ renditions: [LadderPlan.VideoRendition]) -> (width: Int, height: Int)? {
        let candidates = renditions.filter { min($0.width, $0.height) <= 480 }
        guard let best = candidates.max(by: { $0.width * $0.height < $1.width * $1.height }) ?? renditions.first else { return nil }
        return (best.width, best.height)
    }

    private func drainVideoGraph(_ graph: FilterGraph, filtered: borrowing Frame, encoded: borrowing Packet) throws {
        for index in 0..<graph.outputCount {
            while try graph.pull(filtered, from: index) == .ready {
                defer { filtered.unref() }
                if index == 0 {
                    try sendToRungs(filtered)
                } else {
                    try writePoster(filtered, encoded: encoded)
                }
            }
        }
    }

    private func drainAudioGraph(_ chain: AudioChain, filtered: borrowing Frame, encoded: borrowing Packet) throws {
        guard let graph = chain.graph else { return }
        for (index, output) in chain.outputs.enumerated() {
            while try graph.pull(filtered, from: index) == .ready {
                defer { filtered.unref() }
                filtered.pts = graph.timeBase(ofOutput: index).rescale(filtered.pts, to: output.encoder.timeBase)
                try output.encoder.send(filtered)
                try output.writer.writeReadyPackets(using: encoded)
            }
        }
    }

    private func finishGraph(_ chain: AudioChain, filtered: borrowing Frame, encoded: borrowing Packet) throws {
        guard let graph = chain.graph else { return }
        try graph.pushEndOfStream()
        try drainAudioGraph(chain, filtered: filtered, encoded: encoded)
    }

    /// Decodes another file's audio stream through its chain, then flushes the chain's encoders.
    private func transcodeOtherFile(
        _ chain: AudioChain, packet: borrowing Packet, frame: borrowing Frame, filtered: borrowing Frame, encoded: borrowing Packet
    ) throws {
        guard let file = chain.source.file else { return }
        let demuxer: Demuxer
        do { demuxer = try Demuxer(path: file.path) } catch {
            throw TranscodeError(code: .notMedia, message: "\(file.lastPathComponent): not an audio file FFmpeg can read", cause: error)
        }
        demuxer.select(streams: [chain.source.streamIndex])
        let offset = Self.startOffset(demuxer.info, streams: [chain.source.streamIndex])
        let decoder = try Decoder(demuxer, stream: chain.source.streamIndex)
        chain.decoder = decoder
        defer { chain.decoder = nil }
        while (try? demuxer.read(into: packet)) == true {
            defer { packet.unref() }
            guard packet.streamIndex == chain.source.streamIndex else { continue }
            try decode(packet, with: decoder, chain: chain, frame: frame, filtered: filtered, encoded: encoded, offset: offset)
        }
        try decoder.sendEndOfStream()
        try drain(decoder, chain: chain, frame: frame, filtered: filtered, encoded: encoded, offset: offset)
        try finishGraph(chain, filtered: filtered, encoded: encoded)
        for output in chain.outputs {
            try output.encoder.sendEndOfStream()
            try output.writer.writeReadyPackets(using: encoded)
        }
        if chain.frames == 0 {
            throw TranscodeError(code: .damagedInput, message: "\(file.lastPathComponent): no audio could be decoded")
        }
    }

    private func writePoster(_ frame: borrowing Frame, encoded: borrowing Packet) throws {
        guard !posterWritten, let posterEncoder else { return }
        frame.setJPEGQuality(4)
        try posterEncoder.send(frame)
        try posterEncoder.sendEndOfStream()
        if try posterEncoder.receive(encoded) == .ready {
            try Data(encoded.bytes).write(to: folder.appendingPathComponent("poster.jpg"))
            encoded.unref()
            posterWritten = true
        }
    }
}
