internal import CFFmpeg

/// Decodes one stream of a `Demuxer`.
public final class Decoder {
    let context: UnsafeMutablePointer<AVCodecContext>
    public let streamIndex: Int
    public let timeBase: Rational

    public init(_ demuxer: Demuxer, stream index: Int, threads: Int = 0) throws(FFmpegError) {
        guard demuxer.info.streams.indices.contains(index) else {
            throw FFmpegError(
                code: .invalidInput,
                function: "Decoder.init",
                message: "no stream #\(index) (the file has \(demuxer.info.streams.count))"
            )
        }
        let stream = demuxer.stream(index)
        let parameters = stream.pointee.codecpar!
        guard let codec = avcodec_find_decoder(parameters.pointee.codec_id) else {
            let name = String(cString: avcodec_get_name(parameters.pointee.codec_id))
            throw FFmpegError(code: .unavailable, function: "avcodec_find_decoder", message: "no decoder for \(name)")
        }
        var context: UnsafeMutablePointer<AVCodecContext>? = try allocated(avcodec_alloc_context3(codec), "avcodec_alloc_context3")
        do throws(FFmpegError) {
            try check(avcodec_parameters_to_context(context, parameters), "avcodec_parameters_to_context")
            context!.pointee.pkt_timebase = stream.pointee.time_base
            context!.pointee.thread_count = Int32(threads)
            try check(avcodec_open2(context, codec, nil), "avcodec_open2")
        } catch {
            avcodec_free_context(&context)
            throw error
        }
        self.context = context!
        self.streamIndex = index
        self.timeBase = Rational(stream.pointee.time_base)
    }

    deinit {
        var p: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&p)
    }

    /// Sends a packet; `.needsInput` is never returned here, `.ready` means accepted.
    /// Returns `false` when the decoder is full and frames must be received first.
    public func send(_ packet: borrowing Packet) throws(FFmpegError) -> Bool {
        let status = avcodec_send_packet(context, packet.pointer)
        if status == Status.again { return false }
        try check(status, "avcodec_send_packet")
        return true
    }

    /// Signals end of input; the remaining frames then come out of `receive`.
    public func sendEndOfStream() throws(FFmpegError) {
        let status = avcodec_send_packet(context, nil)
        if status == Status.endOfFile { return }
        try check(status, "avcodec_send_packet")
    }

    public func receive(_ frame: borrowing Frame) throws(FFmpegError) -> ReceiveResult {
        let status = avcodec_receive_frame(context, frame.pointer)
        if status == Status.again { return .needsInput }
        if status == Status.endOfFile { return .endOfStream }
        try check(status, "avcodec_receive_frame")
        return .ready
    }
}
