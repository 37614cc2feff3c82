import Foundation
import Hummingbird

/// Serves one `PackageFile` the way a CDN expects: content type, strong ETag, Last-Modified, Cache-Control,
/// If-None-Match / If-Modified-Since → 304, a single Range → 206 (If-Range honoured) or 416, HEAD, and gzip
/// for text files. Bodies are streamed from disk in chunks; only small text files are read whole (to gzip them).
struct StaticFileResponder: Sendable {
    /// Text files larger than this are streamed uncompressed rather than read into memory.
    static let maxCompressedFileSize = 4 << 20

    let fileIO: FileIO
    let cache: HotFileCache

    init(fileIO: FileIO = FileIO(), cache: HotFileCache = HotFileCache()) {
        self.fileIO = fileIO
        self.cache = cache
    }

    /// - Parameters:
    ///   - extraHeaders: added to every response (e.g. `CMSD-Dynamic`).
    ///   - onBodySent: called after a full or partial body was written, with its size and how long writing took.
    func respond(
        to request: Request,
        context: some RequestContext,
        file: PackageFile,
        extraHeaders: HTTPFields = [:],
        onBodySent: (@Sendable (Int, Duration) -> Void)? = nil
    ) async throws -> Response {
        let compressible = MediaTypes.isCompressible(file.packagePath)
        var headers = extraHeaders
        headers[.contentType] = MediaTypes.contentType(for: file.packagePath)
        headers[.cacheControl] = MediaTypes.cachePolicy(for: file.packagePath).headerValue
        headers[.lastModified] = HTTPDate.format(file.modified)
        headers[.acceptRanges] = "bytes"
        let gzip = compressible && file.size <= Self.maxCompressedFileSize && file.size > 256
            && request.headers[.range] == nil && Gzip.isAccepted(by: request)
        let entityTag = gzip ? String(file.entityTag.dropLast()) + "-gz\"" : file.entityTag
        headers[.eTag] = entityTag
        if compressible { headers.appendVary("Accept-Encoding") }

        if Self.isNotModified(request, entityTag: entityTag, lastModified: headers[.lastModified]!) {
            var response = Response(status: .notModified, headers: headers, body: ResponseBody())
            response.headers[.contentLength] = nil  // RFC 9110, 15.4.5: a 304 has no content and need not say so
            return response
        }

        if gzip {
            let data = try await readWhole(file, context: context)
            let compressed = try Gzip.compress(data)
            headers[.contentEncoding] = "gzip"
            headers[.contentLength] = String(compressed.readableBytes)
            return Response(status: .ok, headers: headers, body: request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: compressed))
        }

        var range = ByteRange.parse(request.headers[.range], size: file.size)
        if let ifRange = request.headers[.ifRange], ifRange != file.entityTag, ifRange != headers[.lastModified] {
            range = .none
        }
        let status: HTTPResponse.Status
        let bytes: ClosedRange<Int>?
        switch range {
        case .unsatisfiable:
            throw HTTPFailure(.rangeNotSatisfiable, "range not satisfiable", headers: [.contentRange: "bytes */\(file.size)", .acceptRanges: "bytes"])
        case .satisfiable(let requested):
            status = .partialContent
            bytes = requested
            headers[.contentRange] = "bytes \(requested.lowerBound)-\(requested.upperBound)/\(file.size)"
        case .none:
            status = .ok
            bytes = file.size > 0 ? 0...(file.size - 1) : nil
        }
        headers[.contentLength] = String(bytes?.count ?? 0)
        guard request.method != .head, let bytes else {
            return Response(status: status, headers: headers, body: ResponseBody())
        }
        let inner: ResponseBody
        if file.size <= cache.maxFileSize {
            // Small immutable files: whole from memory (one read per file and version), sliced for ranges.
            let whole = try await cachedWhole(file, context: context)
            guard let slice = whole.getSlice(at: whole.readerIndex + bytes.lowerBound, length: bytes.count) else { throw HTTPFailure.notFound() }
            inner = ResponseBody(byteBuffer: slice)
        } else {
            inner = try await fileIO.loadFile(path: file.path, range: bytes, context: context)
        }
        guard let onBodySent else { return Response(status: status, headers: headers, body: inner) }
        let count = bytes.count
        let body = ResponseBody(contentLength: count) { writer in
            let start = ContinuousClock.now
            try await inner.write(writer)
            onBodySent(count, ContinuousClock.now - start)
        }
        return Response(status: status, headers: headers, body: body)
    }

    /// RFC 9110, 13.1.2 and 13.1.3: If-None-Match wins over If-Modified-Since.
    static func isNotModified(_ request: Request, entityTag: String, lastModified: String) -> Bool {
        guard request.method == .get || request.method == .head else { return false }
        if let ifNoneMatch = request.headers[.ifNoneMatch] {
            return ifNoneMatch.split(separator: ",").contains { candidate in
                let tag = candidate.trimmingSpaces
                // Weak comparison is what If-None-Match uses.
                let bare = tag.hasPrefix("W/") ? tag.dropFirst(2) : tag
                return bare == "*" || bare == entityTag
            }
        }
        if let ifModifiedSince = request.headers[.ifModifiedSince] {
            return ifModifiedSince.trimmingSpaces == lastModified
        }
        return false
    }

    /// The whole file from the hot cache, or read and cached. A file that changed size under us is not cached.
    private func cachedWhole(_ file: PackageFile, context: some RequestContext) async throws -> ByteBuffer {
        if let cached = cache.bytes(path: file.path, entityTag: file.entityTag) { return cached }
        let data = try await readWhole(file, context: context)
        guard data.readableBytes == file.size else { throw HTTPFailure(.serviceUnavailable, "file changed while reading") }
        cache.store(data, path: file.path, entityTag: file.entityTag)
        return data
    }

    func readWhole(_ file: PackageFile, context: some RequestContext) async throws -> ByteBuffer {
        guard file.size > 0 else { return ByteBuffer() }
        let body = try await fileIO.loadFile(path: file.path, range: 0...(file.size - 1), context: context)
        let collector = BufferCollector()
        try await body.write(collector)
        return collector.buffer
    }
}
