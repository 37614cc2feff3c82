// Benchmark (not a test): parse and write a large media playlist with LecternHLS, timing each separately.
//
//   lectern-hls-bench PLAYLIST [--iterations N]     times N (default 20) parses and N writes, prints medians
//   lectern-hls-bench --generate PATH [--segments N] writes a VOD fMP4 media playlist (default 20,000 segments)
//
// Output is one JSON object per line, e.g.
//   {"benchmark":"parse","segments":20000,"bytes":1234567,"iterations":20,"median_ms":12.345,"min_ms":12.001}
// scripts/bench-hls.sh builds this in release and compares it with Python's m3u8 package.
import Foundation
import LecternHLS

struct Options {
    var playlist: String?
    var generate: String?
    var iterations = 20
    var segments = 20_000

    static let usage = """
        usage: lectern-hls-bench PLAYLIST [--iterations N]
               lectern-hls-bench --generate PATH [--segments N]
        """

    init(_ arguments: [String]) throws(UsageError) {
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--generate": generate = try Self.value(of: argument, from: &rest)
            case "--iterations": iterations = try Self.positive(of: argument, from: &rest)
            case "--segments": segments = try Self.positive(of: argument, from: &rest)
            case "-h", "--help": throw UsageError(message: Self.usage, exitCode: 0)
            default:
                guard !argument.hasPrefix("-"), playlist == nil else {
                    throw UsageError(message: "unexpected argument \(argument)\n\(Self.usage)", exitCode: 2)
                }
                playlist = argument
            }
        }
        guard (playlist == nil) != (generate == nil) else {
            throw UsageError(message: "give either a playlist or --generate PATH\n\(Self.usage)", exitCode: 2)
        }
    }

    private static func value(of option: String, from rest: inout ArraySlice<String>) throws(UsageError) -> String {
        guard let value = rest.popFirst() else { throw UsageError(message: "\(option) needs a value", exitCode: 2) }
        return value
    }

    private static func positive(of option: String, from rest: inout ArraySlice<String>) throws(UsageError) -> Int {
        let text = try value(of: option, from: &rest)
        guard let number = Int(text), number > 0 else {
            throw UsageError(message: "\(option) must be a positive integer, got \(text)", exitCode: 2)
        }
        return number
    }
}

struct UsageError: Error {
    var message: String
    var exitCode: Int32
}

/// A VOD fMP4 media playlist like the ones Lectern publishes for a long recording: 6 s segments, one
/// `EXT-X-MAP`, slide titles on some segments, `EXT-X-PROGRAM-DATE-TIME` every 10 segments, and every 4th
/// segment stored as a byte range of a shared file.
func generatedPlaylist(segments count: Int) -> MediaPlaylist {
    var playlist = MediaPlaylist(targetDuration: 6)
    playlist.version = 7
    playlist.playlistType = .vod
    playlist.independentSegments = true
    playlist.endList = true
    let map = MediaInitializationSection(uri: "init.mp4")
    let start = Date(timeIntervalSince1970: 1_709_283_600)  // 2024-03-01T09:00:00Z
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    var offset = 0
    playlist.segments.reserveCapacity(count)
    for index in 0..<count {
        let duration = index % 7 == 6 ? 5.005 : 6.006
        var segment = MediaSegment(duration: duration, uri: String(format: "seg-%05d.m4s", index + 1), map: map)
        if index % 5 == 0 { segment.title = "Slide \(index / 5 + 1), part \(index % 3 + 1)" }
        if index % 10 == 0 {
            segment.programDateTime = formatter.string(from: start.addingTimeInterval(Double(index) * 6.006))
        }
        if index % 4 == 3 {
            let length = 180_000 + (index * 7919) % 60_000
            segment.uri = "media.m4s"
            segment.byteRange = ByteRange(length: length, offset: offset)
            offset += length
        }
        playlist.segments.append(segment)
    }
    return playlist
}

/// Runs `body` `iterations` times and returns the durations in milliseconds, sorted.
func time(iterations: Int, _ body: () -> Void) -> [Double] {
    let clock = ContinuousClock()
    return (0..<iterations).map { _ in
        let duration = clock.measure(body)
        return Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) * 1e-15
    }.sorted()
}

func median(_ sorted: [Double]) -> Double {
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

func report(_ name: String, segments: Int, bytes: Int, times: [Double]) {
    let fields = [
        "\"benchmark\":\"\(name)\"", "\"segments\":\(segments)", "\"bytes\":\(bytes)", "\"iterations\":\(times.count)",
        String(format: "\"median_ms\":%.3f", median(times)), String(format: "\"min_ms\":%.3f", times[0]),
    ]
    print("{\(fields.joined(separator: ","))}")
}

func fail(_ message: String, exitCode: Int32 = 1) -> Never {
    FileHandle.standardError.write(Data("lectern-hls-bench: \(message)\n".utf8))
    exit(exitCode)
}

func run(_ options: Options) {
    if let path = options.generate {
        let text = PlaylistWriter.write(generatedPlaylist(segments: options.segments))
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            fail("cannot write \(path): \(error.localizedDescription)")
        }
        print("{\"generated\":\"\(path)\",\"segments\":\(options.segments),\"bytes\":\(text.utf8.count)}")
        return
    }
    guard let path = options.playlist, let data = FileManager.default.contents(atPath: path) else {
        fail("cannot read \(options.playlist ?? "")")
    }
    let text = String(decoding: data, as: UTF8.self)
    let playlist: MediaPlaylist
    do {
        playlist = try PlaylistParser.parseMedia(text)
    } catch {
        fail("\(path): \(error)")
    }
    // Keep every result alive through a checksum, so the optimizer cannot drop the work.
    var checksum = 0
    let parseTimes = time(iterations: options.iterations) {
        checksum &+= (try? PlaylistParser.parseMedia(text))?.segments.count ?? -1
    }
    let writeTimes = time(iterations: options.iterations) {
        checksum &+= PlaylistWriter.write(playlist).utf8.count
    }
    guard checksum > 0 else { fail("a parse failed during timing") }
    report("parse", segments: playlist.segments.count, bytes: data.count, times: parseTimes)
    report("write", segments: playlist.segments.count, bytes: data.count, times: writeTimes)
}

do {
    run(try Options(Array(CommandLine.arguments.dropFirst())))
} catch {
    if error.exitCode == 0 {
        print(error.message)
        exit(0)
    }
    fail(error.message, exitCode: error.exitCode)
}
