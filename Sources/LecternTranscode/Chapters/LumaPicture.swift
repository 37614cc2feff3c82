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

    /// Which pixels differ from `other`'s by more than `threshold` levels once the camera's movement is taken out: the
    /// whole picture is first moved by the shift (up to `maxShift` pixels either way, about 30 pixels of a 1280-wide
    /// recording) that matches `other` best, then each pixel is compared with the closest of the 3×3 pixels around it
    /// in the other picture, either way. Camera shake changes nothing, while text that appears or goes away does.
    func changes(from other: LumaPicture, threshold: Int, maxShift: Int = 3) -> [Bool] {
        precondition(width == other.width && height == other.height)
        let (dx, dy) = shift(to: other, within: maxShift)
        var changed = [Bool](repeating: false, count: pixels.count)
        pixels.withUnsafeBufferPointer { a in
            other.pixels.withUnsafeBufferPointer { b in
                for y in 0..<height {
                    let oy = min(height - 1, max(0, y + dy))
                    for x in 0..<width {
                        let ox = min(width - 1, max(0, x + dx))
                        changed[y * width + x] =
                            Self.distance(a[y * width + x], to: b, x: ox, y: oy, width: width, height: height) > threshold
                            || Self.distance(b[oy * width + ox], to: a, x: x, y: y, width: width, height: height) > threshold
                    }
                }
            }
        }
        return changed
    }

    /// The shift (dx, dy) that moves this picture onto `other` best: the smallest mean difference over every other
    /// pixel of the middle of the picture, no shift winning ties.
    func shift(to other: LumaPicture, within maxShift: Int) -> (Int, Int) {
        guard maxShift > 0, width > 2 * maxShift + 2, height > 2 * maxShift + 2 else { return (0, 0) }
        return pixels.withUnsafeBufferPointer { a in
            other.pixels.withUnsafeBufferPointer { b in
                func cost(_ dx: Int, _ dy: Int) -> Int {
                    var cost = 0
                    for y in stride(from: maxShift, to: height - maxShift, by: 2) {
                        for x in stride(from: maxShift, to: width - maxShift, by: 2) {
                            cost += abs(Int(a[y * width + x]) - Int(b[(y + dy) * width + x + dx]))
                        }
                    }
                    return cost
                }
                // A still picture (most of a lecture) matches unmoved: no search.
                var best = (0, 0)
                var bestCost = cost(0, 0)
                let samples = ((height - 2 * maxShift + 1) / 2) * ((width - 2 * maxShift + 1) / 2)
                guard bestCost > samples else { return best }
                for dy in -maxShift...maxShift {
                    for dx in -maxShift...maxShift where dx != 0 || dy != 0 {
                        let candidate = cost(dx, dy)
                        if candidate < bestCost {
                            bestCost = candidate
                            best = (dx, dy)
                        }
                    }
                }
                return best
            }
        }
    }

    /// The smallest difference between `value` and the pixels of `picture` around (x, y).
    private static func distance(_ value: UInt8, to picture: UnsafeBufferPointer<UInt8>, x: Int, y: Int, width: Int, height: Int) -> Int {
        // The pixel itself first: in a still picture it is the same.
        var best = abs(Int(value) - Int(picture[y * width + x]))
        if best == 0 { return 0 }
        for row in max(0, y - 1)...min(height - 1, y + 1) {
            for column in max(0, x - 1)...min(width - 1, x + 1) {
                best = min(best, abs(Int(value) - Int(picture[row * width + column])))
                if best == 0 { return 0 }
            }
        }
        return best
    }
}
