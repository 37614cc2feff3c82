import ArgumentParser
import Foundation
import LecternServer
import LecternTranscode
import Logging

extension Lectern {
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ingest the sample lecture in media/ into a fresh library, show what was made and serve it.",
            discussion: """
                The first thing to run after installing: it exercises the whole pipeline on a 45 s lecture, then serves \
                the library (like lectern serve) and prints the URL to open. Pass --no-serve to stop after the ingest.
                """
        )

        @Option(help: "The sample recording.", completion: .file())
        var input = "media/sample-lecture.mp4"

        @Option(help: "Library folder to create (default: a new temporary folder).", completion: .directory)
        var library: String?

        @Flag(help: "Only ingest; do not serve the library afterwards.")
        var noServe = false

        @Option(help: "Port to serve the demo library on.")
        var port = 8080

        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let logger = logging.makeLogger()
            let root =
                library.map { URL(fileURLWithPath: $0, isDirectory: true) }
                ?? FileManager.default.temporaryDirectory.appendingPathComponent("lectern-demo-\(UUID().uuidString.prefix(8))")
            let report = try await ingestSample(into: root, logger: logger)
            guard !noServe else { return }
            let configuration = ServerConfiguration(hostname: "127.0.0.1", port: port, library: root, logger: logger)
            configuration.bootstrapMetricsSystem()
            try await runServer(configuration) { [port] in
                Output.line("Open http://127.0.0.1:\(port)/watch/\(report.id) in a browser (catalog: http://127.0.0.1:\(port)/); Ctrl-C to stop")
            }
        }

        /// Ingests the sample into the library at `root` and says what came out.
        func ingestSample(into root: URL, logger: Logger) async throws -> IngestReport {
            let input = URL(fileURLWithPath: input)
            guard FileManager.default.fileExists(atPath: input.path) else {
                throw ValidationError("\(input.path): sample not found; run lectern demo from the repository root or pass --input")
            }
            let request = IngestRequest(
                input: input,
                title: "Handwashing and diarrhoeal disease",
                series: "Public health 101",
                language: "en",
                library: root
            )
            Output.line("Ingesting \(input.path) into \(root.path)")
            let report = try await ProgressBar.run("ingest") { bar in
                try await LecternTranscode.Ingest.run(request, logger: logger) { bar.update($0) }
            }
            Output.line(IngestSummary.describe(report))
            Output.line("Play it with any HLS player, e.g.: ffplay \(report.master)")
            return report
        }
    }
}
