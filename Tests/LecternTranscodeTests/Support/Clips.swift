import Foundation

/// Short real recordings generated with the ffmpeg CLI, one per input shape Lectern must accept.
enum Clips {
    /// A lecture-like picture: a mostly static "slide" with a moving inset, so encoders see both.
    static func lectureVideo(size: String, rate: String) -> [String] {
        ["-f", "lavfi", "-i", "testsrc2=size=\(size):rate=\(rate),drawbox=x=0:y=0:w=iw:h=ih*0.6:color=white@0.9:t=fill"]
    }

    static func speech(seconds: Double, rate: Int = 48000, layout: String = "mono") -> [String] {
        ["-f", "lavfi", "-i", "sine=frequency=220:sample_rate=\(rate):duration=\(seconds),aformat=channel_layouts=\(layout)"]
    }

    /// Generates `name` in `folder` with extra ffmpeg arguments (inputs come first).
    static func make(_ name: String, in folder: TemporaryFolder, inputs: [String], output: [String]) throws -> URL {
        let path = folder.path(name)
        try Tools.ffmpeg(inputs + output + [path])
        return URL(fileURLWithPath: path)
    }

    /// The everyday case: 1280x720 30 fps H.264 + AAC in MP4.
    static func standard(in folder: TemporaryFolder, seconds: Double = 6) throws -> URL {
        try make(
            "standard.mp4",
            in: folder,
            inputs: lectureVideo(size: "1280x720", rate: "30") + speech(seconds: seconds),
            output: ["-t", "\(seconds)", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"]
        )
    }
}

extension Clips {
    /// Writes a phone's "rotate 90° clockwise" display matrix into the first track header of an MP4/MOV file
    /// (the ffmpeg 5.1 CLI has no option that sets one).
    static func markRotated90(_ url: URL) throws {
        var data = try Data(contentsOf: url)
        guard let range = data.range(of: Data("tkhd".utf8)) else { throw Tools.Failure(description: "no tkhd in \(url.path)") }
        let boxStart = range.lowerBound - 4
        guard data[boxStart + 8] == 0 else { throw Tools.Failure(description: "tkhd version 1 not handled") }
        let matrix: [Int32] = [0, 0x10000, 0, -0x10000, 0, 0, 0, 0, 0x4000_0000]
        var bytes: [UInt8] = []
        for value in matrix { withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) } }
        data.replaceSubrange(boxStart + 48..<boxStart + 84, with: bytes)
        try data.write(to: url)
    }
}
