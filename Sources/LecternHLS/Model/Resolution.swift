/// A `RESOLUTION` attribute value: the pixel size of a video stream, written `1280x720` (RFC 8216, 4.2).
public struct Resolution: Hashable, Sendable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// Parses the `<width>x<height>` form of RFC 8216, 4.2 (decimal integers, lowercase or uppercase `x`).
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "x", maxSplits: 1, omittingEmptySubsequences: false)
        let pieces = parts.count == 2 ? parts : text.split(separator: "X", maxSplits: 1, omittingEmptySubsequences: false)
        guard pieces.count == 2, let width = NumberText.decimalInteger(pieces[0]),
            let height = NumberText.decimalInteger(pieces[1])
        else { return nil }
        self.init(width: width, height: height)
    }

    /// `1280x720`.
    public var description: String { "\(max(0, width))x\(max(0, height))" }
}
