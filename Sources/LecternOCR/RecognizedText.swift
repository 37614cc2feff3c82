/// What Tesseract read on one picture: its lines, each with where it is and how sure Tesseract is.
public struct RecognizedText: Sendable, Hashable {
    public struct Line: Sendable, Hashable {
        public var text: String
        /// 0...100, Tesseract's mean word confidence for the line.
        public var confidence: Double
        public var x: Int
        public var y: Int
        public var width: Int
        public var height: Int
        /// The line's words, each with its own height.
        public var words: [Word]

        public init(text: String, confidence: Double, x: Int, y: Int, width: Int, height: Int, words: [Word] = []) {
            self.text = text
            self.confidence = confidence
            self.x = x
            self.y = y
            self.width = width
            self.height = height
            self.words = words
        }
    }

    /// One word of a line and the height of its box.
    public struct Word: Sendable, Hashable {
        public var text: String
        public var height: Int

        public init(text: String, height: Int) {
            self.text = text
            self.height = height
        }
    }

    public init(lines: [Line]) { self.lines = lines }

    /// In reading order.
    public var lines: [Line]

    /// The tallest line (a slide's title), if any.
    public var tallest: Line? { lines.max { $0.height < $1.height } }
}
