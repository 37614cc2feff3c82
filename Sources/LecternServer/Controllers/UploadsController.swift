import Foundation
import Hummingbird
import LecternJobs
import Logging

/// `/api/uploads`: resumable uploads with tus 1.0 (core, creation, termination, expiration and the sha256 checksum).
/// A complete recording becomes a job; subtitle and audio files are uploaded first and named in its metadata.
struct UploadsController<Context: RequestContext>: Sendable {
    let ingest: IngestServices
    let metrics: ServerMetrics
    let logger: Logger

    static var version: String { "1.0.0" }

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.on("", method: .options) { _, _ in self.discovery() }
        routes.post { request, _ in try await Self.tus { try await self.create(request) } }
        routes.head(":id") { request, context in try await Self.tus { try await self.status(request, id: context.parameters.require("id")) } }
        routes.patch(":id") { request, context in try await Self.tus { try await self.append(request, id: context.parameters.require("id")) } }
        routes.delete(":id") { request, context in
            try await Self.tus { try await self.terminate(request, id: context.parameters.require("id")) }
        }
        return routes
    }

    /// OPTIONS: what this endpoint supports.
    func discovery() -> Response {
        var headers = Self.headers()
        headers[HeaderName.tusVersion] = Self.version
        headers[HeaderName.tusExtension] = "creation,termination,expiration,checksum"
        headers[HeaderName.tusMaxSize] = "\(ingest.configuration.maxUploadBytes)"
        headers[HeaderName.tusChecksumAlgorithm] = "sha256,sha1"
        return Response(status: .noContent, headers: headers)
    }

    /// POST: a new upload of `Upload-Length` bytes; 201 with its URL.
    func create(_ request: Request) async throws -> Response {
        try Self.checkVersion(request)
        let token = try await ingest.auth.authenticate(request, as: .uploader)
        guard request.headers[HeaderName.uploadDeferLength] == nil else {
            throw HTTPFailure.badRequest("Upload-Defer-Length is not supported: give Upload-Length")
        }
        guard let lengthText = request.headers[HeaderName.uploadLength], let length = Int(lengthText), length >= 0 else {
            throw HTTPFailure.badRequest("Upload-Length: expected the upload's size in bytes")
        }
        let limits = ingest.configuration
        guard length <= limits.maxUploadBytes else {
            throw HTTPFailure(.contentTooLarge, "\(length) bytes is more than this server accepts (\(limits.maxUploadBytes))")
        }
        try checkRoom(for: length)
        let now = Date()
        let info = try UploadMetadata.info(
            id: "u" + Token.randomHex(bytes: 10),
            owner: token.id,
            length: length,
            header: request.headers[HeaderName.uploadMetadata],
            now: now,
            expiry: limits.uploadExpirySeconds
        )
        if info.kind == .recording {
            guard length > 0 else { throw HTTPFailure.badRequest("Upload-Length: a recording cannot be empty") }
            _ = try ingest.companions(of: info)
        }
        try ingest.uploads.create(info)
        logger.info("Upload created", metadata: ["upload.id": "\(info.id)", "upload.bytes": "\(length)", "upload.kind": "\(info.kind.rawValue)"])
        var headers = Self.headers()
        headers[.location] = "/api/uploads/\(info.id)"
        if length == 0 { return Response(status: .created, headers: Self.describe(try await complete(info.id), into: headers)) }
        headers[HeaderName.uploadExpires] = HTTPDate.format(info.expiresAt)
        return Response(status: .created, headers: headers)
    }

    /// HEAD: how many bytes arrived, for a client resuming.
    func status(_ request: Request, id: String) async throws -> Response {
        var info = try await owned(request, id: id)
        let offset = try await ingest.uploads.settledOffset(id)
        // Every byte is here but the completion did not happen (the last PATCH's client left, the queue was down):
        // do it now, so no upload stays whole without its job.
        if offset == info.length, info.sha256 == nil || (info.kind == .recording && info.job == nil) { info = try await complete(id) }
        var headers = Self.headers()
        headers[HeaderName.uploadOffset] = "\(offset)"
        headers[HeaderName.uploadLength] = "\(info.length)"
        if let metadata = info.rawMetadata { headers[HeaderName.uploadMetadata] = metadata }
        if !info.isComplete { headers[HeaderName.uploadExpires] = HTTPDate.format(info.expiresAt) }
        return Response(status: .ok, headers: Self.describe(info, into: headers))
    }

    /// `Lectern-Job` and `Lectern-SHA256` of a complete upload.
    static func describe(_ info: UploadInfo, into headers: HTTPFields) -> HTTPFields {
        var headers = headers
        if let job = info.job { headers[HeaderName.lecternJob] = job }
        if let sha256 = info.sha256 { headers[HeaderName.lecternSHA256] = sha256 }
        return headers
    }

    /// PATCH: bytes at `Upload-Offset`, streamed to disk; 204 with the new offset. The last bytes make the job.
    func append(_ request: Request, id: String) async throws -> Response {
        var info = try await owned(request, id: id)
        guard request.headers[.contentType]?.lowercased() == "application/offset+octet-stream" else {
            throw HTTPFailure(.unsupportedMediaType, "Content-Type: expected application/offset+octet-stream")
        }
        guard let offsetText = request.headers[HeaderName.uploadOffset], let offset = Int(offsetText), offset >= 0 else {
            throw HTTPFailure.badRequest("Upload-Offset: expected a byte offset")
        }
        guard !info.isComplete else {
            throw HTTPFailure(.conflict, "the upload is complete", headers: [HeaderName.uploadOffset: "\(info.length)"])
        }
        let checksum = try request.headers[HeaderName.uploadChecksum].map(Self.parseChecksum)
        try checkRoom(for: info.length - offset)
        info.expiresAt = Date().addingTimeInterval(ingest.configuration.uploadExpirySeconds)
        try ingest.uploads.save(info)  // refreshed before a long PATCH, so housekeeping leaves it alone
        let newOffset = try await ingest.uploads.append(info, at: offset, body: request.body, checksum: checksum)
        metrics.recordUpload(bytes: newOffset - offset)
        var headers = Self.headers()
        headers[HeaderName.uploadOffset] = "\(newOffset)"
        if newOffset == info.length { return Response(status: .noContent, headers: Self.describe(try await complete(id), into: headers)) }
        headers[HeaderName.uploadExpires] = HTTPDate.format(info.expiresAt)
        return Response(status: .noContent, headers: headers)
    }

    /// The upload's bytes are all here: its SHA-256, and for a recording its job, recorded before the answer. Runs
    /// holding the upload (a HEAD meanwhile waits for it) and does nothing a second time.
    private func complete(_ id: String) async throws -> UploadInfo {
        try await ingest.uploads.holding(id) {
            guard var info = ingest.uploads.info(id) else { throw HTTPFailure.notFound() }
            if info.sha256 == nil { info.sha256 = try await ingest.uploads.hash(id) }
            try ingest.uploads.save(info)
            if info.kind == .recording, info.job == nil {
                let (job, created) = try await ingest.submit(info)
                info.job = job.id
                try ingest.uploads.save(info)
                logger.info("Upload complete", metadata: ["upload.id": "\(id)", "job.id": "\(job.id)", "job.new": "\(created)"])
            }
            return info
        }
    }

    /// DELETE: drops an unfinished upload, or a finished one no job still needs.
    func terminate(_ request: Request, id: String) async throws -> Response {
        let info = try await owned(request, id: id)
        // A recording's own job, or the job of a recording naming this subtitle or audio file.
        let users =
            [info.job].compactMap { $0 }
            + ingest.uploads.all().filter { $0.subtitles.values.contains(id) || $0.audio.values.contains(id) }.compactMap(\.job)
        for job in users {
            if let state = try await ingest.queue.store.job(id: job)?.state, !state.isFinal {
                throw HTTPFailure(.conflict, "job \(job) still needs this upload: cancel the job first")
            }
        }
        ingest.uploads.remove(id)
        return Response(status: .noContent, headers: Self.headers())
    }

    /// The upload `id` if the request's token may act on it; 404 otherwise (another team's uploads are not there).
    private func owned(_ request: Request, id: String) async throws -> UploadInfo {
        try Self.checkVersion(request)
        let token = try await ingest.auth.authenticate(request, as: .uploader)
        guard let info = ingest.uploads.info(id), IngestServices.may(token, act: info.owner) else { throw HTTPFailure.notFound() }
        return info
    }

    /// 507 when `bytes` more would leave less than the reserve free.
    private func checkRoom(for bytes: Int) throws {
        let free = ingest.uploads.freeBytes()
        guard free - bytes >= ingest.configuration.diskReserveBytes else {
            throw HTTPFailure(
                HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage"),
                "not enough disk space for \(bytes) more bytes on this server; try later"
            )
        }
    }

    /// `sha256 <base64>` (or `sha1 <base64>`, tuspy's default) as the checksum to compare; 400 for another algorithm or
    /// a malformed value.
    static func parseChecksum(_ header: String) throws -> ChunkChecksum {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, let algorithm = ChunkChecksum.Algorithm(rawValue: parts[0].lowercased()) else {
            throw HTTPFailure.badRequest("Upload-Checksum: sha256 or sha1 and a base64 digest")
        }
        guard let digest = Data(base64Encoded: String(parts[1])), digest.count == algorithm.digestBytes else {
            throw HTTPFailure.badRequest("Upload-Checksum: not a base64 \(algorithm.rawValue) digest")
        }
        return ChunkChecksum(algorithm: algorithm, digest: Array(digest))
    }

    /// 412 for a client speaking another tus version.
    static func checkVersion(_ request: Request) throws {
        guard request.headers[HeaderName.tusResumable] == version else {
            throw HTTPFailure(.preconditionFailed, "Tus-Resumable: this server speaks tus \(version)", headers: [HeaderName.tusVersion: version])
        }
    }

    /// Runs a handler so that its errors carry `Tus-Resumable` too (tus asks it of every response but OPTIONS), and a
    /// body that ends early (the client's connection dropped) is a 400 saying to resume, not a server error.
    static func tus(_ handler: () async throws -> Response) async throws -> Response {
        do {
            return try await handler()
        } catch var failure as HTTPFailure {
            failure.headers[HeaderName.tusResumable] = version
            throw failure
        } catch is UploadStore.BodyEnded {
            throw HTTPFailure(
                .badRequest,
                "the request ended early: resume from the upload's offset (HEAD)",
                headers: [HeaderName.tusResumable: version]
            )
        }
    }

    static func headers() -> HTTPFields {
        [HeaderName.tusResumable: version, .cacheControl: "no-store"]
    }
}
