/// A small grey picture of the lecture (about 128 pixels wide), what slide-change detection looks at.
struct LumaPicture: Sendable {
    let width: Int
    let height: Int
    /// Row after row, `width` bytes each.
    let pixels: [UInt8]

    init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height)
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The most common brightness (in steps of 8): a slide's background.
    var background: UInt8 {
        var counts = [Int](repeating: 0, count: 32)
        for value in pixels { counts[Int(value) >> 3] += 1 }
        let bin = counts.indices.max { counts[$0] < counts[$1] } ?? 0
        return UInt8(bin << 3 | 4)
    }

    /// Which pixels differ from `other`'s by more than `threshold` levels, each compared with the closest of the
    /// 3×3 pixels around it in the other picture, either way: a picture moved by a pixel (camera shake, about 10 pixels
    /// of a 1280-wide recording) changes nothing, while text that appears or goes away does.
    func changes(from other: LumaPicture, threshold: Int) -> [Bool] {
        precondition(width == other.width && height == other.height)
        var changed = [Bool](repeating: false, count: pixels.count)
        pixels.withUnsafeBufferPointer { a in
            other.pixels.withUnsafeBufferPointer { b in
                for y in 0..<height {
                    for x in 0..<width {
                        let index = y * width + x
                        changed[index] =
                            Self.distance(a[index], to: b, x: x, y: y, width: width, height: height) > threshold
                            || Self.distance(b[index], to: a, x: x, y: y, width: width, height: height) > threshold
                    }
                }
            }
        }
        return changed
    }

    /// The smallest difference between `value` and the pixels of `picture` around (x, y).
    private static func distance(_ value: UInt8, to picture: UnsafeBufferPointer<UInt8>, x: Int, y: Int, width: Int, height: Int) -> Int {
        var best = Int.max
        for row in max(0, y - 1)...min(height - 1, y + 1) {
            for column in max(0, x - 1)...min(width - 1, x + 1) {
                best = min(best, abs(Int(value) - Int(picture[row * width + column])))
                if best == 0 { return 0 }
            }
        }
        return best
    }
}
