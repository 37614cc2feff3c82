extension VariantStream {
    /// The `CLOSED-CAPTIONS` attribute of `EXT-X-STREAM-INF`: a quoted group ID, or the enumerated `NONE`
    /// (RFC 8216, 4.3.4.2).
    public enum ClosedCaptions: Hashable, Sendable {
        /// `CLOSED-CAPTIONS="cc"`: the `GROUP-ID` of `EXT-X-MEDIA` tags with `TYPE=CLOSED-CAPTIONS`.
        case groupID(String)
        /// `CLOSED-CAPTIONS=NONE`: no variant stream carries closed captions.
        case noClosedCaptions
    }
}
