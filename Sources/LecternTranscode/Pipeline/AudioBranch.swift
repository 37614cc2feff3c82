import Foundation
import LecternFFmpeg
import Logging

/// One audio language on its way into every audio tier: one graph (gap filling, then resampling per tier, and for
/// another file's audio the fit to the lecture's length) feeding one encoder and one segment writer per tier.
///
/// Fed decoded frames on the lecture's timeline (`push`), then `finish()`ed; its renditions come out of `results`.
final class AudioBranch {
    /// One audio tier being produced: its plan, its encoder and the writer cutting its segments.
    private struct Tier {
        let plan: LadderPlan.AudioRendition
        let encoder: Encoder
        let writer: RenditionWriter
    }

    let source: AudioSource
    /// Frames decoded into this branch so far.
    private(set) var frames = 0
    private let tiers: [Tier]
    /// Seconds the timeline is cut or padded to at both ends (another file's audio is fitted to the lecture), or nil.
    private(set) var fitDuration: Double?
    private var graph: FilterGraph?
    /// Frames of another shape than the graph was built for (files joined end to end, a phone switching microphones)
    /// go through this first, converted to the graph's rate, format and channels; rebuilt when the shape changes again.
    private var converter: FilterGraph?
    private let converted: Frame
    private let filtered: Frame
    private let encoded: Packet
    let logger: Logger

    /// Creates an encoder and a writer (`<tier><nameSuffix>/`) for every tier of `plan`.
    init(source: AudioSource, tiers plans: [LadderPlan.AudioRendition], target: RenditionTarget, logger: Logger) throws {
        self.source = source
        self.logger = logger
        tiers = try plans.map { plan in
            let encoder = try Encoder(audio: AudioEncoderSettings(sampleRate: plan.sampleRate, channels: plan.channels, bitRate: plan.bitRate))
            return Tier(
                plan: plan,
                encoder: encoder,
                writer: try target.writer(name: plan.name + source.nameSuffix, isVideo: false, encoder: encoder)
            )
        }
        filtered = try Frame()
        converted = try Frame()
        encoded = try Packet()
    }

    /// Where the branch's longest rendition ends, in seconds of the lecture.
    var endTime: Double? { tiers.map(\.writer.endTime).max() }

    /// Takes one decoded frame, `time` seconds into the lecture, and encodes what the graph makes of it.
    func push(_ frame: borrowing Frame, time: Double) throws {
        frames += 1
        let sampleTimeBase = Rational(1, Int32(frame.sampleRate))
        frame.pts = Rational(1, 1_000_000).rescale(Int64((time * 1_000_000).rounded()), to: sampleTimeBase)
        if graph == nil { graph = try makeGraph(frame: frame, timeBase: sampleTimeBase) }
        let shape = FrameShape(frame)
        if shape == graph!.input {
            try flushConverter()
            try graph!.push(frame)
        } else {
            if converter?.input != shape {
                try flushConverter()
                converter = try makeConverter(frame: frame, timeBase: sampleTimeBase, to: graph!.input)
                logger.info("Audio changes shape", metadata: ["audio.time": "\(time)", "audio.from": "\(graph!.input)", "audio.to": "\(shape)"])
            }
            try converter!.push(frame)
            try drainConverter()
        }
        try drainGraph()
    }

    /// Flushes the graph and the encoders: everything is in the writers afterwards.
    func finish() throws {
        try flushConverter()
        if let graph {
            try graph.pushEndOfStream()
            try drainGraph()
        }
        for tier in tiers {
            try tier.encoder.sendEndOfStream()
            try tier.writer.writeReadyPackets(using: encoded)
        }
    }

    /// Splits each tier's file into segments, cut where the lecture ends, and measures them.
    func results(lectureEnd: Double) throws -> [RenditionResult] {
        try tiers.map { tier in
            var result = try tier.writer.finish(
                codecs: tier.encoder.codecString,
                width: 0,
                height: 0,
                frameRate: 0,
                channels: tier.plan.channels,
                lectureEnd: lectureEnd
            )
            result.language = source.language
            result.group = tier.plan.name
            return result
        }
    }

    /// Encodes the branch's source file (another language's audio: dubbing, interpretation) from its start, cut or
    /// padded with silence to `duration` seconds when given, then finishes the branch. Damage goes to `damage`;
    /// `progress` hears how many seconds are done. Returns what stopped reading early, if anything (the file is cut
    /// off): what was read is kept.
    func encodeSourceFile(
        fittedTo duration: Double?,
        damage: inout DamageLog,
        isCancelled: () -> Bool,
        progress: (Double) -> Void = { _ in }
    ) throws -> FFmpegError? {
        guard let file = source.file else { return nil }
        precondition(frames == 0, "a branch is fitted before its first frame")
        fitDuration = duration
        let name = file.lastPathComponent
        let demuxer: Demuxer
        do { demuxer = try Demuxer(path: file.path) } catch {
            throw TranscodeError(code: .notMedia, message: "\(name): not an audio file FFmpeg can read", cause: error)
        }
        let stream = source.streamIndex
        demuxer.select(streams: [stream])
        let decoder = try StreamDecoder(demuxer, stream: stream, offset: TranscodeJob.startOffset(demuxer.info, streams: [stream]), logger: logger)
        let packet = try Packet()
        var done = 0.0
        var readFailure: FFmpegError?
        while true {
            if isCancelled() { throw TranscodeError(code: .cancelled, message: "\(name): cancelled") }
            do { guard try demuxer.read(into: packet) else { break } } catch {
                readFailure = error
                break
            }
            defer { packet.unref() }
            guard packet.streamIndex == stream else { continue }
            try decoder.decode(packet, damage: &damage, fallbackTime: done) { frame, time in
                done = max(done, time)
                try push(frame, time: time)
            }
            progress(done)
        }
        try decoder.finish(damage: &damage, fallbackTime: done) { frame, time in try push(frame, time: time) }
        try finish()
        if frames == 0 { throw TranscodeError(code: .damagedInput, message: "\(name): no audio could be decoded") }
        return readFailure
    }

    private func makeGraph(frame: borrowing Frame, timeBase: Rational) throws -> FilterGraph {
        // async=1 fills gaps with silence and keeps audio on the video's clock; first_pts=0 starts it at zero.
        var description = "[in]aresample=async=1:first_pts=0,"
        if let fitDuration {
            // Another file's audio: exactly as long as the lecture (silence added at the end, or the excess cut).
            description += String(format: "apad=whole_dur=%.6f,atrim=end=%.6f,", fitDuration, fitDuration)
        }
        description += "asplit=\(tiers.count)" + tiers.indices.map { "[a\($0)]" }.joined() + ";"
        for (index, tier) in tiers.enumerated() {
            let layout = tier.plan.channels == 1 ? "mono" : "stereo"
            description += "[a\(index)]aformat=sample_fmts=fltp:sample_rates=\(tier.plan.sampleRate):channel_layouts=\(layout)[out\(index)];"
        }
        description.removeLast()
        logger.debug("Audio filter graph", metadata: ["graph": "\(description)"])
        let frameSize = tiers.first?.encoder.frameSize ?? 1024
        return try FilterGraph(audio: frame, timeBase: timeBase, description: description, outputs: tiers.count, frameSize: frameSize)
    }

    /// A graph turning frames shaped like `frame` into `target`'s shape, timestamps kept.
    private func makeConverter(frame: borrowing Frame, timeBase: Rational, to target: FrameShape) throws -> FilterGraph {
        let description =
            "[in]aresample=\(target.sampleRate),aformat=sample_fmts=\(target.format):sample_rates=\(target.sampleRate)"
            + ":channel_layouts=\(target.channelLayout)[out0]"
        return try FilterGraph(audio: frame, timeBase: timeBase, description: description, outputs: 1, frameSize: nil)
    }

    /// Takes what the converter has ready into the main graph.
    private func drainConverter() throws {
        guard let converter, let graph else { return }
        while try converter.pull(converted, from: 0) == .ready {
            defer { converted.unref() }
            try graph.push(converted)
        }
    }

    /// Ends the converter, if any: the samples it holds go on into the main graph.
    private func flushConverter() throws {
        guard let converter else { return }
        try converter.pushEndOfStream()
        try drainConverter()
        self.converter = nil
    }

    private func drainGraph() throws {
        guard let graph else { return }
        for (index, tier) in tiers.enumerated() {
            while try graph.pull(filtered, from: index) == .ready {
                defer { filtered.unref() }
                filtered.pts = graph.timeBase(ofOutput: index).rescale(filtered.pts, to: tier.encoder.timeBase)
                try tier.encoder.send(filtered)
                try tier.writer.writeReadyPackets(using: encoded)
            }
        }
    }
}
