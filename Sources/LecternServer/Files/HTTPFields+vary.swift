import Hummingbird

extension HTTPFields {
    /// Adds `name` to `Vary` unless it is already there (compared without case, and without building new strings:
    /// every gzipped response passes here).
    mutating func appendVary(_ name: String) {
        guard let current = self[.vary] else {
            self[.vary] = name
            return
        }
        let listed = current.utf8.split(separator: UInt8(ascii: ",")).contains { item in
            let trimmed = item.drop { $0 == UInt8(ascii: " ") }.reversed().drop { $0 == UInt8(ascii: " ") }.reversed()
            // Header names are letters, digits and "-": setting bit 5 folds case without touching "-" or digits.
            return trimmed.count == name.utf8.count && zip(trimmed, name.utf8).allSatisfy { $0 | 0x20 == $1 | 0x20 }
        }
        if !listed { self[.vary] = current + ", " + name }
    }
}
