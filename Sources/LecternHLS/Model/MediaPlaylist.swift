public import Foundation

/// A media playlist: the segments of one rendition (RFC 8216, 4.3.3).
public struct MediaPlaylist: Hashable, Sendable {
    /// `EXT-X-VERSION`; `nil` writes no tag (version 1).
    public var version: Int?
    /// `EXT-X-TARGETDURATION` in seconds: every segment's duration, rounded, is at most this.
    public var targetDuration: Int
    /// `EXT-X-MEDIA-SEQUENCE` (always written).
    public var mediaSequence: Int
    /// `EXT-X-DISCONTINUITY-SEQUENCE` (written when not 0).
    public var discontinuitySequence: Int
    /// `EXT-X-PLAYLIST-TYPE`.
    public var playlistType: PlaylistType?
    /// `EXT-X-I-FRAMES-ONLY`.
    public var iFramesOnly: Bool
    /// `EXT-X-INDEPENDENT-SEGMENTS`.
    public var independentSegments: Bool
    /// `EXT-X-START`.
    public var start: StartPoint?
    /// `EXT-X-DEFINE` tags in order.
    public var defines: [VariableDefinition]
    public var segments: [MediaSegment]
    /// `EXT-X-ENDLIST`.
    public var endList: Bool
    /// Unknown tags before the first segment's tags (e.g. `EXT-X-SERVER-CONTROL`), written after the header.
    public var unknownTags: [UnknownTag]
    /// Unknown tags after the last segment's URI (e.g. `EXT-X-PRELOAD-HINT`), written before `EXT-X-ENDLIST`.
    public var trailingTags: [UnknownTag]
    /// The URL the playlist was read from, for resolving relative URIs; never written.
    public var baseURL: URL?

    public init(
        version: Int? = nil,
        targetDuration: Int,
        mediaSequence: Int = 0,
        discontinuitySequence: Int = 0,
        playlistType: PlaylistType? = nil,
        iFramesOnly: Bool = false,
        independentSegments: Bool = false,
        start: StartPoint? = nil,
        defines: [VariableDefinition] = [],
        segments: [MediaSegment] = [],
        endList: Bool = false,
        unknownTags: [UnknownTag] = [],
        trailingTags: [UnknownTag] = [],
        baseURL: URL? = nil
    ) {
        self.version = version
        self.targetDuration = targetDuration
        self.mediaSequence = mediaSequence
        self.discontinuitySequence = discontinuitySequence
        self.playlistType = playlistType
        self.iFramesOnly = iFramesOnly
        self.independentSegments = independentSegments
        self.start = start
        self.defines = defines
        self.segments = segments
        self.endList = endList
        self.unknownTags = unknownTags
        self.trailingTags = trailingTags
        self.baseURL = baseURL
    }

    /// The sum of all segment durations, in seconds.
    public var totalDuration: Double {
        segments.reduce(0) { $0 + $1.duration }
    }

    /// The smallest valid `EXT-X-TARGETDURATION` for `segments`: the longest duration rounded to the nearest
    /// integer (RFC 8216, 4.3.3.1).
    public var minimumTargetDuration: Int {
        segments.map { Int($0.duration.rounded()) }.max() ?? 0
    }

    /// `uri` resolved against `baseURL` (see `PlaylistParser.resolve(_:against:)`).
    public func resolvedURL(for uri: String) -> URL? {
        PlaylistParser.resolve(uri, against: baseURL)
    }
}
