import ArgumentParser
import Foundation
import LecternServer

extension Lectern {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve a lecture library over HTTP: adaptive HLS, a catalog, a web player and metrics.",
            discussion: """
                Serves LIBRARY/lectures/<id>/ as HLS with CDN-friendly caching, Range and gzip; /lectures/<id>/master.m3u8 \
                is adapted per client (?max_kbps=, CMCD, measured throughput, client hints). Pages: / and /watch/<id>; \
                JSON: /api/lectures; operations: /healthz, /metrics. Lectures published while it runs are served at once. \
                Stops gracefully on SIGINT/SIGTERM.
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

        @OptionGroup var logging: LoggingOptions

        func validate() throws {
            guard (0...65_535).contains(port) else { throw ValidationError("--port \(port) is not a TCP port (0-65535)") }
            guard maxConnections > 0 else { throw ValidationError("--max-connections must be at least 1") }
        }

        func run() async throws {
            let configuration = ServerConfiguration(
                hostname: host,
                port: port,
                library: URL(fileURLWithPath: library, isDirectory: true),
                logger: logging.makeLogger(label: "lectern.server"),
                maxConnections: maxConnections
            )
            configuration.bootstrapMetricsSystem()
            let shownHost = host == "0.0.0.0" ? "127.0.0.1" : host
            try await runServer(configuration) {
                Output.line("Serving \(configuration.library.path) at http://\(shownHost):\(port)/ (Ctrl-C to stop)")
            }
        }
    }
}
