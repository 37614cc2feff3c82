public import Foundation

/// Reads SRT and WebVTT files (UTF-8 with or without BOM, CRLF or LF) into cues, refusing with one line that names
/// the file and the line: not SRT/WebVTT, a bad timestamp, a cue ending before it starts, cues out of order.
///
/// Tolerated: SRT without cue numbers, SRT coordinates after the timing, WebVTT cue identifiers, cue settings, NOTE,
/// STYLE and REGION blocks, `,` or `.` before milliseconds. Overlapping cues are allowed (two speakers at once).
public enum SubtitleParser {
    /// Which syntax a file turned out to be, as `parse` detected it.
    public enum Format: String, Sendable {
        case srt, webVTT
    }

    /// Parses a subtitle file; `name` is what error messages call it (usually the file name).
    public static func parse(_ data: Data, name: String) throws(TranscodeError) -> (format: Format, cues: [SubtitleCue]) {
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw TranscodeError(code: .invalidSubtitles, message: "\(name): not UTF-8 text; save the subtitles as UTF-8 SRT or WebVTT")
        }
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            throw TranscodeError(code: .invalidSubtitles, message: "\(name): the file is empty, not SRT or WebVTT")
        }
        let head = lines[first]
        if head.hasPrefix("WEBVTT") {
            guard first == 0, head.count == 6 || head.dropFirst(6).first == " " || head.dropFirst(6).first == "\t" else {
                throw error(name, first + 1, "a WebVTT file must start with the line \"WEBVTT\"")
            }
            return (.webVTT, try ordered(try parseBlocks(lines, from: 1, name: name, isWebVTT: true), name: name))
        }
        if name.lowercased().hasSuffix(".vtt") {
            throw error(name, first + 1, "not WebVTT: the file must start with the line \"WEBVTT\"")
        }
        let looksLikeSRT = Int(head.trimmingCharacters(in: .whitespaces)) != nil || head.contains("-->")
        guard looksLikeSRT else {
            throw error(name, first + 1, "not SRT or WebVTT (expected a cue number, a timing line or \"WEBVTT\", found \"\(head.prefix(40))\")")
        }
        return (.srt, try ordered(try parseBlocks(lines, from: first, name: name, isWebVTT: false), name: name))
    }

    /// Reads a file and parses it.
    public static func parse(contentsOf url: URL) throws(TranscodeError) -> (format: Format, cues: [SubtitleCue]) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TranscodeError(code: .fileNotFound, message: "\(url.path): cannot read subtitles (\(error.localizedDescription))")
        }
        return try parse(data, name: url.lastPathComponent)
    }

    // MARK: Blocks

    /// Cue blocks separated by blank lines (WebVTT: after the header block, NOTE/STYLE/REGION blocks skipped).
    private static func parseBlocks(_ lines: [Substring], from start: Int, name: String, isWebVTT: Bool) throws(TranscodeError) -> [SubtitleCue] {
        var cues: [SubtitleCue] = []
        var index = start
        if isWebVTT {
            // The header block (WEBVTT line + metadata headers) ends at the first blank line.
            while index < lines.count, !isBlank(lines[index]) {
                if lines[index].contains("-->") { throw error(name, index + 1, "a blank line must separate the WEBVTT header from the first cue") }
                index += 1
            }
        }
        while index < lines.count {
            while index < lines.count, isBlank(lines[index]) { index += 1 }
            guard index < lines.count else { break }
            var block: [(number: Int, text: Substring)] = []
            while index < lines.count, !isBlank(lines[index]) {
                block.append((index + 1, lines[index]))
                index += 1
            }
            if isWebVTT, let word = block.first?.text.split(separator: " ").first, ["NOTE", "STYLE", "REGION"].contains(word),
                !block[0].text.contains("-->")
            {
                continue
            }
            guard let timing = block.firstIndex(where: { $0.text.contains("-->") }), timing <= 1 else {
                let expected = isWebVTT ? "00:00:01.000 --> 00:00:02.000" : "00:00:01,000 --> 00:00:02,000"
                throw error(
                    name,
                    block[min(1, block.count - 1)].number,
                    "expected a cue timing line (\(expected)), found \"\(block[min(1, block.count - 1)].text.prefix(40))\""
                )
            }
            if !isWebVTT, timing == 1, Int(block[0].text.trimmingCharacters(in: .whitespaces)) == nil {
                throw error(name, block[0].number, "expected a cue number, found \"\(block[0].text.prefix(40))\"")
            }
            let (number, line) = block[timing]
            let (start, end, settings) = try parseTiming(line, number: number, name: name, isWebVTT: isWebVTT)
            let textLines = block[(timing + 1)...].map { String($0.text) }
            if let stray = block[(timing + 1)...].first(where: { $0.text.contains("-->") }) {
                throw error(name, stray.number, "a cue timing line inside a cue's text (is a blank line missing before it?)")
            }
            let text = isWebVTT ? textLines.joined(separator: "\n") : CueText.fromSRT(textLines)
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { continue }
            cues.append(SubtitleCue(start: start, end: end, text: text, settings: settings, line: number))
        }
        return cues
    }

    private static func parseTiming(
        _ line: Substring,
        number: Int,
        name: String,
        isWebVTT: Bool
    ) throws(TranscodeError) -> (Double, Double, String) {
        let arrow = line.range(of: "-->")!
        let left = line[..<arrow.lowerBound]
        let right = line[arrow.upperBound...].trimmingCharacters(in: .whitespaces)
        let rightParts = right.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard let start = SubtitleTimestamp.parse(left) else {
            throw error(name, number, "bad timestamp \"\(left.trimmingCharacters(in: .whitespaces))\"")
        }
        guard let endText = rightParts.first, let end = SubtitleTimestamp.parse(endText) else {
            throw error(name, number, "bad timestamp \"\(rightParts.first ?? "")\"")
        }
        guard end > start else {
            throw error(name, number, "cue ends (\(SubtitleTimestamp.format(end))) before it starts (\(SubtitleTimestamp.format(start)))")
        }
        // SRT may carry "X1:.. X2:.." coordinates after the timing: no WebVTT meaning, dropped.
        let settings = isWebVTT && rightParts.count > 1 ? rightParts[1].trimmingCharacters(in: .whitespaces) : ""
        return (start, end, settings)
    }

    /// Cues must come in order of start time (players and our segmenter rely on it).
    private static func ordered(_ cues: [SubtitleCue], name: String) throws(TranscodeError) -> [SubtitleCue] {
        for (previous, cue) in zip(cues, cues.dropFirst()) where cue.start < previous.start {
            throw error(
                name,
                cue.line,
                "cues out of order: this cue starts at \(SubtitleTimestamp.format(cue.start)), before the cue on line \(previous.line) (\(SubtitleTimestamp.format(previous.start)))"
            )
        }
        return cues
    }

    private static func isBlank(_ line: Substring) -> Bool { line.allSatisfy { $0 == " " || $0 == "\t" } }

    static func error(_ name: String, _ line: Int, _ reason: String) -> TranscodeError {
        TranscodeError(code: .invalidSubtitles, message: "\(name):\(line): \(reason)")
    }
}
