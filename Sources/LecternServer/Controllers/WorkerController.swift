import Crypto
import Foundation
import Hummingbird
import LecternJobs
import LecternPackage
import Logging
import NIOCore
import NIOFileSystem
import NIOPosix

/// `/api/worker`: how `lectern worker` on another machine takes part, over HTTP only (behind a campus NAT, with no
/// database access or shared disk). It claims a job, reads the job's uploads (with Range, to resume), heartbeats,
/// sends the package's files one by one with their SHA-256, and asks the origin to publish. Everything after the
/// claim names its attempt; a superseded attempt gets 409 and its late files are refused.
struct WorkerController<Context: RequestContext>: Sendable {
    let ingest: IngestServices
    let library: Library
    let logger: Logger

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.post("claim") { request, _ in try await self.claim(request) }
        let attempt = routes.group("jobs/:job/attempts/:attempt")
        attempt.post("heartbeat") { request, context in try await self.heartbeat(request, context: context) }
        attempt.get("uploads/:upload") { request, context in try await self.source(request, context: context) }
        attempt.put("package/**") { request, context in try await self.receive(request, context: context) }
        attempt.post("commit") { request, context in try await self.commit(request, context: context) }
        attempt.post("fail") { request, context in try await self.fail(request, context: context) }
        return routes
    }

    /// POST `claim?worker=NAME`: the next job (200), or 204 after up to 20 s without work (a long poll).
    func claim(_ request: Request) async throws -> Response {
        let token = try await ingest.auth.authenticate(request, as: .worker)
        // The claim is the token's: its id leads the worker's name, and only that token may act on the attempt.
        let name = "\(token.id)/" + String((request.uri.queryParameters["worker"].map(String.init) ?? token.name).prefix(100))
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if let claim = try await ingest.queue.claim(worker: name) {
                return try JobsController<Context>.json(WorkAssignment(claim, leaseSeconds: ingest.queue.leaseSeconds))
            }
            await ingest.queue.store.waitForWork(timeout: .seconds(5))
        }
        return Response(status: .noContent, headers: [.cacheControl: "no-store"])
    }

    /// POST `heartbeat?progress=0.42`: renews the lease; 409 when the attempt lost the job, 410 when it was cancelled.
    func heartbeat(_ request: Request, context: Context) async throws -> Response {
        _ = try await fenced(request, context: context)
        return Response(status: .noContent, headers: [.cacheControl: "no-store"])
    }

    /// GET `uploads/<id>`: one of the job's uploads, from a `Range: bytes=N-` offset when given.
    func source(_ request: Request, context: Context) async throws -> Response {
        let attempt = try await fenced(request, context: context)
        let upload = try context.parameters.require("upload")
        guard let job = try await ingest.queue.store.job(id: attempt.job), job.spec.uploads.contains(upload),
            let info = ingest.uploads.info(upload), info.isComplete
        else { throw HTTPFailure.notFound() }
        let size = ingest.uploads.offset(upload)
        var start = 0
        if let range = request.headers[.range] {
            guard range.hasPrefix("bytes="), range.hasSuffix("-"), let from = Int(range.dropFirst(6).dropLast()), from < max(size, 1) else {
                throw HTTPFailure(.rangeNotSatisfiable, "only bytes=N- ranges inside the file", headers: [.contentRange: "bytes */\(size)"])
            }
            start = from
        }
        var headers: HTTPFields = [.contentType: "application/octet-stream", .cacheControl: "no-store", .contentLength: "\(size - start)"]
        headers[.acceptRanges] = "bytes"
        if start > 0 { headers[.contentRange] = "bytes \(start)-\(size - 1)/\(size)" }
        let body =
            size == 0
            ? ResponseBody() : try await FileIO().loadFile(path: ingest.uploads.dataURL(upload).path, range: start...(size - 1), context: context)
        return Response(status: start > 0 ? .partialContent : .ok, headers: headers, body: body)
    }

    /// PUT `package/<path>` with `Lectern-SHA256: <hex>`: one file of the package, into the attempt's staging folder;
    /// 400 when its bytes do not have that hash. HEAD-free resume: a file already there with that hash is answered 204
    /// at once.
    func receive(_ request: Request, context: Context) async throws -> Response {
        let attempt = try await fenced(request, context: context)
        let path = context.parameters.getCatchAll().joined(separator: "/")
        guard Self.isPackagePath(path) else { throw HTTPFailure.badRequest("\(path): not a package file name") }
        guard let expected = request.headers[HeaderName.lecternSHA256]?.lowercased(), SHA256Hasher.isValidDigest(expected) else {
            throw HTTPFailure.badRequest("Lectern-SHA256: expected the file's SHA-256 in hex")
        }
        let target = stagingFolder(attempt).appendingPathComponent(path)
        let known = target
        if (try? await NIOThreadPool.singleton.runIfActive { try SHA256Hasher.hashFile(at: known) }) == expected {
            return Response(status: .noContent)
        }
        // A package file is a segment, a playlist or a picture: never more than the recording itself.
        guard let job = try await ingest.queue.store.job(id: attempt.job) else { throw HTTPFailure.notFound() }
        let limit = max(job.spec.bytes, 64 << 20)
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw HTTPFailure(.contentTooLarge, "\(path): larger than this job's recording")
        }
        guard ingest.uploads.freeBytes() - limit >= ingest.configuration.diskReserveBytes else {
            throw HTTPFailure(HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage"), "not enough disk space on the origin; try later")
        }
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let hash = try await FileSystem.shared.withFileHandle(
            forWritingAt: FilePath(target.path),
            options: .newFile(replaceExisting: true)
        ) { handle in
            var blocks = BlockWriter(handle: handle, at: 0, hash: SHA256())
            do {
                for try await var chunk in request.body {
                    guard blocks.received + chunk.readableBytes <= limit else {
                        throw HTTPFailure(.contentTooLarge, "\(path): larger than this job's recording")
                    }
                    try await blocks.append(&chunk)
                }
                return try await blocks.finish()
            } catch {
                await blocks.stop()
                throw error
            }
        }
        guard let hash, SHA256Hasher.hex(hash.finalize()) == expected else {
            try? FileManager.default.removeItem(at: target)
            throw HTTPFailure.badRequest("\(path): its bytes do not have the SHA-256 sent")
        }
        return Response(status: .created)
    }

    /// POST `commit`: every file the package's manifest lists has arrived with its hash; the package is published with
    /// the same staging rename as a local ingest, and the job is done. The lecture id must be the one this job's
    /// title and recording make: a worker cannot publish over another lecture. The slow part (hashing every file) runs
    /// off the cooperative pool before the attempt's fence is checked again, right before the rename.
    func commit(_ request: Request, context: Context) async throws -> Response {
        let attempt = try await fenced(request, context: context)
        guard let job = try await ingest.queue.store.job(id: attempt.job) else { throw HTTPFailure.notFound() }
        let folder = stagingFolder(attempt)
        let expected = LectureID.make(title: job.spec.title, contentHash: job.spec.sha256)
        let manifest = try await NIOThreadPool.singleton.runIfActive { try Self.checkedManifest(in: folder, id: expected) }
        _ = try await fenced(request, context: context)  // still this attempt's job, after the long check
        let staging = try library.makeStaging(id: manifest.id)
        do {
            try FileManager.default.removeItem(at: staging.url)
            try FileManager.default.moveItem(at: folder, to: staging.url)
            _ = try await NIOThreadPool.singleton.runIfActive { try staging.publish(manifest: manifest, check: .trustListedHashes, sync: .eachFile) }
        } catch {
            staging.discard()
            throw HTTPFailure(.internalServerError, "could not publish \(manifest.id): \(error)")
        }
        let done = try await Self.mapped { try await ingest.queue.finish(attempt, .published(manifest.id)) }
        logger.info("Remote job published", metadata: ["job.id": "\(done.id)", "lecture.id": "\(manifest.id)"])
        return try JobsController<Context>.json(JobSummary(done))
    }

    /// The manifest of the package in `folder`, checked: its id is `id` and every file it lists is there with its size
    /// and SHA-256, nothing else; 422 otherwise.
    static func checkedManifest(in folder: URL, id: String) throws -> Manifest {
        let manifest: Manifest
        do {
            manifest = try Manifest(contentsOf: folder.appendingPathComponent(Manifest.fileName))
        } catch {
            throw HTTPFailure(.unprocessableContent, "the package has no readable manifest.json (\(error))")
        }
        guard manifest.id == id else {
            throw HTTPFailure(.unprocessableContent, "the package is lecture \(manifest.id), but this job makes \(id)")
        }
        let issues = PackageVerifier.verifyIntegrity(of: manifest, at: folder)
        guard issues.isEmpty else {
            throw HTTPFailure(
                .unprocessableContent,
                "the package does not match its manifest: \(issues.prefix(3).map { "\($0)" }.joined(separator: "; "))"
            )
        }
        return manifest
    }

    /// Runs a queue change, answering 409, 410 or 503 as `fenced` does when the queue refuses it.
    static func mapped<T>(_ change: () async throws -> T) async throws -> T {
        do {
            return try await change()
        } catch let error as JobStoreError {
            switch error.code {
            case .cancelled: throw HTTPFailure(.gone, error.message)
            case .superseded, .notFound: throw HTTPFailure(.conflict, error.message)
            case .database: throw HTTPFailure(.serviceUnavailable, "the queue is unavailable; try again")
            }
        }
    }

    /// POST `fail?outcome=permanent|transient|handed-back` with the error line as the body: the attempt ended without a package.
    func fail(_ request: Request, context: Context) async throws -> Response {
        let attempt = try await fenced(request, context: context)
        let text = String(buffer: try await request.body.collect(upTo: 4096)).trimmingCharacters(in: .whitespacesAndNewlines)
        let line = String((text.split(separator: "\n").first.map(String.init) ?? "the worker failed").prefix(500))
        let outcome: JobQueue.Outcome =
            switch request.uri.queryParameters["outcome"].map(String.init) {
            case "permanent": .permanent(line)
            case "handed-back": .handedBack
            default: .transient(line)
            }
        try? FileManager.default.removeItem(at: stagingFolder(attempt))
        return try JobsController<Context>.json(JobSummary(try await Self.mapped { try await ingest.queue.finish(attempt, outcome) }))
    }

    /// The worker's token and attempt, checked: the attempt must still hold the job (its lease is renewed, with the
    /// progress when given). 409 for a superseded attempt, 410 for a cancelled job.
    private func fenced(_ request: Request, context: Context) async throws -> Attempt {
        let token = try await ingest.auth.authenticate(request, as: .worker)
        let attempt = Attempt(job: try context.parameters.require("job"), number: try context.parameters.require("attempt", as: Int.self))
        guard let job = try await Self.mapped({ try await ingest.queue.store.job(id: attempt.job) }),
            job.attempt != attempt.number || job.worker?.hasPrefix("\(token.id)/") == true
        else { throw HTTPFailure(.forbidden, "job \(attempt.job) attempt \(attempt.number) was claimed by another worker token") }
        let progress = request.uri.queryParameters["progress"].flatMap { Double(String($0)) }.flatMap { $0.isFinite ? $0 : nil }
        _ = try await Self.mapped { try await ingest.queue.heartbeat(attempt, progress: progress) }
        return attempt
    }

    /// `.staging/remote-<job>-<attempt>`: where an attempt's files gather until the commit.
    private func stagingFolder(_ attempt: Attempt) -> URL {
        library.stagingURL.appendingPathComponent("remote-\(attempt.job)-\(attempt.number)", isDirectory: true)
    }

    /// A relative path of plain names (letters, digits, `.`, `-`, `_`), none empty or starting with a dot.
    static func isPackagePath(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.count <= 4
            && parts.allSatisfy { part in
                !part.isEmpty && part.count <= 100 && !part.hasPrefix(".")
                    && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
            }
    }
}
