import Foundation

/// Builds a `MediaPlaylist` from source lines (RFC 8216, 4.3.2 and 4.3.3).
struct MediaPlaylistReader {
    private let lines: [SourceLine]
    private let headerLine: Int
    private var playlist: MediaPlaylist
    private var seen: Set<PlaylistTag> = []
    /// A segment tag or URI has been read: unknown tags now belong to segments, not to the header.
    private var inSegments = false

    // The segment being read (tags seen since the last URI line).
    private var duration: Double?
    private var title: String?
    private var infLine = 0
    private var byteRange: ByteRange?
    private var discontinuity = false
    private var programDateTime: String?
    private var gap = false
    private var pendingUnknown: [UnknownTag] = []
    /// Line of the first known segment tag since the last URI line.
    private var pendingTagLine: (number: Int, tag: PlaylistTag)?

    // Values that stay in effect until the same tag appears again.
    private var keys: [EncryptionKey] = []
    /// The last tag was `EXT-X-KEY` with no URI since: another key joins the set instead of replacing it.
    private var keysOpen = false
    private var map: MediaInitializationSection?
    private var bitrate: Int?

    init(lines: (lines: [SourceLine], headerLine: Int), baseURL: URL?) {
        self.lines = lines.lines
        self.headerLine = lines.headerLine
        self.playlist = MediaPlaylist(targetDuration: 0, baseURL: baseURL)
    }

    consuming func read() throws(PlaylistParseError) -> MediaPlaylist {
        for line in lines {
            switch line.content {
            case .tag(let name, let value):
                if let tag = PlaylistTag.named(name) {
                    try read(tag, value: value, line: line.number)
                } else if inSegments {
                    pendingUnknown.append(UnknownTag(name: name, value: value))
                } else {
                    playlist.unknownTags.append(UnknownTag(name: name, value: value))
                }
            case .uri(let uri):
                try finishSegment(uri: uri, line: line.number)
            }
        }
        if duration != nil {
            throw PlaylistParseError(
                code: .misplacedURI,
                line: infLine,
                message: "EXTINF is not followed by a media segment URI"
            )
        }
        if let pending = pendingTagLine {
            throw PlaylistParseError(
                code: .misplacedURI,
                line: pending.number,
                message: "\(pending.tag.rawValue) is not followed by a media segment"
            )
        }
        guard seen.contains(.targetDuration) else {
            throw PlaylistParseError(
                code: .missingTag,
                line: headerLine,
                message: "media playlist has no EXT-X-TARGETDURATION tag"
            )
        }
        playlist.trailingTags = pendingUnknown
        return playlist
    }

    private mutating func read(_ tag: PlaylistTag, value: String?, line: Int) throws(PlaylistParseError) {
        if tag.isMultivariantPlaylistTag {
            throw PlaylistParseError(
                code: .wrongPlaylistKind,
                line: line,
                message: "\(tag.rawValue) belongs in a multivariant playlist, not in a media playlist"
            )
        }
        if tag.isMediaPlaylistTag, ![.targetDuration, .mediaSequence, .discontinuitySequence, .endList, .playlistType, .iFramesOnly].contains(tag) {
            inSegments = true
            if pendingTagLine == nil { pendingTagLine = (line, tag) }
        }
        switch tag {
        case .extm3u:
            throw PlaylistParseError(code: .duplicateTag, line: line, message: "EXTM3U appears more than once")
        case .version:
            try TagDecoding.once(tag, line: line, seen: &seen)
            playlist.version = try TagDecoding.integer(value, tag: tag.rawValue, line: line)
        case .targetDuration:
            try TagDecoding.once(tag, line: line, seen: &seen)
            playlist.targetDuration = try TagDecoding.integer(value, tag: tag.rawValue, line: line)
        case .mediaSequence:
            try TagDecoding.once(tag, line: line, seen: &seen)
            playlist.mediaSequence = try TagDecoding.integer(value, tag: tag.rawValue, line: line)
        case .discontinuitySequence:
            try TagDecoding.once(tag, line: line, seen: &seen)
            playlist.discontinuitySequence = try TagDecoding.integer(value, tag: tag.rawValue, line: line)
        case .playlistType:
            try TagDecoding.once(tag, line: line, seen: &seen)
            guard let value, let type = PlaylistType(rawValue: value) else {
                throw PlaylistParseError(
                    code: .invalidValue,
                    line: line,
                    message: "EXT-X-PLAYLIST-TYPE must be VOD or EVENT, found \(value.map { "\"\($0.prefix(40))\"" } ?? "none")"
                )
            }
            playlist.playlistType = type
        case .endList:
            playlist.endList = true
        case .iFramesOnly:
            playlist.iFramesOnly = true
        case .independentSegments:
            playlist.independentSegments = true
        case .start:
            try TagDecoding.once(tag, line: line, seen: &seen)
            playlist.start = try TagDecoding.start(value, line: line)
        case .define:
            playlist.defines.append(try TagDecoding.define(value, line: line))
        case .inf:
            try readInf(value, line: line)
        case .byteRange:
            guard let value, let range = ByteRange(value) else {
                throw PlaylistParseError(
                    code: .invalidValue,
                    line: line,
                    message: "EXT-X-BYTERANGE must be <length>[@<offset>], found \(value.map { "\"\($0.prefix(40))\"" } ?? "none")"
                )
            }
            byteRange = range
        case .discontinuity:
            discontinuity = true
        case .programDateTime:
            guard let value, !value.isEmpty else {
                throw PlaylistParseError(code: .invalidValue, line: line, message: "EXT-X-PROGRAM-DATE-TIME has no date")
            }
            programDateTime = value
        case .gap:
            gap = true
        case .bitrate:
            bitrate = try TagDecoding.integer(value, tag: tag.rawValue, line: line)
        case .key:
            let key = try TagDecoding.key(value, tag: tag.rawValue, line: line)
            if !keysOpen {
                keys = []
                keysOpen = true
            }
            if key.method == .noEncryption && key.extraAttributes.isEmpty && key.uri == nil {
                keys = []
            } else {
                keys.append(key)
            }
            return
        case .map:
            var attributes = try TagAttributes(tag: tag.rawValue, value: value, line: line)
            let uri = try attributes.requiredString("URI")
            let range = try attributes.byteRange("BYTERANGE")
            map = MediaInitializationSection(uri: uri, byteRange: range, extraAttributes: attributes.remaining)
        case .media, .streamInf, .iFrameStreamInf, .sessionData, .sessionKey:
            break  // rejected above
        }
        keysOpen = false
    }

    /// `#EXTINF:<duration>,[<title>]` (RFC 8216, 4.3.2.1). The comma is required by the spec but often
    /// missing in the wild, so it is optional here.
    private mutating func readInf(_ value: String?, line: Int) throws(PlaylistParseError) {
        if duration != nil {
            throw PlaylistParseError(
                code: .misplacedURI,
                line: line,
                message: "EXTINF follows the EXTINF of line \(infLine) without a URI between them"
            )
        }
        let text = value ?? ""
        let durationText: Substring
        if let comma = text.firstIndex(of: ",") {
            durationText = text[..<comma]
            let rest = text[text.index(after: comma)...]
            title = rest.isEmpty ? nil : String(rest)
        } else {
            durationText = Substring(text)
            title = nil
        }
        guard let seconds = NumberText.decimalFloatingPoint(durationText) else {
            throw PlaylistParseError(
                code: .invalidValue,
                line: line,
                message: "EXTINF duration must be a decimal number of seconds, found \"\(durationText.prefix(40))\""
            )
        }
        duration = seconds
        infLine = line
    }

    private mutating func finishSegment(uri: String, line: Int) throws(PlaylistParseError) {
        guard let duration else {
            throw PlaylistParseError(
                code: .misplacedURI,
                line: line,
                message: "media segment URI \"\(uri.prefix(60))\" has no EXTINF before it"
            )
        }
        var segment = MediaSegment(
            duration: duration,
            title: title,
            uri: uri,
            byteRange: byteRange,
            discontinuity: discontinuity,
            programDateTime: programDateTime,
            map: map,
            gap: gap,
            bitrate: bitrate,
            unknownTags: pendingUnknown
        )
        segment.keys = keys
        playlist.segments.append(segment)
        inSegments = true
        keysOpen = false
        self.duration = nil
        title = nil
        byteRange = nil
        discontinuity = false
        programDateTime = nil
        gap = false
        pendingUnknown = []
        pendingTagLine = nil
    }
}
