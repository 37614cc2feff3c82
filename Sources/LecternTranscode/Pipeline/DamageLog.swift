import Foundation

/// Where in the recording the decoder met damaged data, merged into spans for one warning: what a content team reads
/// instead of FFmpeg's own line per bad packet (hundreds for one bad patch; those show with `--verbose`).
struct DamageLog {
    private(set) var times: [Double] = []
    /// Damaged packets and frames seen, each counted (times closer than 10 ms are kept once).
    private(set) var errors = 0

    mutating func record(_ time: Double) {
        errors += 1
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

    /// "0:12–0:19, 1:03" and the count: "0:12–0:19, 1:03 (613 decoder errors)".
    var summary: String {
        let spans = ranges().map { range in
            let (start, end) = (Self.clock(range.lowerBound), Self.clock(range.upperBound))
            return start == end ? start : "\(start)–\(end)"
        }
        return spans.joined(separator: ", ") + " (\(errors) decoder error\(errors == 1 ? "" : "s"))"
    }

    /// m:ss, or h:mm:ss from an hour on: lecture time as a player shows it.
    static func clock(_ seconds: Double) -> String {
        let whole = Int(max(seconds, 0))
        let (hours, minutes, rest) = (whole / 3600, whole / 60 % 60, whole % 60)
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, rest) : String(format: "%d:%02d", minutes, rest)
    }
}
