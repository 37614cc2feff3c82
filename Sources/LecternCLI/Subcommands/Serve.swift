import ArgumentParser
import Foundation
import LecternJobs
import LecternPackage
import LecternServer
import LecternWorker
import Logging
import ServiceLifecycle

extension Lectern {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve a lecture library over HTTP: adaptive HLS, a catalog, a web player, metrics, and the ingest service.",
            discussion: """
                Serves LIBRARY/lectures/<id>/ as HLS with CDN-friendly caching, Range and gzip; /lectures/<id>/master.m3u8 \
                is adapted per client (?max_kbps=, CMCD, measured throughput, client hints). Pages: / and /watch/<id>; \
                JSON: /api/lectures; operations: /healthz, /metrics. Lectures published while it runs are served at once. \
                Stops gracefully on SIGINT/SIGTERM.

                Ingest service: content teams upload recordings with tus 1.0 at /api/uploads (lectern submit does it, \
                resumably); each complete recording becomes a job at /api/jobs that --workers in-process workers ingest \
                into the library, each in a sandboxed child. Writes need a token (lectern token create). The queue is \
                LIBRARY/.lectern/queue.sqlite, or PostgreSQL with --queue for several origins and remote workers. A \
                read-only library is served without the ingest service.
                """
        )

        @Option(help: "The library folder to serve.", completion: .directory)
        var library = "library"

        @Option(help: "Address to listen on.")
        var host = "0.0.0.0"

        @Option(help: "TCP port to listen on.")
        var port = 8080

        @Option(help: "Open connections at most, idle keep-alive ones included; more wait until one closes. The open-file limit is raised to match.")
        var maxConnections = ServerConfiguration.defaultMaxConnections

        @Option(help: "The job queue: a postgresql://user@host/database URL shared by several origins (default: SQLite in the library).")
        var queue: String?

        @Option(help: "Ingests this server runs at once (0: only coordinate remote workers).")
        var workers = 1

        @Option(help: "Largest upload accepted, GiB.")
        var maxUploadGb = 20.0

        @Option(help: "Free disk space uploads must leave, GiB (507 when an upload would leave less).")
        var diskReserveGb = 2.0

        @Option(help: "Hours an unfinished upload is kept after its last bytes arrived.")
        var uploadExpiryHours = 24.0

        @Option(help: "A ladder file (JSON) for the workers' ingests instead of the built-in lecture ladder.", completion: .file())
        var ladder: String?

        /// Lease length, seconds (tests shorten it to see a lost worker's job come back quickly).
        @Option(help: .hidden)
        var leaseSeconds = 60.0

        @OptionGroup var logging: LoggingOptions

        func validate() throws {
            guard (0...65_535).contains(port) else { throw ValidationError("--port \(port) is not a TCP port (0-65535)") }
            guard maxConnections > 0 else { throw ValidationError("--max-connections must be at least 1") }
            guard (0...64).contains(workers) else { throw ValidationError("--workers must be between 0 and 64") }
            guard maxUploadGb > 0, diskReserveGb >= 0, uploadExpiryHours > 0, leaseSeconds >= 1 else {
                throw ValidationError("--max-upload-gb and --upload-expiry-hours must be positive, --disk-reserve-gb not negative")
            }
        }

        func run() async throws {
            let logger = logging.makeLogger(label: "lectern.server")
            let root = URL(fileURLWithPath: library, isDirectory: true)
            var configuration = ServerConfiguration(hostname: host, port: port, library: root, logger: logger, maxConnections: maxConnections)
            configuration.ingest = try await ingestConfiguration(root: root, logger: logger)
            configuration.bootstrapMetricsSystem()
            let banner = "Serving \(root.path) at http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)/ (Ctrl-C to stop)"
            do {
                try await runServer(configuration, services: services(configuration, logger: logger)) { Output.line(banner) }
            } catch {
                try? await configuration.ingest?.queue.store.close()
                throw error
            }
            try? await configuration.ingest?.queue.store.close()
        }

        /// The ingest service's settings, or nil when the library's own queue cannot be opened (a read-only library is
        /// still served). A `--queue` that cannot be opened is an error.
        func ingestConfiguration(root: URL, logger: Logger) async throws -> IngestConfiguration? {
            let store: any JobStore
            do {
                store = try await JobStores.open(queue: queue, library: root, logger: logger)
            } catch {
                if queue != nil { throw ValidationError("--queue: \(error)") }
                logger.notice("Serving without the ingest service", metadata: ["reason": "\(error)"])
                return nil
            }
            let ladderKey = try ladder.map { path in
                SHA256Hasher.hash(try Data(contentsOf: URL(fileURLWithPath: path)))
            }
            return IngestConfiguration(
                queue: JobQueue(store: store, leaseSeconds: leaseSeconds, logger: logger),
                uploads: IngestConfiguration.uploadFolder(library: root),
                maxUploadBytes: Int(maxUploadGb * Double(1 << 30)),
                diskReserveBytes: Int(diskReserveGb * Double(1 << 30)),
                uploadExpirySeconds: uploadExpiryHours * 3600,
                ladderKey: ladderKey ?? "default"
            )
        }

        /// Housekeeping and `--workers` in-process workers, when the ingest service runs.
        func services(_ configuration: ServerConfiguration, logger: Logger) -> [any Service] {
            guard let ingest = configuration.ingest else { return [] }
            let library = Library(root: configuration.library, logger: logger)
            let setup = LocalWorker.Setup(
                executable: URL(fileURLWithPath: Sandbox.selfPath),
                library: configuration.library,
                uploads: ingest.uploads,
                ladder: ladder
            )
            let host = ProcessInfo.processInfo.hostName
            let pid = ProcessInfo.processInfo.processIdentifier
            let workers: [any Service] = (0..<workers).map { n in
                LocalWorker(name: "\(host)-\(pid)-\(n + 1)", queue: ingest.queue, setup: setup, logger: logger)
            }
            return [IngestHousekeeping(configuration: ingest, library: library, logger: logger)] + workers
        }
    }
}
