// Benchmark (not a test): how fast the job queue coordinates. N simulated workers claim, heartbeat and complete
// no-op jobs until the queue is empty; prints claims per second and checks that no job was claimed twice or lost.
// scripts/bench-queue.sh runs it against a throwaway PostgreSQL (and SQLite), beside pgbench running the same claim.
//
// Usage: lectern-queue-bench --queue postgresql://...|PATH.sqlite --workers 64 --jobs 20000 [--heartbeats 1] [--fill-only yes]

import Foundation
import LecternJobs
import Logging

struct Options {
    var queue = ""
    var workers = 64
    var jobs = 20_000
    var heartbeats = 1
    /// Only add the jobs (for pgbench to claim), then exit.
    var fillOnly = false

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let name = iterator.next() {
            let value = iterator.next() ?? ""
            switch name {
            case "--queue": queue = value
            case "--workers": workers = Int(value) ?? workers
            case "--jobs": jobs = Int(value) ?? jobs
            case "--heartbeats": heartbeats = Int(value) ?? heartbeats
            case "--fill-only": fillOnly = value == "yes"
            default: FileHandle.standardError.write(Data("unknown option \(name)\n".utf8))
            }
        }
    }
}

let options = Options(CommandLine.arguments)
var logger = Logger(label: "queue-bench")
logger.logLevel = .warning
let store =
    options.queue.hasPrefix("postgres")
    ? try await JobStores.postgres(url: options.queue, logger: logger) : try await JobStores.sqlite(path: options.queue)
let queue = JobQueue(store: store, leaseSeconds: 60, logger: logger)
let clock = ContinuousClock()

let submitStart = clock.now
let spec = JobSpec(
    recording: "u" + String(repeating: "0", count: 20),
    fileName: "x.mp4",
    sha256: String(repeating: "a", count: 64),
    bytes: 1,
    title: "x"
)
for n in 0..<options.jobs {
    _ = try await queue.submit(spec: spec, key: "bench-\(UUID().uuidString)-\(n)", owner: "bench")
}
let submitSeconds = (clock.now - submitStart) / .seconds(1)
if options.fillOnly {
    try await store.close()
    print("{\"submits_per_second\": \(Double(options.jobs) / submitSeconds)}")
    exit(0)
}

let start = clock.now
let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
    for worker in 0..<options.workers {
        group.addTask {
            var mine: [String] = []
            while let claim = try await queue.store.claim(worker: "w\(worker)", leaseSeconds: 60) {
                for _ in 0..<options.heartbeats { _ = try await queue.store.renew(claim.attempt, progress: 0.5, leaseSeconds: 60) }
                _ = try await queue.store.finish(claim.attempt, .published(lectureID: "l"))
                mine.append(claim.job.id)
            }
            return mine
        }
    }
    var all: [String] = []
    for try await part in group { all += part }
    return all
}
let seconds = (clock.now - start) / .seconds(1)
let counts = try await store.counts()
let duplicates = claimed.count - Set(claimed).count
let lost = options.jobs - Set(claimed).count
try await store.close()

let result: [String: Any] = [
    "workers": options.workers, "jobs": options.jobs, "heartbeats_per_job": options.heartbeats,
    "claims_per_second": Double(options.jobs) / seconds, "seconds": seconds, "submits_per_second": Double(options.jobs) / submitSeconds,
    "claimed_twice": duplicates, "lost": lost, "published": counts[.published] ?? 0,
]
print(String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self))
if duplicates != 0 || lost != 0 || counts[.published] != options.jobs { exit(1) }
