public import Foundation

/// A multivariant (master) playlist: renditions, variant streams and I-frame streams (RFC 8216, 4.3.4).
///
/// Written in this order: header tags, `unknownTags`, renditions, variant streams, I-frame streams,
/// `trailingTags`. Unknown tags between items travel with the item after them.
public struct MultivariantPlaylist: Hashable, Sendable {
    /// `EXT-X-VERSION`; `nil` writes no tag (version 1).
    public var version: Int?
    /// `EXT-X-INDEPENDENT-SEGMENTS`.
    public var independentSegments: Bool
    /// `EXT-X-START`.
    public var start: StartPoint?
    /// `EXT-X-DEFINE` tags in order.
    public var defines: [VariableDefinition]
    /// `EXT-X-SESSION-DATA` tags in order.
    public var sessionData: [SessionData]
    /// `EXT-X-SESSION-KEY` tags in order.
    public var sessionKeys: [EncryptionKey]
    /// `EXT-X-MEDIA` tags in order.
    public var renditions: [Rendition]
    /// `EXT-X-STREAM-INF` + URI pairs in order.
    public var variants: [VariantStream]
    /// `EXT-X-I-FRAME-STREAM-INF` tags in order.
    public var iFrameStreams: [IFrameStream]
    /// Unknown tags before the first rendition or stream, written after the known header tags.
    public var unknownTags: [UnknownTag]
    /// Unknown tags after the last rendition or stream.
    public var trailingTags: [UnknownTag]
    /// The URL the playlist was read from, for resolving relative URIs; never written.
    public var baseURL: URL?

    public init(
        version: Int? = nil,
        independentSegments: Bool = false,
        start: StartPoint? = nil,
        defines: [VariableDefinition] = [],
        sessionData: [SessionData] = [],
        sessionKeys: [EncryptionKey] = [],
        renditions: [Rendition] = [],
        variants: [VariantStream] = [],
        iFrameStreams: [IFrameStream] = [],
        unknownTags: [UnknownTag] = [],
        trailingTags: [UnknownTag] = [],
        baseURL: URL? = nil
    ) {
        self.version = version
        self.independentSegments = independentSegments
        self.start = start
        self.defines = defines
        self.sessionData = sessionData
        self.sessionKeys = sessionKeys
        self.renditions = renditions
        self.variants = variants
        self.iFrameStreams = iFrameStreams
        self.unknownTags = unknownTags
        self.trailingTags = trailingTags
        self.baseURL = baseURL
    }

    /// `uri` resolved against `baseURL` (see `PlaylistParser.resolve(_:against:)`).
    public func resolvedURL(for uri: String) -> URL? {
        PlaylistParser.resolve(uri, against: baseURL)
    }

    /// The renditions of one group, e.g. the audio languages a variant's `AUDIO` attribute names.
    public func renditions(inGroup groupID: String, type: RenditionType) -> [Rendition] {
        renditions.filter { $0.groupID == groupID && $0.type == type }
    }
}
