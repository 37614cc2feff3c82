import Foundation
import LecternPackage
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns `(lecture id, package path)` into a `PackageFile`, or 404. The only place the server touches paths:
/// the id must be a valid `LectureID`, the path a `PackagePath`, and the file — after resolving symbolic
/// links — must be a regular file inside the lecture's own folder. Successful resolutions are kept for a moment
/// (`ResolutionCache`), so the checks cost system calls once per file and second, not once per request.
struct PackageFileResolver: Sendable {
    let library: Library
    let cache: ResolutionCache

    init(library: Library, cache: ResolutionCache = ResolutionCache()) {
        self.library = library
        self.cache = cache
    }

    func resolve(id: String, path: PackagePath) throws(HTTPFailure) -> PackageFile {
        guard LectureID.isValid(id) else { throw .notFound() }
        let key = id + "/" + path.components.joined(separator: "/")
        if let cached = cache.file(forKey: key) { return cached }
        let file = try resolveOnDisk(id: id, path: path)
        cache.store(file, forKey: key)
        return file
    }

    private func resolveOnDisk(id: String, path: PackagePath) throws(HTTPFailure) -> PackageFile {
        let folder = library.lectureURL(id).path
        guard let realFolder = Self.realPath(folder) else { throw .notFound() }
        let candidate = ([folder.hasSuffix("/") ? String(folder.dropLast()) : folder] + path.components).joined(separator: "/")
        guard let real = Self.realPath(candidate), real.hasPrefix(realFolder + "/") else { throw .notFound() }
        var info = stat()
        guard stat(real, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { throw .notFound() }
        #if canImport(Darwin)
        let seconds = Int64(info.st_mtimespec.tv_sec), nanoseconds = Int64(info.st_mtimespec.tv_nsec)
        #else
        let seconds = Int64(info.st_mtim.tv_sec), nanoseconds = Int64(info.st_mtim.tv_nsec)
        #endif
        return PackageFile(path: real, packagePath: path, size: Int(info.st_size), modifiedNanoseconds: seconds * 1_000_000_000 + nanoseconds)
    }

    /// `realpath(3)`: the absolute path with every symbolic link resolved, or nil if it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
