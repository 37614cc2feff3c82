import LecternPackage

extension SegmentFormat {
    var segmentExtension: String { self == .fmp4 ? "m4s" : "ts" }
    var muxerName: String { self == .fmp4 ? "mp4" : "mpegts" }
}

/// One rendition as written to disk, with everything measured from the files.
public struct RenditionResult: Sendable, Hashable {
    public struct Segment: Sendable, Hashable {
        /// File name inside the rendition folder, e.g. `seg-00001.m4s`.
        public var uri: String
        /// Presentation start in seconds from the start of the lecture.
        public var start: Double
        public var duration: Double
        public var bytes: Int
    }

    /// A key frame, as a byte range of a segment (for I-frame playlists).
    public struct KeyFrame: Sendable, Hashable {
        public var uri: String
        public var offset: Int
        public var length: Int
        public var start: Double
        public var duration: Double
    }

    public var name: String
    public var isVideo: Bool
    /// RFC 6381 codec string read from the encoder's parameter sets.
    public var codecs: String
    public var width: Int
    public var height: Int
    public var frameRate: Int
    public var channels: Int
    /// `init.mp4` for fMP4, nil for TS.
    public var initFile: String?
    public var initBytes: Int
    public var segments: [Segment]
    public var keyFrames: [KeyFrame]
    /// Audio: the BCP-47 language of the rendition, and its `GROUP-ID` (the tier's name, shared by every language).
    public var language: String? = nil
    public var group: String? = nil

    public var duration: Double { segments.last.map { $0.start + $0.duration } ?? 0 }
    public var totalBytes: Int { initBytes + segments.reduce(0) { $0 + $1.bytes } }
}
