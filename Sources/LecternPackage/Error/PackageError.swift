import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything that can go wrong while reading, writing or publishing a lecture package.
///
/// `description` is what the command line prints: one line a content team understands, naming the path.
public struct PackageError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is, for code that wants to react to it.
    public enum Code: String, Sendable, Hashable {
        /// The library root is missing or is not a folder.
        case notALibrary
        /// A lecture id is not a safe slug (`[a-z0-9-]`, 1…80 characters).
        case invalidID
        /// No lecture with this id is in the library.
        case notFound
        /// Reading, writing, renaming or syncing a file failed.
        case ioFailure
        /// `manifest.json` is missing, unreadable or inconsistent.
        case invalidManifest
        /// The files on disk do not match what the manifest lists.
        case integrity
    }

    public var code: Code
    /// One human sentence naming the path, e.g. "lectures/intro-1a2b3c4d/manifest.json: not valid JSON".
    public var message: String
    /// The file or folder concerned, when there is one.
    public var path: String?
    /// The underlying error (Foundation, a system call, a decoder), when there is one.
    public var cause: (any Error)?

    public init(code: Code, message: String, path: String? = nil, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.cause = cause
    }

    public var description: String {
        var line = message
        if let cause {
            line += " (\(Self.reason(cause)))"
        }
        return line.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// A cause in a few words: for Foundation's file errors, whose own description is a dump of domains and codes,
    /// the operating system's reason ("Permission denied", "No space left on device").
    static func reason(_ error: any Error) -> String {
        if error is SystemCallError || error is PackageError { return "\(error)" }
        let bridged = error as NSError
        let underlying = (bridged.userInfo[NSUnderlyingErrorKey] as? any Error).map { $0 as NSError }
        for candidate in [underlying, bridged].compactMap({ $0 })
        where candidate.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(candidate.code)))
        }
        return "\(error)"
    }
}

/// A failed system call, with its errno, as the `cause` of a `PackageError`.
struct SystemCallError: Error, CustomStringConvertible {
    var call: String
    var errno: Int32

    var description: String {
        "\(call): \(String(cString: strerror(errno)))"
    }
}
