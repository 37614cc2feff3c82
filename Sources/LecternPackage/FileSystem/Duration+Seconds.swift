extension Duration {
    /// This duration in seconds, as a `Double` (for reports, rates and dates).
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
