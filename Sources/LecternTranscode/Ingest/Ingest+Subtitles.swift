import Foundation
import LecternFFmpeg
import LecternHLS
import LecternPackage

extension Ingest {
    /// The subtitle tracks of an ingest: the files given (checked first: a bad file fails before any encoding), then
    /// the recording's own text streams in languages no file covers.
    static func subtitleTracks(_ request: IngestRequest, media: MediaInfo) throws(TranscodeError) -> [SubtitleTrack] {
        var tracks: [SubtitleTrack] = []
        for input in request.subtitles {
            guard !tracks.contains(where: { $0.language == input.language }) else {
                throw TranscodeError(
                    code: .invalidSubtitles,
                    message: "\(input.file.lastPathComponent): a second subtitle file for language \(input.language)"
                )
            }
            tracks.append(try SubtitleLoader.load(input))
        }
        let given = Set(tracks.map(\.language))
        tracks += try SubtitleLoader.embedded(media, input: request.input).filter { !given.contains($0.language) && !$0.cues.isEmpty }
        // The recording's header duration catches subtitles for another recording before the long encode.
        if media.duration > 0 {
            tracks = try tracks.map { track throws(TranscodeError) in try SubtitleLoader.fit(track, duration: media.duration + 0.5) }
        }
        return tracks
    }

    /// The subtitle files of a request, as the manifest records them (language + SHA-256), for re-run detection.
    static func subtitleFingerprint(_ tracks: [SubtitleTrack]) -> [String] {
        tracks.compactMap { track in track.sourceSHA256.map { "\(track.language)=\($0)" } }.sorted()
    }
}
