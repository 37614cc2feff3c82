import Foundation
public import Hummingbird
import LecternJobs
import LecternPackage

/// `/healthz` (the library is readable) and `/metrics` (Prometheus text).
public struct OperationsController<Context: RequestContext>: Sendable {
    let services: ServerServices

    /// A controller over `services`' library and metrics; `buildRouter` mounts it at the root.
    public init(services: ServerServices) {
        self.services = services
    }

    /// GET `/healthz` (200 "ok", or 503 when the library folder is missing or unreadable) and GET `/metrics`.
    public var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get("healthz") { _, _ in try self.health() }
        routes.get("metrics") { _, _ in await self.metrics() }
        return routes
    }

    func health() throws -> Response {
        var isFolder: ObjCBool = false
        let root = services.library.root.path
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder), isFolder.boolValue,
            FileManager.default.isReadableFile(atPath: root)
        else {
            throw HTTPFailure(.serviceUnavailable, "library unavailable")
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: "ok\n"))
        )
    }

    func metrics() async -> Response {
        if let ingest = services.ingest, let counts = try? await ingest.queue.store.counts() {
            services.metrics.recordQueue(
                counts: Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }),
                workers: ingest.queue.connectedWorkers()
            )
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: services.metrics.render()))
        )
    }
}
