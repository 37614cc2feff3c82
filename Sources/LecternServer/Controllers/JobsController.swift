import Foundation
import Hummingbird
import LecternJobs

/// `/api/jobs`: the queue as JSON for the token's owner (an admin sees every job), and cancelling.
struct JobsController<Context: RequestContext>: Sendable {
    let ingest: IngestServices

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get { request, _ in try await self.list(request) }
        routes.get(":id") { request, context in try await self.show(request, id: context.parameters.require("id")) }
        routes.post(":id/cancel") { request, context in try await self.cancel(request, id: context.parameters.require("id")) }
        routes.delete(":id") { request, context in try await self.cancel(request, id: context.parameters.require("id")) }
        return routes
    }

    /// GET: newest first; `?state=running,queued` narrows, `?limit=` caps (default 100, at most 1000).
    func list(_ request: Request) async throws -> Response {
        let token = try await ingest.auth.authenticate(request, as: .uploader)
        let query = request.uri.queryParameters
        var states: Set<JobState>?
        if let text = query["state"] {
            let parsed = text.split(separator: ",").map { JobState(rawValue: String($0)) }
            guard !parsed.contains(nil) else { throw HTTPFailure.badRequest("state: expected queued, running, published, failed or cancelled") }
            states = Set(parsed.compactMap { $0 })
        }
        let limit = min(max(query["limit"].flatMap { Int($0) } ?? 100, 1), 1000)
        let owner = token.role == .admin ? nil : token.id
        let jobs = try await ingest.queue.store.jobs(owner: owner, states: states, limit: limit)
        return try Self.json(["jobs": jobs.map { JobSummary($0) }])
    }

    /// GET `/api/jobs/<id>`.
    func show(_ request: Request, id: String) async throws -> Response {
        try Self.json(JobSummary(try await owned(request, id: id)))
    }

    /// POST `/api/jobs/<id>/cancel` (or DELETE): a queued job is never run, a running one is stopped at its worker's
    /// next heartbeat. A job already over is left as it is (409).
    func cancel(_ request: Request, id: String) async throws -> Response {
        let job = try await owned(request, id: id)
        guard !job.state.isFinal else { throw HTTPFailure(.conflict, "job \(id) is already \(job.state.rawValue)") }
        guard let cancelled = try await ingest.queue.store.cancel(id: id) else { throw HTTPFailure.notFound() }
        return try Self.json(JobSummary(cancelled))
    }

    private func owned(_ request: Request, id: String) async throws -> Job {
        let token = try await ingest.auth.authenticate(request, as: .uploader)
        guard let job = try await ingest.queue.store.job(id: id), IngestServices.may(token, act: job.owner) else {
            throw HTTPFailure.notFound()
        }
        return job
    }

    static func json(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return Response(
            status: .ok,
            headers: [.contentType: "application/json", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(value)))
        )
    }
}
