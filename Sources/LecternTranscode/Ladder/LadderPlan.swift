/// The renditions Lectern will encode for one recording: pure data, decided before any encoding.
public struct LadderPlan: Sendable, Hashable, Codable {
    /// One video rung fitted to the recording: its size, rate and x264 settings.
    public struct VideoRendition: Sendable, Hashable, Codable {
        /// The rung's name, also its folder in the package ("720p").
        public var name: String
        /// Output width in pixels, even, at the recording's display aspect ratio.
        public var width: Int
        /// Output height in pixels, even.
        public var height: Int
        /// Whole frames per second: the rung's, capped at the recording's (rounded).
        public var frameRate: Int
        /// x264 constant rate factor, as in the rung.
        public var crf: Double
        /// x264 VBV max rate in bits per second.
        public var maxRate: Int
        /// x264 VBV buffer size in bits.
        public var bufferSize: Int
        /// x264 preset, as in the rung.
        public var preset: String
        /// H.264 profile, as in the rung.
        public var profile: String
        /// Name of the audio rendition played with it (nil when the source has no audio).
        public var audio: String?
        /// Regular, floor or slides, as in the rung; orders the variants in the master.
        public var role: LadderConfig.Rung.Role
    }

    /// One AAC-LC audio tier fitted to the recording.
    public struct AudioRendition: Sendable, Hashable, Codable {
        /// The tier's name and `GROUP-ID` ("audio-64k"); the lecture's own language uses it as its folder, others add "-<language>".
        public var name: String
        /// Target bits per second.
        public var bitRate: Int
        /// Output channels: the source's, at most the tier's `maxChannels`.
        public var channels: Int
        /// Output sample rate in Hz.
        public var sampleRate: Int
    }

    /// The video rungs to encode; empty for a recording without video.
    public var video: [VideoRendition]
    /// The audio tiers to encode, in the config's order; empty for a recording without audio.
    public var audio: [AudioRendition]
    /// The audio rendition offered alone (nil without audio).
    public var audioOnly: String?
    /// Target segment length in seconds, from the config.
    public var segmentSeconds: Int
    /// Seconds between regular key frames, from the config.
    public var keyFrameSeconds: Int
    /// Lengths of the shorter first segments, from the config.
    public var bootstrapSegmentSeconds: [Int]
    /// libavfilter steps applied before scaling, in order (deinterlace, rotation).
    public var preprocessing: [String]

    /// Where every rung puts its key frames: every `keyFrameSeconds` and at the bootstrap boundaries between them.
    public var keyFrames: KeyFrameGrid { KeyFrameGrid(interval: keyFrameSeconds, bootstrapSegmentSeconds: bootstrapSegmentSeconds) }

    /// Where segments end, in seconds from the start, up to `duration`.
    public func segmentBoundaries(until duration: Double) -> [Double] {
        var boundaries: [Double] = []
        var time = 0
        var bootstrap = bootstrapSegmentSeconds[...]
        while Double(time) < duration {
            time += bootstrap.popFirst() ?? segmentSeconds
            boundaries.append(Double(time))
        }
        return boundaries
    }
}
