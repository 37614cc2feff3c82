internal import CFFmpeg

/// A decoded picture or block of audio samples, owned: freed when it goes out of scope.
public struct Frame: ~Copyable {
    let pointer: UnsafeMutablePointer<AVFrame>

    public init() throws(FFmpegError) {
        pointer = try allocated(av_frame_alloc(), "av_frame_alloc")
    }

    private init(owning pointer: UnsafeMutablePointer<AVFrame>) { self.pointer = pointer }

    deinit {
        var p: UnsafeMutablePointer<AVFrame>? = pointer
        av_frame_free(&p)
    }

    /// A new frame sharing this one's data (no copy), owned by whoever takes it: another thread may encode it while this
    /// frame is reused. Shared data is read-only: its reference count makes every filter that writes copy it first.
    public func makeReference() throws(FFmpegError) -> sending Frame {
        // The compiler cannot see that `av_frame_clone` returns a fresh AVFrame with its own reference to the buffers
        // (counted atomically), sharing nothing mutable with `self`; it is disconnected, as `sending` promises.
        let clone = try allocated(av_frame_clone(pointer), "av_frame_clone")
        nonisolated(unsafe) let reference = Frame(owning: clone)
        return reference
    }

    public var pts: Int64 {
        get { pointer.pointee.pts }
        nonmutating set { pointer.pointee.pts = newValue }
    }
    /// The decoder's best guess of the presentation time (handles missing or broken pts).
    public var bestEffortTimestamp: Int64 { pointer.pointee.best_effort_timestamp }
    public var width: Int { Int(pointer.pointee.width) }
    public var height: Int { Int(pointer.pointee.height) }
    public var sampleCount: Int { Int(pointer.pointee.nb_samples) }
    public var sampleRate: Int { Int(pointer.pointee.sample_rate) }
    /// Bytes the picture's planes take (what a reference to it keeps alive).
    public var pictureBytes: Int {
        Int(av_image_get_buffer_size(AVPixelFormat(rawValue: pointer.pointee.format), pointer.pointee.width, pointer.pointee.height, 1))
    }
    public var sampleAspectRatio: Rational { Rational(pointer.pointee.sample_aspect_ratio) }
    public var isInterlaced: Bool { pointer.pointee.interlaced_frame != 0 }
    /// Whether the picture uses the full 0-255 range (JPEG, many phones and screen recorders) rather than video's 16-235.
    public var isFullRange: Bool {
        if pointer.pointee.color_range == AVCOL_RANGE_JPEG { return true }
        let format = AVPixelFormat(rawValue: pointer.pointee.format)
        return format == AV_PIX_FMT_YUVJ420P || format == AV_PIX_FMT_YUVJ422P || format == AV_PIX_FMT_YUVJ444P || format == AV_PIX_FMT_YUVJ440P
    }
    /// The decoder flagged this frame as damaged.
    public var isCorrupt: Bool { pointer.pointee.flags & AV_FRAME_FLAG_CORRUPT != 0 || pointer.pointee.decode_error_flags != 0 }

    /// Asks the encoder for an IDR (key) frame here.
    public func forceKeyFrame() { pointer.pointee.pict_type = AV_PICTURE_TYPE_I }
    /// Lets the encoder choose the picture type.
    public func clearPictureType() { pointer.pointee.pict_type = AV_PICTURE_TYPE_NONE }

    public func unref() { av_frame_unref(pointer) }
}

extension Frame {
    /// Sets the fixed quantiser a JPEG encoder uses for this frame (2 best ... 31 worst).
    public func setJPEGQuality(_ quality: Int) { pointer.pointee.quality = Int32(quality) * FF_QP2LAMBDA }
}

extension Frame {
    /// The picture's bytes when it is 8-bit grey (`format=gray`), row after row without padding; nil for any other format.
    public func grayPixels() -> [UInt8]? {
        guard AVPixelFormat(rawValue: pointer.pointee.format) == AV_PIX_FMT_GRAY8, let plane = pointer.pointee.data.0 else { return nil }
        let width = self.width
        let height = self.height
        let stride = Int(pointer.pointee.linesize.0)
        guard width > 0, height > 0, stride >= width else { return nil }
        var pixels = [UInt8](repeating: 0, count: width * height)
        pixels.withUnsafeMutableBufferPointer { out in
            for row in 0..<height {
                (out.baseAddress! + row * width).update(from: plane + row * stride, count: width)
            }
        }
        return pixels
    }
}
