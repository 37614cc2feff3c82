internal import CFFmpeg

/// A subtitle decoder for one stream. Subtitles are decoded with `avcodec_decode_subtitle2` (no frames), so this
/// is separate from `Decoder`; the `AVSubtitle` it fills never leaves `decode(_:)`.
final class SubtitleStreamDecoder {
    let context: UnsafeMutablePointer<AVCodecContext>
    let timeBase: Rational

    init(_ demuxer: Demuxer, stream index: Int) throws(FFmpegError) {
        let stream = demuxer.stream(index)
        let parameters = stream.pointee.codecpar!
        guard parameters.pointee.codec_type == AVMEDIA_TYPE_SUBTITLE, let codec = avcodec_find_decoder(parameters.pointee.codec_id) else {
            let name = String(cString: avcodec_get_name(parameters.pointee.codec_id))
            throw FFmpegError(code: .unavailable, function: "avcodec_find_decoder", message: "no subtitle decoder for \(name)")
        }
        var context: UnsafeMutablePointer<AVCodecContext>? = try allocated(avcodec_alloc_context3(codec), "avcodec_alloc_context3")
        do throws(FFmpegError) {
            try check(avcodec_parameters_to_context(context, parameters), "avcodec_parameters_to_context")
            context!.pointee.pkt_timebase = stream.pointee.time_base
            try check(avcodec_open2(context, codec, nil), "avcodec_open2")
        } catch {
            avcodec_free_context(&context)
            throw error
        }
        self.context = context!
        self.timeBase = Rational(stream.pointee.time_base)
    }

    deinit {
        var p: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&p)
    }

    /// The text events of one packet (usually one; none for an empty "clear the screen" packet).
    func decode(_ packet: borrowing Packet) throws(FFmpegError) -> [DecodedSubtitle] {
        guard packet.pts != noTimestamp else { return [] }
        var subtitle = AVSubtitle()
        var gotSubtitle: Int32 = 0
        try check(avcodec_decode_subtitle2(context, &subtitle, &gotSubtitle, packet.pointer), "avcodec_decode_subtitle2")
        guard gotSubtitle != 0 else { return [] }
        defer { avsubtitle_free(&subtitle) }
        let packetStart = timeBase.seconds(packet.pts)
        let start = packetStart + Double(subtitle.start_display_time) / 1000
        var end: Double?
        if subtitle.end_display_time > 0, subtitle.end_display_time != UInt32.max {
            end = packetStart + Double(subtitle.end_display_time) / 1000
        } else if packet.duration > 0 {
            end = packetStart + timeBase.seconds(packet.duration)
        }
        var events: [DecodedSubtitle] = []
        for index in 0..<Int(subtitle.num_rects) {
            guard let rect = subtitle.rects[index]?.pointee else { continue }
            switch rect.type {
            case SUBTITLE_ASS:
                if let ass = rect.ass { events.append(DecodedSubtitle(start: start, end: end, text: String(cString: ass), markup: .ass)) }
            case SUBTITLE_TEXT:
                if let text = rect.text { events.append(DecodedSubtitle(start: start, end: end, text: String(cString: text), markup: .plain)) }
            default:
                continue  // Bitmap subtitles (DVD, PGS) carry no text.
            }
        }
        return events
    }
}
