import Foundation
import Testing

@testable import LecternTranscode

/// The detector on drawn 128×72 pictures sampled twice a second, one hard case at a time: each test knows where the
/// slides change and checks that those changes, and only those, are found.
struct SlideChangeDetectorTests {
    /// A slide: a background, an optional header bar, and "text": rows of dark word-like runs, different per `seed`.
    struct Slide {
        var background: UInt8 = 235
        var ink: UInt8 = 30
        var header: UInt8? = nil
        var seed: Int
        /// Text rows shown (a build shows them one by one).
        var rows = 5

        func pixels(width: Int = 128, height: Int = 72) -> [UInt8] {
            var pixels = [UInt8](repeating: background, count: width * height)
            if let header { for y in 0..<10 { for x in 0..<width { pixels[y * width + x] = header } } }
            var random = seed &* 2_654_435_761 &+ 12345
            func next(_ bound: Int) -> Int {
                random = random &* 1_103_515_245 &+ 12345
                return Int((UInt(bitPattern: random) >> 16) % UInt(bound))
            }
            // The title row is taller, like a title's larger type.
            for row in 0..<rows {
                let top = row == 0 ? 13 : 24 + (row - 1) * 9
                let rowHeight = row == 0 ? 6 : 4
                var x = 8 + next(6)
                let end = 40 + next(80)
                while x < min(end, width - 4) {
                    let word = 4 + next(10)
                    for y in top..<min(top + rowHeight, height) { for column in x..<min(x + word, width) { pixels[y * width + column] = ink } }
                    x += word + 3
                }
            }
            return pixels
        }
    }

    /// What the detector said over a run: the starts of the chapters it began, and the times of its last `keep`
    /// per chapter.
    struct Run {
        var starts: [Double] = []
        var keeps: [Double] = []
        var keepsLast = true
    }

    /// Feeds `seconds` of pictures at 2 a second, made by `picture(time, sampleIndex)`.
    static func run(seconds: Double, minimum: Double = 20, _ picture: (Double, Int) -> [UInt8]) -> Run {
        var detector = SlideChangeDetector(settings: .init(minimumChapter: minimum))
        var run = Run()
        var index = 0
        while Double(index) / 2 < seconds {
            let time = Double(index) / 2
            for event in detector.push(LumaPicture(width: 128, height: 72, pixels: picture(time, index)), time: time) {
                switch event {
                case .began(let start, _): run.starts.append(start)
                case .keep: run.keeps.append(time)
                }
            }
            index += 1
        }
        run.keepsLast = detector.keepsLastChapter(end: seconds)
        return run
    }

    static func near(_ found: [Double], _ expected: [Double], within tolerance: Double = 1) -> Bool {
        found.count == expected.count && zip(found, expected).allSatisfy { abs($0 - $1) <= tolerance }
    }

    static let slides = (0..<6).map { Slide(seed: $0 * 7 + 1) }

    /// `count` noise pixels, different for every `seed` (a moving picture, a frame at a time).
    static func noise(seed: Int, count: Int) -> [UInt8] {
        var state = UInt64(seed + 1) &* 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
    }

    /// A 36×22 webcam inset in the bottom-right corner, different noise on every picture.
    static func paintInset(_ pixels: inout [UInt8], index: Int) {
        let inset = noise(seed: index, count: 22 * 36)
        for y in 50..<72 { for x in 92..<128 { pixels[y * 128 + x] = inset[(y - 50) * 36 + x - 92] } }
    }

    /// The slide on screen at `time` for cuts at `cuts`.
    static func slide(at time: Double, cuts: [Double], slides: [Slide] = slides) -> Slide {
        slides[cuts.filter { time >= $0 }.count]
    }

    @Test("Plain cuts between slides are found where they happen")
    func cuts() {
        let cuts = [30.0, 61.5, 95]
        let run = Self.run(seconds: 130) { time, _ in Self.slide(at: time, cuts: cuts).pixels() }
        #expect(Self.near(run.starts, cuts), "\(run.starts)")
    }

    @Test("Slides that share a template (the same header bar and layout) still change when their text does")
    func sameTemplate() {
        let slides = (0..<3).map { Slide(header: 90, seed: $0 * 13 + 5) }
        let cuts = [25.0, 50]
        let run = Self.run(seconds: 80) { time, _ in Self.slide(at: time, cuts: cuts, slides: slides).pixels() }
        #expect(Self.near(run.starts, cuts), "\(run.starts)")
    }

    @Test("A build that reveals bullets step by step is one chapter, and its picture is the fully built slide")
    func builds() {
        let run = Self.run(seconds: 90) { time, _ in
            if time >= 60 { return Slide(seed: 99).pixels() }
            return Slide(seed: 3, rows: min(5, 1 + Int(time / 10))).pixels()  // a row more every 10 s, complete at 40 s
        }
        #expect(Self.near(run.starts, [60]), "\(run.starts)")
        // The first chapter's last kept picture is after the build completed.
        #expect(run.keeps.filter { $0 < 60 }.max() ?? 0 >= 58)
    }

    @Test("A webcam inset that moves all the time is not a slide change")
    func inset() {
        let cuts = [40.0]
        let run = Self.run(seconds: 80) { time, index in
            var pixels = Self.slide(at: time, cuts: cuts).pixels()
            Self.paintInset(&pixels, index: index)
            return pixels
        }
        #expect(Self.near(run.starts, cuts), "\(run.starts)")
    }

    @Test("A cursor or laser pointer wandering over a slide is not a change")
    func cursor() {
        let run = Self.run(seconds: 60) { time, index in
            var pixels = Slide(seed: 4).pixels()
            let x = 10 + (index * 7) % 100
            let y = 20 + (index * 5) % 40
            for dy in 0..<2 { for dx in 0..<2 { pixels[(y + dy) * 128 + x + dx] = 0 } }
            return pixels
        }
        #expect(run.starts.isEmpty, "\(run.starts)")
    }

    @Test("Camera shake of up to two pixels either way (20 in a 1280-wide recording) is forgiven; the cuts are still found")
    func shake() {
        let cuts = [30.0, 60]
        let run = Self.run(seconds: 90) { time, index in
            let source = Self.slide(at: time, cuts: cuts).pixels()
            let dx = [0, 2, -1, 1, -2, -1, 2][index % 7]
            let dy = [1, 0, -2, 0, 2, -1, 1][index % 7]
            var pixels = source
            for y in 0..<72 {
                for x in 0..<128 {
                    let sx = min(127, max(0, x + dx))
                    let sy = min(71, max(0, y + dy))
                    pixels[y * 128 + x] = source[sy * 128 + sx]
                }
            }
            return pixels
        }
        #expect(Self.near(run.starts, cuts), "\(run.starts)")
    }

    @Test("A hand-held camera filming a screen (sub-pixel sway, light drift, sensor noise) is forgiven; the cuts are still found")
    func filmedScreen() {
        let cuts = [30.0, 60]
        let noise = Self.noise(seed: 5, count: 128 * 72 * 8)
        let run = Self.run(seconds: 90) { time, index in
            let source = Self.slide(at: time, cuts: cuts).pixels()
            // A slow sway of up to 1.4 pixels with a fast jitter on top, never a whole pixel: every edge of the text
            // takes in-between values that no shift of whole pixels takes out.
            let dx = 1.1 * sin(time * 0.4) + 0.3 * sin(Double(index) * 1.9)
            let dy = 0.7 * sin(time * 0.31 + 1) + 0.3 * sin(Double(index) * 2.3)
            let light = 6 * sin(time * 0.9)
            var pixels = source
            for y in 0..<72 {
                for x in 0..<128 {
                    func at(_ x: Int, _ y: Int) -> Double { Double(source[min(71, max(0, y)) * 128 + min(127, max(0, x))]) }
                    let fx = Double(x) + dx
                    let fy = Double(y) + dy
                    let (x0, y0) = (Int(fx.rounded(.down)), Int(fy.rounded(.down)))
                    let (u, v) = (fx - Double(x0), fy - Double(y0))
                    let value =
                        at(x0, y0) * (1 - u) * (1 - v) + at(x0 + 1, y0) * u * (1 - v) + at(x0, y0 + 1) * (1 - u) * v
                        + at(x0 + 1, y0 + 1) * u * v
                    let grain = Double(noise[(index % 8) * 128 * 72 + y * 128 + x] % 7) - 3
                    pixels[y * 128 + x] = UInt8(max(0, min(255, value + light + grain)))
                }
            }
            return pixels
        }
        #expect(Self.near(run.starts, cuts), "\(run.starts)")
    }

    @Test("A video clip is one chapter from its start, and the slide after it another")
    func clip() {
        let run = Self.run(seconds: 100) { time, index in
            if time >= 30, time < 55 { return Self.noise(seed: index + 6, count: 128 * 72) }
            return Slide(seed: time < 30 ? 1 : 2).pixels()
        }
        #expect(Self.near(run.starts, [30, 55]), "\(run.starts)")
    }

    @Test("A clip whose moving part is small (a test card: a still frame with a moving box) is one chapter, not an inset")
    func clipWithSmallMotion() {
        // The card is grey with bars; a 24×16 box moves across it and a counter changes: under a quarter of the
        // picture moves, as in a talking head or a demo in a window.
        let run = Self.run(seconds: 100) { time, index in
            guard time >= 30, time < 55 else { return Slide(seed: time < 30 ? 1 : 2).pixels() }
            var card = [UInt8](repeating: 128, count: 128 * 72)
            for y in 50..<72 { for x in 0..<128 { card[y * 128 + x] = UInt8(40 + (x / 16) * 25) } }
            let left = (index * 7) % 100
            for y in 10..<26 { for x in left..<(left + 24) { card[y * 128 + x] = 240 } }
            for (offset, value) in Self.noise(seed: index, count: 12 * 8).enumerated() {
                card[(30 + offset / 12) * 128 + 58 + offset % 12] = value
            }
            return card
        }
        #expect(Self.near(run.starts, [30, 55]), "\(run.starts)")
    }

    @Test("A crossfade and a fade through black are one change, placed where the fade starts")
    func fades() {
        let a = Slide(seed: 1).pixels()
        let b = Slide(seed: 2).pixels()
        let c = Slide(background: 250, seed: 3).pixels()
        let run = Self.run(seconds: 100) { time, _ in
            switch time {
            case ..<30: return a
            case 30..<31.5:  // crossfade over 1.5 s
                let mix = (time - 30) / 1.5
                return zip(a, b).map { UInt8(Double($0) * (1 - mix) + Double($1) * mix) }
            case ..<60: return b
            case 60..<61: return b.map { UInt8(Double($0) * (61 - time)) }  // fade out
            case ..<63: return [UInt8](repeating: 0, count: 128 * 72)  // black for 2 s
            case 63..<64: return c.map { UInt8(Double($0) * (time - 63)) }  // fade in
            default: return c
            }
        }
        #expect(Self.near(run.starts, [30, 60]), "\(run.starts)")
    }

    @Test(
        "A crossfade that changes little, beside a webcam inset, is one change: no picture of the fade differs from the one before by the change share, the whole fade does",
        arguments: [true, false]
    )
    func smallCrossfade(holding: Bool) {
        // A title, and a line below it: a dark word goes and a pale, longer one comes (a 50-level step, 17 a picture).
        var before = [UInt8](repeating: 235, count: 128 * 72)
        for y in 13..<19 { for x in 8..<70 where (x / 7) % 2 == 0 { before[y * 128 + x] = 30 } }
        for y in 60..<66 { for x in 8..<18 { before[y * 128 + x] = 30 } }
        var after = before
        for y in 60..<66 {
            for x in 8..<18 { after[y * 128 + x] = 235 }
            for x in 30..<50 { after[y * 128 + x] = 185 }
        }
        var settings = SlideChangeDetector.Settings(minimumChapter: 20)
        if !holding { settings.holdShare = 1 }  // the detector without holding, which this fade defeats
        var detector = SlideChangeDetector(settings: settings)
        var starts: [Double] = []
        for index in 0..<200 {
            let time = Double(index) / 2
            var pixels: [UInt8]
            switch time {
            case ..<30: pixels = before
            case 30..<31.5:  // 1.5 s, caught at a third and at two thirds
                let mix = (time - 30) / 1.5
                pixels = zip(before, after).map { UInt8(Double($0) * (1 - mix) + Double($1) * mix) }
            case ..<60: pixels = after
            default: pixels = Self.slides[5].pixels()
            }
            Self.paintInset(&pixels, index: index)
            for case .began(let start, _) in detector.push(LumaPicture(width: 128, height: 72, pixels: pixels), time: time) {
                starts.append(start)
            }
        }
        if holding {
            #expect(Self.near(starts, [30, 60]), "\(starts)")
        } else {
            #expect(Self.near(starts, [60]), "without holding, each third of the fade is under the change share: \(starts)")
        }
    }

    @Test("A chapter shorter than the minimum joins the next; a short last one joins the one before")
    func minimum() {
        let cuts = [30.0, 36, 80]
        let run = Self.run(seconds: 90, minimum: 20) { time, _ in Self.slide(at: time, cuts: cuts).pixels() }
        // The 6 s slide at 30 s starts the chapter of the slide after it; the one at 80 s is 10 s long: too short.
        #expect(Self.near(run.starts, [30, 80]), "\(run.starts)")
        #expect(!run.keepsLast)
        let shorter = Self.run(seconds: 90, minimum: 5) { time, _ in Self.slide(at: time, cuts: cuts).pixels() }
        #expect(Self.near(shorter.starts, cuts), "\(shorter.starts)")
        #expect(shorter.keepsLast)
    }

    @Test("A filmed speaker (motion everywhere, all the time) gives no slide chapters")
    func filmedSpeaker() {
        let run = Self.run(seconds: 60) { _, index in Self.noise(seed: index + 2, count: 128 * 72) }
        // The clip that starts at 0 is the first chapter itself: nothing begins after it.
        #expect(run.starts.isEmpty, "\(run.starts)")
    }
}
