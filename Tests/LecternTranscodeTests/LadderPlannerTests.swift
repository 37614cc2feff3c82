import Foundation
import Testing

@testable import LecternTranscode

/// Ladder planning is pure: these run without FFmpeg.
@Suite struct LadderPlannerTests {
    static func video(
        _ width: Int,
        _ height: Int,
        fps: Double = 30,
        rotation: Int = 0,
        sar: (Int, Int) = (1, 1),
        interlaced: Bool = false,
        audioChannels: Int? = 2,
        transfer: String? = nil
    ) -> MediaInfo {
        var displayWidth = width * sar.0 / sar.1
        var displayHeight = height
        if rotation == 90 || rotation == 270 { swap(&displayWidth, &displayHeight) }
        return MediaInfo(
            fileName: "x.mp4",
            fileSize: 1,
            container: "mp4",
            duration: 60,
            video: .init(
                streamIndex: 0,
                codec: "h264",
                width: width,
                height: height,
                displayWidth: displayWidth,
                displayHeight: displayHeight,
                pixelFormat: "yuv420p",
                bitDepth: 8,
                frameRate: fps,
                isVariableFrameRate: false,
                rotation: rotation,
                sampleAspectRatio: "\(sar.0)/\(sar.1)",
                isInterlaced: interlaced,
                colorTransfer: transfer
            ),
            audio: audioChannels.map { .init(streamIndex: 1, codec: "aac", sampleRate: 48000, channels: $0, channelLayout: nil, language: nil) },
            ignoredStreams: []
        )
    }

    static func plan(_ media: MediaInfo) -> LadderPlan { LadderPlanner.plan(media, config: .default) }

    @Test("1080p: every rung, none above 720p, floor and slides on the low audio tier")
    func fullHD() {
        let plan = Self.plan(Self.video(1920, 1080))
        #expect(plan.video.map(\.name) == ["720p", "480p", "360p", "240p", "slides"])
        #expect(plan.video.map(\.height) == [720, 480, 360, 240, 240])
        #expect(plan.video.map(\.width) == [1280, 854, 640, 426, 426])
        #expect(plan.video.map(\.frameRate) == [30, 30, 30, 15, 2])
        #expect(plan.video.filter { $0.role != .regular }.allSatisfy { $0.audio == "audio-32k" })
        #expect(plan.audioOnly == "audio-32k")
        #expect(plan.audio.map(\.channels) == [2, 1])
    }

    @Test("Never upscale: a 480p source skips 720p")
    func noUpscale() {
        #expect(Self.plan(Self.video(854, 480)).video.map(\.name) == ["480p", "360p", "240p", "slides"])
        #expect(Self.plan(Self.video(1280, 720)).video.first?.name == "720p")
    }

    @Test("A source smaller than the floor keeps floor and slides at its own size, even")
    func tiny() {
        let plan = Self.plan(Self.video(161, 121))
        #expect(plan.video.map(\.name) == ["240p", "slides"])
        #expect(plan.video.allSatisfy { $0.height == 120 && $0.width == 160 })
    }

    @Test("Portrait phone video: the short side names the rung, the picture stays portrait")
    func portrait() {
        let plan = Self.plan(Self.video(1920, 1080, rotation: 90))
        #expect(plan.video.first.map { ($0.width, $0.height) } ?? (0, 0) == (720, 1280))
        #expect(plan.preprocessing == ["transpose=clock"])
        #expect(Self.plan(Self.video(1920, 1080, rotation: 270)).preprocessing == ["transpose=cclock"])
        #expect(Self.plan(Self.video(1920, 1080, rotation: 180)).preprocessing == ["hflip", "vflip"])
    }

    @Test("Non-square pixels: the display aspect is kept with square pixels out")
    func anamorphic() {
        // PAL 4:3: 720x576 with 16:15 pixels shows as 768x576.
        let plan = Self.plan(Self.video(720, 576, fps: 25, sar: (16, 15), interlaced: true))
        #expect(plan.video.map(\.name) == ["480p", "360p", "240p", "slides"])
        #expect(plan.video.first.map { ($0.width, $0.height) } ?? (0, 0) == (640, 480))
        #expect(plan.video.allSatisfy { $0.width % 2 == 0 && $0.height % 2 == 0 })
        #expect(plan.video.map(\.frameRate) == [25, 25, 15, 2])
        #expect(plan.preprocessing.first?.hasPrefix("yadif") == true)
    }

    @Test("Frame rates are capped at the source's, rounded to whole frames so 2 s key frames land on frames")
    func frameRates() {
        #expect(Self.plan(Self.video(1280, 720, fps: 29.97)).video.first?.frameRate == 30)
        #expect(Self.plan(Self.video(1280, 720, fps: 23.976)).video.first?.frameRate == 24)
        #expect(Self.plan(Self.video(1280, 720, fps: 10)).video.map(\.frameRate) == [10, 10, 10, 10, 2])
        #expect(Self.plan(Self.video(1280, 720, fps: 0)).video.first?.frameRate == 30)
    }

    @Test("Audio-only and video-only sources")
    func missingStreams() {
        var audioOnly = Self.video(640, 360)
        audioOnly.video = nil
        let audioPlan = Self.plan(audioOnly)
        #expect(audioPlan.video.isEmpty)
        #expect(audioPlan.audio.map(\.name) == ["audio-64k", "audio-32k"])
        let silent = Self.plan(Self.video(640, 360, audioChannels: nil))
        #expect(silent.audio.isEmpty && silent.audioOnly == nil)
        #expect(silent.video.allSatisfy { $0.audio == nil })
    }

    @Test("Segments: three 2 s bootstrap segments, then 6 s")
    func boundaries() {
        let plan = Self.plan(Self.video(1280, 720))
        #expect(plan.segmentBoundaries(until: 20) == [2, 4, 6, 12, 18, 24])
    }

    @Test("Key frames: every keyFrameSeconds, plus the bootstrap boundaries off that grid")
    func keyFrameGrid() {
        let grid = KeyFrameGrid(interval: 2, bootstrapSegmentSeconds: [1, 2, 3])
        #expect(grid.extraSeconds == [1, 3])
        // 15 fps: frames 0, 15 (1 s), 30 (2 s), 45 (3 s), 60 (4 s), 90 (6 s); not 75 (5 s).
        let keys = (0..<100).filter { grid.isKeyFrame(frame: Int64($0), frameRate: 15) }
        #expect(keys == [0, 15, 30, 45, 60, 90])
        #expect([0.0, 0.5, 1.0, 2.9, 3.0, 4.0, 7.0].map(grid.next(after:)) == [1, 1, 2, 3, 4, 6, 8])
        #expect(KeyFrameGrid(interval: 2, bootstrapSegmentSeconds: [2, 2, 2]).extraSeconds.isEmpty)
    }

    @Test("Config/ladder.json is the built-in default")
    func configFile() throws {
        let file = try LadderConfig.load(repositoryRoot.appendingPathComponent("Config/ladder.json"))
        #expect(file == LadderConfig.default)
    }

    @Test(
        "A broken ladder file is refused with its path and the reason",
        arguments: [
            ("{", "not a valid ladder"),
            (
                #"{"segmentSeconds": 5, "keyFrameSeconds": 2, "bootstrapSegmentSeconds": [], "rungs": [], "audioTiers": [], "audioOnlyTier": "a"}"#,
                "multiple of keyFrameSeconds"
            ),
            (
                #"{"segmentSeconds": 6, "keyFrameSeconds": 2, "bootstrapSegmentSeconds": [1, 2], "rungs": [], "audioTiers": [], "audioOnlyTier": "a"}"#,
                "add up to a multiple of keyFrameSeconds"
            ),
        ]
    )
    func brokenLadder(text: String, reason: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let url = folder.url.appendingPathComponent("ladder.json")
        try Data(text.utf8).write(to: url)
        #expect {
            try LadderConfig.load(url)
        } throws: { error in
            "\(error)".contains(url.path) && "\(error)".contains(reason)
        }
    }

    @Test("HDR (PQ or HLG) is tone-mapped to SDR after rotation; SDR and unlabelled recordings are left alone")
    func highDynamicRange() {
        for transfer in ["smpte2084", "arib-std-b67"] {
            let plan = Self.plan(Self.video(3840, 2160, rotation: 90, transfer: transfer))
            #expect(plan.preprocessing == ["transpose=clock"] + LadderPlanner.toneMapping, "\(transfer)")
        }
        for transfer in ["bt709", nil] {
            #expect(Self.plan(Self.video(1920, 1080, transfer: transfer)).preprocessing.isEmpty)
        }
    }
}
