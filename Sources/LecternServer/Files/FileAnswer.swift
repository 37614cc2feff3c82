import Hummingbird

/// What a GET or HEAD for a package file gets, decided from the request's method and headers and the file alone, the
/// way a CDN expects: content type, strong ETag, Last-Modified, Cache-Control, If-None-Match / If-Modified-Since → 304,
/// a single Range → 206 (If-Range honoured) or 416, and gzip for small text files. Both ways a file is sent use it:
/// `StaticFileResponder` (through Hummingbird's router) and `HotFileChannelHandler` (on the event loop).
enum FileAnswer {
    /// 304 with these headers and no Content-Length (RFC 9110, 15.4.5: a 304 has no content and need not say so).
    case notModified(HTTPFields)
    /// 416 with these headers (`Content-Range: bytes */size`).
    case unsatisfiable(HTTPFields)
    /// 200 with the whole file gzipped; Content-Length is the compressed size, known once compressed.
    case gzip(HTTPFields)
    /// 200 or 206 with these bytes of the file (nil for an empty file); Content-Length is set.
    case bytes(HTTPResponse.Status, HTTPFields, ClosedRange<Int>?)

    /// Text files larger than this are streamed uncompressed rather than read into memory.
    static let maxCompressedFileSize = 4 << 20

    /// - Parameter extraHeaders: added to every answer (e.g. `CMSD-Dynamic`).
    static func decide(method: HTTPRequest.Method, headers request: HTTPFields, file: PackageFile, extraHeaders: HTTPFields = [:]) -> FileAnswer {
        let compressible = MediaTypes.isCompressible(file.packagePath)
        var headers = extraHeaders
        headers[.contentType] = MediaTypes.contentType(for: file.packagePath)
        headers[.cacheControl] = MediaTypes.cachePolicy(for: file.packagePath).headerValue
        let lastModified = HTTPDate.format(file.modified)
        headers[.lastModified] = lastModified
        headers[.acceptRanges] = "bytes"
        let gzip =
            compressible && file.size <= maxCompressedFileSize && file.size > 256
            && request[.range] == nil && Gzip.isAccepted(request)
        let entityTag = gzip ? String(file.entityTag.dropLast()) + "-gz\"" : file.entityTag
        headers[.eTag] = entityTag
        if compressible { headers.appendVary("Accept-Encoding") }

        if isNotModified(method: method, headers: request, entityTag: entityTag, lastModified: lastModified) {
            return .notModified(headers)
        }
        if gzip {
            headers[.contentEncoding] = "gzip"
            return .gzip(headers)
        }
        var range = RangeRequest.parse(request[.range], size: file.size)
        if let ifRange = request[.ifRange], ifRange != file.entityTag, ifRange != lastModified {
            range = .none
        }
        switch range {
        case .unsatisfiable:
            return .unsatisfiable([.contentRange: "bytes */\(file.size)", .acceptRanges: "bytes"])
        case .satisfiable(let requested):
            headers[.contentRange] = "bytes \(requested.lowerBound)-\(requested.upperBound)/\(file.size)"
            headers[.contentLength] = String(requested.count)
            return .bytes(.partialContent, headers, requested)
        case .none:
            headers[.contentLength] = String(file.size)
            return .bytes(.ok, headers, file.size > 0 ? 0...(file.size - 1) : nil)
        }
    }

    /// RFC 9110, 13.1.2 and 13.1.3: If-None-Match wins over If-Modified-Since.
    static func isNotModified(method: HTTPRequest.Method, headers request: HTTPFields, entityTag: String, lastModified: String) -> Bool {
        guard method == .get || method == .head else { return false }
        if let ifNoneMatch = request[.ifNoneMatch] {
            return ifNoneMatch.split(separator: ",").contains { candidate in
                let tag = candidate.trimmingSpaces
                // Weak comparison is what If-None-Match uses.
                let bare = tag.hasPrefix("W/") ? tag.dropFirst(2) : tag
                return bare == "*" || bare == entityTag
            }
        }
        if let ifModifiedSince = request[.ifModifiedSince] {
            return ifModifiedSince.trimmingSpaces == lastModified
        }
        return false
    }
}
