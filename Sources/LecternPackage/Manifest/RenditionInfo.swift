/// One rendition of a lecture: a video tier ("360p", "slides") or an audio tier ("audio-64k", "audio-32k").
public struct RenditionInfo: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case video
        case audio
    }

    /// Unique within the package; also the rendition's folder name by convention.
    public var name: String
    public var kind: Kind
    /// Media playlist, relative to the package folder (e.g. "360p/index.m3u8").
    public var playlist: String
    /// I-frame playlist, relative to the package folder (e.g. "360p/iframes.m3u8"); video only.
    public var iFramePlaylist: String?
    /// RFC 6381 codecs string (e.g. "avc1.64001f" or "mp4a.40.2").
    public var codecs: String
    public var width: Int?
    public var height: Int?
    public var frameRate: Double?
    /// Measured peak segment bitrate, bits per second.
    public var bandwidth: Int
    /// Measured average bitrate, bits per second.
    public var averageBandwidth: Int
    /// Total bytes of this rendition's files. When `playlist` sits in a folder, publishing recomputes it
    /// from the files under that folder.
    public var bytes: Int
    /// `GROUP-ID` of the `EXT-X-MEDIA` audio group this video rendition plays with, or the group an audio rendition belongs to.
    public var audioGroup: String?
    /// Audio: the BCP-47 language of this rendition (nil in manifests written before audio languages: the lecture's
    /// `language`).
    public var language: String?

    public init(
        name: String,
        kind: Kind,
        playlist: String,
        iFramePlaylist: String? = nil,
        codecs: String,
        width: Int? = nil,
        height: Int? = nil,
        frameRate: Double? = nil,
        bandwidth: Int,
        averageBandwidth: Int,
        bytes: Int = 0,
        audioGroup: String? = nil,
        language: String? = nil
    ) {
        self.name = name
        self.kind = kind
        self.playlist = playlist
        self.iFramePlaylist = iFramePlaylist
        self.codecs = codecs
        self.width = width
        self.height = height
        self.frameRate = frameRate
        self.bandwidth = bandwidth
        self.averageBandwidth = averageBandwidth
        self.bytes = bytes
        self.audioGroup = audioGroup
        self.language = language
    }

    /// The folder holding the rendition's files ("360p" for "360p/index.m3u8"), or nil when the playlist is at the package root.
    var folder: String? {
        guard let slash = playlist.lastIndex(of: "/") else { return nil }
        return String(playlist[..<slash])
    }
}
