import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file-system operations publishing needs, each turning failures into `PackageError`.
///
/// Paths inside a package are always relative, with "/" separators, and compared byte-wise.
enum FileSystem {
    /// One entry found while walking a folder.
    struct Entry {
        enum Kind {
            case regular
            case directory
            /// Symbolic links, sockets, devices...: never part of a package.
            case other
        }

        /// Relative to the walked folder, "/"-separated.
        var relativePath: String
        var url: URL
        var kind: Kind
        var size: Int
        var modificationDate: Date?
    }

    static func path(_ url: URL) -> String {
        url.standardizedFileURL.path(percentEncoded: false)
    }

    static func exists(_ url: URL) -> Bool {
        FileManager.default.fileExists(atPath: path(url))
    }

    static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path(url), isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Every entry below `folder` (not the folder itself), depth first, sorted byte-wise by relative path.
    /// Symbolic links are reported as `.other` and never followed.
    static func walk(_ folder: URL) throws(PackageError) -> [Entry] {
        var entries: [Entry] = []
        try walk(folder, prefix: "", into: &entries)
        entries.sort { $0.relativePath.utf8.lexicographicallyPrecedes($1.relativePath.utf8) }
        return entries
    }

    private static func walk(_ folder: URL, prefix: String, into entries: inout [Entry]) throws(PackageError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path(folder))
        } catch {
            throw PackageError(
                code: .ioFailure,
                message: "\(path(folder)): cannot list folder",
                path: path(folder),
                cause: error
            )
        }
        for name in names {
            let url = folder.appending(component: name, directoryHint: .notDirectory)
            let relativePath = prefix.isEmpty ? name : prefix + "/" + name
            let attributes: [FileAttributeKey: Any]
            do {
                attributes = try FileManager.default.attributesOfItem(atPath: path(url))
            } catch {
                throw PackageError(
                    code: .ioFailure,
                    message: "\(path(url)): cannot read file attributes",
                    path: path(url),
                    cause: error
                )
            }
            let type = attributes[.type] as? FileAttributeType
            let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
            let modificationDate = attributes[.modificationDate] as? Date
            switch type {
            case .typeRegular?:
                entries.append(Entry(relativePath: relativePath, url: url, kind: .regular, size: size, modificationDate: modificationDate))
            case .typeDirectory?:
                let directoryURL = folder.appending(component: name, directoryHint: .isDirectory)
                entries.append(
                    Entry(relativePath: relativePath, url: directoryURL, kind: .directory, size: 0, modificationDate: modificationDate)
                )
                try walk(directoryURL, prefix: relativePath, into: &entries)
            default:
                entries.append(Entry(relativePath: relativePath, url: url, kind: .other, size: size, modificationDate: modificationDate))
            }
        }
    }

    static func createDirectory(_ url: URL) throws(PackageError) {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw PackageError(code: .ioFailure, message: "\(path(url)): cannot create folder", path: path(url), cause: error)
        }
    }

    /// Removes a file or a folder tree; a path that is already gone is not an error.
    static func remove(_ url: URL) throws(PackageError) {
        guard exists(url) || isSymbolicLink(url) else { return }
        do {
            try FileManager.default.removeItem(at: url)
        } catch {
            guard exists(url) else { return }
            throw PackageError(code: .ioFailure, message: "\(path(url)): cannot remove", path: path(url), cause: error)
        }
    }

    static func isSymbolicLink(_ url: URL) -> Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: path(url))) != nil
    }

    /// `rename(2)`: atomic within one file system; replaces an empty destination folder, fails on a non-empty one.
    static func rename(_ source: URL, to destination: URL) throws(PackageError) {
        let from = path(source)
        let to = path(destination)
        #if canImport(Glibc)
        let result = Glibc.rename(from, to)
        #else
        let result = Darwin.rename(from, to)
        #endif
        guard result == 0 else {
            let cause = SystemCallError(call: "rename", errno: errno)
            throw PackageError(code: .ioFailure, message: "\(from): cannot move to \(to)", path: from, cause: cause)
        }
    }

    /// `syncfs(2)` where the C library has it (Linux). Swift's Glibc module leaves out this GNU extension, so it is
    /// looked up by name; the address is kept as an integer (a C function pointer is not `Sendable`).
    private static let syncfsAddress: Int? = {
        #if os(Linux)
        dlsym(nil, "syncfs").map { Int(bitPattern: $0) }
        #else
        nil
        #endif
    }()

    private static var syncfs: (@convention(c) (Int32) -> Int32)? {
        syncfsAddress.flatMap { UnsafeRawPointer(bitPattern: $0) }.map { unsafeBitCast($0, to: (@convention(c) (Int32) -> Int32).self) }
    }

    /// Flushes one file or folder to stable storage (`open`, `fsync`, `close`).
    /// Syncing a folder makes the names created, renamed or removed in it durable.
    static func sync(_ url: URL, isDirectory: Bool) throws(PackageError) {
        try flush(url, isDirectory: isDirectory, with: "fsync", fsync)
    }

    /// Opens `url` read-only, runs the sync call `name` on it, closes it.
    private static func flush(_ url: URL, isDirectory: Bool, with name: String, _ call: (Int32) -> Int32) throws(PackageError) {
        let filePath = path(url)
        let descriptor = open(filePath, isDirectory ? O_RDONLY | O_DIRECTORY : O_RDONLY)
        guard descriptor >= 0 else {
            let cause = SystemCallError(call: "open", errno: errno)
            throw PackageError(code: .ioFailure, message: "\(filePath): cannot open to sync", path: filePath, cause: cause)
        }
        defer { close(descriptor) }
        guard call(descriptor) == 0 else {
            let cause = SystemCallError(call: name, errno: errno)
            throw PackageError(code: .ioFailure, message: "\(filePath): cannot sync to disk", path: filePath, cause: cause)
        }
    }

    /// Syncs every file and folder below `folder`, children before parents, then `folder` itself.
    ///
    /// With `wholeFileSystem` (Linux) one `syncfs(2)` of the file system holding `folder` does it: one journal commit
    /// instead of one per file (a mirrored series' 1,768 `fsync` calls took 4.5 s of a 5.3 s run), but it also waits
    /// for everything else written to that file system, so it is for callers with many files and a thread to block.
    /// Otherwise, and where `syncfs` is missing, one `fsync` per entry.
    static func syncTree(_ folder: URL, wholeFileSystem: Bool = false) throws(PackageError) {
        if wholeFileSystem, let syncfs = Self.syncfs {
            try flush(folder, isDirectory: true, with: "syncfs", syncfs)
            return
        }
        let entries = try walk(folder)
        for entry in entries where entry.kind == .regular {
            try sync(entry.url, isDirectory: false)
        }
        for entry in entries.reversed() where entry.kind == .directory {
            try sync(entry.url, isDirectory: true)
        }
        try sync(folder, isDirectory: true)
    }

    /// 12 random lowercase hex characters for staging folder names.
    static func randomSuffix() -> String {
        let value = UInt64.random(in: 0...UInt64(0xFFFF_FFFF_FFFF))
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 12 - hex.count) + hex
    }

    /// True for a safe relative package path: "/"-separated, no empty, "." or ".." component, no backslash or NUL.
    static func isSafeRelativePath(_ relativePath: String) -> Bool {
        guard !relativePath.isEmpty, !relativePath.hasPrefix("/"),
            !relativePath.contains("\\"), !relativePath.contains("\u{0}")
        else { return false }
        let components = relativePath.split(separator: "/", omittingEmptySubsequences: false)
        return components.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }
}
