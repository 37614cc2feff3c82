import Foundation
import Hummingbird
import LecternJobs
import LecternPackage

/// The ingest service's share of the server: the queue, the upload files and who may use them.
struct IngestServices: Sendable {
    let configuration: IngestConfiguration
    let uploads: UploadStore
    let auth: Authenticator

    init(configuration: IngestConfiguration) {
        self.configuration = configuration
        self.uploads = UploadStore(folder: configuration.uploads)
        self.auth = Authenticator(store: configuration.queue.store)
    }

    var queue: JobQueue { configuration.queue }

    /// Whether `token` may see and act on something `owner` made: its owner, or an admin.
    static func may(_ token: TokenRecord, act owner: String) -> Bool { token.role == .admin || token.id == owner }

    /// The other uploads a recording names, checked: each exists, belongs to the same token, is complete and is of the
    /// right kind and language. Throws 422 naming the first that is not.
    func companions(of recording: UploadInfo) throws -> (subtitles: [String: UploadInfo], audio: [String: UploadInfo]) {
        func check(_ ids: [String: String], kind: UploadInfo.Kind) throws -> [String: UploadInfo] {
            var found: [String: UploadInfo] = [:]
            for (language, id) in ids {
                guard let info = uploads.info(id), info.owner == recording.owner, info.kind == kind, info.language == language,
                    info.isComplete
                else {
                    throw HTTPFailure(
                        .unprocessableContent,
                        "\(kind.rawValue) \(language)=\(id): no complete \(kind.rawValue) upload in \(language) of yours with that id"
                    )
                }
                found[language] = info
            }
            return found
        }
        return (try check(recording.subtitles, kind: .subtitles), try check(recording.audio, kind: .audio))
    }

    /// The job for a complete recording upload: a new one, or the live job already doing the same work.
    func submit(_ recording: UploadInfo) async throws -> (job: Job, created: Bool) {
        guard let sha256 = recording.sha256, let title = recording.title else { throw HTTPFailure(.conflict, "the upload is not complete") }
        let (subtitles, audio) = try companions(of: recording)
        let spec = JobSpec(
            recording: recording.id,
            fileName: recording.fileName,
            sha256: sha256,
            bytes: recording.length,
            title: title,
            series: recording.series,
            language: recording.language,
            subtitles: recording.subtitles,
            audio: recording.audio
        )
        // The same work from the same token: the same bytes (recording and companions), metadata and ladder. Another
        // token's identical submission is its own job (it must be able to see and cancel it).
        let identity = [
            recording.owner, sha256, title, recording.series ?? "", recording.language, configuration.ladderKey,
            subtitles.sorted { $0.key < $1.key }.map { "s:\($0.key)=\($0.value.sha256 ?? "")" }.joined(separator: ","),
            audio.sorted { $0.key < $1.key }.map { "a:\($0.key)=\($0.value.sha256 ?? "")" }.joined(separator: ","),
        ].joined(separator: "\n")
        let key = SHA256Hasher.hash(Data(identity.utf8))
        return try await queue.submit(spec: spec, key: key, owner: recording.owner)
    }
}
