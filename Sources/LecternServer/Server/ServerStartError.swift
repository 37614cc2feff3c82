/// Why the server could not start; `description` is the one line the CLI prints.
public struct ServerStartError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The library folder is missing, not a folder, or unreadable.
        case libraryUnavailable
        /// The address could not be bound (port taken, permission denied, bad host).
        case bindFailed
    }

    public var code: Code
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
