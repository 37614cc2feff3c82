import Foundation

/// Seconds of the recording where the decoder met damaged data, merged into ranges for a warning.
struct DamageLog {
    private(set) var times: [Double] = []

    mutating func record(_ time: Double) {
        if let last = times.last, abs(last - time) < 0.01 { return }
        times.append(time)
    }

    var isEmpty: Bool { times.isEmpty }

    /// Ranges of damage: points closer than `gap` seconds join one range.
    func ranges(gap: Double = 2) -> [ClosedRange<Double>] {
        var result: [ClosedRange<Double>] = []
        for time in times.sorted() {
            if let last = result.last, time - last.upperBound <= gap {
                result[result.count - 1] = last.lowerBound...time
            } else {
                result.append(time...time)
            }
        }
        return result
    }

    var summary: String {
        ranges().map { range in
            range.lowerBound == range.upperBound
                ? String(format: "%.1f s", range.lowerBound) : String(format: "%.1f–%.1f s", range.lowerBound, range.upperBound)
        }.joined(separator: ", ")
    }
}
