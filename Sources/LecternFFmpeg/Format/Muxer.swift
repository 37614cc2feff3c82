internal import CFFmpeg

/// An output file being set up: add its one stream, then `writeHeader()` turns it into a `MuxerSession`.
///
/// One stream per file: Lectern writes every rendition (video or audio) to its own file.
public struct Muxer: ~Copyable {
    let context: UnsafeMutablePointer<AVFormatContext>
    let encoderTimeBase: Rational

    /// Opens `path` for writing in `format` (`mp4`, `mpegts`) with the stream of `encoder`.
    public init(path: String, format: String, encoder: Encoder) throws(FFmpegError) {
        var context: UnsafeMutablePointer<AVFormatContext>? = nil
        try check(avformat_alloc_output_context2(&context, nil, format, path), "avformat_alloc_output_context2")
        guard let context else { throw FFmpegError(code: .outOfMemory, function: "avformat_alloc_output_context2", message: "out of memory") }
        do throws(FFmpegError) {
            guard let stream = avformat_new_stream(context, nil) else {
                throw FFmpegError(code: .outOfMemory, function: "avformat_new_stream", message: "out of memory")
            }
            try check(avcodec_parameters_from_context(stream.pointee.codecpar!, encoder.context), "avcodec_parameters_from_context")
            stream.pointee.time_base = encoder.context.pointee.time_base
            if encoder.isVideo { stream.pointee.avg_frame_rate = encoder.context.pointee.framerate }
            // Let MPEG-TS gather several audio frames per PES (as the ffmpeg CLI's 0.7 s default does); one PES per
            // AAC frame would more than double a 32 kbps stream.
            context.pointee.max_delay = 700_000
            try check(avio_open(&context.pointee.pb, path, AVIO_FLAG_WRITE), "avio_open")
        } catch {
            avformat_free_context(context)
            throw error
        }
        self.context = context
        self.encoderTimeBase = encoder.timeBase
    }

    deinit {
        avio_closep(&context.pointee.pb)
        avformat_free_context(context)
    }

    /// Writes the header with the muxer's private `options` (e.g. `movflags`); on failure the file is closed.
    public consuming func writeHeader(options: [String: String] = [:]) throws(FFmpegError) -> MuxerSession {
        var dictionary: OpaquePointer? = nil
        for (key, value) in options { av_dict_set(&dictionary, key, value, 0) }
        let status = avformat_write_header(context, &dictionary)
        av_dict_free(&dictionary)
        let context = self.context
        let encoderTimeBase = self.encoderTimeBase
        discard self
        guard status >= 0 else {
            avio_closep(&context.pointee.pb)
            avformat_free_context(context)
            throw FFmpegError(status: status, function: "avformat_write_header")
        }
        return MuxerSession(context: context, encoderTimeBase: encoderTimeBase)
    }
}

/// A muxer whose header is written: packets go in, fragments are cut on request, `finish()` closes the file.
public struct MuxerSession: ~Copyable {
    let context: UnsafeMutablePointer<AVFormatContext>
    let encoderTimeBase: Rational

    init(context: UnsafeMutablePointer<AVFormatContext>, encoderTimeBase: Rational) {
        self.context = context
        self.encoderTimeBase = encoderTimeBase
    }

    deinit {
        avio_closep(&context.pointee.pb)
        avformat_free_context(context)
    }

    /// Time base of the timestamps in the file.
    public var timeBase: Rational { Rational(context.pointee.streams[0]!.pointee.time_base) }

    /// Bytes written so far (after `flush()`, everything handed in is counted).
    public var position: Int64 { avio_tell(context.pointee.pb) }

    /// Writes an encoder packet (timestamps in the encoder's time base). The packet is consumed (unref'd).
    public func write(_ packet: borrowing Packet) throws(FFmpegError) {
        packet.pointer.pointee.stream_index = 0
        av_packet_rescale_ts(packet.pointer, encoderTimeBase.av, context.pointee.streams[0]!.pointee.time_base)
        try check(av_write_frame(context, packet.pointer), "av_write_frame")
    }

    /// Closes the current fragment (fMP4 with `frag_custom`) or flushes buffered PES (MPEG-TS) and the I/O buffer.
    public func flush() throws(FFmpegError) {
        try check(av_write_frame(context, nil), "av_write_frame(flush)")
        avio_flush(context.pointee.pb)
    }

    /// Makes the MPEG-TS muxer repeat PAT/PMT before the next packet, so a segment can start there.
    public func repeatTransportStreamHeaders() {
        av_opt_set(context.pointee.priv_data, "mpegts_flags", "+resend_headers", 0)
    }

    public consuming func finish() throws(FFmpegError) {
        let status = av_write_trailer(context)
        avio_flush(context.pointee.pb)
        try check(status, "av_write_trailer")
    }
}
