/// Fits a `LadderConfig` to a recording: never upscales, keeps the display aspect ratio, even sizes,
/// frame rates capped at the source's, audio tiers only where there is audio.
public enum LadderPlanner {
    /// The plan for `media` under `config`: the fitting rungs, every audio tier when there is audio, and the filters
    /// (deinterlace, rotation, HDR tone mapping) the video needs first.
    public static func plan(_ media: MediaInfo, config: LadderConfig) -> LadderPlan {
        let audio =
            media.audio.map { source in
                config.audioTiers.map { tier in
                    LadderPlan.AudioRendition(
                        name: tier.name,
                        bitRate: tier.bitrate,
                        channels: min(source.channels, tier.maxChannels),
                        sampleRate: tier.sampleRate
                    )
                }
            } ?? []
        let video = media.video.map { videoRenditions($0, config: config, hasAudio: !audio.isEmpty) } ?? []
        var preprocessing: [String] = []
        if let source = media.video {
            if source.isInterlaced { preprocessing.append("yadif=mode=send_frame:parity=auto:deint=interlaced") }
            switch source.rotation {
            case 90: preprocessing.append("transpose=clock")
            case 180: preprocessing.append(contentsOf: ["hflip", "vflip"])
            case 270: preprocessing.append("transpose=cclock")
            default: break
            }
            if source.isHDR { preprocessing.append(contentsOf: toneMapping) }
        }
        return LadderPlan(
            video: video,
            audio: audio,
            audioOnly: audio.isEmpty ? nil : config.audioOnlyTier,
            segmentSeconds: config.segmentSeconds,
            keyFrameSeconds: config.keyFrameSeconds,
            bootstrapSegmentSeconds: config.bootstrapSegmentSeconds,
            preprocessing: preprocessing
        )
    }

    /// HDR (PQ or HLG, BT.2020) to SDR (BT.709, video range) for every screen a learner has: linear light at 100 nits
    /// nominal peak, BT.709 primaries, Hable's curve (highlights roll off instead of clipping), then BT.709 transfer.
    /// Without it PQ pictures come out dim and washed out, and BT.2020 colours pale.
    static let toneMapping = [
        "zscale=t=linear:npl=100", "format=gbrpf32le", "zscale=p=bt709", "tonemap=tonemap=hable:desat=0",
        "zscale=t=bt709:m=bt709:r=tv", "format=yuv420p",
    ]

    static func videoRenditions(_ source: MediaInfo.Video, config: LadderConfig, hasAudio: Bool) -> [LadderPlan.VideoRendition] {
        let sourceRate = normalizedFrameRate(source.frameRate)
        let shortSide = source.shortSide
        var fitting = config.rungs.filter { $0.height <= shortSide }
        // A source smaller than every rung still gets the floor and slides rungs, at its own size.
        for role in [LadderConfig.Rung.Role.floor, .slides] where !fitting.contains(where: { $0.role == role }) {
            if var rung = config.rungs.first(where: { $0.role == role }) {
                rung.height = min(rung.height, shortSide)
                fitting.append(rung)
            }
        }
        if fitting.isEmpty, var lowest = config.rungs.min(by: { $0.height < $1.height }) {
            lowest.height = min(lowest.height, shortSide)
            fitting = [lowest]
        }
        return fitting.map { rung in
            let size = outputSize(source, shortSide: rung.height)
            return LadderPlan.VideoRendition(
                name: rung.name,
                width: size.width,
                height: size.height,
                frameRate: max(1, min(rung.fps, sourceRate)),
                crf: rung.crf,
                maxRate: rung.maxKbps * 1000,
                bufferSize: rung.bufferKbps * 1000,
                preset: rung.preset,
                profile: rung.profile,
                audio: hasAudio ? rung.audioTier : nil,
                role: rung.role
            )
        }
    }

    /// The output size whose short side is `shortSide` (made even), with the source's display aspect ratio.
    static func outputSize(_ source: MediaInfo.Video, shortSide: Int) -> (width: Int, height: Int) {
        let short = even(min(shortSide, source.shortSide))
        let long = even(Double(short) * Double(max(source.displayWidth, source.displayHeight)) / Double(max(source.shortSide, 1)))
        return source.isPortrait ? (short, long) : (long, short)
    }

    /// Source frame rate as an integer (29.97 → 30, 23.976 → 24), so every 2 s key frame falls on a frame.
    static func normalizedFrameRate(_ rate: Double) -> Int {
        guard rate.isFinite, rate >= 1 else { return 30 }
        return Int(rate.rounded())
    }

    static func even(_ value: Double) -> Int { max(2, Int((value / 2).rounded()) * 2) }
    static func even(_ value: Int) -> Int { max(2, value / 2 * 2) }
}
