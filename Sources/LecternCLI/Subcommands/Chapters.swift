import ArgumentParser
import Foundation
import LecternPackage
import LecternTranscode

extension Lectern {
    struct Chapters: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a lecture's chapters, or replace them with hand-made ones, without re-encoding.",
            discussion: """
                PACKAGE is a lecture folder (LIBRARY/lectures/<id>). Without --set, prints its chapters: start, title and \
                thumbnail. --set FILE.vtt replaces them: each WebVTT (or SRT) cue is a chapter, its start the cue's, its \
                title the cue's first line. Thumbnails and slide text (for search) are taken from the package's largest \
                video a second before each chapter ends. chapters.vtt, chapters.json, master.m3u8 and manifest.json are \
                staged, verified and published in one rename, like add-track; the video is left as it is. A chapter that \
                starts after the lecture ends, at the same time as the one before, or without a title fails with the \
                file and line, before anything is written.
                """
        )

        @Argument(help: "The lecture package folder (LIBRARY/lectures/<id>).", completion: .directory)
        var package: String

        @Option(name: .customLong("set"), help: ArgumentHelp("Hand-made chapters: a WebVTT or SRT file, a cue per chapter.", valueName: "file"))
        var file: String?

        @Flag(help: "Print the chapters as JSON on standard output.")
        var json = false

        @OptionGroup var logging: LoggingOptions

        func run() async throws {
            let folder = URL(fileURLWithPath: package, isDirectory: true)
            guard let file else {
                let manifest: Manifest
                do { manifest = try Manifest(contentsOf: folder.appendingPathComponent(Manifest.fileName)) } catch {
                    throw ValidationError("\(package): not a lecture package (\(error))")
                }
                let chapters = manifest.chapters ?? []
                if json { return try Output.json(chapters) }
                if chapters.isEmpty { return Output.line("\(manifest.id): no chapters") }
                for chapter in chapters {
                    Output.line("\(Self.clock(chapter.start))  \(chapter.title)\(chapter.thumbnail.map { "  [\($0)]" } ?? "")")
                }
                return
            }
            let logger = logging.makeLogger()
            let request = SetChapters.Request(package: folder, chapters: URL(fileURLWithPath: file))
            let report = try await SetChapters.run(request, logger: logger)
            if json { return try Output.json(report) }
            Output.line("\(report.id): \(report.chapters.count) chapters set")
            for chapter in report.chapters { Output.line("  \(Self.clock(chapter.start))  \(chapter.title)") }
        }

        /// `m:ss` or `h:mm:ss`.
        static func clock(_ seconds: Double) -> String {
            let total = Int(seconds)
            let two = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
            return total >= 3600 ? "\(total / 3600):\(two(total / 60 % 60)):\(two(total % 60))" : "\(total / 60):\(two(total % 60))"
        }
    }
}
