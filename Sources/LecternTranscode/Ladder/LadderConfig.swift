public import Foundation

/// The ladder a content team can tune (`Config/ladder.json`); `LadderPlanner` fits it to one recording.
public struct LadderConfig: Sendable, Hashable, Codable {
    /// One video rendition of the ladder, before it is fitted to a recording.
    public struct Rung: Sendable, Hashable, Codable {
        /// Which rungs the planner keeps for any recording, and where each variant goes in the master (floor first, slides
        /// after the regular rungs).
        public enum Role: String, Sendable, Codable {
            /// An ordinary rung of the ladder.
            case regular
            /// The lowest regular rung: always kept, even for a source smaller than it.
            case floor
            /// A few frames per second for 2G links: slides stay legible, the speaker becomes a slideshow.
            case slides
        }

        /// The rendition's name and folder in the package ("720p"); letters, digits, `-` or `_`, unique in the ladder.
        public var name: String
        /// The short side of the picture in pixels (height for landscape, width for portrait).
        public var height: Int
        /// Frames per second, capped at the source's.
        public var fps: Int
        /// x264 constant rate factor: the quality target (lower is better and bigger), capped by `maxKbps`.
        public var crf: Double
        /// The cap on the video bitrate (x264 VBV max rate).
        public var maxKbps: Int
        /// The x264 VBV buffer size in kilobits; with `maxKbps` it bounds the bits of any stretch of video.
        public var bufferKbps: Int
        /// The x264 preset (e.g. "veryfast", "medium"): slower presets spend encoding time to save bits.
        public var preset: String
        /// The H.264 profile ("high" by default).
        public var profile: String
        /// The audio tier played with this rung.
        public var audioTier: String
        /// `regular`, or the `floor` or `slides` rung the planner always keeps.
        public var role: Role

        /// A rung of a ladder built in code; `profile` defaults to "high", `role` to `regular`.
        public init(
            name: String,
            height: Int,
            fps: Int,
            crf: Double,
            maxKbps: Int,
            bufferKbps: Int,
            preset: String,
            profile: String = "high",
            audioTier: String,
            role: Role = .regular
        ) {
            self.name = name
            self.height = height
            self.fps = fps
            self.crf = crf
            self.maxKbps = maxKbps
            self.bufferKbps = bufferKbps
            self.preset = preset
            self.profile = profile
            self.audioTier = audioTier
            self.role = role
        }
    }

    /// One AAC-LC audio rendition of the ladder; every language of a lecture is encoded into every tier.
    public struct AudioTier: Sendable, Hashable, Codable {
        /// The tier's name and `GROUP-ID` ("audio-64k"); the lecture's own language uses it as its folder, others add "-<language>".
        public var name: String
        /// Target bits per second (64000).
        public var bitrate: Int
        /// At most this many channels: 1 downmixes to mono, 2 keeps stereo (a mono source stays mono).
        public var maxChannels: Int
        /// Output sample rate in Hz: 22050, 24000, 32000, 44100 or 48000.
        public var sampleRate: Int

        /// A tier of a ladder built in code.
        public init(name: String, bitrate: Int, maxChannels: Int, sampleRate: Int) {
            self.name = name
            self.bitrate = bitrate
            self.maxChannels = maxChannels
            self.sampleRate = sampleRate
        }
    }

    /// Target segment length in seconds (segments end on key frames).
    public var segmentSeconds: Int
    /// Seconds between IDR frames, identical in every rung.
    public var keyFrameSeconds: Int
    /// Lengths of the first segments, shorter so that playback starts sooner on slow links. Each gets a key frame at
    /// its end; together they must end on the regular key frame grid, where the `segmentSeconds` segments take over.
    public var bootstrapSegmentSeconds: [Int]
    /// The video rungs (highest first in the default); the planner keeps those no taller than the recording, plus the
    /// floor and slides rungs.
    public var rungs: [Rung]
    /// The audio renditions; each rung names the one it plays with.
    public var audioTiers: [AudioTier]
    /// The tier offered as the audio-only variant.
    public var audioOnlyTier: String

    /// A whole ladder; call `validate(source:)` before using one that was not loaded with `load(_:)`.
    public init(
        segmentSeconds: Int,
        keyFrameSeconds: Int,
        bootstrapSegmentSeconds: [Int],
        rungs: [Rung],
        audioTiers: [AudioTier],
        audioOnlyTier: String
    ) {
        self.segmentSeconds = segmentSeconds
        self.keyFrameSeconds = keyFrameSeconds
        self.bootstrapSegmentSeconds = bootstrapSegmentSeconds
        self.rungs = rungs
        self.audioTiers = audioTiers
        self.audioOnlyTier = audioOnlyTier
    }

    /// The lecture-tuned default, identical to `Config/ladder.json` (a test keeps the two equal).
    ///
    /// The VBV caps bound every segment, including the 2 s bootstrap ones: a window of t seconds holds at most
    /// bufferKbps + maxKbps × t kilobits, so the floor stays ≤ 150 kbps and the slides rung ≤ 80 kbps with their audio.
    public static let `default` = LadderConfig(
        segmentSeconds: 6,
        keyFrameSeconds: 2,
        bootstrapSegmentSeconds: [2, 2, 2],
        rungs: [
            Rung(name: "720p", height: 720, fps: 30, crf: 23, maxKbps: 1400, bufferKbps: 2800, preset: "veryfast", audioTier: "audio-64k"),
            Rung(name: "480p", height: 480, fps: 30, crf: 24, maxKbps: 700, bufferKbps: 1400, preset: "faster", audioTier: "audio-64k"),
            Rung(name: "360p", height: 360, fps: 30, crf: 25, maxKbps: 380, bufferKbps: 760, preset: "fast", audioTier: "audio-64k"),
            Rung(name: "240p", height: 240, fps: 15, crf: 27, maxKbps: 90, bufferKbps: 60, preset: "medium", audioTier: "audio-32k", role: .floor),
            Rung(name: "slides", height: 240, fps: 2, crf: 28, maxKbps: 30, bufferKbps: 40, preset: "medium", audioTier: "audio-32k", role: .slides),
        ],
        audioTiers: [
            AudioTier(name: "audio-64k", bitrate: 64000, maxChannels: 2, sampleRate: 48000),
            AudioTier(name: "audio-32k", bitrate: 28000, maxChannels: 1, sampleRate: 48000),
        ],
        audioOnlyTier: "audio-32k"
    )

    /// Reads a ladder file, with errors that name the file and the problem.
    public static func load(_ url: URL) throws(TranscodeError) -> LadderConfig {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TranscodeError(code: .invalidLadder, message: "\(url.path): cannot read the ladder file")
        }
        let config: LadderConfig
        do { config = try JSONDecoder().decode(LadderConfig.self, from: data) } catch {
            throw TranscodeError(code: .invalidLadder, message: "\(url.path): not a valid ladder (\(Self.describe(error)))")
        }
        try config.validate(source: url.path)
        return config
    }

    /// Throws `invalidLadder`, naming `source` and the first rule broken (grid, names, ranges, tiers); `Ingest` calls it
    /// before reading the recording.
    public func validate(source: String = "ladder") throws(TranscodeError) {
        func fail(_ message: String) -> TranscodeError { TranscodeError(code: .invalidLadder, message: "\(source): \(message)") }
        guard keyFrameSeconds > 0, segmentSeconds > 0, segmentSeconds % keyFrameSeconds == 0 else {
            throw fail("segmentSeconds must be a positive multiple of keyFrameSeconds")
        }
        guard bootstrapSegmentSeconds.allSatisfy({ $0 > 0 && $0 <= segmentSeconds }),
            bootstrapSegmentSeconds.reduce(0, +) % keyFrameSeconds == 0
        else {
            throw fail("bootstrapSegmentSeconds must each be 1 to segmentSeconds and add up to a multiple of keyFrameSeconds")
        }
        guard !rungs.isEmpty else { throw fail("no rungs") }
        let tierNames = Set(audioTiers.map(\.name))
        guard tierNames.count == audioTiers.count, !audioTiers.isEmpty else { throw fail("audio tier names must be unique and present") }
        guard tierNames.contains(audioOnlyTier) else { throw fail("audioOnlyTier \(audioOnlyTier) is not an audio tier") }
        var names = tierNames
        for rung in rungs {
            guard names.insert(rung.name).inserted else { throw fail("duplicate name \(rung.name)") }
            guard rung.name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                throw fail("rung name \(rung.name) must be letters, digits, - or _")
            }
            guard rung.height >= 64, rung.height <= 4320, rung.fps >= 1, rung.fps <= 120, rung.maxKbps > 0, rung.bufferKbps > 0 else {
                throw fail("rung \(rung.name) has out-of-range height, fps or bitrate")
            }
            guard (rung.fps * keyFrameSeconds) >= 1 else { throw fail("rung \(rung.name): fewer than one frame per key frame interval") }
            guard tierNames.contains(rung.audioTier) else { throw fail("rung \(rung.name) uses unknown audio tier \(rung.audioTier)") }
        }
        for tier in audioTiers where tier.bitrate < 8000 || tier.maxChannels < 1 || ![22050, 24000, 32000, 44100, 48000].contains(tier.sampleRate) {
            throw fail("audio tier \(tier.name) has an unusable bitrate, channel count or sample rate")
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "bad value at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.dataCorrupted(let context): context.debugDescription
        default: "\(error)"
        }
    }
}
