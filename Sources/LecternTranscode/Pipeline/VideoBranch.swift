import Foundation
import LecternFFmpeg
import Logging

/// The recording's pictures on their way into every video rung: one graph for what all rungs share (deinterlace,
/// rotation, tone mapping) and the poster's branch, then each rung (frame rate, scale, encoder, writer) on a thread of
/// its own, fed references to the same pictures.
///
/// Built at the first picture (the graph needs its format), fed with `push`, then `finish()`ed; `stop()` ends the rung
/// threads whatever happened, so none outlives the job.
final class VideoBranch {
    private let media: MediaInfo
    private let plan: LadderPlan
    private let target: RenditionTarget
    private let logger: Logger
    /// Slide-change chapters, fed from the shared graph, when asked for.
    private let chapters: ChapterBranch?
    /// The shared graph's outputs besides the rungs' (0): the poster's, the chapters' small and large pictures.
    private var posterOutput: Int?
    private var chapterOutputs: (small: Int, large: Int)?
    /// Pictures decoded into this branch so far.
    private(set) var frames = 0
    private(set) var posterWritten = false
    private var graph: FilterGraph?
    private var posterEncoder: Encoder?
    /// The rungs' threads while they run, then the rungs once they are done.
    private var threads: [VideoRungThread] = []
    private var rungs: [VideoRung] = []
    private let filtered: Frame
    private let encoded: Packet

    init(media: MediaInfo, plan: LadderPlan, target: RenditionTarget, chapters: ChapterBranch? = nil, logger: Logger) throws {
        self.chapters = chapters
        self.media = media
        self.plan = plan
        self.target = target
        self.logger = logger
        filtered = try Frame()
        encoded = try Packet()
    }

    /// Where the pictures end, in seconds of the lecture (nil before `finish()`): the end of the rungs with the highest
    /// frame rate, which follow the source to within a frame. A low-rate rung (the 2 fps slides) rounds its last picture
    /// to its own frame grid and can end up to half a second away, so every rung's playlist ends here instead.
    var endTime: Double? {
        guard let highest = rungs.map(\.plan.frameRate).max() else { return nil }
        return rungs.filter { $0.plan.frameRate == highest }.map(\.writer.endTime).max()
    }

    /// Takes one decoded picture, its pts on the lecture's timeline in `timeBase`.
    func push(_ frame: borrowing Frame, timeBase: Rational) throws {
        frames += 1
        if graph == nil { graph = try makeGraph(frame: frame, timeBase: timeBase) }
        try graph!.push(frame)
        try drainGraph()
    }

    /// Flushes the graph and every rung (each flushes its encoder on its thread); throws the first rung's failure.
    func finish() throws {
        if let graph {
            try graph.pushEndOfStream()
            try drainGraph()
        }
        try collectRungs()
    }

    /// Ends the rung threads without waiting for a clean finish: for a job that stops early.
    func stop() {
        for thread in threads { _ = thread.finish() }
        threads = []
    }

    /// Splits each rung's file into segments, cut where the lecture ends, and measures them.
    func results(lectureEnd: Double) throws -> [RenditionResult] {
        try rungs.map { rung in
            try rung.writer.finish(
                codecs: rung.encoder.codecString,
                width: rung.plan.width,
                height: rung.plan.height,
                frameRate: rung.plan.frameRate,
                channels: 0,
                lectureEnd: lectureEnd
            )
        }
    }

    // MARK: The shared graph

    /// Threads for the shared graph (deinterlacing is the costly part): one on small machines, where the rungs'
    /// threads keep every core busy and slicing a filter across cores only added synchronisation (measured on scaling:
    /// the CLI's `-filter_threads 2` cost 0.8 s more CPU to save 0.3 s). Bigger machines keep libavfilter's default (a
    /// thread per core), so that deinterlacing on the decoding thread does not hold the rungs back.
    static let filterThreads = ProcessInfo.processInfo.activeProcessorCount <= 4 ? 1 : 0

    /// Preprocessing (deinterlace, rotation) into output 0, which every rung takes, then the poster's branch and the
    /// chapters' two pictures into outputs of their own.
    private func makeGraph(frame: borrowing Frame, timeBase: Rational) throws -> FilterGraph {
        guard let source = media.video else { throw TranscodeError(code: .unsupportedInput, message: "no video") }
        let preprocessing = plan.preprocessing.isEmpty ? "null" : plan.preprocessing.joined(separator: ",")
        var branches = ["out0"]
        var chains: [String] = []
        var outputs = 1
        if let posterSize = Self.posterSize(plan.video) {
            let at = media.duration > 0 ? min(8, media.duration * 0.25) : 0
            branches.append("poster")
            chains.append(
                "[poster]trim=start=\(String(format: "%.3f", at)),select='eq(n,0)',"
                    + "scale=w=\(posterSize.width):h=\(posterSize.height):flags=bicubic,setsar=1,format=yuvj420p[out\(outputs)]"
            )
            posterEncoder = try Encoder(jpegWidth: posterSize.width, height: posterSize.height)
            posterOutput = outputs
            outputs += 1
        }
        if chapters != nil {
            branches.append("chapters")
            chains.append(ChapterBranch.graphChains(from: "chapters", smallOutput: outputs, largeOutput: outputs + 1))
            chapterOutputs = (outputs, outputs + 1)
            outputs += 2
        }
        let description =
            branches.count == 1
            ? "[in]\(preprocessing)[out0]"
            : "[in]\(preprocessing),split=\(branches.count)" + branches.map { "[\($0)]" }.joined() + ";" + chains.joined(separator: ";")
        let sar = Rational.parse(source.sampleAspectRatio) ?? Rational(1, 1)
        logger.debug("Video filter graph", metadata: ["graph": "\(description)"])
        let graph = try FilterGraph(
            video: frame,
            timeBase: timeBase,
            sampleAspectRatio: sar,
            description: description,
            outputs: outputs,
            threads: Self.filterThreads
        )
        try startRungs(timeBase: graph.timeBase(ofOutput: 0), pictureBytes: frame.pictureBytes)
        return graph
    }

    /// Hands what the graph made to the rungs, the poster and the chapters (each full-size chapter picture before its
    /// small twin, which the detector decides on).
    private func drainGraph() throws {
        guard let graph else { return }
        var order = [0] + (posterOutput.map { [$0] } ?? [])
        if let chapterOutputs { order += [chapterOutputs.large, chapterOutputs.small] }
        for index in order {
            while try graph.pull(filtered, from: index) == .ready {
                defer { filtered.unref() }
                if index == 0 {
                    try sendToRungs(filtered)
                } else if index == posterOutput {
                    try writePoster(filtered)
                } else if index == chapterOutputs?.large {
                    try chapters?.takeLarge(filtered, timeBase: graph.timeBase(ofOutput: index))
                } else {
                    chapters?.takeSmall(filtered, timeBase: graph.timeBase(ofOutput: index))
                }
            }
        }
    }

    // MARK: The poster

    /// The poster is as large as the biggest rung up to 480 lines.
    static func posterSize(_ renditions: [LadderPlan.VideoRendition]) -> (width: Int, height: Int)? {
        let candidates = renditions.filter { min($0.width, $0.height) <= 480 }
        guard let best = candidates.max(by: { $0.width * $0.height < $1.width * $1.height }) ?? renditions.first else { return nil }
        return (best.width, best.height)
    }

    private func writePoster(_ frame: borrowing Frame) throws {
        guard !posterWritten, let posterEncoder else { return }
        frame.setJPEGQuality(4)
        try posterEncoder.send(frame)
        try posterEncoder.sendEndOfStream()
        if try posterEncoder.receive(encoded) == .ready {
            try Data(encoded.bytes).write(to: target.folder.appendingPathComponent("poster.jpg"))
            encoded.unref()
            posterWritten = true
        }
    }

    // MARK: The rungs

    /// Creates every rung and starts its thread; pictures will come with timestamps in `timeBase`, `pictureBytes` large.
    private func startRungs(timeBase: Rational, pictureBytes: Int) throws {
        let queueLength = VideoRungThread.queueLength(pictureBytes: pictureBytes, rungs: plan.video.count)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        for rendition in plan.video {
            let encoder = try Encoder(
                video: VideoEncoderSettings(
                    width: rendition.width,
                    height: rendition.height,
                    frameRate: Rational(Int32(rendition.frameRate), 1),
                    crf: rendition.crf,
                    maxRate: rendition.maxRate,
                    bufferSize: rendition.bufferSize,
                    preset: rendition.preset,
                    profile: rendition.profile,
                    keyFrameInterval: rendition.frameRate * plan.keyFrameSeconds,
                    threads: Self.encoderThreads(for: rendition, among: plan.video, cores: cores)
                )
            )
            let writer = try target.writer(name: rendition.name, isVideo: true, encoder: encoder)
            let rung = try VideoRung(plan: rendition, encoder: encoder, writer: writer, keyFrames: target.keyFrames)
            threads.append(VideoRungThread(rung: rung, timeBase: timeBase, queueLength: queueLength))
        }
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

    /// Sends a picture to every rung; when one has failed, stops them all and throws what stopped it.
    private func sendToRungs(_ frame: borrowing Frame) throws {
        for thread in threads where try !thread.send(frame) {
            try collectRungs()
        }
    }

    /// Ends every rung's thread (each flushes its encoder) and takes the rungs back; throws the first rung's failure.
    private func collectRungs() throws {
        var failure: (any Error)?
        for thread in threads {
            guard let outcome = thread.finish() else { continue }
            rungs.append(outcome.rung)
            if failure == nil, let error = outcome.error { failure = error }
        }
        threads = []
        if let failure { throw failure }
    }
}
