import Foundation
import LecternPackage

/// Publishes a lecture's chapters into its package folder: `chapters.vtt` and `chapters.json` (the thumbnails are
/// already in `chapters/`), described for the manifest.
enum ChapterWriter {
    /// The manifest's chapters for what the transcode found: a slide is titled with its largest line of text, or
    /// "Slide N" when none was readable; a clip is "Video clip". None when no slide was found: a filmed speaker or a
    /// screen always in motion is one long clip, and a single "Video clip" chapter would tell a learner nothing.
    static func infos(_ detected: [DetectedChapter]) -> [ChapterInfo] {
        guard detected.contains(where: { $0.kind == .slide }) else { return [] }
        return detected.enumerated().map { index, chapter in
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

    /// Writes both chapter files; without chapters, removes the thumbnails made for chapters that were then dropped.
    static func write(_ chapters: [ChapterInfo], duration: Double, language: String, thumbnailSize: (width: Int, height: Int)?, folder: URL) throws {
        guard !chapters.isEmpty else {
            let thumbnails = folder.appendingPathComponent(ChapterPictures.folderName, isDirectory: true)
            if FileManager.default.fileExists(atPath: thumbnails.path) { try FileManager.default.removeItem(at: thumbnails) }
            return
        }
        try Data(ChapterFiles.webVTT(chapters, duration: duration).utf8).write(to: folder.appendingPathComponent(ChapterFiles.webVTT))
        try ChapterFiles.json(chapters, duration: duration, language: language, thumbnailSize: thumbnailSize)
            .write(to: folder.appendingPathComponent(ChapterFiles.json))
    }
}
