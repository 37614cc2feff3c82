public import Foundation
import LecternFFmpeg

/// Opens a recording and describes it as `MediaInfo`, refusing what cannot become a lecture.
public enum Prober {
    /// Describes the recording at `url`; throws a one-line `TranscodeError` for a missing or empty file, a folder, a file
    /// FFmpeg cannot read, one with no decodable video or audio, or a still image.
    public static func probe(_ url: URL) throws(TranscodeError) -> MediaInfo {
        let name = url.lastPathComponent
        let path = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw TranscodeError(code: .fileNotFound, message: "\(path): no such file")
        }
        guard !isDirectory.boolValue else { throw TranscodeError(code: .notMedia, message: "\(path): is a folder, not a recording") }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size > 0 else { throw TranscodeError(code: .emptyFile, message: "\(name): the file is empty") }

        let demuxer: Demuxer
        do {
            demuxer = try Demuxer(path: path)
        } catch  where error.code == .refusedFormat {
            throw TranscodeError(
                code: .unsupportedInput,
                message: "\(name): \(error.message)"
            )
        } catch {
            throw TranscodeError(code: .notMedia, message: "\(name): not a recording FFmpeg can read", cause: error)
        }
        return try describe(demuxer, name: name, size: size)
    }

    static func describe(_ demuxer: Demuxer, name: String, size: Int) throws(TranscodeError) -> MediaInfo {
        let container = demuxer.info
        var video: MediaInfo.Video?
        var audio: MediaInfo.Audio?
        if let index = demuxer.bestStream(.video) {
            let stream = container.streams[index]
            guard stream.hasDecoder else {
                throw TranscodeError(code: .unsupportedInput, message: "\(name): video codec \(stream.codecName ?? "?") cannot be decoded")
            }
            video = describeVideo(stream)
        }
        if let index = demuxer.bestStream(.audio) {
            let stream = container.streams[index]
            if stream.hasDecoder, stream.channels > 0, stream.sampleRate > 0 {
                audio = MediaInfo.Audio(
                    streamIndex: index,
                    codec: stream.codecName ?? "?",
                    sampleRate: stream.sampleRate,
                    channels: stream.channels,
                    channelLayout: stream.channelLayout,
                    language: stream.language
                )
            }
        }
        guard video != nil || audio != nil else {
            throw TranscodeError(code: .noUsableStream, message: "\(name): no decodable video or audio stream")
        }
        let imageFormats: Set<String> = ["image2", "png_pipe", "jpeg_pipe", "webp_pipe", "gif", "bmp_pipe", "tiff_pipe", "image2pipe"]
        if audio == nil, imageFormats.contains(container.formatName) || (container.duration ?? 0) < 0.2 {
            throw TranscodeError(code: .stillImage, message: "\(name): a still image, not a recording")
        }
        let textCodecs: Set<String> = ["mov_text", "subrip", "srt", "ass", "ssa", "webvtt", "text"]
        let subtitles = container.streams.filter { $0.kind == .subtitle && $0.hasDecoder && textCodecs.contains($0.codecName ?? "") }
            .map { MediaInfo.Subtitle(streamIndex: $0.index, codec: $0.codecName ?? "?", language: $0.language) }
        let otherAudio = container.streams.filter {
            $0.kind == .audio && $0.index != audio?.streamIndex && $0.hasDecoder && $0.channels > 0 && $0.sampleRate > 0
        }.map {
            MediaInfo.Audio(
                streamIndex: $0.index,
                codec: $0.codecName ?? "?",
                sampleRate: $0.sampleRate,
                channels: $0.channels,
                channelLayout: $0.channelLayout,
                language: $0.language
            )
        }
        let used = Set([video?.streamIndex, audio?.streamIndex].compactMap { $0 })
        let kept = used.union(subtitles.map(\.streamIndex)).union(otherAudio.map(\.streamIndex))
        let ignored = container.streams.filter { !kept.contains($0.index) }.map { "#\($0.index) \($0.kind.rawValue) \($0.codecName ?? "?")" }
        let streamDurations = container.streams.filter { used.contains($0.index) }.compactMap(\.duration)
        let duration = container.duration ?? streamDurations.max() ?? 0
        return MediaInfo(
            fileName: name,
            fileSize: size,
            container: container.formatName,
            duration: duration,
            video: video,
            audio: audio,
            ignoredStreams: ignored,
            subtitles: subtitles,
            otherAudio: otherAudio
        )
    }

    static func describeVideo(_ stream: StreamInfo) -> MediaInfo.Video {
        let sar = stream.sampleAspectRatio.isValid ? stream.sampleAspectRatio.doubleValue : 1
        var displayWidth = Int((Double(stream.width) * sar).rounded())
        var displayHeight = stream.height
        if stream.rotation == 90 || stream.rotation == 270 { swap(&displayWidth, &displayHeight) }
        let average = stream.averageFrameRate.isValid ? stream.averageFrameRate.doubleValue : 0
        let nominal = stream.realFrameRate.isValid ? stream.realFrameRate.doubleValue : 0
        let rate = average > 0 && average < 1000 ? average : nominal
        return MediaInfo.Video(
            streamIndex: stream.index,
            codec: stream.codecName ?? "?",
            width: stream.width,
            height: stream.height,
            displayWidth: displayWidth,
            displayHeight: displayHeight,
            pixelFormat: stream.pixelFormat,
            bitDepth: stream.bitsPerSample,
            frameRate: rate,
            isVariableFrameRate: average > 0 && nominal > 0 && abs(average - nominal) / nominal > 0.01,
            rotation: stream.rotation,
            sampleAspectRatio: stream.sampleAspectRatio.isValid ? stream.sampleAspectRatio.description : "1/1",
            isInterlaced: stream.isInterlaced,
            colorTransfer: stream.colorTransfer
        )
    }
}
