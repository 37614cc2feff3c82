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

extension Clips {
    /// A slide lecture: `titles.count` slides of `seconds` each (a title and a bullet drawn with DejaVu), a moving
    /// webcam inset in the corner and a red laser dot wandering over the slides, at 1280×720 25 fps with a tone.
    static func slides(_ titles: [(title: String, bullet: String)], seconds: Double = 8, in folder: TemporaryFolder) throws -> URL {
        let bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
        let regular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
        let total = seconds * Double(titles.count)
        var texts: [String] = []
        for (index, slide) in titles.enumerated() {
            let from = Double(index) * seconds
            let when = "enable='between(t,\(from),\(from + seconds - 0.001))'"
            texts.append("drawtext=fontfile=\(bold):text='\(slide.title)':fontsize=64:x=80:y=60:fontcolor=black:\(when)")
            texts.append("drawtext=fontfile=\(regular):text='\(slide.bullet)':fontsize=36:x=100:y=220:fontcolor=0x333333:\(when)")
        }
        let graph =
            "[0]" + texts.joined(separator: ",") + ",drawbox=x='300+30*t':y='400+10*sin(t)':w=14:h=14:color=red:t=fill[s];"
            + "[s][1]overlay=W-w-24:H-h-24"
        return try make(
            "slides.mp4",
            in: folder,
            inputs: ["-f", "lavfi", "-i", "color=c=0xF4F4F0:s=1280x720:r=25:d=\(total)", "-f", "lavfi", "-i", "testsrc2=s=192x108:r=25:d=\(total)"]
                + speech(seconds: total),
            output: ["-filter_complex", graph, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"]
        )
    }
}
