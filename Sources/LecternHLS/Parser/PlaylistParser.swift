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
            guard case .tag(let name, _) = line.content, let tag = PlaylistTag.named(name) else { continue }
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
            code: .invalidEncoding,
            line: line,
            message: "the playlist is not valid UTF-8 (at byte \(validEnd - data.startIndex))"
        )
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
    ///
    /// Works on the UTF-8 bytes (LF ends a line, a CR before it is dropped): walking `Character`s was most of the
    /// parse time on long playlists.
    static func split(_ text: String) throws(PlaylistParseError) -> (lines: [SourceLine], headerLine: Int) {
        var text = text
        let result: Result<(lines: [SourceLine], headerLine: Int), PlaylistParseError> = text.withUTF8 { bytes in
            do throws(PlaylistParseError) { return .success(try split(bytes)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    private static let header = Array("#EXTM3U".utf8)
    private static let tagPrefix = Array("#EXT".utf8)

    private static func split(_ bytes: UnsafeBufferPointer<UInt8>) throws(PlaylistParseError) -> (lines: [SourceLine], headerLine: Int) {
        var result: [SourceLine] = []
        var headerLine: Int?
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var number = 0
        func string(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        while start <= bytes.count {
            number += 1
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            let next = end + 1
            // Trim spaces and tabs (and a CR at the end).
            var lower = start
            var upper = end
            while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
            while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 || bytes[upper - 1] == 0x0D { upper -= 1 }
            defer { start = next }
            if lower == upper { continue }
            let line = UnsafeBufferPointer(rebasing: bytes[lower..<upper])
            guard headerLine != nil else {
                guard line.elementsEqual(header) else {
                    throw PlaylistParseError(
                        code: .missingHeader,
                        line: number,
                        message: "expected #EXTM3U as the first line, found \"\(string(lower..<upper).prefix(40))\""
                    )
                }
                headerLine = number
                continue
            }
            if line.starts(with: tagPrefix) {
                if let colon = line.firstIndex(of: 0x3A) {
                    result.append(
                        SourceLine(
                            number: number,
                            content: .tag(name: string(lower + 1..<lower + colon), value: string(lower + colon + 1..<upper))
                        )
                    )
                } else {
                    result.append(SourceLine(number: number, content: .tag(name: string(lower + 1..<upper), value: nil)))
                }
            } else if line[0] != 0x23 {
                result.append(SourceLine(number: number, content: .uri(string(lower..<upper))))
            }
        }
        guard let headerLine else {
            throw PlaylistParseError(code: .missingHeader, line: 1, message: "empty playlist: no #EXTM3U line")
        }
        return (result, headerLine)
    }
}
