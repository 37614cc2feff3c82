import ArgumentParser
import Foundation
import LecternTranscode

extension Lectern {
    struct AddTrack: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-track",
            abstract: "Add subtitle or audio languages to a published lecture, without re-encoding its video.",
            discussion: """
                PACKAGE is a lecture folder (LIBRARY/lectures/<id>). --subtitles LANG=FILE takes SRT or WebVTT (a language \
                the lecture already has is replaced); --audio LANG=FILE takes any audio FFmpeg reads and encodes it into \
                every audio tier, aligned with the video's segments and cut or padded to the lecture's length. The video \
                files are left as they are; the new package (tracks, master.m3u8, manifest.json) is staged, verified and \
                published in one rename, so players never see half of it. Both options repeat.
                """
        )

        @Argument(help: "The lecture package folder (LIBRARY/lectures/<id>).", completion: .directory)
        var package: String

        @Option(
            name: .customLong("subtitles"),
            parsing: .singleValue,
            help: ArgumentHelp("A subtitle file (SRT or WebVTT) and its language, e.g. fr=lecture.fr.srt.", valueName: "lang=file")
        )
        var subtitles: [String] = []

        @Option(
            name: .customLong("audio"),
            parsing: .singleValue,
            help: ArgumentHelp("An audio file and its language, e.g. zh=lecture.zh.m4a.", valueName: "lang=file")
        )
        var audio: [String] = []

        @Option(help: "The ladder file the lecture was ingested with, if not the built-in one (its audio tiers are reused).", completion: .file())
        var ladder: String?

        @Flag(help: "Print the result as JSON on standard output.")
        var json = false

        @OptionGroup var logging: LoggingOptions

        func validate() throws {
            let subtitleInputs = try Ingest.trackInputs(subtitles, option: "--subtitles")
            let audioInputs = try Ingest.trackInputs(audio, option: "--audio")
            guard !subtitleInputs.isEmpty || !audioInputs.isEmpty else { throw ValidationError("give at least one --subtitles or --audio") }
        }

        func run() async throws {
            let request = AddTrackRequest(
                package: URL(fileURLWithPath: package, isDirectory: true),
                subtitles: try Ingest.trackInputs(subtitles, option: "--subtitles"),
                audio: try Ingest.trackInputs(audio, option: "--audio"),
                ladder: try LadderConfig.load(path: ladder)
            )
            let logger = logging.makeLogger()
            let report = try await ProgressBar.run("add-track") { bar in
                try await LecternTranscode.AddTrack.run(request, logger: logger) { bar.update($0) }
            }
            if json { try Output.json(report) } else { Output.line(report.description) }
        }
    }
}
