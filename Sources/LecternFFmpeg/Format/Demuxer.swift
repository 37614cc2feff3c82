internal import CFFmpeg

/// An opened input file: its streams, and packets read one at a time.
public final class Demuxer {
    let context: UnsafeMutablePointer<AVFormatContext>
    public let info: ContainerInfo

    /// Opens the file at `path` under `InputPolicy`: read through the `file` protocol only, and only when its container
    /// is one real recordings come in. A refused container throws `.refusedFormat` naming what the file is.
    public init(path: String) throws(FFmpegError) {
        var context: UnsafeMutablePointer<AVFormatContext>? = nil
        let url = InputPolicy.url(path)
        var options = InputPolicy.options()
        defer { av_dict_free(&options) }
        let opening = avformat_open_input(&context, url, nil, &options)
        if opening < 0 {
            if let format = InputPolicy.probe(url), !InputPolicy.allows(format: format) {
                throw FFmpegError(
                    code: .refusedFormat,
                    function: "avformat_open_input",
                    message: InputPolicy.describe(refused: format)
                )
            }
            throw FFmpegError(status: opening, function: "avformat_open_input")
        }
        guard let opened = context else {
            throw FFmpegError(code: .outOfMemory, function: "avformat_open_input", message: "out of memory")
        }
        let status = avformat_find_stream_info(opened, nil)
        if status < 0 {
            avformat_close_input(&context)
            throw FFmpegError(status: status, function: "avformat_find_stream_info")
        }
        self.context = opened
        self.info = Self.describe(opened)
    }

    deinit {
        var p: UnsafeMutablePointer<AVFormatContext>? = context
        avformat_close_input(&p)
    }

    /// Reads the next packet; `false` at end of file. A damaged file's read errors are thrown.
    public func read(into packet: borrowing Packet) throws(FFmpegError) -> Bool {
        let status = av_read_frame(context, packet.pointer)
        if status == Status.endOfFile { return false }
        try check(status, "av_read_frame")
        return true
    }

    /// Tells the demuxer to skip every stream not in `indices` (saves parsing work).
    public func select(streams indices: Set<Int>) {
        for index in 0..<Int(context.pointee.nb_streams) {
            context.pointee.streams[index]!.pointee.discard = indices.contains(index) ? AVDISCARD_DEFAULT : AVDISCARD_ALL
        }
    }

    /// Index of the stream FFmpeg considers the main one of that kind, if any.
    public func bestStream(_ kind: StreamInfo.Kind) -> Int? {
        let type: AVMediaType = kind == .video ? AVMEDIA_TYPE_VIDEO : AVMEDIA_TYPE_AUDIO
        let index = av_find_best_stream(context, type, -1, -1, nil, 0)
        guard index >= 0 else { return nil }
        if kind == .video, info.streams[Int(index)].isAttachedPicture { return nil }
        return Int(index)
    }

    func stream(_ index: Int) -> UnsafeMutablePointer<AVStream> { context.pointee.streams[index]! }

    private static func describe(_ context: UnsafeMutablePointer<AVFormatContext>) -> ContainerInfo {
        let format = context.pointee.iformat.pointee
        let timeBase = Double(AV_TIME_BASE)
        var streams: [StreamInfo] = []
        for index in 0..<Int(context.pointee.nb_streams) {
            streams.append(describe(stream: context.pointee.streams[index]!, index: index))
        }
        let duration = context.pointee.duration
        let start = context.pointee.start_time
        return ContainerInfo(
            formatName: String(cString: format.name),
            formatLongName: format.long_name.map { String(cString: $0) } ?? "",
            duration: duration > 0 && duration != noTimestamp ? Double(duration) / timeBase : nil,
            startTime: start != noTimestamp ? Double(start) / timeBase : nil,
            bitRate: context.pointee.bit_rate > 0 ? Int(context.pointee.bit_rate) : nil,
            streams: streams,
            hasTimestampDiscontinuities: format.flags & AVFMT_TS_DISCONT != 0
        )
    }

    private static func describe(stream: UnsafeMutablePointer<AVStream>, index: Int) -> StreamInfo {
        let parameters = stream.pointee.codecpar!.pointee
        let kind: StreamInfo.Kind
        switch parameters.codec_type {
        case AVMEDIA_TYPE_VIDEO: kind = .video
        case AVMEDIA_TYPE_AUDIO: kind = .audio
        case AVMEDIA_TYPE_SUBTITLE: kind = .subtitle
        case AVMEDIA_TYPE_DATA: kind = .data
        case AVMEDIA_TYPE_ATTACHMENT: kind = .attachment
        default: kind = .other
        }
        let decoder = avcodec_find_decoder(parameters.codec_id)
        let timeBase = Rational(stream.pointee.time_base)
        let duration = stream.pointee.duration
        var info = StreamInfo(
            index: index,
            kind: kind,
            codecName: decoder.map { String(cString: $0.pointee.name) } ?? String(cString: avcodec_get_name(parameters.codec_id)),
            hasDecoder: decoder != nil,
            timeBase: timeBase,
            startTime: stream.pointee.start_time,
            duration: duration > 0 && duration != noTimestamp ? timeBase.seconds(duration) : nil,
            bitRate: parameters.bit_rate > 0 ? Int(parameters.bit_rate) : nil,
            language: av_dict_get(stream.pointee.metadata, "language", nil, 0).map { String(cString: $0.pointee.value) },
            isAttachedPicture: stream.pointee.disposition & AV_DISPOSITION_ATTACHED_PIC != 0
        )
        info.profile = Int(parameters.profile)
        info.level = Int(parameters.level)
        switch kind {
        case .video:
            info.width = Int(parameters.width)
            info.height = Int(parameters.height)
            let format = AVPixelFormat(rawValue: parameters.format)
            if let name = av_get_pix_fmt_name(format) { info.pixelFormat = String(cString: name) }
            if let descriptor = av_pix_fmt_desc_get(format) { info.bitsPerSample = Int(descriptor.pointee.comp.0.depth) }
            let streamSAR = Rational(stream.pointee.sample_aspect_ratio)
            info.sampleAspectRatio = streamSAR.isValid ? streamSAR : Rational(parameters.sample_aspect_ratio)
            info.averageFrameRate = Rational(stream.pointee.avg_frame_rate)
            info.realFrameRate = Rational(stream.pointee.r_frame_rate)
            info.rotation = rotation(of: stream)
            let order = parameters.field_order
            info.isInterlaced = order != AV_FIELD_PROGRESSIVE && order != AV_FIELD_UNKNOWN
            if parameters.color_trc != AVCOL_TRC_UNSPECIFIED, let name = av_color_transfer_name(parameters.color_trc) {
                info.colorTransfer = String(cString: name)
            }
        case .audio:
            info.sampleRate = Int(parameters.sample_rate)
            info.channels = Int(parameters.ch_layout.nb_channels)
            var layout = parameters.ch_layout
            var buffer = [CChar](repeating: 0, count: 64)
            if av_channel_layout_describe(&layout, &buffer, buffer.count) > 0 {
                info.channelLayout = String(nulTerminated: buffer)
            }
        default:
            break
        }
        return info
    }

    /// The display matrix's rotation, as the clockwise turn that makes the picture upright.
    private static func rotation(of stream: UnsafeMutablePointer<AVStream>) -> Int {
        guard let data = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, nil) else { return 0 }
        let degrees = data.withMemoryRebound(to: Int32.self, capacity: 9) { av_display_rotation_get($0) }
        guard degrees.isFinite else { return 0 }
        // av_display_rotation_get is counter-clockwise; the picture must be turned the other way.
        var clockwise = Int((-degrees).rounded()) % 360
        if clockwise < 0 { clockwise += 360 }
        return ((clockwise + 45) / 90 * 90) % 360
    }
}
