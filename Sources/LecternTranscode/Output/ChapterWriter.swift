import Foundation
import LecternPackage

/// Publishes a lecture's chapters into its package folder: `chapters.vtt` and `chapters.json` (the thumbnails are
/// already in `chapters/`), described for the manifest.
enum ChapterWriter {
    /// The manifest's chapters for what the transcode found: a slide is titled with its largest line of text, or
    /// "Slide N" when none was readable; a clip is "Video clip".
    static func infos(_ detected: [DetectedChapter]) -> [ChapterInfo] {
        detected.enumerated().map { index, chapter in
            switch chapter.kind {
            case .clip:
                return ChapterInfo(start: chapter.start, title: "Video clip", origin: .clip, thumbnail: chapter.thumbnail)
            case .slide:
                return ChapterInfo(
                    start: chapter.start,
                    title: chapter.title ?? "Slide \(index + 1)",
                    origin: .slide,
                    thumbnail: chapter.thumbnail,
                    text: chapter.text.isEmpty ? nil : chapter.text
                )
            }
        }
    }

    /// Writes both chapter files; nothing when there are no chapters.
    static func write(_ chapters: [ChapterInfo], duration: Double, language: String, thumbnailSize: (width: Int, height: Int)?, folder: URL) throws {
        guard !chapters.isEmpty else { return }
        try Data(ChapterFiles.webVTT(chapters, duration: duration).utf8).write(to: folder.appendingPathComponent(ChapterFiles.webVTT))
        try ChapterFiles.json(chapters, duration: duration, language: language, thumbnailSize: thumbnailSize)
            .write(to: folder.appendingPathComponent(ChapterFiles.json))
    }
}
