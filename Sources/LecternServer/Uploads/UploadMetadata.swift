import Foundation
import LecternPackage

/// tus `Upload-Metadata`: comma-separated `key base64value` pairs (a key alone means an empty value).
enum UploadMetadata {
    /// The pairs, decoded; nil when the header is not well-formed (bad base64, a value that is not UTF-8, a key twice).
    static func parse(_ header: String) -> [String: String]? {
        var pairs: [String: String] = [:]
        for item in header.split(separator: ",") {
            let parts = item.trimmingCharacters(in: .whitespaces).split(separator: " ", omittingEmptySubsequences: true)
            guard (1...2).contains(parts.count), let key = parts.first, !key.isEmpty, pairs[String(key)] == nil else { return nil }
            var value = ""
            if parts.count == 2 {
                guard let data = Data(base64Encoded: String(parts[1])), let text = String(data: data, encoding: .utf8) else { return nil }
                value = text
            }
            // One line each: a title, a name or a language never holds a line break or another control character.
            guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return nil }
            pairs[String(key)] = value
        }
        return pairs
    }

    /// `fr=u123,zh=u456`: other uploads of a submission by language; nil when malformed.
    static func uploadsByLanguage(_ text: String?) -> [String: String]? {
        guard let text, !text.isEmpty else { return [:] }
        var result: [String: String] = [:]
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, LanguageTag.problem(parts[0]) == nil, UploadStore.isUploadID(parts[1]), result[parts[0]] == nil else {
                return nil
            }
            result[parts[0]] = parts[1]
        }
        return result
    }

    /// A new upload's record from its metadata, or a 400 saying which field is wrong.
    static func info(id: String, owner: String, length: Int, header: String?, now: Date, expiry: Double) throws -> UploadInfo {
        guard let pairs = header.map(parse) ?? [:] else { throw HTTPFailure.badRequest("Upload-Metadata: expected key base64,key base64") }
        guard let kind = UploadInfo.Kind(rawValue: pairs["kind"] ?? "recording") else {
            throw HTTPFailure.badRequest("Upload-Metadata kind: expected recording, subtitles or audio")
        }
        let language = pairs["language"] ?? "en"
        if let problem = LanguageTag.problem(language) { throw HTTPFailure.badRequest("Upload-Metadata language: \(problem)") }
        let title = pairs["title"]?.trimmingCharacters(in: .whitespacesAndNewlines)
        if kind == .recording {
            guard let title, !title.isEmpty, title.count <= 300 else {
                throw HTTPFailure.badRequest("Upload-Metadata title: a recording needs a title (at most 300 characters)")
            }
        }
        guard let subtitles = uploadsByLanguage(pairs["subtitles"]), let audio = uploadsByLanguage(pairs["audio"]) else {
            throw HTTPFailure.badRequest("Upload-Metadata subtitles/audio: expected LANG=UPLOAD-ID pairs, e.g. fr=u0123...")
        }
        if audio[language] != nil { throw HTTPFailure.badRequest("Upload-Metadata audio: \(language) is the lecture's own language") }
        let fileName = String((pairs["filename"] ?? pairs["name"] ?? "recording").prefix(200))
        return UploadInfo(
            id: id,
            owner: owner,
            kind: kind,
            length: length,
            fileName: fileName,
            title: title,
            series: pairs["series"].flatMap { $0.isEmpty ? nil : String($0.prefix(300)) },
            language: language,
            subtitles: subtitles,
            audio: audio,
            rawMetadata: header,
            createdAt: now,
            expiresAt: now.addingTimeInterval(expiry),
            sha256: nil,
            job: nil
        )
    }
}
