/// Either kind of playlist, as `PlaylistParser.parse(_:baseURL:)` finds it (RFC 8216, 4.3).
public enum Playlist: Hashable, Sendable {
    case multivariant(MultivariantPlaylist)
    case media(MediaPlaylist)

    public var multivariant: MultivariantPlaylist? {
        if case .multivariant(let playlist) = self { playlist } else { nil }
    }

    public var media: MediaPlaylist? {
        if case .media(let playlist) = self { playlist } else { nil }
    }
}
