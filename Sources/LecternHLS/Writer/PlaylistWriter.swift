/// Writes playlists in one canonical form: LF line endings, a final newline, no blank lines or comments, tags
/// and attributes in a fixed order with unknown ones kept, and numbers written one way
/// (RFC 8216, 4.3; `PlaylistParser` reads the result back byte for byte).
///
/// - `EXTINF` durations and `TIME-OFFSET`: rounded to 6 decimals, trailing zeros trimmed down to 3 (`6.000`,
///   `5.005`, `1.021678`).
/// - `FRAME-RATE`: 3 decimals (`29.970`). `CODECS`: quoted, comma-joined.
/// - `EXT-X-MEDIA-SEQUENCE` always; `EXT-X-DISCONTINUITY-SEQUENCE` when not 0; `DEFAULT` and `AUTOSELECT` always;
///   `FORCED` and `PRECISE` only when `YES`.
/// - `EXT-X-KEY`, `EXT-X-MAP` and `EXT-X-BITRATE` only before a segment whose value differs from the previous
///   segment's (a change to no key writes `METHOD=NONE`).
/// - Quoted strings cannot hold `"` or line breaks: they become `'` and spaces.
public enum PlaylistWriter {
    /// The text of either kind of playlist.
    public static func write(_ playlist: Playlist) -> String {
        switch playlist {
        case .multivariant(let multivariant): write(multivariant)
        case .media(let media): write(media)
        }
    }

    /// Header tags, `unknownTags`, renditions, variant streams, I-frame streams, `trailingTags`.
    public static func write(_ playlist: MultivariantPlaylist) -> String {
        var out = Output()
        out.tag(.extm3u)
        if let version = playlist.version { out.tag(.version, String(max(0, version))) }
        if playlist.independentSegments { out.tag(.independentSegments) }
        if let start = playlist.start { out.tag(.start, attributes(start)) }
        for definition in playlist.defines { out.tag(.define, attributes(definition)) }
        for data in playlist.sessionData { out.tag(.sessionData, attributes(data)) }
        for key in playlist.sessionKeys { out.tag(.sessionKey, attributes(key)) }
        out.unknown(playlist.unknownTags)
        for rendition in playlist.renditions {
            out.unknown(rendition.unknownTags)
            out.tag(.media, attributes(rendition))
        }
        for variant in playlist.variants {
            out.unknown(variant.unknownTags)
            out.tag(.streamInf, attributes(variant))
            out.line(uriLine(variant.uri))
        }
        for stream in playlist.iFrameStreams {
            out.unknown(stream.unknownTags)
            out.tag(.iFrameStreamInf, attributes(stream))
        }
        out.unknown(playlist.trailingTags)
        return out.text
    }

    /// Header tags, `unknownTags`, segments, `trailingTags`, `EXT-X-ENDLIST`.
    public static func write(_ playlist: MediaPlaylist) -> String {
        var out = Output(capacity: 256 + playlist.segments.count * 48)
        out.tag(.extm3u)
        if let version = playlist.version { out.tag(.version, String(max(0, version))) }
        out.tag(.targetDuration, String(max(0, playlist.targetDuration)))
        out.tag(.mediaSequence, String(max(0, playlist.mediaSequence)))
        if playlist.discontinuitySequence != 0 {
            out.tag(.discontinuitySequence, String(max(0, playlist.discontinuitySequence)))
        }
        if let type = playlist.playlistType { out.tag(.playlistType, type.rawValue) }
        if playlist.iFramesOnly { out.tag(.iFramesOnly) }
        if playlist.independentSegments { out.tag(.independentSegments) }
        if let start = playlist.start { out.tag(.start, attributes(start)) }
        for definition in playlist.defines { out.tag(.define, attributes(definition)) }
        out.unknown(playlist.unknownTags)

        var keys: [EncryptionKey] = []
        var map: MediaInitializationSection?
        var bitrate: Int?
        for segment in playlist.segments {
            if segment.discontinuity { out.tag(.discontinuity) }
            if segment.keys != keys {
                if segment.keys.isEmpty {
                    out.tag(.key, "METHOD=NONE")
                } else {
                    for key in segment.keys { out.tag(.key, attributes(key)) }
                }
                keys = segment.keys
            }
            if let segmentMap = segment.map, segmentMap != map {
                out.tag(.map, attributes(segmentMap))
                map = segmentMap
            }
            if let date = segment.programDateTime { out.tag(.programDateTime, singleLine(date)) }
            if let segmentBitrate = segment.bitrate, segmentBitrate != bitrate {
                out.tag(.bitrate, String(max(0, segmentBitrate)))
                bitrate = segmentBitrate
            }
            out.unknown(segment.unknownTags)
            out.inf(segment.duration, title: segment.title.map(singleLine))
            if let range = segment.byteRange { out.byteRange(range) }
            if segment.gap { out.tag(.gap) }
            out.line(uriLine(segment.uri))
        }
        out.unknown(playlist.trailingTags)
        if playlist.endList { out.tag(.endList) }
        return out.text
    }

    // MARK: Attribute lists in canonical order, extra attributes last

    static func attributes(_ rendition: Rendition) -> AttributeList {
        var list = AttributeList()
        list["TYPE"] = .enumerated(rendition.type.rawValue)
        list["GROUP-ID"] = .quotedString(rendition.groupID)
        list["LANGUAGE"] = rendition.language.map(AttributeValue.quotedString)
        list["ASSOC-LANGUAGE"] = rendition.assocLanguage.map(AttributeValue.quotedString)
        list["NAME"] = .quotedString(rendition.name)
        list["DEFAULT"] = .boolean(rendition.isDefault)
        list["AUTOSELECT"] = .boolean(rendition.autoselect)
        if rendition.forced { list["FORCED"] = .boolean(true) }
        list["INSTREAM-ID"] = rendition.instreamID.map(AttributeValue.quotedString)
        list["CHARACTERISTICS"] = rendition.characteristics.map(AttributeValue.quotedString)
        list["CHANNELS"] = rendition.channels.map(AttributeValue.quotedString)
        list["URI"] = rendition.uri.map(AttributeValue.quotedString)
        return list.appending(rendition.extraAttributes)
    }

    static func attributes(_ variant: VariantStream) -> AttributeList {
        var list = AttributeList()
        list["BANDWIDTH"] = .integer(variant.bandwidth)
        list["AVERAGE-BANDWIDTH"] = variant.averageBandwidth.map(AttributeValue.integer)
        list["CODECS"] = codecs(variant.codecs)
        list["RESOLUTION"] = variant.resolution.map(AttributeValue.resolution)
        list["FRAME-RATE"] = variant.frameRate.map { .float($0, fractionDigits: 3...3) }
        list["HDCP-LEVEL"] = variant.hdcpLevel.map(AttributeValue.enumerated)
        list["AUDIO"] = variant.audio.map(AttributeValue.quotedString)
        list["VIDEO"] = variant.video.map(AttributeValue.quotedString)
        list["SUBTITLES"] = variant.subtitles.map(AttributeValue.quotedString)
        switch variant.closedCaptions {
        case .groupID(let group)?: list["CLOSED-CAPTIONS"] = .quotedString(group)
        case .noClosedCaptions?: list["CLOSED-CAPTIONS"] = .enumerated("NONE")
        case nil: break
        }
        return list.appending(variant.extraAttributes)
    }

    static func attributes(_ stream: IFrameStream) -> AttributeList {
        var list = AttributeList()
        list["BANDWIDTH"] = .integer(stream.bandwidth)
        list["AVERAGE-BANDWIDTH"] = stream.averageBandwidth.map(AttributeValue.integer)
        list["CODECS"] = codecs(stream.codecs)
        list["RESOLUTION"] = stream.resolution.map(AttributeValue.resolution)
        list["HDCP-LEVEL"] = stream.hdcpLevel.map(AttributeValue.enumerated)
        list["VIDEO"] = stream.video.map(AttributeValue.quotedString)
        list["URI"] = .quotedString(stream.uri)
        return list.appending(stream.extraAttributes)
    }

    static func attributes(_ key: EncryptionKey) -> AttributeList {
        var list = AttributeList()
        list["METHOD"] = .enumerated(key.method.rawValue)
        list["URI"] = key.uri.map(AttributeValue.quotedString)
        list["IV"] = key.iv.map(AttributeValue.hexadecimal)
        list["KEYFORMAT"] = key.keyFormat.map(AttributeValue.quotedString)
        list["KEYFORMATVERSIONS"] = key.keyFormatVersions.map(AttributeValue.quotedString)
        return list.appending(key.extraAttributes)
    }

    static func attributes(_ map: MediaInitializationSection) -> AttributeList {
        var list = AttributeList()
        list["URI"] = .quotedString(map.uri)
        list["BYTERANGE"] = map.byteRange.map { .quotedString($0.description) }
        return list.appending(map.extraAttributes)
    }

    static func attributes(_ data: SessionData) -> AttributeList {
        var list = AttributeList()
        list["DATA-ID"] = .quotedString(data.dataID)
        list["VALUE"] = data.value.map(AttributeValue.quotedString)
        list["URI"] = data.uri.map(AttributeValue.quotedString)
        list["LANGUAGE"] = data.language.map(AttributeValue.quotedString)
        return list.appending(data.extraAttributes)
    }

    static func attributes(_ start: StartPoint) -> AttributeList {
        var list = AttributeList()
        list["TIME-OFFSET"] = .float(start.timeOffset)
        if start.precise { list["PRECISE"] = .boolean(true) }
        return list.appending(start.extraAttributes)
    }

    static func attributes(_ definition: VariableDefinition) -> AttributeList {
        switch definition {
        case .value(let name, let value): ["NAME": .quotedString(name), "VALUE": .quotedString(value)]
        case .import(let name): ["IMPORT": .quotedString(name)]
        case .queryParameter(let name): ["QUERYPARAM": .quotedString(name)]
        }
    }

    private static func codecs(_ codecs: [String]) -> AttributeValue? {
        codecs.isEmpty ? nil : .quotedString(codecs.joined(separator: ","))
    }

    /// A URI line must not start with `#` or be empty, and cannot hold a line break.
    private static func uriLine(_ uri: String) -> String {
        // The common case, in one pass over the bytes: printable ASCII only, not starting with "#": as it is.
        if let first = uri.utf8.first, first != UInt8(ascii: "#"), uri.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) {
            return uri
        }
        var line = singleLine(uri)
        // Trim only when an end is not printable ASCII (spaces, tabs, Unicode line breaks): the common case skips it.
        let printable: ClosedRange<UInt8> = 0x21...0x7E
        if !(line.utf8.first.map(printable.contains) ?? false) || !(line.utf8.last.map(printable.contains) ?? false) {
            line = line.trimmingSpaces()
        }
        if line.isEmpty { return "." }
        return line.hasPrefix("#") ? "%23" + line.dropFirst() : line
    }

    /// Replaces what ends a line (RFC 8216, 4.1: LF or CRLF; a lone CR too) with spaces. Other Unicode line
    /// breaks (U+2028, NEL, form feed, ...) end no line for the parser, so they are kept: as spaces they could
    /// end up at the end of a line, where the parser trims them, and `#EXT-X-ENDLIST<U+2028>` (an unknown
    /// tag) would be read back as `EXT-X-ENDLIST`.
    private static func singleLine(_ text: String) -> String {
        // Fast path on bytes: almost no text contains a line end.
        guard text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return text }
        return String(text.map { isLineEnd($0) ? " " : $0 })
    }

    private static func isLineEnd(_ character: Character) -> Bool {
        character == "\n" || character == "\r" || character == "\r\n"
    }

    /// Playlist text being built.
    private struct Output {
        /// UTF-8 bytes of the playlist so far; one String is made at the end.
        private var bytes: [UInt8] = []

        init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

        var text: String { String(decoding: bytes, as: UTF8.self) }

        mutating func line(_ line: String) {
            bytes.append(contentsOf: line.utf8)
            bytes.append(0x0A)
        }

        mutating func tag(_ tag: PlaylistTag, _ value: String? = nil) {
            bytes.append(0x23)
            bytes.append(contentsOf: tag.rawValue.utf8)
            if let value {
                bytes.append(0x3A)
                bytes.append(contentsOf: value.utf8)
            }
            bytes.append(0x0A)
        }

        /// `#EXTINF:<duration>,<title>` with the number written straight into the buffer.
        mutating func inf(_ duration: Double, title: String?) {
            bytes.append(contentsOf: "#EXTINF:".utf8)
            NumberText.appendDecimal(max(0, duration), fractionDigits: 3...6, to: &bytes)
            bytes.append(UInt8(ascii: ","))
            if let title { bytes.append(contentsOf: title.utf8) }
            bytes.append(0x0A)
        }

        /// `#EXT-X-BYTERANGE:<length>[@<offset>]`, digits written in place.
        mutating func byteRange(_ range: ByteRange) {
            bytes.append(contentsOf: "#EXT-X-BYTERANGE:".utf8)
            NumberText.appendDigits(UInt64(max(0, range.length)), minimumCount: 1, to: &bytes)
            if let offset = range.offset {
                bytes.append(UInt8(ascii: "@"))
                NumberText.appendDigits(UInt64(max(0, offset)), minimumCount: 1, to: &bytes)
            }
            bytes.append(0x0A)
        }

        mutating func tag(_ tag: PlaylistTag, _ attributes: AttributeList) {
            self.tag(tag, attributes.description)
        }

        mutating func unknown(_ tags: [UnknownTag]) {
            for tag in tags { line(singleLine(tag.description)) }
        }
    }
}

extension AttributeList {
    /// `self` followed by the attributes of `extra` whose names it does not have yet.
    func appending(_ extra: AttributeList) -> AttributeList {
        var result = self
        for attribute in extra where !result.contains(attribute.name) {
            result[attribute.name] = attribute.value
        }
        return result
    }
}
