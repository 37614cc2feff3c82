import Foundation
import Hummingbird

/// Serves one `PackageFile` as `FileAnswer` decides (status and headers a CDN expects). Bodies are streamed from disk
/// in chunks; small files are served whole from `HotFileCache`, and small text files are read whole to gzip them.
struct StaticFileResponder: Sendable {
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
        let answer = FileAnswer.decide(method: request.method, headers: request.headers, file: file, extraHeaders: extraHeaders)
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let bytes: ClosedRange<Int>?
        switch answer {
        case .notModified(let fields):
            var response = Response(status: .notModified, headers: fields, body: ResponseBody())
            response.headers[.contentLength] = nil  // Response adds the empty body's length; a 304 has none
            return response
        case .unsatisfiable(let fields):
            throw HTTPFailure(.rangeNotSatisfiable, "range not satisfiable", headers: fields)
        case .gzip(var fields):
            let compressed = try Gzip.compress(try await readWhole(file, context: context))
            fields[.contentLength] = String(compressed.readableBytes)
            return Response(status: .ok, headers: fields, body: request.method == .head ? ResponseBody() : ResponseBody(byteBuffer: compressed))
        case .bytes(let code, let fields, let range):
            (status, headers, bytes) = (code, fields, range)
        }
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
