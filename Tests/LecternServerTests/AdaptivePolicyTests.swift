import LecternHLS
import Testing

@testable import LecternServer

/// The pure policy over the fixture's ladder (floor 140k, 360p 420k, 480p 850k, 720p 1.7M, slides 75k, audio 31k).
@Suite struct AdaptivePolicyTests {
    let master = try! PlaylistParser.parseMultivariant(PackageFixture.master)

    func uris(_ budget: Budget?) -> [String] {
        AdaptivePolicy.apply(budget, to: master).variants.map(\.uri)
    }

    @Test("No signal: the package's own order, untouched")
    func noSignal() {
        #expect(AdaptivePolicy.apply(nil, to: master) == master)
    }

    @Test("An estimate puts the best fitting rung first, keeps the next one up and drops the rest")
    func estimate() {
        let result = uris(Budget(kbps: 500, tolerance: 2, signal: .cmcd))
        #expect(result == ["360p/index.m3u8", "240p/index.m3u8", "480p/index.m3u8", "audio-32k/index.m3u8"])
    }

    @Test("An explicit cap drops everything above it")
    func cap() {
        let result = uris(Budget(kbps: 900, tolerance: 1, signal: .maxKbps))
        #expect(result == ["480p/index.m3u8", "240p/index.m3u8", "360p/index.m3u8", "audio-32k/index.m3u8"])
    }

    @Test("Near the floor: the floor first, slides kept as a fallback, audio-only last")
    func nearFloor() {
        let result = uris(Budget(kbps: 150, tolerance: 2, signal: .measured))
        #expect(result == ["240p/index.m3u8", "slides/index.m3u8", "audio-32k/index.m3u8"])
    }

    @Test("Below every ladder rung: slides if they fit, then audio-only; nothing Chromium could stall on")
    func belowFloor() {
        #expect(uris(Budget(kbps: 100, tolerance: 2, signal: .clientHints)) == ["slides/index.m3u8", "audio-32k/index.m3u8"])
        #expect(uris(Budget(kbps: 40, tolerance: 1, signal: .maxKbps)) == ["audio-32k/index.m3u8"])
        #expect(uris(Budget(kbps: 1, tolerance: 1, signal: .maxKbps)) == ["audio-32k/index.m3u8"])
    }

    @Test("A fast client gets the top rung first and never loses audio-only")
    func fast() {
        let result = uris(Budget(kbps: 10_000, tolerance: 2, signal: .clientHints))
        #expect(result.first == "720p/index.m3u8")
        #expect(result.last == "audio-32k/index.m3u8")
        #expect(result.contains("240p/index.m3u8"))
        #expect(!result.contains("slides/index.m3u8"))
    }

    @Test("Renditions and I-frame streams survive trimming")
    func keepsRenditions() {
        let adapted = AdaptivePolicy.apply(Budget(kbps: 40, tolerance: 1, signal: .maxKbps), to: master)
        #expect(adapted.renditions == master.renditions)
        #expect(adapted.independentSegments)
    }
}
