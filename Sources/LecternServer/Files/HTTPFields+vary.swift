import Hummingbird

extension HTTPFields {
    /// Adds `name` to `Vary` unless it is already there.
    mutating func appendVary(_ name: String) {
        let existing = self[.vary].map { $0.split(separator: ",").map { $0.trimmingSpaces.lowercased() } } ?? []
        guard !existing.contains(name.lowercased()) else { return }
        self[.vary] = self[.vary].map { $0 + ", " + name } ?? name
    }
}
