import ArgumentParser
import Foundation
import LecternJobs
import LecternPackage
import LecternWorker

extension Lectern {
    struct Submit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Upload recordings to an origin's ingest service, resumably, and optionally wait for them to be published.",
            discussion: """
                Each FILE is uploaded with tus in 16 MiB chunks; at the end the whole file's SHA-256 must equal the \
                origin's, or the upload is refused. A dropped connection is retried and resumed from what the origin \
                already has, so only what was in flight is sent again; a killed submit run again with the same file \
                resumes too (the upload's URL is kept in ~/.cache/lectern/uploads). Subtitle and audio files are \
                uploaded first and go with the recording. Each recording becomes a job; --wait follows it until the \
                lecture is published.
                """
        )

        @Argument(help: "The recordings; each becomes a lecture.", completion: .file())
        var files: [String]

        @OptionGroup var service: ServiceOptions

        @Option(help: "The lecture's title (with several files: 'TITLE (1/3)', ...).")
        var title: String

        @Option(help: "The series (course).")
        var series: String?

        @Option(help: "BCP-47 language of the speech.")
        var language = "en"

        @Option(
            name: .customLong("subtitles"),
            parsing: .singleValue,
            help: ArgumentHelp("A subtitle file and its language.", valueName: "lang=file")
        )
        var subtitles: [String] = []

        @Option(name: .customLong("audio"), parsing: .singleValue, help: ArgumentHelp("An audio file in another language.", valueName: "lang=file"))
        var audio: [String] = []

        @Flag(help: "Follow each job until its lecture is published (or the job fails).")
        var wait = false

        @Flag(help: "Print the result as JSON.")
        var json = false

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("give at least one recording") }
            guard !title.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--title must not be empty") }
            if let problem = LanguageTag.problem(language) { throw ValidationError("--language: \(problem)") }
            if files.count > 1, !(subtitles.isEmpty && audio.isEmpty) {
                throw ValidationError("--subtitles and --audio go with one recording: submit the files one by one")
            }
            for file in files + companions.map(\.file) where !FileManager.default.isReadableFile(atPath: file) {
                throw ValidationError("\(file): no such file, or not readable")
            }
            _ = try Ingest.trackInputs(subtitles, option: "--subtitles")
            _ = try Ingest.trackInputs(audio, option: "--audio")
        }

        /// Subtitle and audio files with their kind and language.
        var companions: [(kind: String, language: String, file: String)] {
            let subs = subtitles.compactMap { argument in argument.split(separator: "=", maxSplits: 1).map(String.init) }
            let auds = audio.compactMap { argument in argument.split(separator: "=", maxSplits: 1).map(String.init) }
            return subs.filter { $0.count == 2 }.map { ("subtitles", $0[0], $0[1]) } + auds.filter { $0.count == 2 }.map { ("audio", $0[0], $0[1]) }
        }

        func run() async throws {
            let client = try service.client()
            var results: [Result] = []
            for (index, file) in files.enumerated() {
                let lectureTitle = files.count > 1 ? "\(title) (\(index + 1)/\(files.count))" : title
                var result = try await upload(file, title: lectureTitle, client: client)
                if wait, let job = result.job { result.status = try await follow(job, client: client) }
                if !json { Output.line(result.summary(server: client.base)) }
                results.append(result)
            }
            if json { try Output.json(results) }
            if results.contains(where: { $0.status?.state == "failed" || $0.status?.state == "cancelled" }) { throw ExitCode.failure }
        }

        /// Uploads `file` (after its companions) and returns its upload and job.
        func upload(_ file: String, title: String, client: ServiceClient) async throws -> Result {
            var subtitleIDs: [String] = []
            var audioIDs: [String] = []
            for companion in companions {
                let id = try await send(companion.file, metadata: ["kind": companion.kind, "language": companion.language], client: client).upload
                if companion.kind == "subtitles" {
                    subtitleIDs.append("\(companion.language)=\(id)")
                } else {
                    audioIDs.append("\(companion.language)=\(id)")
                }
            }
            var metadata = ["title": title, "language": language]
            if let series { metadata["series"] = series }
            if !subtitleIDs.isEmpty { metadata["subtitles"] = subtitleIDs.joined(separator: ",") }
            if !audioIDs.isEmpty { metadata["audio"] = audioIDs.joined(separator: ",") }
            let (upload, job) = try await send(file, metadata: metadata, client: client)
            return Result(file: file, upload: upload, job: job, status: nil)
        }

        private func send(_ file: String, metadata: [String: String], client: ServiceClient) async throws -> (upload: String, job: String?) {
            let url = URL(fileURLWithPath: file)
            var metadata = metadata
            metadata["filename"] = url.lastPathComponent
            let upload = TusUpload(client: client, file: url, metadata: metadata, stateFile: TusUpload.stateFile(server: client.base, file: url))
            return try await ProgressBar.run("upload \(url.lastPathComponent)") { bar in
                try await upload.run { bar.update($0) }
            }
        }

        /// Polls the job every 2 s, drawing its progress, until it is over.
        func follow(_ id: String, client: ServiceClient) async throws -> JobSummary {
            try await ProgressBar.run("job \(id)") { bar in
                while true {
                    let job = try await client.job(id)
                    bar.update(fraction: job.progress, detail: job.state + (job.worker.map { " on \($0)" } ?? ""))
                    if job.isOver { return job }
                    try await Task.sleep(for: .seconds(2))
                }
            }
        }

        struct Result: Encodable {
            var file: String
            var upload: String
            var job: String?
            var status: JobSummary?

            func summary(server: String) -> String {
                guard let job else { return "\(file): uploaded (\(upload)), but no job was made" }
                guard let status else { return "\(file): uploaded; job \(job) queued (lectern jobs, or --wait, to follow it)" }
                switch status.state {
                case "published": return "\(file): published as \(status.lecture ?? "?") — \(server)\(status.watch ?? "")"
                default: return "\(file): job \(job) \(status.state)\(status.error.map { ": \($0)" } ?? "")"
                }
            }
        }
    }
}
