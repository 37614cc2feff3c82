import Foundation

/// Joins the segments of a segmented WebVTT track into one file: one `WEBVTT` header, the segments' cue blocks in
/// order, and each cue once although a segmenter writes a cue into every segment it spans (RFC 8216, 3.5).
/// Headers (`X-TIMESTAMP-MAP`) are dropped: a whole-file track is timed by the page's `<video>` directly.
enum WebVTTJoiner {
    static func join(_ segments: [String]) -> String {
        var output = "WEBVTT\n\n"
        var seen: Set<String> = []
        for segment in segments {
            let text = segment.replacingOccurrences(of: "\r\n", with: "\n")
            // Blocks are separated by blank lines; the first block is the header.
            for block in text.split(separator: "\n\n", omittingEmptySubsequences: true).dropFirst() {
                let trimmed = block.trimmingCharacters(in: .newlines)
                guard !trimmed.isEmpty, trimmed.contains("-->"), seen.insert(trimmed).inserted else { continue }
                output += trimmed + "\n\n"
            }
        }
        return output
    }
}
