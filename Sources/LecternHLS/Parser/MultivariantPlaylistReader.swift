import Foundation

/// Builds a `MultivariantPlaylist` from source lines (RFC 8216, 4.3.4).
struct MultivariantPlaylistReader {
    private let lines: [SourceLine]
    private var playlist: MultivariantPlaylist
    private var seen: Set<PlaylistTag> = []
    /// A rendition or stream has been read: unknown tags now travel with the next item.
    private var seenItem = false
    private var pendingUnknown: [UnknownTag] = []
    /// An `EXT-X-STREAM-INF` waiting for its URI line.
    private var pendingStream: (line: Int, stream: VariantStream)?

    init(lines: (lines: [SourceLine], headerLine: Int), baseURL: URL?) {
        self.lines = lines.lines
        self.playlist = MultivariantPlaylist(baseURL: baseURL)
    }

    consuming func read() throws(PlaylistParseError) -> MultivariantPlaylist {
        for line in lines {
            switch line.content {
            case .tag(let name, let value):
                if let tag = PlaylistTag.named(name) {
                    if let pendingStream {
                        throw PlaylistParseError(
                            code: .misplacedURI,
                            line: pendingStream.line,
                            message: "EXT-X-STREAM-INF is followed by \(name) instead of a URI line"
                        )
                    }
                    try read(tag, value: value, line: line.number)
                } else if seenItem || pendingStream != nil {
                    pendingUnknown.append(UnknownTag(name: name, value: value))
                } else {
                    playlist.unknownTags.append(UnknownTag(name: name, value: value))
                }
            case .uri(let uri):
                guard var stream = pendingStream?.stream else {
                    throw PlaylistParseError(
                        code: .misplacedURI,
                        line: line.number,
                        message: "URI \"\(uri.prefix(60))\" has no EXT-X-STREAM-INF before it"
                    )
                }
                stream.uri = uri
                stream.unknownTags = pendingUnknown
                pendingUnknown = []
                playlist.variants.append(stream)
                pendingStream = nil
            }
        }
        if let pendingStream {
            throw PlaylistParseError(
                code: .misplacedURI,
                line: pendingStream.line,
                message: "EXT-X-STREAM-INF is not followed by a URI line"
            )
        }
        playlist.trailingTags = pendingUnknown
        return playlist
    }

    private mutating func read(_ tag: PlaylistTag, value: String?, line: Int) throws(PlaylistParseError) {
        if tag.isMediaPlaylistTag {
            throw PlaylistParseError(
                code: .wrongPlaylistKind,
                line: line,
                message: "\(tag.rawValue) belongs in a media playlist, not in a multivariant playlist"
            )
        }
        let name = tag.rawValue
        switch tag {
        case .extm3u:
            throw PlaylistParseError(code: .duplicateTag, line: line, message: "EXTM3U appears more than once")
        case .version:
            try TagDecoding.once(tag, line: line, seen: &seen)
            playlist.version = try TagDecoding.integer(value, tag: name, line: line)
        case .independentSegments:
            playlist.independentSegments = true
        case .start:
            try TagDecoding.once(tag, line: line, seen: &seen)
            playlist.start = try TagDecoding.start(value, line: line)
        case .define:
            playlist.defines.append(try TagDecoding.define(value, line: line))
        case .sessionData:
            var attributes = try TagAttributes(tag: name, value: value, line: line)
            let dataID = try attributes.requiredString("DATA-ID")
            let dataValue = try attributes.string("VALUE")
            let uri = try attributes.string("URI")
            let language = try attributes.string("LANGUAGE")
            playlist.sessionData.append(
                SessionData(
                    dataID: dataID,
                    value: dataValue,
                    uri: uri,
                    language: language,
                    extraAttributes: attributes.remaining
                )
            )
        case .sessionKey:
            playlist.sessionKeys.append(try TagDecoding.key(value, tag: name, line: line))
        case .media:
            var rendition = try Self.rendition(value, line: line)
            rendition.unknownTags = takePending()
            playlist.renditions.append(rendition)
        case .streamInf:
            // Unknown tags before it (and any before its URI line) are taken with the URI.
            pendingStream = (line, try Self.stream(value, line: line))
            seenItem = true
        case .iFrameStreamInf:
            var stream = try Self.iFrameStream(value, line: line)
            stream.unknownTags = takePending()
            playlist.iFrameStreams.append(stream)
        default:
            break  // media playlist tags, rejected above
        }
    }

    /// The unknown tags read since the previous item, which belong to the item being read.
    private mutating func takePending() -> [UnknownTag] {
        seenItem = true
        defer { pendingUnknown = [] }
        return pendingUnknown
    }

    /// `EXT-X-MEDIA` (RFC 8216, 4.3.4.1).
    static func rendition(_ value: String?, line: Int) throws(PlaylistParseError) -> Rendition {
        var attributes = try TagAttributes(tag: PlaylistTag.media.rawValue, value: value, line: line)
        guard let typeText = try attributes.enumerated("TYPE") else { throw attributes.missing("TYPE") }
        guard let type = RenditionType(rawValue: typeText) else {
            throw attributes.invalid("TYPE", .unquoted(typeText), "AUDIO, VIDEO, SUBTITLES or CLOSED-CAPTIONS")
        }
        let groupID = try attributes.requiredString("GROUP-ID")
        let language = try attributes.string("LANGUAGE")
        let assocLanguage = try attributes.string("ASSOC-LANGUAGE")
        let name = try attributes.requiredString("NAME")
        let isDefault = try attributes.boolean("DEFAULT")
        let autoselect = try attributes.boolean("AUTOSELECT")
        let forced = try attributes.boolean("FORCED")
        let instreamID = try attributes.string("INSTREAM-ID")
        let characteristics = try attributes.string("CHARACTERISTICS")
        let channels = try attributes.string("CHANNELS")
        let uri = try attributes.string("URI")
        return Rendition(
            type: type,
            groupID: groupID,
            language: language,
            assocLanguage: assocLanguage,
            name: name,
            isDefault: isDefault,
            autoselect: autoselect,
            forced: forced,
            instreamID: instreamID,
            characteristics: characteristics,
            channels: channels,
            uri: uri,
            extraAttributes: attributes.remaining
        )
    }

    /// `EXT-X-STREAM-INF` (RFC 8216, 4.3.4.2); the URI comes from the next line.
    static func stream(_ value: String?, line: Int) throws(PlaylistParseError) -> VariantStream {
        var attributes = try TagAttributes(tag: PlaylistTag.streamInf.rawValue, value: value, line: line)
        let bandwidth = try attributes.requiredInteger("BANDWIDTH")
        let averageBandwidth = try attributes.integer("AVERAGE-BANDWIDTH")
        let codecs = try attributes.codecs()
        let resolution = try attributes.resolution("RESOLUTION")
        let frameRate = try attributes.float("FRAME-RATE")
        let hdcpLevel = try attributes.enumerated("HDCP-LEVEL")
        let audio = try attributes.string("AUDIO")
        let video = try attributes.string("VIDEO")
        let subtitles = try attributes.string("SUBTITLES")
        var closedCaptions: VariantStream.ClosedCaptions?
        switch attributes.take("CLOSED-CAPTIONS") {
        case .quotedString(let group)?:
            closedCaptions = .groupID(group)
        case .unquoted("NONE")?:
            closedCaptions = .noClosedCaptions
        case let other?:
            throw attributes.invalid("CLOSED-CAPTIONS", other, "a quoted group ID or NONE")
        case nil:
            closedCaptions = nil
        }
        return VariantStream(
            bandwidth: bandwidth,
            averageBandwidth: averageBandwidth,
            codecs: codecs,
            resolution: resolution,
            frameRate: frameRate,
            hdcpLevel: hdcpLevel,
            audio: audio,
            video: video,
            subtitles: subtitles,
            closedCaptions: closedCaptions,
            uri: "",
            extraAttributes: attributes.remaining
        )
    }

    /// `EXT-X-I-FRAME-STREAM-INF` (RFC 8216, 4.3.4.3).
    static func iFrameStream(_ value: String?, line: Int) throws(PlaylistParseError) -> IFrameStream {
        var attributes = try TagAttributes(tag: PlaylistTag.iFrameStreamInf.rawValue, value: value, line: line)
        let bandwidth = try attributes.requiredInteger("BANDWIDTH")
        let averageBandwidth = try attributes.integer("AVERAGE-BANDWIDTH")
        let codecs = try attributes.codecs()
        let resolution = try attributes.resolution("RESOLUTION")
        let hdcpLevel = try attributes.enumerated("HDCP-LEVEL")
        let video = try attributes.string("VIDEO")
        let uri = try attributes.requiredString("URI")
        return IFrameStream(
            bandwidth: bandwidth,
            averageBandwidth: averageBandwidth,
            codecs: codecs,
            resolution: resolution,
            hdcpLevel: hdcpLevel,
            video: video,
            uri: uri,
            extraAttributes: attributes.remaining
        )
    }
}
