/// Tries an operation again after retryable failures, waiting `backoff`, then twice as long, and so on.
enum Retry {
    static func run<Value: Sendable>(attempts: Int, backoff: Duration, _ operation: () async throws -> Value) async throws -> Value {
        var attempt = 1
        while true {
            do {
                return try await operation()
            } catch TransferFailure.retryable(let reason) {
                guard attempt < attempts else { throw TransferFailure.retryable("\(reason) (after \(attempts) attempts)") }
                try await Task.sleep(for: delay(after: attempt, backoff: backoff))
                attempt += 1
            }
        }
    }

    /// `backoff × 2^(attempt-1)`, at most a minute.
    static func delay(after attempt: Int, backoff: Duration) -> Duration {
        min(backoff * (1 << min(attempt - 1, 16)), .seconds(60))
    }
}
