import Foundation
import LecternPackage

extension TrackInput {
    /// Checks an audio file given for a language: a real language tag, not one of `languages` (which it joins), a
    /// decodable audio stream; and hashes it for the manifest. One rule for `lectern ingest --audio` and `add-track`.
    func checkedAudio(besides languages: inout Set<String>) throws(TranscodeError) -> (media: MediaInfo, hash: String) {
        let name = file.lastPathComponent
        if let problem = LanguageTag.problem(language) {
            throw TranscodeError(code: .invalidLanguage, message: "\(name): audio language \(problem)")
        }
        guard languages.insert(language).inserted else {
            throw TranscodeError(code: .unsupportedInput, message: "\(name): the lecture already has \(language) audio")
        }
        let media = try Prober.probe(file)
        guard media.audio != nil else { throw TranscodeError(code: .noUsableStream, message: "\(name): no decodable audio stream") }
        do {
            return (media, try SHA256Hasher.hashFile(at: file))
        } catch {
            throw TranscodeError(code: .fileNotFound, message: "\(file.path): cannot read (\(error))")
        }
    }
}
