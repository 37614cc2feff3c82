import Foundation
import LecternHLS
import LecternPackage
import LecternTestSupport
import LecternTranscode
import Testing

/// Every kind of recording content teams bring, generated with the ffmpeg CLI, ingested for real, and played back
/// through the published master playlist with the ffmpeg CLI.
@Suite(.serialized) struct InputShapesTests {
    struct Shape: Sendable, CustomTestStringConvertible {
        var file: String
        var inputs: [String]
        var output: [String]
        /// Expected (width, height) of the first video variant, or nil for an audio-only package.
        var floorSize: (Int, Int)?
        var hasAudio = true
        var testDescription: String { file }
    }

    static let seconds = 4.0

    static let shapes: [Shape] = [
        Shape(
            file: "hevc-10bit.mkv",
            inputs: Clips.lectureVideo(size: "640x360", rate: "25") + Clips.speech(seconds: seconds),
            output: [
                "-t", "\(seconds)", "-c:v", "libx265", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le", "-x265-params", "log-level=error",
                "-c:a", "libopus", "-b:a", "48k",
            ],
            floorSize: (426, 240)
        ),
        Shape(
            file: "vp9.webm",
            inputs: Clips.lectureVideo(size: "640x360", rate: "30") + Clips.speech(seconds: seconds, layout: "stereo"),
            output: ["-t", "\(seconds)", "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "300k", "-c:a", "libopus"],
            floorSize: (426, 240)
        ),
        Shape(
            file: "mpeg2-interlaced.ts",
            inputs: Clips.lectureVideo(size: "720x576", rate: "25") + Clips.speech(seconds: seconds, layout: "stereo"),
            output: [
                "-t", "\(seconds)", "-vf", "setsar=16/15", "-c:v", "mpeg2video", "-flags", "+ilme+ildct", "-top", "1", "-b:v", "2M",
                "-c:a", "mp2", "-b:a", "192k",
            ],
            floorSize: (320, 240)
        ),
        Shape(
            file: "mpeg4-mp3.avi",
            inputs: Clips.lectureVideo(size: "640x480", rate: "25") + Clips.speech(seconds: seconds, rate: 44100),
            output: ["-t", "\(seconds)", "-c:v", "mpeg4", "-q:v", "5", "-c:a", "libmp3lame", "-b:a", "64k"],
            floorSize: (320, 240)
        ),
        Shape(
            file: "phone-rotated.mov",
            inputs: Clips.lectureVideo(size: "640x360", rate: "30") + Clips.speech(seconds: seconds),
            output: ["-t", "\(seconds)", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac"],
            floorSize: (240, 426)
        ),
        Shape(
            file: "odd-size.mp4",
            inputs: Clips.lectureVideo(size: "321x241", rate: "30") + Clips.speech(seconds: seconds),
            output: ["-t", "\(seconds)", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv444p", "-c:a", "aac"],
            floorSize: (320, 240)
        ),
        Shape(
            file: "variable-rate.mkv",
            inputs: Clips.lectureVideo(size: "640x360", rate: "30") + Clips.speech(seconds: seconds),
            output: [
                "-t", "\(seconds)", "-vf", "select='lt(mod(n,7),3)'", "-vsync", "vfr", "-c:v", "libx264", "-preset", "ultrafast",
                "-c:a", "aac",
            ],
            floorSize: (426, 240)
        ),
        Shape(
            file: "late-audio.mp4",
            inputs: Clips.lectureVideo(size: "640x360", rate: "30") + ["-itsoffset", "1"] + Clips.speech(seconds: 3),
            output: ["-t", "\(seconds)", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac"],
            floorSize: (426, 240)
        ),
        Shape(
            file: "no-audio.mp4",
            inputs: Clips.lectureVideo(size: "640x360", rate: "30"),
            output: ["-t", "\(seconds)", "-c:v", "libx264", "-preset", "ultrafast"],
            floorSize: (426, 240),
            hasAudio: false
        ),
        Shape(file: "talk.mp3", inputs: Clips.speech(seconds: seconds, rate: 44100), output: ["-c:a", "libmp3lame", "-b:a", "96k"], floorSize: nil),
        Shape(file: "surround.wav", inputs: Clips.speech(seconds: seconds, layout: "5.1"), output: ["-c:a", "pcm_s16le"], floorSize: nil),
        Shape(file: "talk.opus", inputs: Clips.speech(seconds: seconds), output: ["-c:a", "libopus"], floorSize: nil),
    ]

    @Test("Each input shape becomes a conforming, playable package", arguments: shapes)
    func shape(_ shape: Shape) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = try Self.make(shape, in: folder)
        let report = try IngestTests.ingest(input, library: folder)
        let package = try PackageInspector(URL(fileURLWithPath: report.package))
        let problems = try package.problems(sourceDuration: try IngestTests.sourceDuration(input), scratch: folder)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        if let (width, height) = shape.floorSize {
            let floor = try #require(package.master.variants.first)
            #expect(floor.resolution == Resolution(width: width, height: height))
            #expect(package.master.variants.allSatisfy { $0.resolution == nil || $0.resolution!.width % 2 == 0 && $0.resolution!.height % 2 == 0 })
        } else {
            #expect(package.videoVariants.isEmpty)
            #expect(package.master.variants.count == 2)
            #expect(package.master.variants.allSatisfy { $0.codecs == ["mp4a.40.2"] })
        }
        #expect(package.master.renditions.contains { $0.type == .audio } == shape.hasAudio)
        #expect(report.warnings.isEmpty, "\(report.warnings)")
    }

    static func make(_ shape: Shape, in folder: TemporaryFolder) throws -> URL {
        let url = try Clips.make(shape.file, in: folder, inputs: shape.inputs, output: shape.output)
        if shape.file.hasPrefix("phone-rotated") { try Clips.markRotated90(url) }
        return url
    }

    @Test("Interlaced sources are deinterlaced and rotated ones turned upright before scaling")
    func preprocessingPlan() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let interlaced = try #require(Self.shapes.first { $0.file == "mpeg2-interlaced.ts" })
        let rotated = try #require(Self.shapes.first { $0.file == "phone-rotated.mov" })
        let interlacedPlan = try Ingest.preview(
            IngestRequest(
                input: Self.make(interlaced, in: folder),
                title: "t",
                library: folder.url
            )
        )
        #expect(interlacedPlan.media.video?.isInterlaced == true)
        #expect(interlacedPlan.plan.preprocessing.first?.hasPrefix("yadif") == true)
        #expect(interlacedPlan.media.video?.displayWidth == 768)
        let rotatedPlan = try Ingest.preview(
            IngestRequest(
                input: Self.make(rotated, in: folder),
                title: "t",
                library: folder.url
            )
        )
        #expect(rotatedPlan.media.video?.rotation == 90 || rotatedPlan.media.video?.rotation == 270)
        #expect(rotatedPlan.media.video?.isPortrait == true)
        #expect(rotatedPlan.plan.preprocessing.contains { $0.hasPrefix("transpose") })
    }

    @Test("Audio that starts 1 s after the picture stays in sync: the published audio opens with 1 s of silence")
    func lateAudioStaysInSync() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let shape = try #require(Self.shapes.first { $0.file == "late-audio.mp4" })
        let report = try IngestTests.ingest(try Self.make(shape, in: folder), library: folder)
        let audio = URL(fileURLWithPath: report.package).appendingPathComponent("audio-64k/index.m3u8").path
        let log = try ChildProcess.run(
            Executables.ffmpeg,
            ["-nostdin", "-i", audio, "-af", "silencedetect=noise=-40dB:d=0.3", "-f", "null", "-"]
        ).errorText
        let silenceEnd = log.split(separator: "\n").first { $0.contains("silence_end:") }
            .flatMap { $0.split(separator: " ").drop { $0 != "silence_end:" }.dropFirst().first }
            .flatMap { Double($0) }
        let end = try #require(silenceEnd, "no leading silence found")
        #expect(abs(end - 1.0) < 0.05, "sound starts at \(end) s instead of 1 s")
        #expect(log.contains("silence_start: 0") || log.contains("silence_start: -0"))
    }

    @Test(
        "Luma range: a full-range (JPEG-range) recording comes out in video range, a video-range one keeps its levels, in the rung of its own size as in the scaled ones",
        arguments: ["pc", "tv"]
    )
    func lumaRange(range: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // Left half black, right half white: 0 and 255 in full range, 16 and 235 in video range.
        let picture = ["-f", "lavfi", "-i", "color=c=black:s=640x360:r=30:d=3,drawbox=x=320:y=0:w=320:h=360:color=white:t=fill"]
        let input = try Clips.make(
            "range-\(range).mp4",
            in: folder,
            inputs: picture + Clips.speech(seconds: 3),
            output: [
                "-t", "3", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", range == "pc" ? "yuvj420p" : "yuv420p",
                "-color_range", range, "-c:a", "aac",
            ]
        )
        let package = try PackageInspector(URL(fileURLWithPath: try IngestTests.ingest(input, library: folder).package))
        for rung in ["360p", "240p"] {
            let first = folder.path("\(rung)-first.mp4")
            try package.writePlayable(rung, segments: 1, to: first)
            // Mean luma of the left and right quarters (away from the edge, where scaling rings).
            func mean(_ crop: String) throws -> Double? {
                let values = try Tools.luma(first, filters: "crop=\(crop)").map(\.luma)
                return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
            }
            let black = try #require(try mean("iw/4:ih:0:0"), "\(rung): no frames measured")
            let white = try #require(try mean("iw/4:ih:iw*3/4:0"), "\(rung): no frames measured")
            #expect(abs(black - 16) < 3, "\(rung) from \(range): black at \(black), not video range's 16")
            #expect(abs(white - 235) < 3, "\(rung) from \(range): white at \(white), not video range's 235")
        }
    }

    @Test(
        "Two MPEG-TS recordings joined end to end (timestamps start again, the picture size changes): published whole, each part in its place, with a warning saying where"
    )
    func joinedTransportStreams() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // A dark 640x360 part, then a bright 1280x720 one, each 5 s with a tone; both start at the same timestamps.
        func part(_ name: String, color: String, size: String, tone: Int) throws -> Data {
            let url = try Clips.make(
                name,
                in: folder,
                inputs: ["-f", "lavfi", "-i", "color=c=\(color):s=\(size):r=25:d=5", "-f", "lavfi", "-i", "sine=frequency=\(tone):duration=5"],
                output: ["-t", "5", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-f", "mpegts"]
            )
            return try Data(contentsOf: url)
        }
        let joined = URL(fileURLWithPath: folder.path("joined.ts"))
        try (part("a.ts", color: "black", size: "640x360", tone: 440) + part("b.ts", color: "white", size: "1280x720", tone: 880)).write(to: joined)

        let report = try IngestTests.ingest(joined, library: folder)
        #expect(abs(report.duration - 10) < 0.3, "published \(report.duration) s of a 10 s recording")
        #expect(report.warnings.contains { $0.contains("joined.ts") && $0.contains("start again at 5.0 s") }, "\(report.warnings)")
        let package = try PackageInspector(URL(fileURLWithPath: report.package))
        #expect(try package.problems(sourceDuration: 10, scratch: folder) == [])
        // The picture: dark in the first part, bright in the second, in the floor rung (its init + segments as one file).
        let wholePath = folder.path("floor-whole.mp4")
        try package.writePlayable("240p", to: wholePath)
        let lumas = try Tools.luma(wholePath)
        func luma(at time: Double) -> Double? { lumas.min { abs($0.time - time) < abs($1.time - time) }?.luma }
        let early = try #require(luma(at: 2))
        let late = try #require(luma(at: 8))
        #expect(early < 40 && late > 200, "luma at 2 s \(early), at 8 s \(late)")
        // The sound runs through the second part too.
        let audio = try #require(try package.audioPlaylist(group: "audio-64k"))
        #expect(abs(audio.segments.reduce(0) { $0 + $1.duration } - 10) < 0.3)
    }

    @Test(
        "An HDR10 recording (10-bit HEVC, PQ, BT.2020) is tone-mapped for SDR screens: a 50 % PQ grey (~92 nits) comes out near SDR's 148, not as the raw code value's 126"
    )
    func highDynamicRange() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = try Clips.make(
            "hdr10.mp4",
            in: folder,
            inputs: ["-f", "lavfi", "-i", "color=c=gray:s=640x360:r=25:d=3"] + Clips.speech(seconds: 3),
            output: [
                "-t", "3", "-c:v", "libx265", "-pix_fmt", "yuv420p10le",
                "-x265-params", "colorprim=bt2020:transfer=smpte2084:colormatrix=bt2020nc:log-level=error",
                "-color_primaries", "bt2020", "-color_trc", "smpte2084", "-colorspace", "bt2020nc", "-c:a", "aac",
            ]
        )
        let report = try IngestTests.ingest(input, library: folder)
        let package = try PackageInspector(URL(fileURLWithPath: report.package))
        #expect(try package.problems(sourceDuration: 3, scratch: folder) == [])
        let first = folder.path("hdr-first.mp4")
        try package.writePlayable("360p", segments: 1, to: first)
        let luma = try #require(try Tools.luma(first).first?.luma)
        #expect(abs(luma - 148) < 6, "grey at \(luma)")
    }
}
