import ArgumentParser
import Foundation
import LecternWorker
import Logging
import ServiceLifecycle
import UnixSignals

extension Lectern {
    struct Worker: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Transcode an origin's jobs on this machine: pulls work over HTTP(S), publishes through the origin.",
            discussion: """
                Needs FFmpeg here and a worker token from the origin ('lectern token create --role worker'); no database \
                access and no shared disk, and it works from behind a campus NAT. Each job's recording is downloaded \
                (resuming with Range), ingested with the same pipeline as 'lectern ingest' (sandboxed), and every file of \
                the package is sent back with its SHA-256; the origin verifies and publishes it. A worker that dies loses \
                its job to another after the lease (a minute); SIGTERM during an ingest hands the job back at once (a download or \
                an upload under way is finished first).
                """
        )

        @OptionGroup var service: ServiceOptions

        @Option(help: "Jobs to run at once (an ingest uses about two cores).")
        var slots = 1

        @Option(help: "This worker's name in job listings (default: the host name).")
        var name: String?

        @Option(help: "Where downloads and packages are kept while a job runs.", completion: .directory)
        var workDir: String?

        @Option(help: "A ladder file (JSON) instead of the built-in lecture ladder; use the origin's.", completion: .file())
        var ladder: String?

        @OptionGroup var logging: LoggingOptions

        func validate() throws {
            guard (1...32).contains(slots) else { throw ValidationError("--slots must be between 1 and 32") }
        }

        func run() async throws {
            let logger = logging.makeLogger(label: "lectern.worker")
            let folder = URL(fileURLWithPath: workDir ?? FileManager.default.temporaryDirectory.appendingPathComponent("lectern-worker").path)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let worker = RemoteWorker(
                client: try service.client(),
                name: name ?? ProcessInfo.processInfo.hostName,
                slots: slots,
                folder: folder,
                executable: URL(fileURLWithPath: Sandbox.selfPath),
                ladder: ladder,
                logger: logger
            )
            let group = ServiceGroup(services: [worker], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            FileHandle.standardError.write(Data("Working for \(service.resolvedServer) with \(slots) slot(s) (Ctrl-C to stop)\n".utf8))
            try await group.run()
        }
    }
}
