/// How to encode one H.264 rendition with libx264: capped CRF, fixed key frame cadence.
public struct VideoEncoderSettings: Sendable, Hashable {
    public var width: Int
    public var height: Int
    /// Output frame rate (constant).
    public var frameRate: Rational
    /// Constant rate factor: the quality target static slides settle at.
    public var crf: Double
    /// The cap: VBV max rate in bits/s.
    public var maxRate: Int
    /// VBV buffer size in bits.
    public var bufferSize: Int
    public var preset: String
    public var profile: String
    public var tune: String?
    /// Frames between IDRs; the encoder also gets forced IDRs at exact times.
    public var keyFrameInterval: Int
    /// 0 = let x264 decide.
    public var threads: Int

    public init(
        width: Int,
        height: Int,
        frameRate: Rational,
        crf: Double,
        maxRate: Int,
        bufferSize: Int,
        preset: String = "veryfast",
        profile: String = "high",
        tune: String? = nil,
        keyFrameInterval: Int,
        threads: Int = 0
    ) {
        self.width = width
        self.height = height
        self.frameRate = frameRate
        self.crf = crf
        self.maxRate = maxRate
        self.bufferSize = bufferSize
        self.preset = preset
        self.profile = profile
        self.tune = tune
        self.keyFrameInterval = keyFrameInterval
        self.threads = threads
    }
}

/// How to encode one AAC-LC audio tier with FFmpeg's native encoder.
public struct AudioEncoderSettings: Sendable, Hashable {
    public var sampleRate: Int
    public var channels: Int
    public var bitRate: Int

    public init(sampleRate: Int, channels: Int, bitRate: Int) {
        self.sampleRate = sampleRate
        self.channels = channels
        self.bitRate = bitRate
    }
}
