public import Foundation

/// Reads playlist text into the typed model (RFC 8216, 4). Unknown tags and attributes are kept, so writing
/// the result loses nothing; for text the `PlaylistWriter` produced, writing it back gives the same bytes.
///
/// Accepts LF and CRLF line endings, a UTF-8 byte order mark, blank lines and comments (`#` lines that do not
/// start with `#EXT`). Variable references (`{$name}`) are kept as written.
public enum PlaylistParser {
    /// Parses a media or a multivariant playlist, deciding by its tags (a playlist with neither
    /// `EXT-X-STREAM-INF`-like tags nor `EXTINF`-like tags is read as a media playlist).
    ///
    /// - Parameter baseURL: the playlist's own URL, stored in the result to resolve relative URIs.
    public static func parse(_ text: String, baseURL: URL? = nil) throws(PlaylistParseError) -> Playlist {
        let lines = try SourceLine.split(text)
        for line in lines.lines {
            guard case .tag(let name, _) = line.content, let tag = PlaylistTag(rawValue: name) else { continue }
            if tag.isMultivariantPlaylistTag {
                return .multivariant(try MultivariantPlaylistReader(lines: lines, baseURL: baseURL).read())
            }
            if tag.isMediaPlaylistTag { break }
        }
        return .media(try MediaPlaylistReader(lines: lines, baseURL: baseURL).read())
    }

    /// Parses UTF-8 bytes (e.g. a file or an HTTP body) with `parse(_:baseURL:)`.
    public static func parse(_ data: Data, baseURL: URL? = nil) throws(PlaylistParseError) -> Playlist {
        try parse(try decode(data), baseURL: baseURL)
    }

    /// Parses a media playlist; a multivariant playlist is a `.wrongPlaylistKind` error.
    public static func parseMedia(_ text: String, baseURL: URL? = nil) throws(PlaylistParseError) -> MediaPlaylist {
        try MediaPlaylistReader(lines: try SourceLine.split(text), baseURL: baseURL).read()
    }

    /// Parses a multivariant playlist; a media playlist is a `.wrongPlaylistKind` error.
    public static func parseMultivariant(
        _ text: String,
        baseURL: URL? = nil
    ) throws(PlaylistParseError) -> MultivariantPlaylist {
        try MultivariantPlaylistReader(lines: try SourceLine.split(text), baseURL: baseURL).read()
    }

    /// Resolves a playlist URI against the URL of the playlist that contains it (RFC 8216, 4.1: relative URIs
    /// are relative to the playlist's URI). Without a base, returns `uri` as a URL (relative if it is one).
    /// Characters that are not valid in a URL (spaces, ...) are percent-encoded first.
    public static func resolve(_ uri: String, against baseURL: URL?) -> URL? {
        let url =
            URL(string: uri, relativeTo: baseURL)
            ?? uri.addingPercentEncoding(withAllowedCharacters: Self.uriCharacters).flatMap {
                URL(string: $0, relativeTo: baseURL)
            }
        return baseURL == nil ? url : url?.absoluteURL
    }

    private static let uriCharacters = CharacterSet.urlQueryAllowed.union(CharacterSet(charactersIn: "#%"))

    private static func decode(_ data: Data) throws(PlaylistParseError) -> String {
        if let text = String(validating: data, as: UTF8.self) { return text }
        var line = 1
        var validEnd = data.startIndex
        var iterator = data.makeIterator()
        var decoder = UTF8()
        var offset = data.startIndex
        while case .scalarValue(let scalar) = decoder.decode(&iterator) {
            if scalar == "\n" { line += 1 }
            offset += UTF8.width(scalar)
            validEnd = offset
        }
        throw PlaylistParseError(
            code: .invalidEncoding, line: line,
            message: "the playlist is not valid UTF-8 (at byte \(validEnd - data.startIndex))")
    }
}

/// One non-blank, non-comment line with its 1-based number.
struct SourceLine {
    enum Content {
        /// `#NAME` (value nil) or `#NAME:value`.
        case tag(name: String, value: String?)
        case uri(String)
    }

    let number: Int
    let content: Content

    /// The lines after `#EXTM3U`, and that header's line number.
    static func split(_ text: String) throws(PlaylistParseError) -> (lines: [SourceLine], headerLine: Int) {
        var body = Substring(text)
        if body.unicodeScalars.first == "\u{FEFF}" {
            body = Substring(body.unicodeScalars.dropFirst())
        }
        var result: [SourceLine] = []
        var headerLine: Int?
        let rawLines = body.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (offset, raw) in rawLines.enumerated() {
            let number = offset + 1
            let line = trimmed(raw)
            if line.isEmpty { continue }
            guard headerLine != nil else {
                guard line == "#EXTM3U" else {
                    throw PlaylistParseError(
                        code: .missingHeader, line: number,
                        message: "expected #EXTM3U as the first line, found \"\(line.prefix(40))\"")
                }
                headerLine = number
                continue
            }
            if line.hasPrefix("#EXT") {
                let tag = line.dropFirst()
                if let colon = tag.firstIndex(of: ":") {
                    let name = String(tag[..<colon])
                    result.append(SourceLine(number: number, content: .tag(name: name, value: String(tag[tag.index(after: colon)...]))))
                } else {
                    result.append(SourceLine(number: number, content: .tag(name: String(tag), value: nil)))
                }
            } else if !line.hasPrefix("#") {
                result.append(SourceLine(number: number, content: .uri(String(line))))
            }
        }
        guard let headerLine else {
            throw PlaylistParseError(code: .missingHeader, line: 1, message: "empty playlist: no #EXTM3U line")
        }
        return (result, headerLine)
    }

    private static func trimmed(_ line: Substring) -> Substring {
        var line = line
        while let first = line.first, first == " " || first == "\t" { line.removeFirst() }
        while let last = line.last, last == " " || last == "\t" || last == "\r" { line.removeLast() }
        return line
    }
}
