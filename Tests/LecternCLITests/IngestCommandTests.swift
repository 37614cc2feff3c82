import Foundation
import LecternTestSupport
import Testing

/// The `lectern` binary, run as a content team runs it.
@Suite(.serialized) struct IngestCommandTests {
    struct Run {
        var status: Int32
        var output: String
        var error: String
    }

    static func run(_ arguments: [String]) throws -> Run {
        let result = try ChildProcess.run(Executables.lectern, arguments)
        return Run(status: result.status, output: result.outputText, error: result.errorText)
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-cli-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func clip(_ path: String, seconds: Int, size: String = "640x360") throws {
        let made = try ChildProcess.run(
            Executables.ffmpeg,
            [
                "-nostdin", "-y", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=\(size):rate=30", "-f", "lavfi", "-i",
                "sine=duration=\(seconds)", "-t", "\(seconds)", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", path,
            ]
        )
        #expect(made.status == 0, "\(made.errorText)")
    }

    @Test("--help explains every ingest option")
    func help() throws {
        let run = try Self.run(["ingest", "--help"])
        #expect(run.status == 0)
        for option in ["--title", "--series", "--language", "--library", "--ladder", "--segment-format", "--dry-run", "--json"] {
            #expect(run.output.contains(option), "\(option) missing from --help")
        }
        #expect(try Self.run(["--help"]).output.contains("ingest"))
    }

    @Test("A missing recording: one line on standard error naming it, non-zero exit")
    func missingFile() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try Self.run(["ingest", folder.appendingPathComponent("nowhere.mp4").path, "--title", "X", "--library", folder.path])
        #expect(run.status != 0)
        let lines = run.error.split(separator: "\n")
        #expect(lines.count == 1, "\(run.error)")
        #expect(run.error.contains("nowhere.mp4: no such file"))
    }

    @Test("A bad --language is refused before any work")
    func badLanguage() throws {
        let run = try Self.run(["ingest", "x.mp4", "--title", "X", "--language", "english!"])
        #expect(run.status != 0)
        #expect(run.error.contains("BCP-47"))
    }

    @Test("--dry-run --json describes the file and the ladder without writing anything")
    func dryRun() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = folder.appendingPathComponent("clip.mp4").path
        try Self.clip(clip, seconds: 2)
        let library = folder.appendingPathComponent("library")
        let run = try Self.run(["ingest", clip, "--title", "X", "--library", library.path, "--dry-run", "--json"])
        #expect(run.status == 0, "\(run.error)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let plan = try #require(json["plan"] as? [String: Any])
        #expect((plan["video"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["360p", "240p", "slides"])
        #expect(!FileManager.default.fileExists(atPath: library.path))
    }

    @Test("--json reports the package, measured renditions and wall time")
    func json() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = folder.appendingPathComponent("clip.mp4").path
        try Self.clip(clip, seconds: 3)
        let run = try Self.run(["ingest", clip, "--title", "Épidémiologie", "--library", folder.appendingPathComponent("library").path, "--json"])
        #expect(run.status == 0, "\(run.error)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        #expect((json["id"] as? String)?.hasPrefix("epidemiologie-") == true)
        #expect(json["status"] as? String == "published")
        #expect(FileManager.default.fileExists(atPath: json["master"] as? String ?? ""))
        let renditions = try #require(json["renditions"] as? [[String: Any]])
        #expect(renditions.count == 5)
        #expect(renditions.allSatisfy { ($0["bandwidth"] as? Int ?? 0) > 0 && ($0["bytes"] as? Int ?? 0) > 0 })
        #expect((json["wallSeconds"] as? Double ?? 0) > 0)
    }

    /// Starts an ingest of a 10 s 720p clip and returns once it is encoding into staging (a rendition's spool file
    /// has grown past 50 kB; segments are cut from it when encoding ends).
    static func startLongIngest(in folder: URL) throws -> (process: ChildProcess, library: URL, arguments: [String]) {
        let clip = folder.appendingPathComponent("long.mp4").path
        try Self.clip(clip, seconds: 10, size: "1280x720")
        let library = folder.appendingPathComponent("library")
        let arguments = ["ingest", clip, "--title", "Long", "--library", library.path]
        let process = try ChildProcess(Executables.lectern, arguments)
        let staging = library.appendingPathComponent(".staging")
        let deadline = Date().addingTimeInterval(60)
        var writing = false
        while !writing, Date() < deadline, process.isRunning {
            Thread.sleep(forTimeInterval: 0.05)
            let files = FileManager.default.enumerator(atPath: staging.path)?.allObjects as? [String] ?? []
            writing = files.contains { path in
                path.hasSuffix(".spool.mp4")
                    && ((try? FileManager.default.attributesOfItem(atPath: staging.appendingPathComponent(path).path)[.size] as? Int) ?? 0) > 50_000
            }
        }
        #expect(writing, "the ingest never started encoding")
        return (process, library, arguments)
    }

    @Test("Ctrl-C stops an ingest cleanly: non-zero exit, a one-line reason, staging removed, nothing published")
    func interrupted() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (process, library, _) = try Self.startLongIngest(in: folder)
        process.signal(SIGINT)
        let ended = process.collect()
        #expect(ended.exited && ended.status != 0)
        #expect(ended.errorText.contains("cancelled"), "\(ended.errorText)")
        let staging = (try? FileManager.default.contentsOfDirectory(atPath: library.appendingPathComponent(".staging").path)) ?? []
        #expect(staging.isEmpty, "staging left behind: \(staging)")
        let lectures = (try? FileManager.default.contentsOfDirectory(atPath: library.appendingPathComponent("lectures").path)) ?? []
        #expect(lectures.isEmpty)
    }

    @Test("SIGKILL in the middle of an ingest leaves no package, and the next run publishes")
    func killedMidway() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Wait until segments are being written into staging, then kill without warning.
        let (process, library, arguments) = try Self.startLongIngest(in: folder)
        let ended = process.stop()
        #expect(!ended.exited && ended.status == SIGKILL)
        let lectures = (try? FileManager.default.contentsOfDirectory(atPath: library.appendingPathComponent("lectures").path)) ?? []
        #expect(lectures.isEmpty, "a half package was published: \(lectures)")

        let rerun = try Self.run(arguments + ["--json"])
        #expect(rerun.status == 0, "\(rerun.error)")
        let published = (try? FileManager.default.contentsOfDirectory(atPath: library.appendingPathComponent("lectures").path)) ?? []
        #expect(published.count == 1)
    }

    @Test(
        "A disk that fills up during an ingest: one line naming the recording and the reason, non-zero exit, nothing published, staging cleaned; with room again the same command publishes",
        .enabled(if: PrivateMount.canMountTmpfs(), "needs root and a private mount namespace (unshare -m) for a small tmpfs"),
        .timeLimit(.minutes(3))
    )
    func fullDisk() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = folder.appendingPathComponent("full.mp4")
        try Self.clip(clip.path, seconds: 6, size: "1280x720")
        let disk = folder.appendingPathComponent("disk")
        try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
        // The 720p rung alone needs more than 256 kB: the disk fills while every rung's thread is writing.
        // $1 mount point, $2 lectern, $3 recording, $4 results.
        let script = """
            mount -t tmpfs -o size=256k tmpfs "$1" || exit 90
            "$2" ingest "$3" --title Full --library "$1/lib" >"$4/first.out" 2>"$4/first.err"; echo $? >"$4/first.rc"
            ls -A "$1/lib/lectures" >"$4/published.txt"; ls -A "$1/lib/.staging" >"$4/staging.txt"
            mount -o remount,size=64m "$1" || exit 91
            "$2" ingest "$3" --title Full --library "$1/lib" >"$4/second.out" 2>"$4/second.err"; echo $? >"$4/second.rc"
            ls -A "$1/lib/lectures" >"$4/published-after.txt"
            """
        let shell = try PrivateMount.run(script, [disk.path, Executables.lectern.path, clip.path, folder.path])
        #expect(shell.status == 0, "the namespace script failed (90, 91: mount): \(shell.status) \(shell.errorText)")
        func read(_ name: String) -> String {
            ((try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }

        #expect(read("first.rc") == "1")
        // What a person reads: standard error without the progress lines ("ingest 40% · 0:02/0:06 · ...").
        let lines = read("first.err").split(separator: "\n").filter { !($0.hasPrefix("ingest ") && $0.contains("% · ")) }
        #expect(lines.count == 1 && lines[0].contains("full.mp4") && lines[0].contains("No space left on device"), "\(lines)")
        #expect(read("published.txt").isEmpty, "published on a full disk: \(read("published.txt"))")
        #expect(read("staging.txt").isEmpty, "staging left behind: \(read("staging.txt"))")
        #expect(read("second.rc") == "0", "\(read("second.err"))")
        #expect(read("published-after.txt").split(separator: "\n").count == 1)
    }

    @Test(
        "A browser recording with no length in its header (WebM from MediaRecorder): published whole, progress shows time done and speed, never a made-up percentage or ETA"
    )
    func unknownLength() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let recording = folder.appendingPathComponent("browser.webm").path
        let made = try ChildProcess.run(
            Executables.ffmpeg,
            [
                "-nostdin", "-y", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30", "-f", "lavfi", "-i", "sine=duration=5",
                "-t", "5", "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-c:a", "libopus", "-live", "1", recording,
            ]
        )
        #expect(made.status == 0, "\(made.errorText)")
        let run = try Self.run(["ingest", recording, "--title", "Browser", "--library", folder.appendingPathComponent("library").path])
        #expect(run.status == 0, "\(run.error)")
        let progress = run.error.split(separator: "\n").filter { $0.hasPrefix("ingest ") }
        #expect(!progress.isEmpty && progress.allSatisfy { $0.contains(" done · ") && !$0.contains("%") && !$0.contains("ETA") }, "\(progress)")
        #expect(run.output.contains("0:05 of lecture"), "\(run.output)")
    }
}
