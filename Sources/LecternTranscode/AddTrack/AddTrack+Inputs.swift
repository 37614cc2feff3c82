import Foundation
import LecternHLS
import LecternPackage

extension AddTrack {
    /// What a request adds, every file read and checked before anything is written: subtitle tracks fitted to the
    /// lecture, audio files in languages the lecture lacks.
    struct Inputs {
        var subtitles: [SubtitleTrack] = []
        var audio: [(input: TrackInput, media: MediaInfo, hash: String)] = []

        init(_ request: AddTrackRequest, manifest: Manifest, master: MultivariantPlaylist) throws(TranscodeError) {
            let name = request.package.path
            for input in request.subtitles {
                guard !subtitles.contains(where: { $0.language == input.language }) else {
                    throw TranscodeError(
                        code: .invalidSubtitles,
                        message: "\(input.file.lastPathComponent): a second subtitle file for language \(input.language)"
                    )
                }
                subtitles.append(try SubtitleLoader.fit(try SubtitleLoader.load(input), duration: manifest.duration))
            }
            var languages = Set(manifest.audioLanguages)
            for input in request.audio {
                let (media, hash) = try input.checkedAudio(besides: &languages)
                audio.append((input, media, hash))
            }
            guard !subtitles.isEmpty || !audio.isEmpty else {
                throw TranscodeError(code: .invalidPackage, message: "\(name): nothing to add (give --subtitles or --audio)")
            }
            if !audio.isEmpty, !master.renditions.contains(where: { $0.type == .audio }) {
                throw TranscodeError(
                    code: .unsupportedInput,
                    message: "\(name): the lecture has no sound, so other audio languages cannot be aligned with it"
                )
            }
        }
    }
}
