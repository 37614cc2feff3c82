internal import CFFmpeg

/// A rational number (time bases, frame rates, aspect ratios) as a Swift value.
public struct Rational: Hashable, Sendable, CustomStringConvertible {
    public var numerator: Int32
    public var denominator: Int32

    public init(_ numerator: Int32, _ denominator: Int32) {
        self.numerator = numerator
        self.denominator = denominator
    }

    init(_ value: AVRational) { self.init(value.num, value.den) }

    var av: AVRational { AVRational(num: numerator, den: denominator) }

    /// Whether this is a usable positive value (FFmpeg uses 0/1 or 0/0 for "unknown").
    public var isValid: Bool { numerator > 0 && denominator > 0 }

    public var doubleValue: Double { denominator == 0 ? 0 : Double(numerator) / Double(denominator) }

    public var description: String { "\(numerator)/\(denominator)" }

    /// Rescales `value` from this time base to `other` (rounding to nearest).
    public func rescale(_ value: Int64, to other: Rational) -> Int64 {
        av_rescale_q(value, av, other.av)
    }

    /// The time in seconds of `value` in this time base.
    public func seconds(_ value: Int64) -> Double { Double(value) * doubleValue }
}

/// The marker FFmpeg uses for "no timestamp".
public let noTimestamp: Int64 = CFFmpeg_AV_NOPTS_VALUE()

extension Rational {
    /// Parses "num/den" or "num:den".
    public static func parse(_ text: String) -> Rational? {
        let parts = text.split(whereSeparator: { $0 == "/" || $0 == ":" })
        guard parts.count == 2, let num = Int32(parts[0]), let den = Int32(parts[1]) else { return nil }
        return Rational(num, den)
    }
}
