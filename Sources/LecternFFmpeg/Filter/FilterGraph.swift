internal import CFFmpeg

/// A libavfilter graph with one source (`[in]`) and any number of sinks (`[out0]`, `[out1]`, ...).
///
/// Built from the first decoded frame, so the source matches what the decoder really produces.
public final class FilterGraph {
    let graph: UnsafeMutablePointer<AVFilterGraph>
    let source: UnsafeMutablePointer<AVFilterContext>
    let sinks: [UnsafeMutablePointer<AVFilterContext>]
    /// The shape of the frames the source was built for.
    public let input: FrameShape

    /// A video graph fed with frames shaped like `frame`, timestamps in `timeBase`; `threads` for the filters that slice
    /// their work (scale), 0 for one per core.
    public convenience init(
        video frame: borrowing Frame,
        timeBase: Rational,
        sampleAspectRatio: Rational,
        description: String,
        outputs: Int,
        threads: Int = 0
    ) throws(FFmpegError) {
        let shape = FrameShape(frame)
        let sar = sampleAspectRatio.isValid ? sampleAspectRatio : Rational(1, 1)
        let arguments = "video_size=\(shape.width)x\(shape.height):pix_fmt=\(shape.format):time_base=\(timeBase):pixel_aspect=\(sar)"
        try self.init(
            sourceFilter: "buffer",
            sinkFilter: "buffersink",
            arguments: arguments,
            description: description,
            outputs: outputs,
            threads: threads,
            input: shape
        )
    }

    /// An audio graph fed with frames shaped like `frame`; every sink hands out frames of `frameSize` samples.
    public convenience init(
        audio frame: borrowing Frame,
        timeBase: Rational,
        description: String,
        outputs: Int,
        frameSize: Int?
    ) throws(FFmpegError) {
        let shape = FrameShape(frame)
        let arguments = "time_base=\(timeBase):sample_rate=\(shape.sampleRate):sample_fmt=\(shape.format):channel_layout=\(shape.channelLayout)"
        try self.init(
            sourceFilter: "abuffer",
            sinkFilter: "abuffersink",
            arguments: arguments,
            description: description,
            outputs: outputs,
            input: shape
        )
        if let frameSize {
            for sink in sinks { av_buffersink_set_frame_size(sink, UInt32(frameSize)) }
        }
    }

    private init(
        sourceFilter: String,
        sinkFilter: String,
        arguments: String,
        description: String,
        outputs: Int,
        threads: Int = 0,
        input: FrameShape
    ) throws(FFmpegError) {
        self.input = input
        var graph: UnsafeMutablePointer<AVFilterGraph>? = try allocated(avfilter_graph_alloc(), "avfilter_graph_alloc")
        graph!.pointee.nb_threads = Int32(threads)
        do throws(FFmpegError) {
            var source: UnsafeMutablePointer<AVFilterContext>? = nil
            try check(
                avfilter_graph_create_filter(&source, avfilter_get_by_name(sourceFilter), "in", arguments, nil, graph),
                "avfilter_graph_create_filter"
            )
            var sinks: [UnsafeMutablePointer<AVFilterContext>] = []
            for index in 0..<outputs {
                var sink: UnsafeMutablePointer<AVFilterContext>? = nil
                try check(
                    avfilter_graph_create_filter(&sink, avfilter_get_by_name(sinkFilter), "out\(index)", nil, nil, graph),
                    "avfilter_graph_create_filter"
                )
                sinks.append(sink!)
            }
            // The parser's open outputs ("[in]") connect to our source, its open inputs ("[outN]") to our sinks.
            var openOutputs: UnsafeMutablePointer<AVFilterInOut>? = try Self.inOut(name: "in", filter: source!, next: nil)
            var openInputs: UnsafeMutablePointer<AVFilterInOut>? = nil
            for (index, sink) in sinks.enumerated().reversed() {
                openInputs = try Self.inOut(name: "out\(index)", filter: sink, next: openInputs)
            }
            defer {
                avfilter_inout_free(&openOutputs)
                avfilter_inout_free(&openInputs)
            }
            try check(avfilter_graph_parse_ptr(graph, description, &openInputs, &openOutputs, nil), "avfilter_graph_parse_ptr")
            try check(avfilter_graph_config(graph, nil), "avfilter_graph_config")
            self.graph = graph!
            self.source = source!
            self.sinks = sinks
        } catch {
            avfilter_graph_free(&graph)
            throw error
        }
    }

    private static func inOut(
        name: String,
        filter: UnsafeMutablePointer<AVFilterContext>,
        next: UnsafeMutablePointer<AVFilterInOut>?
    ) throws(FFmpegError) -> UnsafeMutablePointer<AVFilterInOut> {
        let entry = try allocated(avfilter_inout_alloc(), "avfilter_inout_alloc")
        entry.pointee.name = av_strdup(name)
        entry.pointee.filter_ctx = filter
        entry.pointee.pad_idx = 0
        entry.pointee.next = next
        return entry
    }

    deinit {
        var p: UnsafeMutablePointer<AVFilterGraph>? = graph
        avfilter_graph_free(&p)
    }

    public var outputCount: Int { sinks.count }

    /// Feeds a frame (the graph takes its own reference; `frame` stays usable).
    public func push(_ frame: borrowing Frame) throws(FFmpegError) {
        try check(av_buffersrc_add_frame_flags(source, frame.pointer, Int32(AV_BUFFERSRC_FLAG_KEEP_REF)), "av_buffersrc_add_frame_flags")
    }

    /// Signals the end of input; sinks then drain and report `.endOfStream`.
    public func pushEndOfStream() throws(FFmpegError) {
        try check(av_buffersrc_add_frame_flags(source, nil, 0), "av_buffersrc_add_frame_flags")
    }

    public func pull(_ frame: borrowing Frame, from output: Int) throws(FFmpegError) -> ReceiveResult {
        let status = av_buffersink_get_frame(sinks[output], frame.pointer)
        if status == Status.again { return .needsInput }
        if status == Status.endOfFile { return .endOfStream }
        try check(status, "av_buffersink_get_frame")
        return .ready
    }

    public func timeBase(ofOutput output: Int) -> Rational { Rational(av_buffersink_get_time_base(sinks[output])) }
    public func frameRate(ofOutput output: Int) -> Rational { Rational(av_buffersink_get_frame_rate(sinks[output])) }
}
