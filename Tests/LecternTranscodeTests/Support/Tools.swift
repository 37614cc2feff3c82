import Foundation
import LecternTestSupport
import Testing

/// The independent tools outputs are checked with: the ffmpeg and ffprobe command-line programs.
enum Tools {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs a program, returning standard output; throws with standard error when it fails.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> Data {
        let result = try ChildProcess.run(URL(fileURLWithPath: executable), arguments)
        guard result.status == 0 else {
            throw Failure(description: "\(executable) \(arguments.joined(separator: " ")) failed: \(result.errorText.suffix(800))")
        }
        return result.output
    }

    /// `ffmpeg -y -v error ARGS`.
    static func ffmpeg(_ arguments: [String]) throws {
        try run("/usr/bin/ffmpeg", ["-nostdin", "-y", "-v", "error"] + arguments)
    }

    /// ffprobe's JSON for a file or playlist.
    static func probe(_ path: String, _ arguments: [String] = ["-show_format", "-show_streams"]) throws -> [String: Any] {
        let data = try run("/usr/bin/ffprobe", ["-v", "error", "-of", "json"] + arguments + [path])
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    /// Mean luma (signalstats YAVG) of every frame of a video file, with its presentation time; `filters` run before the
    /// measurement (a crop, say).
    static func luma(_ path: String, filters: String = "") throws -> [(time: Double, luma: Double)] {
        let frames =
            try probe(
                "movie=\(path),\(filters.isEmpty ? "" : filters + ",")signalstats",
                ["-f", "lavfi", "-show_entries", "frame=pts_time:frame_tags=lavfi.signalstats.YAVG"]
            )["frames"] as? [[String: Any]] ?? []
        return frames.compactMap { frame in
            guard let time = Double(frame["pts_time"] as? String ?? ""),
                let luma = Double((frame["tags"] as? [String: String])?["lavfi.signalstats.YAVG"] ?? "")
            else { return nil }
            return (time, luma)
        }
    }

    static func streams(_ path: String, _ arguments: [String] = ["-show_streams"]) throws -> [[String: Any]] {
        (try probe(path, arguments)["streams"] as? [[String: Any]]) ?? []
    }

    /// Decodes everything a playlist references with the ffmpeg CLI acting as an HLS client; returns its error lines.
    static func decodeErrors(_ playlist: String, extra: [String] = []) throws -> String {
        let result = try ChildProcess.run(Executables.ffmpeg, ["-nostdin", "-v", "error", "-i", playlist] + extra + ["-f", "null", "-"])
        return result.status == 0 ? result.errorText : "exit \(result.status): \(result.errorText)"
    }

    static func sha256(_ path: String) throws -> String {
        String(String(decoding: try run("/usr/bin/sha256sum", [path]), as: UTF8.self).prefix(64))
    }
}

/// A fresh folder under the system's temporary directory, removed by `remove()`.
struct TemporaryFolder {
    let url: URL

    init(_ label: String = "lectern-test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// The repository root (for `media/` and `Config/`).
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
