/// How media segments are stored: CMAF fragmented MP4 (`init.mp4` + `.m4s`, the default) or MPEG-TS for legacy devices.
public enum SegmentFormat: String, Sendable, Hashable, Codable, CaseIterable {
    case fmp4
    case ts
}
