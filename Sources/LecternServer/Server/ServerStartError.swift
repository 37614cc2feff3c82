/// Why the server could not start; `description` is the one line the CLI prints.
public struct ServerStartError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure, for callers and tests that branch on it.
    public enum Code: String, Sendable {
        /// The library folder is missing, not a folder, or unreadable.
        case libraryUnavailable
        /// The address could not be bound (port taken, permission denied, bad host).
        case bindFailed
    }

    /// The kind of failure.
    public var code: Code
    /// One line naming the path or address at fault and why.
    public var message: String

    /// An error with its kind and printable line.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `message`, as the CLI prints it.
    public var description: String { message }
}
