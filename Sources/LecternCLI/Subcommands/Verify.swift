import ArgumentParser
import Foundation
import LecternFFmpeg
import LecternTranscode
import LecternVerify
import Logging

extension Lectern {
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a lecture package, a whole library, or any HLS stream against the HLS rules.",
            discussion: """
                TARGET is a package folder (library/lectures/<id>), a library folder, a local .m3u8, or the http(s) URL of a \
                multivariant playlist made by any tool. Rules: manifest integrity (sizes + SHA-256, no stray or missing \
                files), every playlist parses and every URI resolves, EXT-X-VERSION fits the features used, EXTINF within \
                TARGETDURATION, ENDLIST on VOD, key frame at every segment start, segments aligned across variants, \
                durations agree, measured peak and average bitrate against BANDWIDTH / AVERAGE-BANDWIDTH, CODECS, \
                RESOLUTION and FRAME-RATE against the streams, EXT-X-INDEPENDENT-SEGMENTS, an audio-only variant, \
                I-frame playlists, AUDIO/SUBTITLES groups defined, subtitle playlists covering the lecture with \
                X-TIMESTAMP-MAP in every WebVTT segment. Remote streams: segment sizes by HEAD, only first/middle/last segments downloaded.
                Exits 0 only when nothing failed.
                """
        )

        @Argument(help: "Package folder, library folder, .m3u8 file, or http(s):// URL of a multivariant playlist.")
        var target: String

        @Flag(help: "Print the report as JSON on standard output.")
        var json = false

        @Flag(help: "List passing checks too, not only failures.")
        var all = false

        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            _ = logging.makeLogger()
            // Reading a lone key frame (I-frame byte ranges) makes the demuxer complain about partial files: expected here.
            if logging.level > .debug { FFmpegLog.silence() }
            let report = await Verifier.verify(target)
            if json { try Output.json(report) } else { Output.line(Self.describe(report, all: all)) }
            if report.failed > 0 || report.checks.isEmpty { throw ExitCode(1) }
        }

        static func describe(_ report: VerifyReport, all: Bool) -> String {
            var lines = ["verify \(report.target)"]
            for rule in VerifyReport.Rule.allCases {
                let checks = report.checks.filter { $0.rule == rule }
                guard !checks.isEmpty else { continue }
                let failures = checks.filter { !$0.passed }
                let label = IngestSummary.pad(rule.rawValue, 22)
                if failures.isEmpty {
                    lines.append("  PASS \(label) \(checks.count == 1 ? checks[0].subject : "\(checks.count) checked")")
                    if all { lines += checks.map { "         \($0.subject)" } }
                } else {
                    lines += failures.map { "  FAIL \(label) \($0.subject): \($0.detail ?? "")" }
                    if checks.count > failures.count { lines.append("  PASS \(label) \(checks.count - failures.count) others") }
                }
            }
            lines += report.notes.map { "  note: \($0)" }
            lines.append("verify: \(report.passed) passed, \(report.failed) failed")
            return lines.joined(separator: "\n")
        }
    }
}
