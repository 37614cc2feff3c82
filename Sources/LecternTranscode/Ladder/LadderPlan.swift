/// The renditions Lectern will encode for one recording: pure data, decided before any encoding.
public struct LadderPlan: Sendable, Hashable, Codable {
    public struct VideoRendition: Sendable, Hashable, Codable {
        public var name: String
        public var width: Int
        public var height: Int
        public var frameRate: Int
        public var crf: Double
        public var maxRate: Int
        public var bufferSize: Int
        public var preset: String
        public var profile: String
        /// Name of the audio rendition played with it (nil when the source has no audio).
        public var audio: String?
        public var role: LadderConfig.Rung.Role
    }

    public struct AudioRendition: Sendable, Hashable, Codable {
        public var name: String
        public var bitRate: Int
        public var channels: Int
        public var sampleRate: Int
    }

    public var video: [VideoRendition]
    public var audio: [AudioRendition]
    /// The audio rendition offered alone (nil without audio).
    public var audioOnly: String?
    public var segmentSeconds: Int
    public var keyFrameSeconds: Int
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
