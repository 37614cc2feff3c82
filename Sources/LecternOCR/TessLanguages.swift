public import Foundation

/// Which Tesseract languages read a lecture in a given BCP-47 language, and where their data lives.
public enum TessLanguages {
    /// Tesseract's name for the languages Lectern's users teach in. Slides in other languages are still mostly Latin
    /// script, so English data reads them best among what is installed.
    static let names: [String: String] = [
        "en": "eng", "fr": "fra", "zh": "chi_sim", "zh-hans": "chi_sim", "zh-cn": "chi_sim", "zh-sg": "chi_sim",
        "zh-hant": "chi_tra", "zh-tw": "chi_tra", "zh-hk": "chi_tra", "pt": "por", "es": "spa", "de": "deu",
        "sw": "swa", "ar": "ara", "am": "amh", "ha": "hau", "yo": "yor", "vi": "vie", "id": "ind", "ms": "msa",
        "hi": "hin", "bn": "ben", "th": "tha", "ja": "jpn", "ko": "kor",
    ]

    /// Where Tesseract's `*.traineddata` files are: `TESSDATA_PREFIX`, else Debian's folder for Tesseract 5 or 4.
    public static var dataFolder: URL? {
        var candidates: [String] = []
        if let prefix = ProcessInfo.processInfo.environment["TESSDATA_PREFIX"] { candidates += [prefix, prefix + "/tessdata"] }
        candidates += ["/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata", "/usr/share/tessdata"]
        return candidates.map { URL(fileURLWithPath: $0, isDirectory: true) }.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("eng.traineddata").path)
        }
    }

    /// Whether `name`'s data is installed.
    public static func isInstalled(_ name: String) -> Bool {
        guard let folder = dataFolder else { return false }
        return FileManager.default.fileExists(atPath: folder.appendingPathComponent("\(name).traineddata").path)
    }

    /// The languages for a lecture in `language` ("fr-SN" → "fra+eng"): its own data when installed, plus English, which
    /// slides in every language mix in (terms, names, code); English alone when its own is missing. Chinese, Japanese
    /// and Korean data read Latin letters too, and with English added Tesseract misreads their large titles as Latin
    /// words ("疟疾的预防" as "TERA"), so they go alone.
    public static func `for`(_ language: String) -> String {
        let lowered = language.lowercased()
        let parts = lowered.split(separator: "-").map(String.init)
        let keys = (1...max(parts.count, 1)).reversed().map { parts.prefix($0).joined(separator: "-") }
        // "zh-Hans-CN": "zh-hans-cn", then "zh-hans", then "zh".
        guard let own = keys.lazy.compactMap({ names[$0] }).first, own != "eng", isInstalled(own) else { return "eng" }
        return ["chi_sim", "chi_tra", "jpn", "kor"].contains(own) ? own : "\(own)+eng"
    }
}
