import Foundation

/// A regular file of a lecture package, found and checked by `PackageFileResolver`, with what the HTTP
/// validators are made of.
struct PackageFile: Sendable {
    /// The real (symlink-free) path on disk.
    let path: String
    /// The path inside the package, e.g. `240p/seg-00001.m4s`.
    let packagePath: PackagePath
    let size: Int
    /// Modification time, nanoseconds since 1970.
    let modifiedNanoseconds: Int64

    var modified: Date { Date(timeIntervalSince1970: Double(modifiedNanoseconds) / 1e9) }

    /// A strong validator: size and modification time to the nanosecond. Packages are immutable once published
    /// (a re-ingest renames a new folder into place), so both change whenever the bytes do.
    let entityTag: String

    init(path: String, packagePath: PackagePath, size: Int, modifiedNanoseconds: Int64) {
        self.path = path
        self.packagePath = packagePath
        self.size = size
        self.modifiedNanoseconds = modifiedNanoseconds
        entityTag = "\"" + String(size, radix: 16) + "-" + String(modifiedNanoseconds, radix: 16) + "\""
    }
}
