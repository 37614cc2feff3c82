import Foundation
import LecternPackage

extension Ingest {
    /// The audio languages besides the recording's own: the files given (each checked: a real language, not one
    /// already present, a decodable audio stream), then the recording's other audio streams whose language tag names a
    /// language not yet present. Untagged extra streams are left out (a second mix of the same speech, usually).
    static func otherAudio(_ request: IngestRequest, media: MediaInfo) throws(TranscodeError) -> (sources: [AudioSource], tracks: [AudioTrackInfo]) {
        var languages: Set<String> = [request.language]
        var sources: [AudioSource] = []
        var tracks: [AudioTrackInfo] = []
        if !request.audio.isEmpty, media.audio == nil {
            throw TranscodeError(
                code: .unsupportedInput,
                message: "\(media.fileName): no sound of its own, so other audio languages cannot be aligned with it"
            )
        }
        for input in request.audio {
            let (probed, hash) = try input.checkedAudio(besides: &languages)
            let stream = probed.audio?.streamIndex ?? 0
            sources.append(AudioSource(language: input.language, file: input.file, streamIndex: stream, nameSuffix: "-\(input.language)"))
            tracks.append(
                AudioTrackInfo(
                    language: input.language,
                    name: LanguageTag.displayName(input.language),
                    origin: input.file.lastPathComponent,
                    sourceSHA256: hash
                )
            )
        }
        for stream in media.otherAudio {
            guard let language = LanguageTag.fromContainer(stream.language), languages.insert(language).inserted else { continue }
            sources.append(AudioSource(language: language, streamIndex: stream.streamIndex, nameSuffix: "-\(language)"))
            tracks.append(
                AudioTrackInfo(
                    language: language,
                    name: LanguageTag.displayName(language),
                    origin: "\(media.fileName) stream #\(stream.streamIndex) (\(stream.codec))"
                )
            )
        }
        return (sources, tracks)
    }
}
