/// The `TYPE` of an `EXT-X-MEDIA` rendition (RFC 8216, 4.3.4.1).
public enum RenditionType: String, Hashable, Sendable, CaseIterable {
    case audio = "AUDIO"
    case video = "VIDEO"
    case subtitles = "SUBTITLES"
    case closedCaptions = "CLOSED-CAPTIONS"
}
