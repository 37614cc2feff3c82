import Foundation
import LecternTestSupport
import Testing

/// The ingest service end to end: `lectern serve` as a child with its in-process worker, real uploads (`lectern
/// submit`, curl), real ingests, the server killed and stopped mid-ingest.
@Suite(.serialized) struct IngestServiceTests {
    /// A library, a server over it and tokens of every role.
    final class Origin {
        let folder: URL
        let library: URL
        let server: ServeProcess
        let uploader: String
        let otherUploader: String
        let admin: String
        let worker: String

        init(arguments: [String] = []) async throws {
            folder = try IngestCommandTests.temporaryFolder()
            library = folder.appendingPathComponent("library")
            try FileManager.default.createDirectory(at: library, withIntermediateDirectories: true)
            uploader = try Self.token("uploader", library: library)
            otherUploader = try Self.token("uploader", library: library)
            admin = try Self.token("admin", library: library)
            worker = try Self.token("worker", library: library)
            server = try await ServeProcess(library: library, arguments: ["--lease-seconds", "3"] + arguments)
        }

        deinit { try? FileManager.default.removeItem(at: folder) }

        static func token(_ role: String, library: URL) throws -> String {
            let run = try IngestCommandTests.run(["token", "create", "--role", role, "--name", "test \(role)", "--library", library.path])
            return run.output.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// `lectern submit ... --json` with `token`; the first result.
        func submit(_ file: String, title: String, token: String? = nil, extra: [String] = []) throws -> [String: Any] {
            let run = try IngestCommandTests.run(
                ["submit", file, "--server", server.base, "--token", token ?? uploader, "--title", title, "--json"] + extra
            )
            guard let data = run.output.data(using: .utf8), let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]],
                let first = list.first
            else {
                Issue.record("submit printed no JSON (status \(run.status)): \(run.error.suffix(600))")
                return [:]
            }
            return first
        }

        /// `GET /api/jobs/<id>` as `token` (the uploader's by default).
        func job(_ id: String, token: String? = nil) throws -> [String: Any] {
            let answer = try HTTP.request("GET", "\(server.base)/api/jobs/\(id)", headers: ["Authorization: Bearer \(token ?? uploader)"])
            return (try? JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]) ?? ["status": answer.status]
        }

        /// Polls the job until `done` says so (at most `seconds`).
        func waitForJob(_ id: String, seconds: Int = 180, until done: ([String: Any]) -> Bool) async throws -> [String: Any] {
            for _ in 0..<(seconds * 5) {
                let job = try job(id, token: admin)
                if done(job) { return job }
                try await Task.sleep(for: .milliseconds(200))
            }
            Issue.record("job \(id) did not get there in \(seconds) s: \(try job(id, token: admin))")
            return try job(id, token: admin)
        }

        /// Submits a 40 s recording and returns its job once its ingest is under way.
        func startLongJob() async throws -> String {
            let clip = folder.appendingPathComponent("long.mp4").path
            try IngestCommandTests.clip(clip, seconds: 40)
            let job = try #require(try submit(clip, title: "Long")["job"] as? String)
            _ = try await waitForJob(job) { ($0["progress"] as? Double ?? 0) > 0.05 || IngestServiceTests.isOver($0) }
            return job
        }

        var lectures: [String] { (try? FileManager.default.contentsOfDirectory(atPath: library.appendingPathComponent("lectures").path)) ?? [] }
        var staging: [String] { (try? FileManager.default.contentsOfDirectory(atPath: library.appendingPathComponent(".staging").path)) ?? [] }
    }

    static func isOver(_ job: [String: Any]) -> Bool { ["published", "failed", "cancelled"].contains(job["state"] as? String ?? "") }

    @Test("submit with subtitles and --wait: uploaded, one job, published with its French track; the same submit again gives the same job")
    func submitAndPublish() async throws {
        let origin = try await Origin()
        let clip = origin.folder.appendingPathComponent("talk.mp4").path
        try IngestCommandTests.clip(clip, seconds: 4)
        let srt = origin.folder.appendingPathComponent("talk.fr.srt")
        try "1\n00:00:01,000 --> 00:00:02,500\nBonjour à tous\n\n".write(to: srt, atomically: true, encoding: .utf8)

        let first = try origin.submit(clip, title: "Hand washing", extra: ["--subtitles", "fr=\(srt.path)", "--wait", "--series", "Public health"])
        let status = try #require(first["status"] as? [String: Any])
        #expect(status["state"] as? String == "published", "\(status)")
        let lecture = try #require(status["lecture"] as? String)
        #expect(origin.lectures == [lecture])
        let master = try String(contentsOf: origin.library.appendingPathComponent("lectures/\(lecture)/master.m3u8"), encoding: .utf8)
        #expect(master.contains("TYPE=SUBTITLES") && master.contains("LANGUAGE=\"fr\""))
        #expect(status["series"] as? String == "Public health" && status["attempt"] as? Int == 1 && status["failures"] as? Int == 0)
        #expect((status["queueSeconds"] as? Double ?? -1) >= 0 && (status["runSeconds"] as? Double ?? 0) > 0)

        let metrics = try HTTP.request("GET", "\(origin.server.base)/metrics").body
        #expect(metrics.contains("lectern_jobs{state=\"published\"} 1"), "\(metrics.suffix(2000))")
        #expect(metrics.contains("lectern_workers_connected 1"))
        #expect(metrics.contains("lectern_job_queue_wait_seconds_count 1"))
        #expect(metrics.contains("lectern_job_run_seconds_count{outcome=\"published\"} 1"))
        let uploaded = metrics.split(separator: "\n").first { $0.hasPrefix("lectern_upload_bytes_total ") }.flatMap {
            Int($0.split(separator: " ")[1])
        }
        let size = try FileManager.default.attributesOfItem(atPath: clip)[.size] as? Int ?? 0
        #expect(uploaded ?? 0 >= size && uploaded ?? 0 < size + 1000)

        let again = try origin.submit(clip, title: "Hand washing", extra: ["--subtitles", "fr=\(srt.path)", "--wait", "--series", "Public health"])
        #expect(again["job"] as? String == first["job"] as? String)
        #expect(origin.lectures == [lecture])
        #expect(origin.staging.isEmpty)
    }

    @Test("A file that is no recording: the job fails at once, with ingest's one line, after one attempt")
    func permanentFailure() async throws {
        let origin = try await Origin()
        let notes = origin.folder.appendingPathComponent("notes.mp4")
        try String(repeating: "minutes of the faculty meeting\n", count: 200).write(to: notes, atomically: true, encoding: .utf8)
        let result = try origin.submit(notes.path, title: "Notes", extra: ["--wait"])
        let status = try #require(result["status"] as? [String: Any])
        #expect(status["state"] as? String == "failed")
        #expect(status["attempt"] as? Int == 1)
        let error = status["error"] as? String ?? ""
        #expect(error.hasPrefix("notes.mp4: ") && !error.contains("\n"), "\(error)")
        #expect(origin.lectures.isEmpty)
    }

    @Test("Tokens: none is 401, a worker's is 403 for uploads, a revoked one 401; an uploader sees only its jobs, an admin all")
    func whoMayDoWhat() async throws {
        let origin = try await Origin(arguments: ["--workers", "0"])
        let uploads = "\(origin.server.base)/api/uploads"
        let tus = ["Tus-Resumable: 1.0.0", "Upload-Length: 10", "Upload-Metadata: title \(Data("T".utf8).base64EncodedString())"]
        #expect(try HTTP.request("POST", uploads, headers: tus).status == 401)
        #expect(try HTTP.request("POST", uploads, headers: tus + ["Authorization: Bearer lt_0123456789ab_forged"]).status == 401)
        #expect(try HTTP.request("POST", uploads, headers: tus + ["Authorization: Bearer \(origin.worker)"]).status == 403)
        #expect(try HTTP.request("GET", "\(origin.server.base)/api/jobs").status == 401)

        let created = try HTTP.request("POST", uploads, headers: tus + ["Authorization: Bearer \(origin.uploader)"])
        #expect(created.status == 201)
        let location = try #require(created.headers["location"])
        #expect(
            try HTTP.request(
                "HEAD",
                origin.server.base + location,
                headers: ["Tus-Resumable: 1.0.0", "Authorization: Bearer \(origin.otherUploader)"]
            ).status == 404
        )
        #expect(
            try HTTP.request("HEAD", origin.server.base + location, headers: ["Tus-Resumable: 1.0.0", "Authorization: Bearer \(origin.admin)"]).status
                == 200
        )

        // Two small "recordings" (no worker runs them): each owner sees its own job, the admin both.
        let clip = origin.folder.appendingPathComponent("a.mp4").path
        try IngestCommandTests.clip(clip, seconds: 1)
        let mine = try origin.submit(clip, title: "Mine")["job"] as? String
        let theirs = try origin.submit(clip, title: "Theirs", token: origin.otherUploader)["job"] as? String
        func listed(_ token: String) throws -> [String] {
            let body = try HTTP.request("GET", "\(origin.server.base)/api/jobs", headers: ["Authorization: Bearer \(token)"]).body
            let list = (try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["jobs"] as? [[String: Any]] ?? []
            return list.compactMap { $0["id"] as? String }
        }
        #expect(try listed(origin.uploader) == [mine].compactMap { $0 })
        #expect(try Set(listed(origin.admin)) == Set([mine, theirs].compactMap { $0 }))
        #expect(try origin.job(theirs ?? "", token: origin.uploader)["status"] as? Int == 404)

        let id = String(origin.uploader.split(separator: "_")[1])
        #expect(try IngestCommandTests.run(["token", "revoke", id, "--library", origin.library.path]).status == 0)
        #expect(try HTTP.request("GET", "\(origin.server.base)/api/jobs", headers: ["Authorization: Bearer \(origin.uploader)"]).status == 401)
        let list = try IngestCommandTests.run(["token", "list", "--library", origin.library.path])
        #expect(list.output.contains("revoked") && !list.output.contains(origin.admin))
    }

    @Test(
        "tus rules: OPTIONS says what is supported; 412 without Tus-Resumable, 413 above the size limit, 507 below the disk reserve, 409 at a wrong offset, 415 without the offset content type"
    )
    func tusRules() async throws {
        let origin = try await Origin(arguments: ["--workers", "0", "--max-upload-gb", "0.001"])
        let uploads = "\(origin.server.base)/api/uploads"
        let auth = "Authorization: Bearer \(origin.uploader)"
        let options = try HTTP.request("OPTIONS", uploads)
        #expect(options.status == 204 && options.headers["tus-version"] == "1.0.0")
        #expect(options.headers["tus-extension"]?.contains("checksum") == true)
        #expect(options.headers["tus-max-size"] == "\(Int(0.001 * Double(1 << 30)))")
        let meta = "Upload-Metadata: title \(Data("T".utf8).base64EncodedString()),filename \(Data("t.mp4".utf8).base64EncodedString())"
        #expect(try HTTP.request("POST", uploads, headers: [auth, "Upload-Length: 10", meta]).status == 412)
        #expect(try HTTP.request("POST", uploads, headers: [auth, "Tus-Resumable: 1.0.0", "Upload-Length: 5000000", meta]).status == 413)
        #expect(
            try HTTP.request("POST", uploads, headers: [auth, "Tus-Resumable: 1.0.0", "Upload-Length: 10", "Upload-Metadata: title !!"]).status == 400
        )
        #expect(try HTTP.request("POST", uploads, headers: [auth, "Tus-Resumable: 1.0.0", "Upload-Length: 10"]).status == 400)  // no title

        let created = try HTTP.request("POST", uploads, headers: [auth, "Tus-Resumable: 1.0.0", "Upload-Length: 10", meta])
        #expect(created.status == 201 && created.headers["upload-expires"] != nil)
        let url = origin.server.base + (created.headers["location"] ?? "")
        let patch = [auth, "Tus-Resumable: 1.0.0", "Content-Type: application/offset+octet-stream"]
        #expect(try HTTP.request("PATCH", url, headers: patch + ["Upload-Offset: 3"], body: "abc").status == 409)
        #expect(try HTTP.request("PATCH", url, headers: [auth, "Tus-Resumable: 1.0.0", "Upload-Offset: 0"], body: "abc").status == 415)
        let sent = try HTTP.request("PATCH", url, headers: patch + ["Upload-Offset: 0"], body: "abc")
        #expect(sent.status == 204 && sent.headers["upload-offset"] == "3")
        #expect(try HTTP.request("PATCH", url, headers: patch + ["Upload-Offset: 3"], body: "0123456789").status == 413)
        #expect(try HTTP.request("HEAD", url, headers: [auth, "Tus-Resumable: 1.0.0"]).headers["upload-offset"] == "3")
        #expect(try HTTP.request("DELETE", url, headers: [auth, "Tus-Resumable: 1.0.0"]).status == 204)
        #expect(try HTTP.request("HEAD", url, headers: [auth, "Tus-Resumable: 1.0.0"]).status == 404)

        let full = try await Origin(arguments: ["--workers", "0", "--disk-reserve-gb", "1000000"])
        let refused = try HTTP.request(
            "POST",
            "\(full.server.base)/api/uploads",
            headers: ["Authorization: Bearer \(full.uploader)", "Tus-Resumable: 1.0.0", "Upload-Length: 10", meta]
        )
        #expect(refused.status == 507)
    }

    @Test("The server SIGKILLed mid-ingest: restarted, the job's lease runs out, a second attempt publishes; nothing half-published, no staging left")
    func killedMidIngest() async throws {
        let origin = try await Origin()
        let job = try await origin.startLongJob()
        origin.server.stop()  // SIGKILL: its worker's ingest child notices it has lost its parent and stops
        try await Task.sleep(for: .seconds(4))
        #expect(origin.lectures.isEmpty)
        #expect(origin.staging.isEmpty, "the orphaned ingest stops and removes its staging")
        try await origin.server.start()
        let done = try await origin.waitForJob(job, seconds: 300) { Self.isOver($0) }
        #expect(done["state"] as? String == "published", "\(done)")
        #expect(done["attempt"] as? Int ?? 0 >= 2)
        #expect(origin.lectures.count == 1)
        let verify = try IngestCommandTests.run(["verify", origin.library.appendingPathComponent("lectures/\(origin.lectures[0])").path])
        #expect(verify.status == 0, "\(verify.output)")
    }

    @Test("SIGTERM mid-ingest: the server exits 0 and hands the job back without a failure; the next start publishes it")
    func stoppedMidIngest() async throws {
        let origin = try await Origin()
        let job = try await origin.startLongJob()
        let ended = await origin.server.terminate()
        #expect(ended?.status == 0, "\(ended?.errorText.suffix(800) ?? "")")
        #expect(origin.staging.isEmpty && origin.lectures.isEmpty)
        try await origin.server.start()
        let handedBack = try origin.job(job, token: origin.admin)
        #expect(handedBack["failures"] as? Int == 0, "\(handedBack)")
        let done = try await origin.waitForJob(job, seconds: 300) { Self.isOver($0) }
        #expect(done["state"] as? String == "published" && done["failures"] as? Int == 0, "\(done)")
    }

    @Test("lectern jobs cancel on a running job: its ingest stops, nothing is published, staging is removed")
    func cancelRunning() async throws {
        let origin = try await Origin()
        let job = try await origin.startLongJob()
        let cancel = try IngestCommandTests.run(["jobs", "cancel", job, "--server", origin.server.base, "--token", origin.uploader])
        #expect(cancel.status == 0, "\(cancel.error)")
        let listed = try IngestCommandTests.run(["jobs", "--server", origin.server.base, "--token", origin.uploader])
        #expect(listed.output.contains("\(job)  cancelled"), "\(listed.output)")
        // The worker learns it at its next heartbeat (a quarter of the 3 s lease) and stops the child.
        for _ in 0..<100 where !origin.staging.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        try await Task.sleep(for: .seconds(2))
        #expect(origin.staging.isEmpty && origin.lectures.isEmpty, "\(origin.staging) \(origin.lectures)")
        #expect(try origin.job(job)["state"] as? String == "cancelled")
    }
}

/// curl as an HTTP client: status, headers (lowercased names) and body.
enum HTTP {
    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    static func request(_ method: String, _ url: String, headers: [String] = [], body: String? = nil) throws -> Answer {
        var arguments = ["-s", "-i", "--max-time", "30", "-X", method]
        if method == "HEAD" { arguments = ["-s", "-I", "--max-time", "30"] }
        for header in headers { arguments += ["-H", header] }
        if let body { arguments += ["--data-binary", body] }
        let result = try ChildProcess.run(Executables.curl, arguments + [url])
        let text = result.outputText.replacingOccurrences(of: "\r\n", with: "\n")
        let parts = text.components(separatedBy: "\n\n")
        let head = parts.first ?? ""
        var lines = head.split(separator: "\n")
        let status = lines.isEmpty ? 0 : Int(lines.removeFirst().split(separator: " ").dropFirst().first ?? "") ?? 0
        var fields: [String: String] = [:]
        for line in lines {
            let pair = line.split(separator: ":", maxSplits: 1)
            if pair.count == 2 { fields[pair[0].lowercased()] = pair[1].trimmingCharacters(in: .whitespaces) }
        }
        return Answer(status: status, headers: fields, body: parts.dropFirst().joined(separator: "\n\n"))
    }
}

/// tus with PyPI's tuspy, the protocol's reference client for Python (scripts/tus-upload.py drives it).
@Suite(.serialized) struct TusClientTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/tus-upload.py").standardized

    static func upload(_ origin: IngestServiceTests.Origin, _ file: String, _ arguments: [String]) throws -> [String: Any] {
        let run = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", script.path, "--server", origin.server.base, "--token", origin.uploader, file] + arguments
        )
        let json = try? JSONSerialization.jsonObject(with: run.output) as? [String: Any]
        guard let json else {
            Issue.record("tus-upload.py printed no JSON (status \(run.status)): \(run.errorText.suffix(800))")
            return [:]
        }
        return json
    }

    static func sample(in origin: IngestServiceTests.Origin) throws -> (path: String, size: Int) {
        let clip = origin.folder.appendingPathComponent("talk.mp4").path
        try IngestCommandTests.clip(clip, seconds: 6)
        return (clip, try FileManager.default.attributesOfItem(atPath: clip)[.size] as? Int ?? 0)
    }

    @Test("tuspy uploads with SHA-256 checksums in 256 kB chunks; the recording becomes a job that publishes")
    func uploadsAndPublishes() async throws {
        let origin = try await IngestServiceTests.Origin()
        let (clip, size) = try Self.sample(in: origin)
        let result = try Self.upload(origin, clip, ["--meta", "title=Tus talk", "--meta", "filename=talk.mp4", "--chunk-size", "262144", "--wait"])
        #expect(result["job_state"] as? String == "published", "\(result)")
        #expect(result["bytes_sent"] as? Int == size)
        let lecture = try #require(result["lecture"] as? String)
        #expect(origin.lectures == [lecture])
    }

    @Test(
        "A connection cut mid-chunk: without a checksum the bytes that arrived are kept and tuspy resumes after them; with one the partial chunk is dropped",
        arguments: ["none", "sha256"]
    )
    func cutMidChunk(checksum: String) async throws {
        let origin = try await IngestServiceTests.Origin(arguments: ["--workers", "0"])
        let (clip, size) = try Self.sample(in: origin)
        let cut = min(150_000, size / 2)
        let result = try Self.upload(
            origin,
            clip,
            ["--meta", "title=Cut", "--chunk-size", "\(size)", "--checksum", checksum, "--cut-after", "\(cut)"]
        )
        let offset = result["offset_after_cut"] as? Int
        #expect(offset == (checksum == "none" ? cut : 0), "\(result)")
        #expect(result["bytes_sent"] as? Int == size + (checksum == "none" ? 0 : cut))
        #expect((result["job"] as? String)?.hasPrefix("j") == true, "\(result)")
        // What the server holds is the file, byte for byte.
        let uploads = origin.library.appendingPathComponent(".lectern/uploads")
        let stored = try FileManager.default.contentsOfDirectory(atPath: uploads.path).filter { $0.hasSuffix(".bin") }
        #expect(stored.count == 1)
        let same = try Data(contentsOf: uploads.appendingPathComponent(stored[0])) == Data(contentsOf: URL(fileURLWithPath: clip))
        #expect(same)
        // The SHA-256 the origin kept while the bytes arrived (across the cut) is the file's.
        let url = try #require(result["url"] as? String)
        let head = try HTTP.request("HEAD", url, headers: ["Authorization: Bearer \(origin.uploader)", "Tus-Resumable: 1.0.0"])
        let local = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/sha256sum"), [clip]).outputText.prefix(64)
        #expect(head.headers["lectern-sha256"] == String(local), "\(head.headers)")
    }

    @Test("A chunk whose checksum does not match gets 460 and is not written", arguments: ["sha256", "sha1"])
    func badChecksum(algorithm: String) async throws {
        let origin = try await IngestServiceTests.Origin(arguments: ["--workers", "0"])
        let (clip, _) = try Self.sample(in: origin)
        let result = try Self.upload(origin, clip, ["--meta", "title=Bad", "--checksum", algorithm, "--bad-checksum"])
        #expect(result["bad_checksum_status"] as? Int == 460, "\(result)")
        #expect(result["offset_after_bad_checksum"] as? Int == 0)
        #expect(result["job"] is NSNull || result["job"] == nil)
    }
}

/// The /upload page in a real browser on a content team's link.
@Suite(.serialized) struct UploadPageTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/upload-check.py")
        .standardized

    @Test(
        "/upload in Chromium over a 2 Mbps link that drops mid-upload for 4 s: the page resumes, follows the job and links the published lecture; bytes sent stay within one 1 MiB chunk of the file"
    )
    func uploadPage() async throws {
        let origin = try await IngestServiceTests.Origin()
        let clip = origin.folder.appendingPathComponent("talk.mp4").path
        try IngestCommandTests.clip(clip, seconds: 12)
        let run = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", Self.script.path, origin.server.base, origin.uploader, clip]
        )
        let result = try #require(try? JSONSerialization.jsonObject(with: run.output) as? [String: Any], "\(run.errorText.suffix(800))")
        #expect(result["published"] as? Bool == true, "\(result)")
        #expect(result["resumed"] as? Bool == true, "the link was cut while the page uploaded: \(result)")
        let size = result["size"] as? Int ?? 0
        let up = result["bytes_up"] as? Int ?? .max
        // Upward bytes are the file, at most one chunk again (the one cut), and the requests' headers.
        #expect(up <= size + (1 << 20) + 200_000, "sent \(up) bytes for a \(size)-byte file")
        #expect(origin.lectures.count == 1)
        let watch = result["watch"] as? String ?? ""
        #expect(watch == "/watch/\(origin.lectures.first ?? "")")
    }

    @Test("/upload and /jobs are pages that fit a 360-px screen and name their fields; without the ingest service there are none")
    func pages() async throws {
        let origin = try await IngestServiceTests.Origin(arguments: ["--workers", "0"])
        let upload = try HTTP.request("GET", "\(origin.server.base)/upload")
        #expect(upload.status == 200 && upload.body.contains("<label>Token") && upload.body.contains("width=device-width"))
        #expect(upload.body.contains("role=\"status\""))
        let jobs = try HTTP.request("GET", "\(origin.server.base)/jobs")
        #expect(jobs.status == 200 && jobs.body.contains("id=\"jobs\""))
    }
}
