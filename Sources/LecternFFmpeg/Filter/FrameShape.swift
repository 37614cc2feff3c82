internal import CFFmpeg

/// What a filter graph's source is built for: a picture's size and pixel format, or audio's rate, sample format and
/// channels. Recordings change it mid-stream (files joined end to end, a phone switching microphones, a screen
/// recorder resizing); a graph fed a frame of another shape fails ("Changing audio frame properties on the fly is
/// not supported"), so its feeder compares shapes first.
public struct FrameShape: Sendable, Hashable, CustomStringConvertible {
    /// Pictures: width and height; 0 for audio.
    public var width: Int
    public var height: Int
    /// FFmpeg's name of the pixel or sample format (`yuv420p`, `fltp`).
    public var format: String
    /// Audio: samples per second and channel layout (`mono`, `stereo`, `5.1`); 0 and "" for pictures.
    public var sampleRate: Int
    public var channelLayout: String

    /// The shape of `frame` as decoded.
    public init(_ frame: borrowing Frame) {
        let f = frame.pointer.pointee
        width = Int(f.width)
        height = Int(f.height)
        sampleRate = Int(f.sample_rate)
        if f.sample_rate > 0 {
            format = av_get_sample_fmt_name(AVSampleFormat(rawValue: f.format)).map { String(cString: $0) } ?? "\(f.format)"
            channelLayout = Self.layoutName(f.ch_layout)
        } else {
            format = av_get_pix_fmt_name(AVPixelFormat(rawValue: f.format)).map { String(cString: $0) } ?? "\(f.format)"
            channelLayout = ""
        }
    }

    public var description: String {
        sampleRate > 0 ? "\(sampleRate) Hz \(channelLayout) \(format)" : "\(width)x\(height) \(format)"
    }

    /// A layout's name as filters read it; an unspecified layout is the default one for its channel count.
    static func layoutName(_ source: AVChannelLayout) -> String {
        var layout = AVChannelLayout()
        if source.order == AV_CHANNEL_ORDER_UNSPEC || source.nb_channels == 0 {
            av_channel_layout_default(&layout, max(source.nb_channels, 1))
        } else {
            var copy = source
            av_channel_layout_copy(&layout, &copy)
        }
        defer { av_channel_layout_uninit(&layout) }
        var buffer = [CChar](repeating: 0, count: 128)
        av_channel_layout_describe(&layout, &buffer, buffer.count)
        return String(nulTerminated: buffer)
    }
}
