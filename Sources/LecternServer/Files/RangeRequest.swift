/// A single `Range: bytes=...` request (RFC 9110, 14.1), resolved against a file size.
enum RangeRequest: Equatable {
    /// No usable Range header (absent, not `bytes`, several ranges or syntactically invalid): send the whole file.
    case none
    /// Send these bytes with 206.
    case satisfiable(ClosedRange<Int>)
    /// 416 with `Content-Range: bytes */size`.
    case unsatisfiable

    static func parse(_ header: String?, size: Int) -> RangeRequest {
        guard let header else { return .none }
        let trimmed = header.trimmingSpaces
        guard trimmed.lowercased().hasPrefix("bytes=") else { return .none }
        let spec = trimmed.dropFirst(6).trimmingSpaces
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return .none }
        let first = spec[..<dash].trimmingSpaces
        let last = spec[spec.index(after: dash)...].trimmingSpaces
        if first.isEmpty {
            // Suffix range: the last N bytes.
            guard let count = Int(last), count >= 0 else { return .none }
            guard count > 0, size > 0 else { return .unsatisfiable }
            return .satisfiable(max(0, size - count)...(size - 1))
        }
        guard let start = Int(first), start >= 0 else { return .none }
        let end: Int
        if last.isEmpty {
            end = size - 1
        } else {
            guard let value = Int(last), value >= start else { return .none }
            end = min(value, size - 1)
        }
        guard start < size else { return .unsatisfiable }
        return .satisfiable(start...end)
    }
}
