import Foundation

/// Subtitle timestamps: `HH:MM:SS,mmm` (SRT) and `[HH:]MM:SS.mmm` (WebVTT), read leniently, written as WebVTT.
enum SubtitleTimestamp {
    /// Seconds, or nil when `text` is not a timestamp. Accepts `,` or `.` before the milliseconds, 1–3 digit
    /// fractions (`0:00:01,5` is 1.5 s), and hours of any width; minutes and seconds must be below 60.
    static func parse(_ text: Substring) -> Double? {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard let separator = text.lastIndex(where: { $0 == "," || $0 == "." }) else { return nil }
        let fraction = text[text.index(after: separator)...]
        let clock = text[..<separator].split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(fraction.count), fraction.allSatisfy(\.isASCIINumber), let fractionValue = Int(fraction),
            (2...3).contains(clock.count), clock.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIINumber) })
        else { return nil }
        let parts = clock.compactMap { Int($0) }
        let hours = parts.count == 3 ? parts[0] : 0
        let minutes = parts[parts.count - 2]
        let seconds = parts[parts.count - 1]
        guard minutes < 60, seconds < 60, clock.last!.count == 2 else { return nil }
        let milliseconds = Double(fractionValue) * pow(10, Double(3 - fraction.count))
        return Double(hours * 3600 + minutes * 60 + seconds) + milliseconds / 1000
    }

    /// `HH:MM:SS.mmm`, rounded to the millisecond.
    static func format(_ seconds: Double) -> String {
        let total = Int((max(0, seconds) * 1000).rounded())
        return String(format: "%02d:%02d:%02d.%03d", total / 3_600_000, total / 60_000 % 60, total / 1000 % 60, total % 1000)
    }
}

extension Character {
    var isASCIINumber: Bool { isASCII && isNumber }
}
