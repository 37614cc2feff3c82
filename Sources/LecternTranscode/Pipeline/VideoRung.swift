import Foundation
import LecternFFmpeg

/// One video rendition being produced: its frame rate and scale graph, its encoder and the writer cutting its segments.
///
/// Fed with the decoded (deinterlaced, upright) pictures of the source; owned by one thread at a time.
final class VideoRung {
    let plan: LadderPlan.VideoRendition
    let encoder: Encoder
    let writer: RenditionWriter
    private let keyFrames: KeyFrameGrid
    private var graph: FilterGraph?
    private let filtered: Frame
    private let encoded: Packet

    init(plan: LadderPlan.VideoRendition, encoder: Encoder, writer: RenditionWriter, keyFrames: KeyFrameGrid) throws(FFmpegError) {
        self.plan = plan
        self.encoder = encoder
        self.writer = writer
        self.keyFrames = keyFrames
        self.filtered = try Frame()
        self.encoded = try Packet()
    }

    /// Takes one source picture (timestamps in `timeBase`); encodes what the rung's frame rate keeps of it.
    func encode(_ frame: borrowing Frame, timeBase: Rational) throws(FFmpegError) {
        if graph == nil { graph = try makeGraph(frame: frame, timeBase: timeBase) }
        try graph!.push(frame)
        try drainGraph()
    }

    /// Flushes the graph and the encoder: everything is in the writer afterwards.
    func finish() throws(FFmpegError) {
        if let graph {
            try graph.pushEndOfStream()
            try drainGraph()
        }
        try encoder.sendEndOfStream()
        try writer.writeReadyPackets(using: encoded)
    }

    private func makeGraph(frame: borrowing Frame, timeBase: Rational) throws(FFmpegError) -> FilterGraph {
        // Full-range pictures are brought to video range; others keep theirs, so that a rung of the source's own size
        // and format is not run through swscale at all (asking for `out_range` made it convert every frame).
        let range = frame.isFullRange ? ":out_range=tv" : ""
        let description =
            "[in]fps=fps=\(plan.frameRate):start_time=0,"
            + "scale=w=\(plan.width):h=\(plan.height):flags=bicubic\(range),setsar=1,format=yuv420p[out0]"
        // One thread: each rung has its own, and the rungs together keep the cores busy.
        return try FilterGraph(
            video: frame,
            timeBase: timeBase,
            sampleAspectRatio: frame.sampleAspectRatio,
            description: description,
            outputs: 1,
            threads: 1
        )
    }

    private func drainGraph() throws(FFmpegError) {
        guard let graph else { return }
        while try graph.pull(filtered, from: 0) == .ready {
            defer { filtered.unref() }
            filtered.pts = graph.timeBase(ofOutput: 0).rescale(filtered.pts, to: encoder.timeBase)
            // IDR exactly on the key frame grid, at the same times in every rung; nothing else is a key frame.
            if keyFrames.isKeyFrame(frame: filtered.pts, frameRate: plan.frameRate) {
                filtered.forceKeyFrame()
            } else {
                filtered.clearPictureType()
            }
            try encoder.send(filtered)
            try writer.writeReadyPackets(using: encoded)
        }
    }
}

/// Runs a `VideoRung` on a thread of its own, fed pictures through a short queue, so that every rung's scaling and
/// encoding run side by side while the job's thread decodes.
final class VideoRungThread {
    /// A picture for the rung: a reference of its own to the decoded data.
    private final class Picture {
        let frame: Frame
        init(_ frame: consuming sending Frame) { self.frame = frame }
    }

    /// What comes back when the thread ends: the rung (to finish its writer) and what stopped it, if anything failed.
    final class Outcome {
        let rung: VideoRung
        let error: (any Error)?
        init(rung: VideoRung, error: (any Error)?) {
            self.rung = rung
            self.error = error
        }
    }

    let name: String
    private let pictures: HandoffQueue<Picture>
    private let outcome = HandoffQueue<Outcome>(capacity: 1)
    private var collected = false

    /// How many pictures each rung may be behind the decoder: up to 8, fewer for large pictures, so that all the rungs'
    /// queues together hold at most ~96 MB of decoded pictures (they are references, but each keeps its picture alive).
    /// A 4K source peaks at 413 MB resident with 2 each, 487 MB with 8; 720p and 1080p sources keep 8 and 6.
    static func queueLength(pictureBytes: Int, rungs: Int) -> Int {
        let budget = 96 << 20
        return min(8, max(2, budget / max(pictureBytes * max(rungs, 1), 1)))
    }

    /// Starts the thread; `timeBase` is that of the pictures it will be sent, `queueLength` how many may wait.
    init(rung: sending VideoRung, timeBase: Rational, queueLength: Int) {
        name = rung.plan.name
        let pictures = HandoffQueue<Picture>(capacity: queueLength)
        let start = HandoffQueue<VideoRung>(capacity: 1)
        start.push(rung)
        self.pictures = pictures
        let thread = Thread { [outcome] in
            guard let rung = start.pop() else { return }
            var failure: (any Error)?
            while let picture = pictures.pop() {
                do { try rung.encode(picture.frame, timeBase: timeBase) } catch {
                    failure = error
                    pictures.abandon()
                    break
                }
            }
            if failure == nil {
                do { try rung.finish() } catch { failure = error }
            }
            outcome.push(Outcome(rung: rung, error: failure))
        }
        thread.name = "lectern-\(name)"
        thread.start()
    }

    /// Queues a picture, waiting while the rung's queue is full. False when the rung has failed
    /// (`finish()` says why).
    func send(_ frame: borrowing Frame) throws(FFmpegError) -> Bool {
        pictures.push(Picture(try frame.makeReference()))
    }

    /// Tells the thread no more pictures come and waits for it to flush and end; once only.
    func finish() -> Outcome? {
        guard !collected else { return nil }
        collected = true
        pictures.finish()
        return outcome.pop()
    }
}
