import Foundation
import LecternTestSupport
import Testing

/// `lectern worker` against an origin with no in-process workers: over HTTP only, killed mid-job, replaced.
@Suite(.serialized) struct RemoteWorkerTests {
    typealias Origin = IngestServiceTests.Origin

    func startWorker(_ origin: Origin, name: String) throws -> ChildProcess {
        try ChildProcess(
            Executables.lectern,
            [
                "worker", "--server", origin.server.base, "--token", origin.worker, "--name", name,
                "--work-dir", origin.folder.appendingPathComponent("work-\(name)").path,
            ]
        )
    }

    @Test("A remote worker publishes through the origin: the package verifies, the job names the worker, nothing is left in staging")
    func publishes() async throws {
        let origin = try await Origin(arguments: ["--workers", "0"])
        let worker = try startWorker(origin, name: "campus-box")
        defer { _ = worker.stop() }
        let clip = origin.folder.appendingPathComponent("talk.mp4").path
        try IngestCommandTests.clip(clip, seconds: 4)
        let result = try origin.submit(clip, title: "Remote talk", extra: ["--wait"])
        let status = try #require(result["status"] as? [String: Any])
        #expect(status["state"] as? String == "published", "\(status)")
        #expect((status["worker"] as? String)?.hasSuffix("/campus-box-1") == true)
        let lecture = try #require(status["lecture"] as? String)
        let verify = try IngestCommandTests.run(["verify", origin.library.appendingPathComponent("lectures/\(lecture)").path])
        #expect(verify.status == 0, "\(verify.output.suffix(400))")
        #expect(origin.staging.isEmpty, "\(origin.staging)")
    }

    @Test("A worker SIGKILLed mid-job: its lease runs out, a second worker finishes, and the first attempt's late files and commit are refused")
    func killedWorker() async throws {
        let origin = try await Origin(arguments: ["--workers", "0"])
        let clip = origin.folder.appendingPathComponent("long.mp4").path
        try IngestCommandTests.clip(clip, seconds: 40)
        let first = try startWorker(origin, name: "doomed")
        let job = try #require(try origin.submit(clip, title: "Long")["job"] as? String)
        // Killed as soon as it holds the job (downloading or ingesting): a busy test machine may not look again for a while.
        let running = try await origin.waitForJob(job) { $0["state"] as? String != "queued" }
        #expect(running["state"] as? String == "running")
        _ = first.stop()  // SIGKILL: no hand-back; its ingest child notices and stops
        #expect(origin.lectures.isEmpty)

        // Another worker token cannot act on the attempt the doomed worker holds.
        let intruder = try IngestServiceTests.Origin.token("worker", library: origin.library)
        let held = "\(origin.server.base)/api/worker/jobs/\(job)/attempts/1/heartbeat"
        #expect(try HTTP.request("POST", held, headers: ["Authorization: Bearer \(intruder)"]).status == 403)

        let second = try startWorker(origin, name: "rescuer")
        defer { _ = second.stop() }
        let done = try await origin.waitForJob(job, seconds: 300) { Self.isOver($0) }
        #expect(done["state"] as? String == "published" && done["attempt"] as? Int == 2, "\(done)")
        #expect((done["worker"] as? String)?.hasSuffix("/rescuer-1") == true)
        #expect(origin.lectures.count == 1)

        // The dead attempt's late delivery and commit: refused (409), and nothing changes.
        let stale = "\(origin.server.base)/api/worker/jobs/\(job)/attempts/1"
        let put = try HTTP.request(
            "PUT",
            stale + "/package/manifest.json",
            headers: ["Authorization: Bearer \(origin.worker)", "Lectern-SHA256: \(String(repeating: "0", count: 64))"],
            body: "{}"
        )
        #expect(put.status == 409, "\(put.body)")
        #expect(try HTTP.request("POST", stale + "/commit", headers: ["Authorization: Bearer \(origin.worker)"]).status == 409)
        #expect(try HTTP.request("POST", stale + "/heartbeat", headers: ["Authorization: Bearer \(origin.uploader)"]).status == 403)
        #expect(try origin.job(job)["state"] as? String == "published")
    }

    static func isOver(_ job: [String: Any]) -> Bool { IngestServiceTests.isOver(job) }
}

/// Several origins over one PostgreSQL queue and one library (as behind a load balancer with a shared filesystem).
@Suite(.serialized) struct SharedQueueTests {
    @Test(
        "Two origins share a PostgreSQL queue: a recording uploaded to one is ingested by the other's worker; both list the job; tokens made once work on both"
    )
    func twoOrigins() async throws {
        let folder = try IngestCommandTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let library = folder.appendingPathComponent("library")
        try FileManager.default.createDirectory(at: library, withIntermediateDirectories: true)
        let queue = try PostgresCluster.shared().makeDatabase()
        let token = try IngestCommandTests.run(["token", "create", "--role", "admin", "--queue", queue]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let uploadOnly = try await ServeProcess(library: library, arguments: ["--queue", queue, "--workers", "0"])
        let workOnly = try await ServeProcess(library: library, arguments: ["--queue", queue, "--workers", "1"])
        let clip = folder.appendingPathComponent("talk.mp4").path
        try IngestCommandTests.clip(clip, seconds: 3)
        let run = try IngestCommandTests.run(
            ["submit", clip, "--server", uploadOnly.base, "--token", token, "--title", "Shared", "--json", "--wait"]
        )
        let result = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: Any]]).first
        let status = try #require(result?["status"] as? [String: Any], "\(run.error.suffix(500))")
        #expect(status["state"] as? String == "published")
        #expect((status["worker"] as? String)?.contains("\(workOnly.processIdentifier)") == true, "\(status)")
        let job = try #require(status["id"] as? String)
        let other = try HTTP.request("GET", "\(workOnly.base)/api/jobs/\(job)", headers: ["Authorization: Bearer \(token)"])
        #expect(other.status == 200 && other.body.contains("\"published\""))
        #expect(FileManager.default.fileExists(atPath: library.appendingPathComponent("lectures/\(status["lecture"] as? String ?? "")").path))
    }
}
