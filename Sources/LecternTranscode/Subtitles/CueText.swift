import Foundation

/// Turns subtitle text from other formats into valid WebVTT cue text.
///
/// WebVTT cue text is markup: `&` and `<` must be escaped unless they start an entity or a tag, and `-->` or a blank
/// line would end the cue. SRT text often carries `<i>`, `<b>`, `<u>` (kept: WebVTT has them), `<font>` and ASS
/// `{\an8}` overrides (dropped: no WebVTT equivalent worth a wrong rendering).
enum CueText {
    static let keptTags: Set<String> = ["i", "b", "u", "/i", "/b", "/u"]

    /// SRT text lines as WebVTT cue text.
    static func fromSRT(_ lines: [String]) -> String {
        clean(lines.joined(separator: "\n"), keepTags: true)
    }

    /// The text of an ASS `Dialogue` payload (`ReadOrder,Layer,Style,Name,MarginL,MarginR,MarginV,Effect,Text`, or a
    /// full `Dialogue:` line): override blocks dropped, `\N` / `\n` as line breaks, `\h` as a space.
    static func fromASS(_ dialogue: String) -> String {
        var payload = Substring(dialogue)
        if payload.hasPrefix("Dialogue:") {
            // Dialogue: Layer,Start,End,Style,Name,MarginL,MarginR,MarginV,Effect,Text
            payload = payload.dropFirst("Dialogue:".count)
            payload = Self.afterCommas(payload, 9)
        } else {
            payload = Self.afterCommas(payload, 8)
        }
        let text = String(payload).replacingOccurrences(of: "\\N", with: "\n").replacingOccurrences(of: "\\n", with: "\n")
            .replacingOccurrences(of: "\\h", with: " ")
        return clean(text, keepTags: false)
    }

    /// Plain text (no markup) as WebVTT cue text.
    static func fromPlain(_ text: String) -> String {
        clean(text, keepTags: false)
    }

    private static func afterCommas(_ text: Substring, _ count: Int) -> Substring {
        var rest = text
        for _ in 0..<count {
            guard let comma = rest.firstIndex(of: ",") else { return text }
            rest = rest[rest.index(after: comma)...]
        }
        return rest
    }

    private static func clean(_ text: String, keepTags: Bool) -> String {
        var output = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "{", let close = text[index...].firstIndex(of: "}"), text[text.index(after: index)...].hasPrefix("\\") {
                index = text.index(after: close)  // ASS override block, e.g. {\an8} or {\i1}
                continue
            }
            if character == "<", let close = text[index...].firstIndex(of: ">") {
                let tag = text[text.index(after: index)..<close].lowercased()
                let name = String(tag.split(separator: " ").first ?? "")
                if keepTags, keptTags.contains(name) {
                    output += "<\(name)>"
                    index = text.index(after: close)
                    continue
                }
                if keepTags, name == "font" || name == "/font" {
                    index = text.index(after: close)
                    continue
                }
            }
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            default: output.append(character)
            }
            index = text.index(after: index)
        }
        // No blank lines (they end a cue) and no "-->" (it starts a timing line).
        return output.replacingOccurrences(of: "-->", with: "->").split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "\n")
    }
}
