/// Why one attempt at one file failed, and whether trying again can help.
enum TransferFailure: Error, Sendable {
    /// Timeouts, refused or reset connections, 5xx, a response cut short: worth another attempt after a pause.
    case retryable(String)
    /// The origin does not have the file (404 and other 4xx): no attempt will help in this run.
    case permanent(String)
    /// The bytes received are not the bytes the manifest describes (too many, or the wrong SHA-256).
    case integrity(String)
}
