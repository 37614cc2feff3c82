import Foundation
import LecternFFmpeg
import LecternTestSupport

/// Small real files, made once per test process by the ffmpeg CLI (an independent tool), in one folder.
enum Media {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let folder: Result<URL, any Error> = Result {
        FFmpegLog.silence()  // the failures provoked here would fill the log
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-ffmpeg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Makes `name` in the folder with `ffmpeg -y -v error ARGUMENTS name`.
    static func make(_ name: String, _ arguments: [String]) throws -> String {
        let path = try folder.get().appendingPathComponent(name).path
        let made = try ChildProcess.run(Executables.ffmpeg, ["-nostdin", "-y", "-v", "error"] + arguments + [path])
        guard made.status == 0 else { throw Failure(description: "ffmpeg \(name): \(made.errorText)") }
        return path
    }

    /// 2 s in MP4: H.264 320x240 at 25 fps with a key frame every second (stream 0, 50 packets), then mono 44.1 kHz AAC
    /// (stream 1).
    static let clip: Result<String, any Error> = Result {
        try make(
            "clip.mp4",
            [
                "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
                "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-x264-params", "scenecut=0", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-ac", "1",
            ]
        )
    }

    static let clipVideoPackets = 50

    /// The clip's video with a font attached (Matroska): stream 1 is an attachment no decoder can open.
    static let withAttachment: Result<String, any Error> = Result {
        let font = try folder.get().appendingPathComponent("font.ttf")
        try Data("not really a font".utf8).write(to: font)
        return try make(
            "attached.mkv",
            [
                "-i", try clip.get(), "-map", "0:v", "-c", "copy", "-attach", font.path, "-metadata:s:t", "mimetype=application/x-truetype-font",
            ]
        )
    }

    /// One 3840x2160 picture, raw yuv420p in Matroska: a packet (and a decoded frame) of 12,441,600 bytes.
    static let bigPicture: Result<String, any Error> = Result {
        try make("big.mkv", ["-f", "lavfi", "-i", "testsrc=size=3840x2160:rate=1", "-frames:v", "1", "-c:v", "rawvideo", "-pix_fmt", "yuv420p"])
    }

    static let bigPictureBytes = 3840 * 2160 * 3 / 2

    /// A copy of `path` of the calling test's own (files open on it are then that test's alone).
    static func privateCopy(of path: String) throws -> String {
        let url = URL(fileURLWithPath: path)
        let copy = try folder.get().appendingPathComponent("\(UUID().uuidString.prefix(8))-\(url.lastPathComponent)")
        try FileManager.default.copyItem(at: url, to: copy)
        return copy.path
    }

    /// A text file with a media name.
    static let notMedia: Result<String, any Error> = Result {
        let url = try folder.get().appendingPathComponent("notes.mp4")
        try Data(String(repeating: "These are lecture notes, not a recording.\n", count: 200).utf8).write(to: url)
        return url.path
    }

    /// The first `count` pictures of the clip, decoded (320x240 yuv420p), each in a box of its own.
    static func clipPictures(_ count: Int) throws -> [Picture] {
        let demuxer = try Demuxer(path: try clip.get())
        demuxer.select(streams: [0])
        let decoder = try Decoder(demuxer, stream: 0)
        let packet = try Packet()
        var pictures: [Picture] = []
        while pictures.count < count {
            let more = try demuxer.read(into: packet)
            if more {
                // `select` spares the demuxer's work, but packets it read while probing still come out.
                if packet.streamIndex == 0 { _ = try decoder.send(packet) }
                packet.unref()
            } else {
                try decoder.sendEndOfStream()
            }
            while pictures.count < count {
                let frame = try Frame()
                guard try decoder.receive(frame) == .ready else { break }
                pictures.append(Picture(frame))
            }
            if !more { break }
        }
        return pictures
    }
}

/// A frame in a box, so that frames (not copyable) can go in an array.
final class Picture {
    let frame: Frame
    init(_ frame: consuming Frame) { self.frame = frame }
}
