public import ArgumentParser
import Foundation
public import LecternPackage
import LecternTranscode
import Logging

extension Lectern {
    struct Ingest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Turn one recording into a published lecture package (HLS ladder + audio-only + manifest).",
            discussion: """
                Decodes FILE once and encodes every rung of the ladder in the same pass: H.264 renditions with key frames \
                every 2 s at the same times in every rung, AAC audio tiers, an audio-only variant, a slides rung for 2G links. \
                Segments, playlists, poster and manifest are written to a staging folder, verified, then moved into \
                LIBRARY/lectures/<id>/ in one rename: a crash never leaves half a package. Running the same ingest again \
                changes nothing.

                Accepts whatever FFmpeg decodes: MP4/MOV/MKV/AVI/TS, H.264/HEVC/VP9/MPEG-2/MPEG-4, AAC/MP3/Opus/PCM, \
                rotated phone videos, interlaced archives, variable frame rate, audio-only recordings.

                Subtitles: --subtitles LANG=FILE (repeatable) adds an SRT or WebVTT file (UTF-8, with or without BOM) in \
                that BCP-47 language; text subtitle streams inside FILE (mov_text, SubRip, ASS/SSA) are kept with their \
                language tags. Each language becomes segmented WebVTT aligned with the video segments, listed in the \
                master playlist for every variant. A subtitle file that is not SRT/WebVTT, has cues out of order or \
                beyond the recording's end fails with the file and line, before anything is encoded.

                Audio languages: --audio LANG=FILE (repeatable) adds a dubbed or interpreted sound track (any audio \
                FFmpeg reads); audio streams inside FILE with a language tag are kept too. Every language is encoded in \
                every audio tier, starting with the video and cut at the same segment boundaries; the lecture's \
                --language stays the default.

                Chapters: where the slides change, found in the pictures the encode decodes anyway (a webcam inset, \
                the cursor, builds, fades and camera shake are not changes; a video clip is a chapter of its own). \
                Each chapter gets a thumbnail and, by OCR of its slide in the lecture's --language (Tesseract), a title \
                and its text for search; they are published as chapters.vtt, chapters.json (named in the master) and in \
                the manifest. --min-chapter sets the shortest chapter; --no-chapters skips them.
                """
        )

        @Argument(help: "The recording to ingest.", completion: .file())
        var file: String

        @Option(help: "The lecture's title, as learners will see it.")
        var title: String

        @Option(help: "The series (course) the lecture belongs to.")
        var series: String?

        @Option(help: "BCP-47 language of the speech (en, fr, zh, pt-BR, ...).")
        var language = "en"

        @Option(
            name: .customLong("subtitles"),
            parsing: .singleValue,
            help: ArgumentHelp(
                "A subtitle file (SRT or WebVTT) and its language, e.g. fr=lecture.fr.srt; repeat for more languages.",
                valueName: "lang=file"
            )
        )
        var subtitles: [String] = []

        @Option(
            name: .customLong("audio"),
            parsing: .singleValue,
            help: ArgumentHelp("An audio file in another language, e.g. fr=lecture.fr.m4a; repeat for more languages.", valueName: "lang=file")
        )
        var audio: [String] = []

        @Option(help: "The library folder to publish into.", completion: .directory)
        var library = "library"

        @Option(help: "A ladder file (JSON, like Config/ladder.json) instead of the built-in lecture ladder.", completion: .file())
        var ladder: String?

        @Option(help: "Segment container: fmp4 (CMAF, default) or ts (MPEG-TS, for legacy devices).")
        var segmentFormat: SegmentFormat = .fmp4

        @Option(help: "The shortest chapter, in seconds: slide changes closer than this make one chapter.")
        var minChapter = 20.0

        @Flag(help: "Find no slide-change chapters (no thumbnails, no slide text).")
        var noChapters = false

        @Flag(help: "Find chapters and their thumbnails, but read no slide text (titles are \"Slide N\"; search finds less).")
        var noSlideText = false

        @Flag(help: "Show what Lectern sees in the file and the ladder it would make, without encoding.")
        var dryRun = false

        @Flag(help: "Encode again even if this recording is already published with the same settings.")
        var force = false

        @Flag(
            help: """
                Ingest in a child process limited in memory, CPU time and file size, with no network: for recordings from \
                strangers. A decoder that spins or a file that blows up memory ends with one line and nothing published.
                """
        )
        var sandbox = false

        /// Set by a sandboxing parent for its child: the limits the child applies to itself (`memory,cpu,file`).
        @Option(help: .hidden)
        var sandboxLimits: String?

        /// Overrides of the sandbox's memory (MiB) and CPU time (s), for tests and for unusual recordings.
        @Option(help: .hidden)
        var sandboxMemoryMb: Int?
        @Option(help: .hidden)
        var sandboxCpuSeconds: Int?
        @Option(help: .hidden)
        var sandboxWallSeconds: Int?

        @Flag(help: "Print the result as JSON on standard output.")
        var json = false

        /// For a worker running this ingest: progress as `lectern-progress FRACTION PROCESSED TOTAL` lines on standard
        /// error instead of a bar.
        @Flag(help: .hidden)
        var progressLines = false

        @OptionGroup var logging: LoggingOptions

        func validate() throws {
            guard !title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ValidationError("--title must not be empty") }
            if let problem = LanguageTag.problem(language) { throw ValidationError("--language: \(problem)") }
            guard minChapter.isFinite, minChapter >= 1 else { throw ValidationError("--min-chapter must be at least 1 second") }
            _ = try Self.trackInputs(subtitles, option: "--subtitles")
            if try Self.trackInputs(audio, option: "--audio").contains(where: { $0.language == language }) {
                throw ValidationError("--audio: \(language) is the lecture's own language (--language); give another language")
            }
        }

        /// `LANG=FILE` arguments as track inputs, refusing a missing `=`, an unknown language or a language given twice.
        static func trackInputs(_ arguments: [String], option: String) throws -> [TrackInput] {
            var inputs: [TrackInput] = []
            for argument in arguments {
                guard let input = TrackInput(argument: argument) else {
                    throw ValidationError("\(option) \(argument): expected LANG=FILE, e.g. \(option) fr=lecture.fr.srt")
                }
                if let problem = LanguageTag.problem(input.language) { throw ValidationError("\(option) \(argument): \(problem)") }
                if inputs.contains(where: { $0.language == input.language }) {
                    throw ValidationError("\(option) \(argument): language \(input.language) is given twice")
                }
                inputs.append(input)
            }
            return inputs
        }

        func run() async throws {
            let logger = logging.makeLogger()
            do {
                try await ingest(logger: logger)
            } catch let error as TranscodeError where error.isTheRecordingsFault {
                throw RecordingRefused.exit(error.description)
            } catch let error as Sandbox.SandboxError where error.isTheRecordingsFault {
                throw RecordingRefused.exit(error.description)
            }
        }

        func ingest(logger: Logger) async throws {
            if let limits = sandboxLimits {
                try Self.enterSandbox(limits, logger: logger)
            } else if sandbox {
                throw ExitCode(try runSandboxed(logger: logger))
            }
            let request = try makeRequest()
            if dryRun {
                let (media, plan) = try LecternTranscode.Ingest.preview(request)
                return json ? try Output.json(DryRun(media: media, plan: plan)) : Output.line(IngestSummary.describe(media, plan))
            }
            let report: IngestReport
            if progressLines {
                let pace = ProgressPace()
                report = try await Interruption.cancellingOnSignalsOrOrphaning {
                    try await LecternTranscode.Ingest.run(request, logger: logger) { progress in
                        guard pace.due() else { return }
                        FileHandle.standardError.write(Data("lectern-progress \(progress.fraction) \(progress.processed) \(progress.total)\n".utf8))
                    }
                }
            } else {
                report = try await ProgressBar.run("ingest") { bar in
                    try await LecternTranscode.Ingest.run(request, logger: logger) { bar.update($0) }
                }
            }
            if json { try Output.json(report) } else { Output.line(IngestSummary.describe(report)) }
        }

        /// Runs this same ingest in a sandboxed child process; its exit status.
        func runSandboxed(logger: Logger) throws -> Int32 {
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            var limits = Sandbox.Limits.forInput(bytes: size)
            if let megabytes = sandboxMemoryMb { limits.memory = megabytes << 20 }
            if let seconds = sandboxCpuSeconds { limits.cpuSeconds = seconds }
            let arguments = Array(CommandLine.arguments.dropFirst()).filter { $0 != "--sandbox" }
            return try Sandbox.run(
                arguments: arguments,
                recording: URL(fileURLWithPath: file).lastPathComponent,
                library: URL(fileURLWithPath: library),
                limits: limits,
                wallSeconds: sandboxWallSeconds,
                logger: logger
            )
        }

        /// In the sandbox's child: applies its limits before anything is read.
        static func enterSandbox(_ argument: String, logger: Logger) throws {
            guard let limits = Sandbox.Limits(argument: argument) else {
                throw ValidationError("--sandbox-limits \(argument): expected memory,cpu,file")
            }
            try limits.apply()
            logger.info(
                "Sandboxed",
                metadata: ["sandbox.limits": "\(limits)", "sandbox.network": "\(Sandbox.networkIsolated() ? "isolated" : "shared")"]
            )
        }

        /// The ingest the options ask for.
        func makeRequest() throws -> IngestRequest {
            IngestRequest(
                input: URL(fileURLWithPath: file),
                title: title,
                series: series,
                language: language,
                library: URL(fileURLWithPath: library, isDirectory: true),
                ladder: try LadderConfig.load(path: ladder),
                format: segmentFormat,
                force: force,
                subtitles: try Self.trackInputs(subtitles, option: "--subtitles"),
                audio: try Self.trackInputs(audio, option: "--audio"),
                minimumChapter: noChapters ? nil : minChapter,
                readsSlideText: !noSlideText
            )
        }

        struct DryRun: Encodable {
            var media: MediaInfo
            var plan: LadderPlan
        }
    }
}

extension SegmentFormat: ExpressibleByArgument {}
