import Foundation
import LecternPackage

#if canImport(CDispatch)
import CDispatch  // where Glibc's stat is found in some builds (release, with Dispatch loaded first)
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns `(lecture id, package path)` into a `PackageFile`, or 404. The only place the server touches paths:
/// the id must be a valid `LectureID`, the path a `PackagePath`, and the file — after resolving symbolic
/// links — must be a regular file inside the lecture's own folder. Where a path leads after its links are resolved
/// is kept for a moment (`ResolutionCache`): the two `realpath` walks cost a system call per path component, once
/// per file and second; the file itself is still `stat`ed on every request, so a changed file is seen at once.
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
        if let real = cache.realPath(forKey: key), let file = Self.regularFile(real, path: path) { return file }
        let real = try realPathInsideLecture(id: id, path: path)
        guard let file = Self.regularFile(real, path: path) else { throw .notFound() }
        cache.store(real, forKey: key)
        return file
    }

    /// The symlink-free path of `path` in lecture `id`, which must stay inside the lecture's real folder.
    private func realPathInsideLecture(id: String, path: PackagePath) throws(HTTPFailure) -> String {
        let folder = library.lectureURL(id).path
        guard let realFolder = Self.realPath(folder) else { throw .notFound() }
        let candidate = ([folder.hasSuffix("/") ? String(folder.dropLast()) : folder] + path.components).joined(separator: "/")
        guard let real = Self.realPath(candidate), real.hasPrefix(realFolder + "/") else { throw .notFound() }
        return real
    }

    /// The file at `real` as it is now, if it is a regular file. `lstat`: `real` was symlink-free when resolved, and a
    /// link put in its place since must not be followed.
    private static func regularFile(_ real: String, path: PackagePath) -> PackageFile? {
        var info = stat()
        guard lstat(real, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        #if canImport(Darwin)
        let seconds = Int64(info.st_mtimespec.tv_sec)
        let nanoseconds = Int64(info.st_mtimespec.tv_nsec)
        #else
        let seconds = Int64(info.st_mtim.tv_sec)
        let nanoseconds = Int64(info.st_mtim.tv_nsec)
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
