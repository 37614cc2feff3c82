/// Where an adaptive decision's budget came from, most trusted first. The raw value is the metrics label.
public enum AdaptiveSignal: String, Sendable, CaseIterable {
    /// `?max_kbps=N` in the URL: the learner (or the page) chose.
    case maxKbps = "max_kbps"
    /// CMCD `mtp` (measured throughput), adjusted by `bl` (buffer length).
    case cmcd
    /// Throughput the server measured while sending this session's recent segments.
    case measured
    /// `Save-Data`, `Downlink`, `ECT`.
    case clientHints = "client_hints"
    /// Nothing known: the package's full ladder in its own order.
    case none
}
