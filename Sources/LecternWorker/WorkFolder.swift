import Foundation
import LecternJobs

/// A job's inputs as the ingest sees them: links to the uploads under names made here (the uploader's file name
/// reduced to safe characters, for messages; languages for the others), in a folder of the job's own.
enum WorkFolder {
    /// The `lectern ingest` arguments for `spec`, after linking its uploads into `folder`.
    static func arguments(for spec: JobSpec, in folder: URL, uploads: URL, library: URL, ladder: String?) throws -> [String] {
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func link(_ upload: String, as name: String) throws -> String {
            guard JobSpec.isUploadID(upload) else {
                throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: upload])
            }
            let target = folder.appendingPathComponent(name)
            try FileManager.default.createSymbolicLink(at: target, withDestinationURL: uploads.appendingPathComponent("\(upload).bin"))
            return target.path
        }
        // `--option=value`: a title starting with "-" ("-5 °C in Dakar") stays a value.
        var arguments = [try link(spec.recording, as: safeName(spec.fileName)), "--title=\(spec.title)", "--language=\(spec.language)"]
        arguments += ["--library", library.path]
        if let series = spec.series { arguments += ["--series=\(series)"] }
        if let ladder { arguments += ["--ladder", ladder] }
        for (language, upload) in spec.subtitles.sorted(by: { $0.key < $1.key }) {
            arguments += ["--subtitles", "\(language)=\(try link(upload, as: "subtitles.\(language)"))"]
        }
        for (language, upload) in spec.audio.sorted(by: { $0.key < $1.key }) {
            arguments += ["--audio", "\(language)=\(try link(upload, as: "audio.\(language)"))"]
        }
        return arguments
    }

    /// `fileName` with only letters, digits, `.`, `-` and `_` (others become `_`), no leading dot, at most 100
    /// characters; "recording" when nothing is left.
    static func safeName(_ fileName: String) -> String {
        let base = (fileName as NSString).lastPathComponent
        var safe = String(base.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" }.prefix(100))
        while safe.hasPrefix(".") { safe.removeFirst() }
        return safe.isEmpty ? "recording" : safe
    }
}
