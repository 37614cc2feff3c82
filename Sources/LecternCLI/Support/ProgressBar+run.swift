extension ProgressBar {
    /// Runs long `work` with a bar labelled `label` that it feeds, Ctrl-C / SIGTERM cancelling it cleanly; the bar is
    /// finished whichever way the work ends.
    static func run<T: Sendable>(_ label: String, _ work: @escaping @Sendable (ProgressBar) async throws -> T) async throws -> T {
        let bar = ProgressBar(label: label)
        defer { bar.finish() }
        return try await Interruption.cancellingOnSignals { try await work(bar) }
    }
}
