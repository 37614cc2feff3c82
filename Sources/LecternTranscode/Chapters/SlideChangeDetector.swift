/// Finds where a lecture's slides change, from small grey pictures of it taken twice a second (`LumaPicture`).
///
/// It waits for the picture to hold still, then compares the still picture with the chapter's last still one:
/// - a webcam inset or a speaker that moves all the time is learnt as an area to ignore (pixels that keep changing,
///   up to a quarter of the picture);
/// - a cursor or laser pointer changes too few pixels to count, and camera shake is forgiven by comparing each pixel
///   with its neighbours (`LumaPicture.changes`);
/// - a build (bullets appearing on the slide's background, the rest kept) continues the chapter;
/// - motion that lasts (`clipSeconds`: a video clip) is a chapter of its own, from its start to the next still picture;
/// - a fade is a moment without stillness: the change is placed where the picture first moved away from the slide;
///   a fade slow enough to look still at each picture is measured whole, against the chapter's picture held for it
///   (`Settings.holdShare`).
/// A chapter shorter than `minimumChapter` joins the one after it (the last one joins the one before).
struct SlideChangeDetector {
    struct Settings: Sendable {
        /// Seconds; a chapter lasts at least this long.
        var minimumChapter = 20.0
        /// Motion lasting this many seconds is a clip, a chapter of its own.
        var clipSeconds = 6.0
        /// Brightness levels a pixel must change by to count (noise and compression stay below).
        var pixelThreshold = 20
        /// Share of the watched pixels that may change between two pictures still called still.
        var stillShare = 0.01
        /// Share of the watched pixels that must differ from the chapter's picture for the slide to have changed.
        var changeShare = 0.008
        /// A still picture that differs from the chapter's by this share or more (but less than `changeShare`) may be
        /// halfway through a change (a fade caught between two pictures): for up to `holdSeconds` it does not replace
        /// the chapter's picture, so the whole change is measured once it is over.
        var holdShare = 0.002
        var holdSeconds = 2.0
    }

    /// A still slide or moving pictures: the chapters' own kinds.
    typealias Kind = DetectedChapter.Kind

    enum Event: Equatable, Sendable {
        /// A chapter begins at `start` (at or before this picture); the one before it, if any, is complete.
        case began(start: Double, kind: Kind)
        /// This picture is the current chapter's best so far (its latest still picture): keep it.
        case keep
    }

    let settings: Settings
    /// How often each pixel has changed lately (a share of the last ten seconds or so), to ignore the areas that keep
    /// moving.
    private var activity: [Float] = []
    private var previous: (picture: LumaPicture, time: Double)?
    /// The chapter's latest still picture, and which of its pixels are background.
    private var reference: LumaPicture?
    private var referenceBackground: [Bool] = []
    /// The pixels watched when `reference` was taken: an area that was moving then (a fade just over) is not ignored
    /// later, when the picture is compared with it.
    private var referenceWatched: [Bool]?
    /// Pictures in a row that hardly differ from the one before, and since when the picture holds still.
    private var stillRun = 0
    private var stillSince = 0.0
    /// When the picture first moved away from `reference`, and when it last stopped holding still.
    private var departure: Double?
    private var unstableSince: Double?
    private var inClip = false
    /// Since when still pictures have been held against the chapter's picture (see `Settings.holdShare`).
    private var holdSince: Double?
    private(set) var chapterStart = 0.0
    private(set) var chapterKind = Kind.slide
    private(set) var chapterCount = 1

    init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// Takes the next picture, `time` seconds into the lecture; says what it means for the chapters.
    mutating func push(_ picture: LumaPicture, time: Double) -> [Event] {
        defer { previous = (picture, time) }
        guard let previous, previous.picture.width == picture.width, previous.picture.height == picture.height else {
            activity = [Float](repeating: 0, count: picture.pixels.count)
            return []
        }
        let moved = picture.changes(from: previous.picture, threshold: settings.pixelThreshold)
        for index in activity.indices { activity[index] = activity[index] * 0.95 + (moved[index] ? 0.05 : 0) }
        var events: [Event] = []
        let fromReference = reference.map { picture.changes(from: $0, threshold: settings.pixelThreshold) }
        let difference = fromReference.map { Self.share($0, of: referenceWatched) } ?? 0
        // When the picture first moved away from the chapter's picture, and stayed away: a moment of noise that comes
        // back (camera flicker, a pointer) does not date the next change.
        if fromReference != nil {
            if difference < settings.changeShare {
                departure = nil
            } else if departure == nil {
                departure = time  // the first picture that shows the change
            }
        }
        // Once the picture has left the chapter's slide, what is ignored stays what was ignored on that slide (the
        // webcam inset): a clip whose moving parts are small (a talking head, a demo in a window) must not be learnt
        // as an inset and called still while it plays.
        let watched = departure == nil || reference == nil ? watchedPixels(width: picture.width, height: picture.height) : referenceWatched
        let still = Self.share(moved, of: watched) < settings.stillShare
        if still {
            if stillRun == 0 { stillSince = previous.time }
            stillRun += 1
        } else {
            stillRun = 0
            if unstableSince == nil { unstableSince = previous.time }
        }
        if !inClip, let unstableSince, time - unstableSince >= settings.clipSeconds {
            inClip = true
            events += begin(at: departure ?? unstableSince, kind: .clip)
            events.append(.keep)
        }
        guard stillRun >= 2 else { return events }
        // The picture holds still: what is it, next to the chapter's picture?
        if inClip {
            events += begin(at: stillSince, kind: .slide)
        } else if let fromReference, difference >= settings.changeShare, !isBuild(fromReference) {
            events += begin(at: holdSince ?? departure ?? stillSince, kind: .slide)
        } else if let fromReference, difference >= settings.holdShare, difference < settings.changeShare,
            Self.share(fromReference, of: watched, and: referenceWatched) >= settings.holdShare,
            time - (holdSince ?? time) < settings.holdSeconds
        {
            // (Not when what differs is only what the chapter's picture did not yet know to ignore: an inset learnt since.)
            if holdSince == nil { holdSince = time }
            return events
        }
        holdSince = nil
        inClip = false
        departure = nil
        unstableSince = nil
        reference = picture
        referenceWatched = watched
        let background = picture.background
        referenceBackground = picture.pixels.map { abs(Int($0) - Int(background)) <= 24 }
        events.append(.keep)
        return events
    }

    /// Whether the chapter that runs to `end` is long enough to keep; when it is not (and is not the only one), the
    /// one before it runs to the end instead.
    func keepsLastChapter(end: Double) -> Bool {
        chapterCount == 1 || end - chapterStart >= settings.minimumChapter
    }

    /// A new chapter at `start`, or, when the current one would be shorter than the minimum, the current one going on
    /// with what comes next.
    private mutating func begin(at start: Double, kind: Kind) -> [Event] {
        chapterKind = kind
        guard start - chapterStart >= settings.minimumChapter else { return [] }
        chapterStart = start
        chapterCount += 1
        return [.began(start: start, kind: kind)]
    }

    /// A build adds to the slide: what changed was background, and most of the background stays (a new slide, even
    /// one with the same layout, replaces text; a new template replaces the background).
    private func isBuild(_ changed: [Bool]) -> Bool {
        var changedCount = 0
        var changedBackground = 0
        var background = 0
        for index in changed.indices where referenceWatched?[index] ?? true {
            let isBackground = referenceBackground[index]
            if isBackground { background += 1 }
            guard changed[index] else { continue }
            changedCount += 1
            if isBackground { changedBackground += 1 }
        }
        guard changedCount > 0, background > 0 else { return false }
        return Double(changedBackground) >= 0.9 * Double(changedCount) && Double(changedBackground) < 0.4 * Double(background)
    }

    /// The pixels worth watching: all but the area that keeps changing (a webcam inset, widened by two pixels), unless
    /// that is over a quarter of the picture (a clip, a filmed speaker), where nothing is ignored. Nil means every pixel.
    /// A pixel keeps changing when it changed twice within about five seconds: a speaker's head moves a part of the
    /// inset at a time, while the noise of a filmed screen seldom hits one pixel twice.
    private func watchedPixels(width: Int, height: Int) -> [Bool]? {
        let reach = 2
        // Rows, then columns: the busiest pixel within `reach` either way.
        var rows = activity
        for y in 0..<height {
            for x in 0..<width {
                var busiest: Float = 0
                for column in max(0, x - reach)...min(width - 1, x + reach) { busiest = max(busiest, activity[y * width + column]) }
                rows[y * width + x] = busiest
            }
        }
        var watched = [Bool](repeating: true, count: activity.count)
        var ignored = 0
        for y in 0..<height {
            for x in 0..<width {
                var busiest: Float = 0
                for row in max(0, y - reach)...min(height - 1, y + reach) { busiest = max(busiest, rows[row * width + x]) }
                if busiest >= 0.08 {
                    watched[y * width + x] = false
                    ignored += 1
                }
            }
        }
        return ignored > 0 && ignored * 4 <= watched.count ? watched : nil
    }

    /// The share of the watched pixels (watched in both masks, when there are two) that changed.
    private static func share(_ changed: [Bool], of watched: [Bool]?, and also: [Bool]? = nil) -> Double {
        var total = 0
        var hits = 0
        for index in changed.indices where watched?[index] ?? true && also?[index] ?? true {
            total += 1
            if changed[index] { hits += 1 }
        }
        return total == 0 ? 0 : Double(hits) / Double(total)
    }
}
