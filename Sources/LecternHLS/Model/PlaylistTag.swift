/// The tags this module types, by their names in RFC 8216 and draft-pantos-hls-rfc8216bis. Any other tag is
/// kept as an `UnknownTag`.
public enum PlaylistTag: String, Hashable, Sendable, CaseIterable {
    // 4.3.1 Basic tags
    case extm3u = "EXTM3U"
    case version = "EXT-X-VERSION"
    // 4.3.2 Media segment tags
    case inf = "EXTINF"
    case byteRange = "EXT-X-BYTERANGE"
    case discontinuity = "EXT-X-DISCONTINUITY"
    case key = "EXT-X-KEY"
    case map = "EXT-X-MAP"
    case programDateTime = "EXT-X-PROGRAM-DATE-TIME"
    case gap = "EXT-X-GAP"
    case bitrate = "EXT-X-BITRATE"
    // 4.3.3 Media playlist tags
    case targetDuration = "EXT-X-TARGETDURATION"
    case mediaSequence = "EXT-X-MEDIA-SEQUENCE"
    case discontinuitySequence = "EXT-X-DISCONTINUITY-SEQUENCE"
    case endList = "EXT-X-ENDLIST"
    case playlistType = "EXT-X-PLAYLIST-TYPE"
    case iFramesOnly = "EXT-X-I-FRAMES-ONLY"
    // 4.3.4 Multivariant playlist tags
    case media = "EXT-X-MEDIA"
    case streamInf = "EXT-X-STREAM-INF"
    case iFrameStreamInf = "EXT-X-I-FRAME-STREAM-INF"
    case sessionData = "EXT-X-SESSION-DATA"
    case sessionKey = "EXT-X-SESSION-KEY"
    // 4.3.5 Tags for both kinds
    case independentSegments = "EXT-X-INDEPENDENT-SEGMENTS"
    case start = "EXT-X-START"
    case define = "EXT-X-DEFINE"

    /// Tags that only a media playlist may contain.
    public var isMediaPlaylistTag: Bool {
        switch self {
        case .inf, .byteRange, .discontinuity, .key, .map, .programDateTime, .gap, .bitrate, .targetDuration,
            .mediaSequence, .discontinuitySequence, .endList, .playlistType, .iFramesOnly:
            true
        default:
            false
        }
    }

    /// Tags that only a multivariant playlist may contain.
    public var isMultivariantPlaylistTag: Bool {
        switch self {
        case .media, .streamInf, .iFrameStreamInf, .sessionData, .sessionKey: true
        default: false
        }
    }
}

extension PlaylistTag {
    private static let byName = Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })

    /// The tag with this name: one hash lookup, where `init(rawValue:)` compares against every case in turn
    /// (it runs for each line of a 20,000-segment playlist).
    static func named(_ name: String) -> PlaylistTag? { byName[name] }
}
