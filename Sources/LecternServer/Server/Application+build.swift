import Foundation
public import Hummingbird
import LecternPackage
import Logging
public import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds the segment server. The CLI runs it with `runService()` (graceful shutdown on SIGTERM/SIGINT);
/// tests call the same function and drive it with HummingbirdTesting. `extra` services run beside the server.
/// - Throws: `ServerStartError(.libraryUnavailable)` when the library folder is missing or unreadable.
public func buildApplication(
    _ arguments: some ServerArguments,
    services extra: [any Service] = [],
    onServerRunning: @escaping @Sendable () async -> Void = {}
) throws(ServerStartError) -> some ApplicationProtocol {
    try checkLibrary(arguments.library)
    let services = ServerServices(
        library: Library(root: arguments.library, logger: arguments.logger),
        metrics: ServerMetrics(registry: arguments.registry),
        ingest: arguments.ingest,
        logger: arguments.logger
    )
    let router = buildRouter(services)
    let connections = ConnectionGauge(
        metrics: services.metrics,
        limit: FileDescriptorLimit.raise(toServe: arguments.maxConnections, logger: arguments.logger)
    )
    let serverName = "lectern"
    return Application(
        responder: ChildTaskResponder(inner: router.buildResponder()),
        server: .http1(
            configuration: .init(additionalChannelHandlers: [
                ContinueChannelHandler(), HotFileChannelHandler(services: services, serverName: serverName),
            ])
        ),
        configuration: ApplicationConfiguration(
            address: .hostname(arguments.hostname, port: arguments.port),
            serverName: serverName,
            backlog: 1024,
            availableConnectionsDelegate: connections
        ),
        services: extra,
        onServerRunning: { _ in
            // The search index is built while the first learners arrive, not when the first one searches (a library of
            // 1,000 lectures takes about 20 s on two cores).
            Task.detached(priority: .background) { _ = await services.search.index() }
            await onServerRunning()
        },
        logger: arguments.logger
    )
}

/// Every route of the server, with the middleware every response goes through.
public func buildRouter(_ services: ServerServices) -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: RequestObservationMiddleware(metrics: services.metrics))
    router.add(middleware: CORSHeadersMiddleware())
    router.addRoutes(LectureFilesController(services: services).endpoints, atPath: "lectures")
    router.addRoutes(CatalogController(services: services).endpoints, atPath: "api/lectures")
    router.addRoutes(OperationsController(services: services).endpoints)
    router.addRoutes(PagesController(services: services).endpoints)
    router.addRoutes(SearchController(services: services).endpoints)
    router.addRoutes(AssetsController().endpoints)
    if let ingest = services.ingest {
        router.addRoutes(UploadsController(ingest: ingest, metrics: services.metrics, logger: services.logger).endpoints, atPath: "api/uploads")
        router.addRoutes(JobsController(ingest: ingest).endpoints, atPath: "api/jobs")
        router.get("upload") { request, _ in PagesController<BasicRequestContext>.html(UploadPage.render(), for: request) }
        router.get("jobs") { request, _ in PagesController<BasicRequestContext>.html(JobsPage.render(), for: request) }
        router.addRoutes(WorkerController(ingest: ingest, library: services.library, logger: services.logger).endpoints, atPath: "api/worker")
    }
    return router
}

/// Builds and runs the server until SIGTERM/SIGINT, letting in-flight responses finish.
/// - Throws: `ServerStartError` with one printable line when the library is unusable or the address cannot be bound.
/// `services` (in-process workers, housekeeping) run beside it and stop with it.
public func runServer(
    _ arguments: some ServerArguments,
    services: [any Service] = [],
    onServerRunning: @escaping @Sendable () async -> Void = {}
) async throws {
    let started = Atomic<Bool>(false)
    let app = try buildApplication(arguments, services: services) {
        started.store(true, ordering: .relaxed)
        await onServerRunning()
    }
    do {
        try await app.runService()
    } catch {
        guard !started.load(ordering: .relaxed) else { throw error }
        let reason = "\(error)".contains("Address already in use") ? "address already in use" : "\(error)"
        throw ServerStartError(code: .bindFailed, message: "cannot listen on \(arguments.hostname):\(arguments.port): \(reason)")
    }
}

/// The library must be a readable folder (it may be empty).
func checkLibrary(_ root: URL) throws(ServerStartError) {
    let path = root.standardizedFileURL.path
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
        throw ServerStartError(code: .libraryUnavailable, message: "\(path): no lecture library here (folder missing)")
    }
    guard isFolder.boolValue else {
        throw ServerStartError(code: .libraryUnavailable, message: "\(path): not a folder, cannot be a lecture library")
    }
    let lectures = root.appending(component: Library.lecturesFolderName).path
    guard access(path, R_OK | X_OK) == 0, !FileManager.default.fileExists(atPath: lectures) || access(lectures, R_OK | X_OK) == 0 else {
        throw ServerStartError(code: .libraryUnavailable, message: "\(path): lecture library is not readable")
    }
}
