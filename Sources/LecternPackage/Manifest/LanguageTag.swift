import Foundation

/// BCP-47 language tags as HLS needs them: checked (`LANGUAGE` must be a real language, not just well formed),
/// normalised from the ISO 639-2 codes containers carry (`fre`, `chi`, `eng`), and named in their own language.
public enum LanguageTag {
    /// Whether `tag` is well formed (`fr`, `zh-Hans`, `pt-BR`, `es-419`) and its primary subtag is an ISO 639 language.
    public static func isValid(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let primary = parts.first, (2...3).contains(primary.count), primary.allSatisfy({ $0.isASCII && $0.isLetter }),
            parts.dropFirst().allSatisfy({ (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } })
        else { return false }
        return Locale.LanguageCode(String(primary).lowercased()).isISOLanguage
    }

    /// Why `tag` is refused, in one phrase; nil when it is a valid tag.
    public static func problem(_ tag: String) -> String? {
        guard !isValid(tag) else { return nil }
        return "\"\(tag)\" is not a BCP-47 language tag Lectern knows (e.g. en, fr, zh, pt-BR)"
    }

    /// The tag HLS should carry for a container's `language` metadata (`fre` → `fr`, `chi` → `zh`); nil when the
    /// stream is untagged or tagged "undetermined".
    public static func fromContainer(_ code: String?) -> String? {
        guard let code = code?.trimmingCharacters(in: .whitespaces).lowercased(), !code.isEmpty, code != "und", code != "mis", code != "zxx" else {
            return nil
        }
        let terminology = bibliographicCodes[code] ?? code
        guard isValid(terminology) else { return nil }
        return Locale.LanguageCode(terminology).identifier(.alpha2) ?? terminology
    }

    /// The language's own name for itself ("English", "Français", "中文"), for HLS `NAME` and menus.
    public static func displayName(_ tag: String) -> String {
        if let name = ownNames[tag] { return name }
        let locale = Locale(identifier: tag)
        guard let name = locale.localizedString(forIdentifier: tag), !name.isEmpty else { return tag }
        return name.prefix(1).uppercased() + name.dropFirst()
    }

    /// Fixed names for the languages Lectern's courses use, so menus never change with the ICU data installed
    /// (and start with a capital where the locale data writes "français").
    private static let ownNames: [String: String] = [
        "en": "English", "fr": "Français", "zh": "中文", "zh-Hans": "中文（简体）", "zh-Hant": "中文（繁體）", "ar": "العربية",
        "es": "Español", "pt": "Português", "sw": "Kiswahili",
    ]

    /// ISO 639-2/B codes (what MP4 and Matroska files often carry) to their 639-2/T twins that `Locale` knows.
    private static let bibliographicCodes: [String: String] = [
        "alb": "sqi", "arm": "hye", "baq": "eus", "bur": "mya", "chi": "zho", "cze": "ces", "dut": "nld", "fre": "fra", "geo": "kat",
        "ger": "deu", "gre": "ell", "ice": "isl", "mac": "mkd", "mao": "mri", "may": "msa", "per": "fas", "rum": "ron", "slo": "slk",
        "tib": "bod", "wel": "cym",
    ]
}
