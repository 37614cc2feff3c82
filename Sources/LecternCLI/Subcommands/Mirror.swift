import ArgumentParser
import Foundation
import LecternMirror

extension Lectern {
    struct Mirror: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pre-fetch lectures from a lectern server or another library (a USB drive) into yours.",
            discussion: """
                ORIGIN is the address of a `lectern serve` (http://host:port) or a folder holding a library. The plan \
                (lectures, files, bytes) is printed first; then only new or changed files are fetched — several at once, \
                resuming partial files after an interruption, retrying with backoff over a flaky link — and every file's \
                SHA-256 is checked against the origin's manifest. A lecture appears in your library only when all of its \
                selected files are verified, with manifest.json and master.m3u8 rewritten to the renditions kept, so \
                `lectern verify` and `lectern serve` work on it at once. An unchanged re-run transfers nothing but the \
                catalog and manifests. Mirroring your library onto a drive is the export; mirroring from the drive is the \
                import. Lectures withdrawn at the origin are removed only with --prune.

                Examples:
                  lectern mirror http://uplink.example:8080 --into /srv/lectern --series "Public health 101" --max-kbps 400
                  lectern mirror http://uplink.example:8080 --into /srv/lectern --limit-rate 500k --concurrency 2
                  lectern mirror /srv/lectern --into /media/usb/lectern        (export to a drive)
                """
        )

        @Argument(help: "The origin: http(s)://host:port of a lectern server, or a folder holding a library.", completion: .directory)
        var origin: String

        @Option(help: "The library to mirror into (created if missing).", completion: .directory)
        var into: String

        @Option(help: "Only lectures of this series (repeatable).")
        var series: [String] = []

        @Option(help: "Only this lecture id (repeatable).")
        var lecture: [String] = []

        @Option(help: "Keep the video variants at or below this bitrate (kbps); the floor and audio-only variants are always kept.")
        var maxKbps: Int?

        @Option(help: "Keep exactly these renditions (comma-separated names, e.g. 240p,360p); their audio comes along.")
        var renditions: String?

        @Option(
            help: "Keep only these audio and subtitle languages (comma-separated BCP-47 tags, e.g. en,fr); the lecture's own language is always kept."
        )
        var languages: String?

        @Option(help: "Files transferred at the same time.")
        var concurrency = 4

        @Option(help: "Cap the total transfer rate, in bytes per second like curl: 500k, 2M (k, M, G are powers of 1024).")
        var limitRate: String?

        @Option(help: "Attempts per file over a failing link (timeouts, resets, 5xx) before its lecture waits for the next run.")
        var attempts = 6

        @Flag(help: "Remove local lectures the origin no longer has.")
        var prune = false

        @Flag(help: "Print the plan (lectures, files, bytes) without transferring.")
        var dryRun = false

        @Flag(help: "Print the result as JSON on standard output (no plan lines).")
        var json = false

        @OptionGroup var logging: LoggingOptions

        func validate() throws {
            if MirrorRequest.origin(origin) == nil { throw ValidationError("\(origin): not a valid http(s):// address") }
            if let maxKbps, maxKbps <= 0 { throw ValidationError("--max-kbps must be positive") }
            if !(1...64).contains(concurrency) { throw ValidationError("--concurrency must be between 1 and 64") }
            if attempts < 1 { throw ValidationError("--attempts must be at least 1") }
            if let limitRate, MirrorRequest.rate(limitRate) == nil {
                throw ValidationError("--limit-rate \(limitRate): not a rate (e.g. 500k, 2M, 100000)")
            }
        }

        func run() async throws {
            let request = try makeRequest()
            let (logger, json) = (logging.makeLogger(), json)
            let report = try await ProgressBar.run("mirror") { bar in
                try await LecternMirror.Mirror.run(
                    request,
                    logger: logger,
                    onPlan: { plan in if !json { Output.line(Self.describePlan(plan)) } },
                    progress: bar.update
                )
            }
            if json { try Output.json(report) } else { Output.line(Self.describe(report)) }
            if report.failed > 0 { throw ExitCode(1) }
        }

        /// The mirror the options ask for.
        func makeRequest() throws -> MirrorRequest {
            guard let originURL = MirrorRequest.origin(origin) else { throw ValidationError("\(origin): not a valid origin") }
            func list(_ text: String?) -> [String] {
                text.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } } ?? []
            }
            var request = MirrorRequest(
                origin: originURL,
                into: URL(fileURLWithPath: into, isDirectory: true),
                series: series,
                lectures: lecture,
                maxKbps: maxKbps,
                renditions: list(renditions),
                prune: prune,
                dryRun: dryRun,
                concurrency: concurrency,
                limitRate: limitRate.flatMap(MirrorRequest.rate),
                attempts: attempts
            )
            request.languages = list(languages)
            return request
        }

        static func describePlan(_ plan: MirrorReport) -> String {
            var lines = ["plan \(plan.origin) → \(plan.library)"]
            for lecture in plan.lectures {
                let what =
                    lecture.status == .planned
                    ? "fetch \(lecture.filesToFetch) files, \(IngestSummary.bytes(lecture.bytesToFetch)) of \(IngestSummary.bytes(lecture.bytesTotal))"
                    : IngestSummary.bytes(lecture.bytesTotal)
                lines.append(
                    "  \(IngestSummary.pad(lecture.status.rawValue, 9)) \(lecture.id) [\(lecture.renditions.joined(separator: ","))] \(what)"
                        + (lecture.error.map { ": \($0)" } ?? "")
                )
            }
            let files = plan.lectures.reduce(0) { $0 + $1.filesToFetch }
            let bytes = plan.lectures.reduce(0) { $0 + $1.bytesToFetch }
            lines.append("plan: \(plan.lectures.count) lectures, \(files) files, \(IngestSummary.bytes(bytes)) to fetch")
            return lines.joined(separator: "\n")
        }

        static func describe(_ report: MirrorReport) -> String {
            var lines = ["mirror \(report.origin) → \(report.library)"]
            for lecture in report.lectures where lecture.status != .planned || lecture.error != nil {
                let what =
                    "\(lecture.filesTransferred) files, \(IngestSummary.bytes(lecture.bytesTransferred)) of \(IngestSummary.bytes(lecture.bytesTotal))"
                lines.append(
                    "  \(IngestSummary.pad(lecture.status.rawValue, 9)) \(lecture.id) [\(lecture.renditions.joined(separator: ","))] \(what)"
                        + (lecture.error.map { ": \($0)" } ?? "")
                )
            }
            for id in report.pruned { lines.append("  pruned    \(id)") }
            let seconds = max(report.wallSeconds, 0.001)
            lines.append(
                "mirror: \(report.lectures.count) lectures, \(report.failed) failed, \(IngestSummary.bytes(report.bytesTransferred)) transferred"
                    + (report.bytesResumed > 0 ? " (\(IngestSummary.bytes(report.bytesResumed)) resumed)" : "")
                    + " + \(IngestSummary.bytes(report.metadataBytes)) catalog and manifests in "
                    + String(format: "%.1f s", report.wallSeconds) + " (\(IngestSummary.bytes(Int(Double(report.bytesTransferred) / seconds)))/s)"
            )
            return lines.joined(separator: "\n")
        }
    }
}
