internal import CFFmpeg

/// An H.264 (libx264) or AAC encoder producing packets for one rendition.
public final class Encoder {
    let context: UnsafeMutablePointer<AVCodecContext>
    public let isVideo: Bool

    public init(video settings: VideoEncoderSettings) throws(FFmpegError) {
        guard let codec = avcodec_find_encoder_by_name("libx264") else {
            throw FFmpegError(code: .unavailable, function: "avcodec_find_encoder_by_name", message: "this FFmpeg has no libx264 encoder")
        }
        var context: UnsafeMutablePointer<AVCodecContext>? = try allocated(avcodec_alloc_context3(codec), "avcodec_alloc_context3")
        var options: OpaquePointer? = nil
        defer { av_dict_free(&options) }
        do throws(FFmpegError) {
            let c = context!
            c.pointee.width = Int32(settings.width)
            c.pointee.height = Int32(settings.height)
            c.pointee.pix_fmt = AV_PIX_FMT_YUV420P
            c.pointee.sample_aspect_ratio = AVRational(num: 1, den: 1)
            c.pointee.time_base = av_inv_q(settings.frameRate.av)
            c.pointee.framerate = settings.frameRate.av
            c.pointee.gop_size = Int32(settings.keyFrameInterval)
            c.pointee.keyint_min = Int32(settings.keyFrameInterval)
            c.pointee.rc_max_rate = Int64(settings.maxRate)
            c.pointee.rc_buffer_size = Int32(settings.bufferSize)
            c.pointee.thread_count = Int32(settings.threads)
            c.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER
            c.pointee.color_range = AVCOL_RANGE_MPEG
            av_dict_set(&options, "preset", settings.preset, 0)
            av_dict_set(&options, "profile", settings.profile, 0)
            if let tune = settings.tune { av_dict_set(&options, "tune", tune, 0) }
            av_dict_set(&options, "crf", "\(settings.crf)", 0)
            av_dict_set(&options, "forced-idr", "1", 0)
            // No scene-cut key frames (they would break alignment across renditions); closed GOPs.
            av_dict_set(&options, "x264-params", "scenecut=0:open-gop=0", 0)
            try check(avcodec_open2(c, codec, &options), "avcodec_open2(libx264)")
        } catch {
            avcodec_free_context(&context)
            throw error
        }
        self.context = context!
        self.isVideo = true
    }

    public init(audio settings: AudioEncoderSettings) throws(FFmpegError) {
        guard let codec = avcodec_find_encoder_by_name("aac") else {
            throw FFmpegError(code: .unavailable, function: "avcodec_find_encoder_by_name", message: "this FFmpeg has no AAC encoder")
        }
        var context: UnsafeMutablePointer<AVCodecContext>? = try allocated(avcodec_alloc_context3(codec), "avcodec_alloc_context3")
        do throws(FFmpegError) {
            let c = context!
            c.pointee.sample_rate = Int32(settings.sampleRate)
            c.pointee.sample_fmt = AV_SAMPLE_FMT_FLTP
            av_channel_layout_default(&c.pointee.ch_layout, Int32(settings.channels))
            c.pointee.bit_rate = Int64(settings.bitRate)
            c.pointee.time_base = AVRational(num: 1, den: Int32(settings.sampleRate))
            c.pointee.profile = FF_PROFILE_AAC_LOW
            c.pointee.flags |= AV_CODEC_FLAG_GLOBAL_HEADER
            try check(avcodec_open2(c, codec, nil), "avcodec_open2(aac)")
        } catch {
            avcodec_free_context(&context)
            throw error
        }
        self.context = context!
        self.isVideo = false
    }

    /// A JPEG encoder for one still picture (posters); frames must be `yuvj420p` of this size.
    public init(jpegWidth width: Int, height: Int, quality: Int = 4) throws(FFmpegError) {
        guard let codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG) else {
            throw FFmpegError(code: .unavailable, function: "avcodec_find_encoder", message: "this FFmpeg has no JPEG encoder")
        }
        var context: UnsafeMutablePointer<AVCodecContext>? = try allocated(avcodec_alloc_context3(codec), "avcodec_alloc_context3")
        do throws(FFmpegError) {
            let c = context!
            c.pointee.width = Int32(width)
            c.pointee.height = Int32(height)
            c.pointee.pix_fmt = AV_PIX_FMT_YUVJ420P
            c.pointee.time_base = AVRational(num: 1, den: 25)
            // Fixed quantiser: qscale 2 (best) ... 31 (worst).
            c.pointee.flags |= AV_CODEC_FLAG_QSCALE
            c.pointee.global_quality = Int32(quality) * FF_QP2LAMBDA
            try check(avcodec_open2(c, codec, nil), "avcodec_open2(mjpeg)")
        } catch {
            avcodec_free_context(&context)
            throw error
        }
        self.context = context!
        self.isVideo = true
    }

    deinit {
        var p: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&p)
    }

    /// Time base of the frames this encoder takes and of the packets it returns.
    public var timeBase: Rational { Rational(context.pointee.time_base) }
    /// Samples per audio frame (1024 for AAC); 0 for video.
    public var frameSize: Int { Int(context.pointee.frame_size) }

    public func send(_ frame: borrowing Frame) throws(FFmpegError) {
        try check(avcodec_send_frame(context, frame.pointer), "avcodec_send_frame")
    }

    public func sendEndOfStream() throws(FFmpegError) {
        let status = avcodec_send_frame(context, nil)
        if status == Status.endOfFile { return }
        try check(status, "avcodec_send_frame")
    }

    public func receive(_ packet: borrowing Packet) throws(FFmpegError) -> ReceiveResult {
        let status = avcodec_receive_packet(context, packet.pointer)
        if status == Status.again { return .needsInput }
        if status == Status.endOfFile { return .endOfStream }
        try check(status, "avcodec_receive_packet")
        return .ready
    }

    /// The RFC 6381 codec string of what this encoder produces, read from its parameter sets
    /// (`avc1.64001f` from the SPS, `mp4a.40.2` from the AudioSpecificConfig).
    public var codecString: String {
        let extradata =
            context.pointee.extradata.map {
                Array(UnsafeBufferPointer(start: $0, count: Int(context.pointee.extradata_size)))
            } ?? []
        return isVideo ? CodecString.avc(extradata: extradata) : CodecString.aac(extradata: extradata)
    }
}
