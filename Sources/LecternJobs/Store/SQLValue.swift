/// A value bound into, or read out of, either database.
enum SQLValue: Sendable, Hashable {
    case text(String)
    case real(Double)
    case integer(Int)
    case null

    var string: String? {
        switch self {
        case .text(let text): text
        case .integer(let number): String(number)
        case .real(let number): String(number)
        case .null: nil
        }
    }

    var double: Double? {
        switch self {
        case .real(let number): number
        case .integer(let number): Double(number)
        case .text(let text): Double(text)
        case .null: nil
        }
    }

    var int: Int? {
        switch self {
        case .integer(let number): number
        case .real(let number): Int(number)
        case .text(let text): Int(text)
        case .null: nil
        }
    }
}

/// One result row, by column name.
typealias SQLRow = [String: SQLValue]
