import Foundation

/// Lecture ids: a readable slug of the title plus a short content hash, e.g. "epidemiologie-a-dakar-3f9a0c1e".
///
/// The same title and recording always give the same id; a different recording gives a different id.
/// Ids are folder names and URL path components, so `isValid(_:)` is what the server checks before touching disk.
public enum LectureID {
    /// The longest slug `make` produces (the hash suffix comes on top).
    public static let maxSlugLength = 40
    /// The longest id `isValid` accepts.
    public static let maxLength = 80
    /// The slug used when a title has no ASCII letters (e.g. a Chinese title).
    public static let fallbackSlug = "lecture"

    /// `slug(title)` + "-" + the first 8 hex characters of `contentHash` (lowercased).
    ///
    /// `contentHash` is normally the recording's SHA-256; non-hex characters are ignored, and if fewer than
    /// 8 hex characters remain the suffix is taken from the SHA-256 of `contentHash` itself, so the id stays stable and valid.
    public static func make(title: String, contentHash: String) -> String {
        var hex = contentHash.lowercased().filter { $0.isASCII && $0.isHexDigit }
        if hex.count < 8 {
            hex = SHA256Hasher.hash(Data(contentHash.utf8))
        }
        return slug(title) + "-" + String(hex.prefix(8))
    }

    /// A lowercase ASCII slug: diacritics folded ("É" → "e", "ß" → "ss"), every run of other characters
    /// turned into one "-", trimmed, at most `maxSlugLength` characters (cut at a word boundary when one is near),
    /// and `fallbackSlug` when no ASCII letter is left.
    public static func slug(_ title: String) -> String {
        var characters: [Character] = []
        var pendingHyphen = false
        for scalar in title.decomposedStringWithCompatibilityMapping.unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            let folded: String
            if scalar.isASCII {
                folded = String(scalar).lowercased()
            } else if let replacement = foldedLetters[scalar] {
                folded = replacement
            } else {
                folded = ""
            }
            for character in folded {
                if character.isASCII, character.isLetter || character.isNumber {
                    if pendingHyphen, !characters.isEmpty { characters.append("-") }
                    pendingHyphen = false
                    characters.append(character)
                } else {
                    pendingHyphen = true
                }
            }
            if folded.isEmpty { pendingHyphen = true }
        }
        var slug = String(characters)
        if slug.count > maxSlugLength {
            slug = String(slug.prefix(maxSlugLength))
            // Prefer ending on a whole word when the last word boundary is not too far back.
            if let boundary = slug.lastIndex(of: "-"), slug.distance(from: slug.startIndex, to: boundary) >= maxSlugLength / 2 {
                slug = String(slug[..<boundary])
            }
            while slug.hasSuffix("-") { slug.removeLast() }
        }
        guard slug.contains(where: { $0.isASCII && $0.isLetter }) else { return fallbackSlug }
        return slug
    }

    /// True when `id` is safe as a folder name and URL path component: only `[a-z0-9-]`, 1…80 characters,
    /// not starting with "-" (no leading dot is possible, "." is not allowed at all). Rejects "..", "/", "%2f" and the like.
    public static func isValid(_ id: String) -> Bool {
        let bytes = id.utf8
        guard (1...maxLength).contains(bytes.count), bytes.first != UInt8(ascii: "-"), bytes.first != UInt8(ascii: ".") else { return false }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-")
        }
    }

    /// Letters that compatibility decomposition does not reduce to ASCII.
    private static let foldedLetters: [Unicode.Scalar: String] = [
        "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o",
        "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ı": "i", "ħ": "h", "Ħ": "h",
    ]
}
