import AsyncHTTPClient
public import Foundation
import LecternJobs
import LecternPackage
public import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
public import ServiceLifecycle

/// `lectern worker`: a worker on any machine with FFmpeg, talking to the origin over HTTP only. For each job it
/// downloads the uploads (resuming with Range), ingests them with the same pipeline as `lectern ingest` into a
/// private library, heartbeats throughout, sends every file of the package with its SHA-256, and asks the origin to
/// publish. `slots` jobs run at once.
public struct RemoteWorker: Service {
    let client: ServiceClient
    let name: String
    let slots: Int
    let folder: URL
    let executable: URL
    let ladder: String?
    let logger: Logger

    /// A worker called `name` with `slots` ingests at once, working in `folder`.
    public init(client: ServiceClient, name: String, slots: Int, folder: URL, executable: URL, ladder: String?, logger: Logger) {
        self.client = client
        self.name = name
        self.slots = slots
        self.folder = folder
        self.executable = executable
        self.ladder = ladder
        self.logger = logger
    }

    /// The origin took the job away (409 superseded, 410 cancelled): stop without reporting.
    struct TakenAway: Error {}

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            for slot in 1...max(slots, 1) {
                group.addTask { await self.loop(slot: slot) }
            }
        }
    }

    private func loop(slot: Int) async {
        var failures = 0
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                let query = "worker=\(name)-\(slot)".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? "worker=\(name)"
                let (response, body) = try await client.send(.POST, "/api/worker/claim?\(query)", timeout: .seconds(40))
                failures = 0
                guard response.status == .ok else { continue }  // 204: no work within the long poll
                let assignment = try JSONDecoder().decode(WorkAssignment.self, from: Data(buffer: body))
                logger.info("Job claimed", metadata: ["job.id": "\(assignment.job)", "job.attempt": "\(assignment.attempt)"])
                await work(assignment)
            } catch {
                failures += 1
                logger.warning("Origin unavailable", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(min(1 << min(failures, 5), 30)))
            }
        }
    }

    /// One job: download, ingest, upload, commit; reports a failure when one happens.
    func work(_ assignment: WorkAssignment) async {
        let place = folder.appendingPathComponent("\(assignment.job)-\(assignment.attempt)")
        defer { try? FileManager.default.removeItem(at: place) }
        let interval = Duration.milliseconds(Int(assignment.leaseSeconds * 250))
        let clock = ContinuousClock()
        var phases: [(String, Duration)] = []
        var mark = clock.now
        func phase(_ name: String) {
            phases.append((name, mark.duration(to: clock.now)))
            mark = clock.now
        }
        do {
            let uploads = place.appendingPathComponent("uploads")
            try await withHeartbeat(assignment, every: interval) {
                for upload in assignment.spec.uploads { try await download(upload, of: assignment, into: uploads) }
            }
            let recording = uploads.appendingPathComponent("\(assignment.spec.recording).bin")
            guard try SHA256Hasher.hashFile(at: recording) == assignment.spec.sha256 else {
                try? FileManager.default.removeItem(at: recording)
                throw ServiceClient.Failure(status: nil, description: "\(assignment.spec.fileName): the download does not have the upload's SHA-256")
            }
            phase("download")
            let library = place.appendingPathComponent("library")
            let arguments = try WorkFolder.arguments(
                for: assignment.spec,
                in: place.appendingPathComponent("in"),
                uploads: uploads,
                library: library,
                ladder: ladder
            )
            let child = try IngestChild(executable: executable, arguments: arguments)
            let lease = Duration.milliseconds(Int(assignment.leaseSeconds * 1000))
            let outcome = await Supervisor.run(child, every: interval, lease: lease) { progress in await beat(assignment, progress: progress) }
            switch outcome {
            case .published(let lecture)?:
                phase("ingest")
                try await withHeartbeat(assignment, every: interval) {
                    try await deliver(library.appendingPathComponent("lectures/\(lecture)"), of: assignment)
                }
                phase("upload")
                try await withHeartbeat(assignment, every: interval) {
                    _ = try await client.send(.POST, assignment.path + "/commit", timeout: .minutes(10))
                }
                phase("commit")
                var metadata: Logger.Metadata = ["job.id": "\(assignment.job)", "lecture.id": "\(lecture)"]
                for (name, duration) in phases { metadata["seconds.\(name)"] = "\(String(format: "%.3f", duration.inSeconds))" }
                logger.info("Job published", metadata: metadata)
            case .permanent(let line)?: try await report(assignment, "permanent", line)
            case .transient(let line)?: try await report(assignment, "transient", line)
            case .handedBack?: try await report(assignment, "handed-back", "the worker stopped")
            case nil: return
            }
        } catch is TakenAway {
            logger.notice("Job taken away", metadata: ["job.id": "\(assignment.job)"])
        } catch let failure as ServiceClient.Failure where failure.status == 409 || failure.status == 410 {
            logger.notice("Job taken away", metadata: ["job.id": "\(assignment.job)", "why": "\(failure)"])
        } catch {
            let outcome = Task.isShuttingDownGracefully ? "handed-back" : "transient"
            try? await report(assignment, outcome, "worker \(name): \(error)")
        }
    }

    private func report(_ assignment: WorkAssignment, _ outcome: String, _ line: String) async throws {
        _ = try await client.send(.POST, assignment.path + "/fail?outcome=\(outcome)", body: ByteBuffer(string: line))
    }

    /// One heartbeat.
    private func beat(_ assignment: WorkAssignment, progress: Double?) async -> Supervisor.Beat {
        do {
            let query = progress.map { "?progress=\($0)" } ?? ""
            _ = try await client.send(.POST, assignment.path + "/heartbeat" + query)
            return .renewed
        } catch let failure as ServiceClient.Failure where failure.status == 409 || failure.status == 410 {
            return .takenAway
        } catch {
            logger.warning("Heartbeat failed", metadata: ["job.id": "\(assignment.job)", "error": "\(error)"])
            return .unanswered
        }
    }

    /// Runs `body` with heartbeats beside it; throws `TakenAway` if the job is taken away meanwhile.
    private func withHeartbeat(
        _ assignment: WorkAssignment,
        every interval: Duration,
        _ body: @escaping @Sendable () async throws -> Void
    ) async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await body()
                return true
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: interval)
                    if case .takenAway = await beat(assignment, progress: nil) { return false }
                }
            }
            defer { group.cancelAll() }
            guard try await group.next() == true else { throw TakenAway() }
        }
    }

    /// Downloads one upload into `folder/<id>.bin`, resuming with Range after a dropped connection.
    private func download(_ upload: String, of assignment: WorkAssignment, into folder: URL) async throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let target = folder.appendingPathComponent("\(upload).bin")
        if !FileManager.default.fileExists(atPath: target.path) { _ = FileManager.default.createFile(atPath: target.path, contents: nil) }
        var attempts = 0
        while true {
            let have = (try FileManager.default.attributesOfItem(atPath: target.path)[.size] as? Int) ?? 0
            do {
                var request = HTTPClientRequest(url: client.base + assignment.path + "/uploads/\(upload)")
                request.headers.add(name: "Authorization", value: "Bearer \(client.token)")
                if have > 0 { request.headers.add(name: "Range", value: "bytes=\(have)-") }
                let response = try await client.client.execute(request, timeout: .minutes(30))
                if response.status == .rangeNotSatisfiable { return }  // already whole
                guard response.status == .ok || response.status == .partialContent else {
                    if response.status == .conflict || response.status == .gone { throw TakenAway() }
                    throw ServiceClient.Failure(status: Int(response.status.code), description: "download of \(upload): \(response.status)")
                }
                let handle = try FileHandle(forWritingTo: target)
                defer { try? handle.close() }
                if response.status == .ok { try handle.truncate(atOffset: 0) } else { try handle.seekToEnd() }
                for try await chunk in response.body { try handle.write(contentsOf: Data(buffer: chunk)) }
                return
            } catch let failure as ServiceClient.Failure where !failure.isTransient {
                throw failure
            } catch is TakenAway {
                throw TakenAway()
            } catch {
                attempts += 1
                guard attempts < 10 else { throw error }
                try await Task.sleep(for: .seconds(min(1 << attempts, 30)))
            }
        }
    }

    /// Sends every file of the package (the manifest last), each with its SHA-256; the origin skips what it has.
    private func deliver(_ package: URL, of assignment: WorkAssignment) async throws {
        let files = try Self.files(in: package).filter { $0 != "manifest.json" }.sorted()
        // Four files at a time: a package is a few hundred small files, and one at a time waits a round trip each.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, path) in files.enumerated() {
                if index >= 4 { try await group.next() }
                group.addTask { try await send(path, in: package, of: assignment) }
            }
            try await group.waitForAll()
        }
        // The manifest last: the origin publishes only a package whose every file arrived.
        try await send("manifest.json", in: package, of: assignment)
    }

    /// Sends one package file with its SHA-256, retrying passing failures with a capped backoff.
    private func send(_ path: String, in package: URL, of assignment: WorkAssignment) async throws {
        let data = try Data(contentsOf: package.appendingPathComponent(path))
        let digest = SHA256Hasher.hash(data)
        var attempts = 0
        while true {
            do {
                _ = try await client.send(
                    .PUT,
                    assignment.path + "/package/" + path,
                    headers: [("Lectern-SHA256", digest)],
                    body: ByteBuffer(bytes: data),
                    timeout: .minutes(10)
                )
                return
            } catch let failure as ServiceClient.Failure where failure.isTransient && attempts < 10 {
                attempts += 1
                try await Task.sleep(for: .seconds(min(1 << attempts, 30)))
            }
        }
    }

    /// Relative paths of the regular files under `folder`.
    static func files(in folder: URL) throws -> [String] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var paths: [String] = []
        let base = folder.standardizedFileURL.path
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            paths.append(String(url.standardizedFileURL.path.dropFirst(base.count + 1)))
        }
        return paths
    }
}
