public import Foundation
import LecternFFmpeg
import LecternPackage

/// Gathers a lecture's subtitle tracks: files given with `--subtitles` and text streams inside the recording, on the
/// lecture's timeline (the recording's start at 0), checked against the lecture's duration.
public enum SubtitleLoader {
    /// Reads and checks a subtitle file given on the command line.
    public static func load(_ input: TrackInput) throws(TranscodeError) -> SubtitleTrack {
        let name = input.file.lastPathComponent
        if let problem = LanguageTag.problem(input.language) {
            throw TranscodeError(code: .invalidLanguage, message: "\(name): subtitle language \(problem)")
        }
        guard FileManager.default.fileExists(atPath: input.file.path) else {
            throw TranscodeError(code: .fileNotFound, message: "\(input.file.path): no such subtitle file")
        }
        let (_, cues) = try SubtitleParser.parse(contentsOf: input.file)
        let hash: String
        do { hash = try SHA256Hasher.hashFile(at: input.file) } catch {
            throw TranscodeError(code: .fileNotFound, message: "\(input.file.path): cannot read subtitles (\(error))")
        }
        return SubtitleTrack(language: input.language, cues: cues, origin: name, sourceSHA256: hash)
    }

    /// The text subtitle streams of the recording, with languages from their container tags (`und` when untagged),
    /// shifted like the transcode shifts audio and video (the earliest start of the streams it uses becomes 0).
    public static func embedded(_ media: MediaInfo, input: URL) throws(TranscodeError) -> [SubtitleTrack] {
        guard !media.subtitles.isEmpty else { return [] }
        let read: (info: ContainerInfo, events: [Int: [DecodedSubtitle]])
        do { read = try SubtitleReader.read(path: input.path, streams: media.subtitles.map(\.streamIndex)) } catch {
            throw TranscodeError(code: .damagedInput, message: "\(media.fileName): subtitle streams could not be read", cause: error)
        }
        let offset = TranscodeJob.startOffset(read.info, streams: [media.video?.streamIndex, media.audio?.streamIndex].compactMap { $0 })
        return media.subtitles.map { stream in
            let events = read.events[stream.streamIndex] ?? []
            var cues: [SubtitleCue] = []
            for (index, event) in events.enumerated() {
                let text = event.markup == .ass ? CueText.fromASS(event.text) : CueText.fromPlain(event.text)
                guard !text.isEmpty else { continue }
                let start = max(0, event.start - offset)
                // An event without an end lasts until the next one (at most 10 s).
                let nextStart = index + 1 < events.count ? events[index + 1].start - offset : start + 10
                let end = event.end.map { $0 - offset } ?? min(nextStart, start + 10)
                guard end > start else { continue }
                cues.append(SubtitleCue(start: start, end: end, text: text))
            }
            cues.sort { $0.start < $1.start }
            return SubtitleTrack(
                language: LanguageTag.fromContainer(stream.language) ?? "und",
                cues: cues,
                origin: "\(media.fileName) stream #\(stream.streamIndex) (\(stream.codec))"
            )
        }
    }

    /// Checks a file's cues against the lecture's end: a cue starting after it, or ending more than a second after it,
    /// means the subtitles belong to another recording (or another cut). Cues ending within that second are trimmed.
    /// Streams from inside the recording are trimmed instead (the file's own streams may outlast its picture).
    public static func fit(_ track: SubtitleTrack, duration: Double) throws(TranscodeError) -> SubtitleTrack {
        let tolerance = 1.0
        var fitted = track
        fitted.cues = []
        for cue in track.cues {
            if track.sourceSHA256 != nil, cue.start >= duration || cue.end > duration + tolerance {
                throw SubtitleParser.error(
                    track.origin,
                    cue.line,
                    "cue \(SubtitleTimestamp.format(cue.start)) --> \(SubtitleTimestamp.format(cue.end)) goes beyond the lecture's end (\(SubtitleTimestamp.format(duration)))"
                )
            }
            guard cue.start < duration else { continue }
            var trimmed = cue
            trimmed.end = min(cue.end, duration)
            fitted.cues.append(trimmed)
        }
        return fitted
    }
}
