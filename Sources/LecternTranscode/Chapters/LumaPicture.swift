/// A small grey picture of the lecture (256 pixels wide), what slide-change detection looks at.
struct LumaPicture: Sendable {
    let width: Int
    let height: Int
    /// Row after row, `width` bytes each.
    let pixels: [UInt8]
    /// The darkest and brightest of the 3×3 pixels around each pixel (itself included), made once: a picture is
    /// compared with the one before it, the chapter's, and later ones.
    private let low: [UInt8]
    private let high: [UInt8]

    init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height)
        self.width = width
        self.height = height
        self.pixels = pixels
        (low, high) = Self.envelope(of: pixels, width: width, height: height)
    }

    /// The most common brightness (in steps of 8): a slide's background.
    var background: UInt8 {
        var counts = [Int](repeating: 0, count: 32)
        for value in pixels { counts[Int(value) >> 3] += 1 }
        let bin = counts.indices.max { counts[$0] < counts[$1] } ?? 0
        return UInt8(bin << 3 | 4)
    }

    /// Which pixels differ from `other`'s by more than `threshold` levels once the camera's movement is taken out: the
    /// whole picture is first moved by the shift (up to `maxShift` pixels either way; by default about 30 pixels of a
    /// 1280-wide recording) that matches `other` best, then each pixel is compared with the range of the 3×3 pixels
    /// around it in the other picture, either way. A pixel between its neighbours' darkest and brightest is what a
    /// shift of under a pixel makes of an edge, so the shake of a hand-held camera changes nothing, while text that
    /// appears or goes away does (on the background, the range is the background's alone).
    func changes(from other: LumaPicture, threshold: Int, maxShift: Int? = nil) -> [Bool] {
        precondition(width == other.width && height == other.height)
        let (dx, dy) = shift(to: other, within: maxShift ?? max(1, width * 3 / 128))
        let moved = other.moved(by: dx, dy)
        var changed = [Bool](repeating: false, count: pixels.count)
        for index in pixels.indices {
            let a = Int(pixels[index])
            let b = Int(moved.pixels[index])
            changed[index] =
                a > Int(moved.high[index]) + threshold || a < Int(moved.low[index]) - threshold
                || b > Int(high[index]) + threshold || b < Int(low[index]) - threshold
        }
        return changed
    }

    /// This picture moved by (dx, dy): each pixel is the one at (x + dx, y + dy), the edges repeated.
    private func moved(by dx: Int, _ dy: Int) -> LumaPicture {
        if dx == 0 && dy == 0 { return self }
        var result = [UInt8](repeating: 0, count: pixels.count)
        for y in 0..<height {
            let row = min(height - 1, max(0, y + dy)) * width
            for x in 0..<width { result[y * width + x] = pixels[row + min(width - 1, max(0, x + dx))] }
        }
        return LumaPicture(width: width, height: height, pixels: result)
    }

    /// The darkest and brightest of the 3×3 pixels around each of `pixels` (itself included).
    private static func envelope(of pixels: [UInt8], width: Int, height: Int) -> (low: [UInt8], high: [UInt8]) {
        // Rows first, then columns: a 3×3 minimum is the minimum of three 1×3 ones.
        var rowLow = pixels
        var rowHigh = pixels
        for y in 0..<height {
            for x in 0..<width {
                let index = y * width + x
                let left = x > 0 ? index - 1 : index
                let right = x < width - 1 ? index + 1 : index
                rowLow[index] = min(pixels[left], pixels[index], pixels[right])
                rowHigh[index] = max(pixels[left], pixels[index], pixels[right])
            }
        }
        var low = rowLow
        var high = rowHigh
        for y in 0..<height {
            for x in 0..<width {
                let index = y * width + x
                let up = y > 0 ? index - width : index
                let down = y < height - 1 ? index + width : index
                low[index] = min(rowLow[up], rowLow[index], rowLow[down])
                high[index] = max(rowHigh[up], rowHigh[index], rowHigh[down])
            }
        }
        return (low, high)
    }

    /// The shift (dx, dy) that moves this picture onto `other` best: the smallest mean difference over every other
    /// pixel of the middle of the picture, no shift winning ties.
    func shift(to other: LumaPicture, within maxShift: Int) -> (Int, Int) {
        guard maxShift > 0, width > 2 * maxShift + 2, height > 2 * maxShift + 2 else { return (0, 0) }
        return pixels.withUnsafeBufferPointer { a in
            other.pixels.withUnsafeBufferPointer { b in
                // The cost of a shift, counted row by row until it reaches `limit` (a shift already no better than the
                // best so far is left there: the answer is the same, for a fraction of the work).
                func cost(_ dx: Int, _ dy: Int, limit: Int = .max) -> Int {
                    var cost = 0
                    for y in stride(from: maxShift, to: height - maxShift, by: 2) {
                        for x in stride(from: maxShift, to: width - maxShift, by: 2) {
                            cost += abs(Int(a[y * width + x]) - Int(b[(y + dy) * width + x + dx]))
                        }
                        if cost >= limit { return cost }
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
                        let candidate = cost(dx, dy, limit: bestCost)
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
}
