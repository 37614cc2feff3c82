import Foundation
import LecternFFmpeg
import LecternOCR
import Logging

/// Turns each chapter's picture into its thumbnail and its text, on a thread of its own (OCR takes about a second a
/// slide, which must not hold up decoding). Pictures come in order through a short queue; `finish()` waits for the
/// last and hands back the chapters.
final class ChapterPictures {
    /// A chapter and its full-size picture (upright, deinterlaced), timestamps in `timeBase`.
    final class Work {
        let number: Int
        let start: Double
        let kind: DetectedChapter.Kind
        let picture: Frame
        let timeBase: Rational
        init(number: Int, start: Double, kind: DetectedChapter.Kind, picture: consuming sending Frame, timeBase: Rational) {
            self.number = number
            self.start = start
            self.kind = kind
            self.picture = picture
            self.timeBase = timeBase
        }
    }

    /// Pixels across a thumbnail.
    static let thumbnailWidth = 160
    /// The folder of the thumbnails inside the package.
    static let folderName = "chapters"
    /// OCR reads slides at their own size, but no wider than this (a 4K slide reads as well at half its size).
    static let largestOCRWidth = 1920

    /// A thumbnail's size for pictures shown `displayWidth`×`displayHeight`: 160 wide, even, the aspect kept.
    static func thumbnailSize(displayWidth: Int, displayHeight: Int) -> (width: Int, height: Int) {
        (thumbnailWidth, even(Double(thumbnailWidth * max(displayHeight, 2)) / Double(max(displayWidth, 2))))
    }

    static func even(_ value: Double) -> Int { max(2, Int((value / 2).rounded()) * 2) }

    private let queue = HandoffQueue<Work>(capacity: 4)
    private let outcome = HandoffQueue<ChapterOutcome>(capacity: 1)
    private var finished = false

    /// Starts the thread; thumbnails go into `folder/chapters/`, pictures of `displayWidth`×`displayHeight` (the
    /// recording's display size), text is read for `textLanguage` (none when nil).
    init(folder: URL, displayWidth: Int, displayHeight: Int, textLanguage: String?, logger: Logger) {
        let queue = self.queue
        let outcome = self.outcome
        let thread = Thread {
            var maker = ChapterMaker(
                folder: folder.appendingPathComponent(Self.folderName, isDirectory: true),
                displayWidth: displayWidth,
                displayHeight: displayHeight,
                textLanguage: textLanguage,
                logger: logger
            )
            while let work = queue.pop() { maker.make(work) }
            outcome.push(ChapterOutcome(chapters: maker.chapters))
        }
        thread.name = "lectern-chapters"
        thread.start()
    }

    /// Queues a chapter's picture, waiting while four are already waiting.
    func add(_ work: sending Work) {
        _ = queue.push(work)
    }

    /// Waits for every queued chapter and returns them in order; once only.
    func finish() -> [DetectedChapter] {
        guard !finished else { return [] }
        finished = true
        queue.finish()
        return outcome.pop()?.chapters ?? []
    }
}

/// What the chapters' thread hands back.
private final class ChapterOutcome {
    let chapters: [DetectedChapter]
    init(chapters: [DetectedChapter]) { self.chapters = chapters }
}

/// The chapters' thread's state: the OCR engine (made at the first slide) and what was made so far.
private struct ChapterMaker {
    let folder: URL
    let thumbnailSize: (width: Int, height: Int)
    let ocrSize: (width: Int, height: Int)
    let textLanguage: String?
    let logger: Logger
    var chapters: [DetectedChapter] = []
    private var recognizer: TextRecognizer?
    private var recognizerFailed = false

    init(folder: URL, displayWidth: Int, displayHeight: Int, textLanguage: String?, logger: Logger) {
        self.folder = folder
        self.textLanguage = textLanguage
        self.logger = logger
        let width = max(displayWidth, 2)
        let height = max(displayHeight, 2)
        thumbnailSize = ChapterPictures.thumbnailSize(displayWidth: width, displayHeight: height)
        let ocrWidth = min(width, ChapterPictures.largestOCRWidth)
        ocrSize = (ChapterPictures.even(Double(ocrWidth)), ChapterPictures.even(Double(ocrWidth * height) / Double(width)))
    }

    mutating func make(_ work: ChapterPictures.Work) {
        var chapter = DetectedChapter(start: work.start, kind: work.kind, thumbnail: nil, title: nil, text: "")
        do {
            let graph = try FilterGraph(
                video: work.picture,
                timeBase: work.timeBase,
                sampleAspectRatio: work.picture.sampleAspectRatio,
                description: "[in]split=2[small][large];"
                    + "[small]scale=w=\(thumbnailSize.width):h=\(thumbnailSize.height):flags=area,setsar=1,format=yuvj420p[out0];"
                    + "[large]scale=w=\(ocrSize.width):h=\(ocrSize.height):flags=bicubic,format=gray[out1]",
                outputs: 2,
                threads: 1
            )
            try graph.push(work.picture)
            try graph.pushEndOfStream()
            let frame = try Frame()
            if try graph.pull(frame, from: 0) == .ready {
                chapter.thumbnail = try writeThumbnail(frame, number: work.number)
                frame.unref()
            }
            if work.kind == .slide, try graph.pull(frame, from: 1) == .ready, let pixels = frame.grayPixels(), let recognizer = ocr() {
                let text = SlideText(recognizer.recognize(gray: pixels, width: frame.width, height: frame.height))
                chapter.title = text.title
                chapter.text = text.text
            }
        } catch {
            logger.warning("Chapter picture failed", metadata: ["chapter": "\(work.number)", "error": "\(error)"])
        }
        chapters.append(chapter)
    }

    private func writeThumbnail(_ frame: borrowing Frame, number: Int) throws -> String? {
        let encoder = try Encoder(jpegWidth: thumbnailSize.width, height: thumbnailSize.height, quality: 5)
        frame.setJPEGQuality(5)
        try encoder.send(frame)
        try encoder.sendEndOfStream()
        let packet = try Packet()
        guard try encoder.receive(packet) == .ready else { return nil }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let name = String(format: "%03d.jpg", number)
        try Data(packet.bytes).write(to: folder.appendingPathComponent(name))
        return "\(ChapterPictures.folderName)/\(name)"
    }

    /// The OCR engine, made once; nil (logged once) when Tesseract has no data here.
    private mutating func ocr() -> TextRecognizer? {
        guard let textLanguage else { return nil }
        if recognizer == nil, !recognizerFailed {
            do { recognizer = try TextRecognizer(language: textLanguage) } catch {
                recognizerFailed = true
                logger.warning("Slide text not read", metadata: ["reason": "\(error)"])
            }
        }
        return recognizer
    }
}
