/// The value of `EXT-X-PLAYLIST-TYPE` (RFC 8216, 4.3.3.5).
public enum PlaylistType: String, Hashable, Sendable, CaseIterable {
    /// The playlist cannot change.
    case vod = "VOD"
    /// Segments can only be appended.
    case event = "EVENT"
}
