import Foundation
import LecternFFmpeg
import Logging

/// Slide-change chapters, found in the pictures the transcode already decodes: the shared video graph hands this
/// branch, twice a second, a 128-pixel grey picture (what `SlideChangeDetector` looks at) and the same moment at full
/// size (kept by reference, no copy, as the chapter's picture). Each finished chapter's picture goes to
/// `ChapterPictures` for its thumbnail and its text.
final class ChapterBranch {
    /// Pictures a second the detector looks at.
    static let sampleRate = 2
    /// Pixels across the detector's pictures.
    static let detectionWidth = 256

    private var detector: SlideChangeDetector
    private let pictures: ChapterPictures
    private let logger: Logger
    /// Full-size pictures by timestamp, waiting for their small twin (the two graph outputs deliver in step).
    private var recent: [(pts: Int64, picture: HeldFrame)] = []
    private var current: (start: Double, kind: SlideChangeDetector.Kind, picture: HeldFrame?) = (0, .slide, nil)
    private var number = 0
    private var pictureTimeBase = Rational(1, 1)

    /// `textLanguage`: the slides' language for OCR, nil to read none.
    init(folder: URL, displayWidth: Int, displayHeight: Int, textLanguage: String?, minimumChapter: Double, logger: Logger) {
        detector = SlideChangeDetector(settings: .init(minimumChapter: minimumChapter))
        pictures = ChapterPictures(
            folder: folder,
            displayWidth: displayWidth,
            displayHeight: displayHeight,
            textLanguage: textLanguage,
            logger: logger
        )
        self.logger = logger
    }

    /// The filter chains for the shared graph: from one of its split's outputs, `[small]` to output `smallOutput`
    /// (grey, 256 wide) and `[large]` to `largeOutput` (full size), both twice a second.
    static func graphChains(from input: String, smallOutput: Int, largeOutput: Int) -> String {
        "[\(input)]fps=fps=\(sampleRate):start_time=0,split=2[chapters_small][chapters_large];"
            + "[chapters_small]scale=w=\(detectionWidth):h=-2:flags=area,format=gray[out\(smallOutput)];"
            + "[chapters_large]null[out\(largeOutput)]"
    }

    /// Takes a full-size picture (timestamps in `timeBase`).
    func takeLarge(_ frame: borrowing Frame, timeBase: Rational) throws(FFmpegError) {
        pictureTimeBase = timeBase
        recent.append((frame.pts, HeldFrame(try frame.makeReference())))
        if recent.count > 4 { recent.removeFirst() }
    }

    /// Takes the small grey twin of a full-size picture and moves the chapters on.
    func takeSmall(_ frame: borrowing Frame, timeBase: Rational) {
        guard let pixels = frame.grayPixels() else { return }
        let time = timeBase.seconds(frame.pts)
        let events = detector.push(LumaPicture(width: frame.width, height: frame.height, pixels: pixels), time: time)
        for event in events {
            switch event {
            case .began(let start, let kind):
                close()
                current = (start, kind, nil)
            case .keep:
                if let index = recent.firstIndex(where: { $0.pts == frame.pts }) { current.picture = recent[index].picture }
            }
        }
        current.kind = detector.chapterKind
    }

    /// The chapters of the whole lecture, which ends at `end` seconds: the last is dropped when it is shorter than the
    /// minimum (the one before runs to the end).
    func finish(end: Double) -> [DetectedChapter] {
        if detector.keepsLastChapter(end: end) { close() }
        recent = []
        let chapters = pictures.finish()
        logger.debug("Chapters", metadata: ["count": "\(chapters.count)"])
        return chapters
    }

    /// Hands the current chapter to the pictures' thread, with its picture (none, when nothing held still: skipped).
    private func close() {
        guard let held = current.picture else { return }
        number += 1
        do {
            let picture = try held.frame.makeReference()
            pictures.add(
                ChapterPictures.Work(
                    number: number,
                    start: current.start,
                    kind: current.kind,
                    picture: picture,
                    timeBase: pictureTimeBase
                )
            )
        } catch {
            logger.warning("Chapter picture not kept", metadata: ["error": "\(error)"])
        }
        current.picture = nil
    }

    /// Ends the pictures' thread without waiting for chapters: for a job that stops early.
    func stop() {
        _ = pictures.finish()
    }
}

/// A picture held by reference (for a chapter, or decoded from a package), with the time base of its timestamps.
final class HeldFrame {
    let frame: Frame
    init(_ frame: consuming sending Frame) { self.frame = frame }
}
