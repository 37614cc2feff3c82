import ArgumentParser
import Foundation
import LecternJobs
import LecternWorker

extension Lectern {
    struct Jobs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List ingest jobs on an origin, or cancel one.",
            discussion: "An uploader's token shows its own jobs, an admin's every job.",
            subcommands: [List.self, Cancel.self],
            defaultSubcommand: List.self
        )

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List jobs, newest first.")

            @OptionGroup var service: ServiceOptions
            @Option(help: "Jobs at most.")
            var limit = 50
            @Flag(help: "Print the jobs as JSON.")
            var json = false

            func run() async throws {
                let jobs = try await service.client().jobs(limit: limit)
                if json { return try Output.json(jobs) }
                if jobs.isEmpty { return Output.line("No jobs.") }
                for job in jobs { Output.line(Self.describe(job)) }
            }

            /// `j1234…  running  42%  Malaria prevention  (talk.mp4, attempt 1)`, with the error or the lecture.
            static func describe(_ job: JobSummary) -> String {
                let progress = job.state == "running" ? String(format: " %3.0f%%", job.progress * 100) : ""
                var line = "\(job.id)  \(job.state.padding(toLength: 9, withPad: " ", startingAt: 0))\(progress)  \(job.title)  (\(job.fileName)"
                line += job.attempt > 1 ? ", attempt \(job.attempt))" : ")"
                if let watch = job.watch { line += "  \(watch)" }
                if let error = job.error, job.state != "published" { line += "  — \(error)" }
                return line
            }
        }

        struct Cancel: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Cancel a queued or running job.")

            @Argument(help: "The job's id, as 'lectern jobs' shows it.")
            var id: String
            @OptionGroup var service: ServiceOptions

            func run() async throws {
                let job = try await service.client().cancel(id)
                Output.line("Cancelled \(job.id) (\(job.title))")
            }
        }
    }
}
