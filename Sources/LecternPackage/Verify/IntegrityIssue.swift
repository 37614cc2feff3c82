/// One way a package on disk differs from its manifest.
public struct IntegrityIssue: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// `manifest.json` is missing or cannot be decoded (path "manifest.json").
        case invalidManifest
        /// Listed in the manifest (or referenced by a rendition) but not on disk.
        case missing
        /// On disk but not listed in the manifest.
        case stray
        /// Size differs from the manifest.
        case sizeMismatch
        /// Same size, different SHA-256.
        case checksumMismatch
        /// A symbolic link or other non-regular entry.
        case notRegularFile
        /// Exists but cannot be read.
        case unreadable
        /// A chapter starts outside the lecture or out of order, or its thumbnail or the chapter files are missing.
        case invalidChapters
    }

    /// Relative to the package folder, "/"-separated.
    public var path: String
    public var kind: Kind
    /// One line, e.g. "size 1024 bytes, manifest says 2048".
    public var reason: String

    public init(path: String, kind: Kind, reason: String) {
        self.path = path
        self.kind = kind
        self.reason = reason
    }

    /// "360p/seg-00003.m4s: SHA-256 differs from the manifest"
    public var description: String { "\(path): \(reason)" }
}
