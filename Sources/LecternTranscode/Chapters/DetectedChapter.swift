/// A chapter found while transcoding: where it starts, its thumbnail in the package and what its slide says.
public struct DetectedChapter: Sendable, Hashable {
    public enum Kind: String, Sendable {
        case slide
        case clip
    }

    /// Seconds into the lecture.
    public var start: Double
    public var kind: Kind
    /// The thumbnail, relative to the package folder (`chapters/001.jpg`); nil when none could be made.
    public var thumbnail: String?
    /// The slide's largest line of text, nil when OCR read nothing (or did not run: a clip, no Tesseract data).
    public var title: String?
    /// Every readable line of the slide, one per line.
    public var text: String
}
