import LecternPackage

extension SegmentFormat {
    var segmentExtension: String { self == .fmp4 ? "m4s" : "ts" }
    var muxerName: String { self == .fmp4 ? "mp4" : "mpegts" }
}

/// One rendition as written to disk, with everything measured from the files.
public struct RenditionResult: Sendable, Hashable {
    /// One media segment file, measured after it was cut from the encoded file.
    public struct Segment: Sendable, Hashable {
        /// File name inside the rendition folder, e.g. `seg-00001.m4s`.
        public var uri: String
        /// Presentation start in seconds from the start of the lecture.
        public var start: Double
        /// Seconds, as in its EXTINF.
        public var duration: Double
        /// Size of the file.
        public var bytes: Int
    }

    /// A key frame, as a byte range of a segment (for I-frame playlists).
    public struct KeyFrame: Sendable, Hashable {
        /// The segment file holding the key frame.
        public var uri: String
        /// Where the key frame's fragment starts in the segment file, in bytes.
        public var offset: Int
        /// Bytes from `offset` to the end of the key frame (for fMP4: the `moof` and the key frame's sample).
        public var length: Int
        /// Presentation start in seconds from the start of the lecture.
        public var start: Double
        /// Seconds until the next key frame (or the rendition's end).
        public var duration: Double
    }

    /// The rendition's name and its folder in the package ("720p", "audio-64k", "audio-64k-fr").
    public var name: String
    /// Video rung (true) or audio tier (false).
    public var isVideo: Bool
    /// RFC 6381 codec string read from the encoder's parameter sets.
    public var codecs: String
    /// Pixels; 0 for audio.
    public var width: Int
    /// Pixels; 0 for audio.
    public var height: Int
    /// Frames per second; 0 for audio.
    public var frameRate: Int
    /// Audio channels; 0 for video.
    public var channels: Int
    /// `init.mp4` for fMP4, nil for TS.
    public var initFile: String?
    /// Size of `init.mp4`; 0 for TS.
    public var initBytes: Int
    /// Every segment, in order.
    public var segments: [Segment]
    /// Every key frame of a video rendition, in order; empty for audio.
    public var keyFrames: [KeyFrame]
    /// Audio: the BCP-47 language of the rendition, and its `GROUP-ID` (the tier's name, shared by every language).
    public var language: String? = nil
    /// Audio: the tier's name, which is the rendition's `GROUP-ID` (see `language`); nil for video.
    public var group: String? = nil

    /// Seconds from the lecture's start to the end of the last segment.
    public var duration: Double { segments.last.map { $0.start + $0.duration } ?? 0 }
    /// Bytes of every file of the rendition: the init section and the segments.
    public var totalBytes: Int { initBytes + segments.reduce(0) { $0 + $1.bytes } }
}
