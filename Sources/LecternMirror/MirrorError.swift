/// A mirror failure that stops the whole run or one lecture: a code scripts can branch on, and one line naming the
/// path, what failed and why.
public struct MirrorError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        /// The request itself cannot be carried out (bad options, origin and target the same).
        case invalidRequest
        /// The origin did not answer (network, DNS, refused connection).
        case originUnreachable
        /// The origin answered but is not a Lectern library or origin, or sent something invalid.
        case invalidOrigin
        /// The target folder cannot hold a library, or writing to it failed.
        case targetFailed
        /// A lecture was fetched but could not be published.
        case notPublished
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
