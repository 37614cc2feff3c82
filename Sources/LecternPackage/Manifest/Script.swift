extension Unicode.Scalar {
    /// Han, kana or hangul: scripts written without spaces between words (titles join without one, search pairs
    /// characters instead of splitting words).
    public var isCJK: Bool {
        switch value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0x20000...0x2FA1F: true
        default: false
        }
    }
}
