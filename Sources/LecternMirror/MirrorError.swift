/// A mirror failure that stops the whole run (the origin or the target is unusable): one line naming the path.
public struct MirrorError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
