import ArgumentParser
import Foundation
import LecternMirror

extension Lectern {
    struct Mirror: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pre-fetch lectures from another library (a USB drive, another campus's export) into yours.",
            discussion: """
                Copies only new or changed files, checks every file's SHA-256 against the origin's manifest, and publishes \
                each lecture atomically with its manifest.json and master.m3u8 rewritten to the renditions kept. Mirroring \
                your library onto a drive is the export; mirroring from the drive is the import. Lectures withdrawn at the \
                origin are removed only with --prune. (Mirroring from an http(s):// lectern server is not built yet.)
                """
        )

        @Argument(help: "The origin: a folder holding a library (with a lectures/ folder).", completion: .directory)
        var origin: String

        @Option(help: "The library to mirror into.", completion: .directory)
        var into: String

        @Option(help: "Only lectures of this series (repeatable).")
        var series: [String] = []

        @Option(help: "Only this lecture id (repeatable).")
        var lecture: [String] = []

        @Option(help: "Keep the video variants at or below this bitrate (kbps); the floor and audio-only variants are always kept.")
        var maxKbps: Int?

        @Option(help: "Keep exactly these renditions (comma-separated names, e.g. 240p,360p); their audio comes along.")
        var renditions: String?

        @Flag(help: "Remove local lectures the origin no longer has.")
        var prune = false

        @Flag(help: "Print the plan (lectures, files, bytes) without copying.")
        var dryRun = false

        @Flag(help: "Print the result as JSON on standard output.")
        var json = false

        @OptionGroup var logging: LoggingOptions

        func validate() throws {
            if origin.hasPrefix("http://") || origin.hasPrefix("https://") {
                throw ValidationError("\(origin): mirroring from a server is not built yet; mirror from a library folder")
            }
            if let maxKbps, maxKbps <= 0 { throw ValidationError("--max-kbps must be positive") }
        }

        func run() async throws {
            let logger = logging.makeLogger()
            let request = MirrorRequest(
                origin: URL(fileURLWithPath: origin, isDirectory: true), into: URL(fileURLWithPath: into, isDirectory: true),
                series: series, lectures: lecture, maxKbps: maxKbps,
                renditions: renditions.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } } ?? [],
                prune: prune, dryRun: dryRun
            )
            let bar = ProgressBar(label: "mirror")
            defer { bar.finish() }
            let clock = ContinuousClock()
            let started = clock.now
            let report = try LecternMirror.Mirror.run(request, logger: logger) { progress in
                let seconds = max(Double((clock.now - started).components.seconds), 0.001)
                let rate = Double(progress.bytesDone) / seconds
                let eta = rate > 0 ? Double(progress.bytesTotal - progress.bytesDone) / rate : 0
                bar.update(
                    fraction: progress.bytesTotal > 0 ? Double(progress.bytesDone) / Double(progress.bytesTotal) : 1,
                    detail: "\(IngestSummary.bytes(progress.bytesDone))/\(IngestSummary.bytes(progress.bytesTotal)) · "
                        + "\(IngestSummary.bytes(Int(rate)))/s · ETA \(ProgressBar.clock(eta))"
                )
            }
            bar.finish()
            if json { try Output.json(report) } else { Output.line(Self.describe(report)) }
            if report.failed > 0 { throw ExitCode(1) }
        }

        static func describe(_ report: MirrorReport) -> String {
            var lines = ["mirror \(report.origin) → \(report.library)"]
            for lecture in report.lectures {
                let what = "\(lecture.filesTransferred) files, \(IngestSummary.bytes(lecture.bytesTransferred)) of \(IngestSummary.bytes(lecture.bytesTotal))"
                lines.append("  \(IngestSummary.pad(lecture.status.rawValue, 9)) \(lecture.id) [\(lecture.renditions.joined(separator: ","))] \(what)"
                    + (lecture.error.map { ": \($0)" } ?? ""))
            }
            for id in report.pruned { lines.append("  pruned    \(id)") }
            lines.append(
                "mirror: \(report.lectures.count) lectures, \(report.failed) failed, \(IngestSummary.bytes(report.bytesTransferred)) copied in "
                    + String(format: "%.1f s", report.wallSeconds)
            )
            return lines.joined(separator: "\n")
        }
    }
}
