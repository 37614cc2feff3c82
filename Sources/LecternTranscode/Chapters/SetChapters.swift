public import Foundation
import LecternFFmpeg
import LecternHLS
import LecternPackage
public import Logging

/// Replaces a published lecture's chapters with hand-made ones from a WebVTT file, without re-encoding: each cue is a
/// chapter (its start, its first line as the title). Thumbnails and slide text come from the package's largest video
/// rendition, a second before each chapter ends (the slide fully built), decoded from the one segment that holds it.
/// Staged and published like `AddTrack`: the package's files linked into staging, the chapter files and `master.m3u8`
/// and `manifest.json` written anew, verified, one rename.
public enum SetChapters {
    public struct Request: Sendable {
        /// The lecture package folder (`LIBRARY/lectures/<id>`).
        public var package: URL
        /// WebVTT (or SRT): a cue per chapter.
        public var chapters: URL

        public init(package: URL, chapters: URL) {
            self.package = package
            self.chapters = chapters
        }
    }

    public struct Report: Sendable, Codable {
        public var id: String
        public var package: String
        /// Every chapter as published: start (seconds) and title.
        public var chapters: [Entry]
        public struct Entry: Sendable, Codable {
            public var start: Double
            public var title: String
            public var thumbnail: String?
        }
    }

    /// Runs off the cooperative pool (pictures are decoded, slides read).
    public static func run(_ request: Request, logger: Logger) async throws -> Report {
        try await BlockingWork.run(threadName: "lectern-chapters") { _ in try runBlocking(request, logger: logger) }
    }

    /// The same, blocking the calling thread.
    public static func runBlocking(_ request: Request, logger: Logger) throws -> Report {
        let (package, manifest, original) = try AddTrack.openPackage(request.package)
        // The file is read and checked before anything is written.
        let cues = try SubtitleParser.parse(contentsOf: request.chapters).cues
        let name = request.chapters.lastPathComponent
        guard !cues.isEmpty else { throw TranscodeError(code: .invalidSubtitles, message: "\(name): no chapters (no cues)") }
        var chapters: [ChapterInfo] = []
        for cue in cues {
            let title = cue.text.split(whereSeparator: \.isNewline).first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
            guard !title.isEmpty else { throw SubtitleParser.error(name, cue.line, "the chapter has no title") }
            guard cue.start < manifest.duration else {
                throw SubtitleParser.error(
                    name,
                    cue.line,
                    "the chapter starts at \(SubtitleTimestamp.format(cue.start)), after the lecture ends (\(SubtitleTimestamp.format(manifest.duration)))"
                )
            }
            if let previous = chapters.last, cue.start <= previous.start {
                throw SubtitleParser.error(name, cue.line, "the chapter starts at the same time as the one before")
            }
            chapters.append(ChapterInfo(start: cue.start, title: title, origin: .set))
        }

        let library = Library(root: package.deletingLastPathComponent().deletingLastPathComponent(), logger: logger)
        let staging = try library.makeStaging(id: manifest.id)
        do {
            let old = Set((manifest.chapters ?? []).compactMap(\.thumbnail) + [ChapterFiles.webVTT, ChapterFiles.json, "master.m3u8"])
            try AddTrack.link(manifest.files.map(\.path).filter { !old.contains($0) }, from: package, into: staging.url)
            let video = manifest.renditions.filter { $0.kind == .video }.max { ($0.height ?? 0) < ($1.height ?? 0) }
            if let video {
                let made = try pictures(
                    of: chapters,
                    duration: manifest.duration,
                    rendition: video,
                    manifest: manifest,
                    package: package,
                    staging: staging.url,
                    logger: logger
                )
                for index in chapters.indices {
                    chapters[index].thumbnail = made[index].thumbnail
                    chapters[index].text = made[index].text.isEmpty ? nil : made[index].text
                }
            }
            let size = video.flatMap { rendition in
                rendition.width.flatMap { width in rendition.height.map { ChapterPictures.thumbnailSize(displayWidth: width, displayHeight: $0) } }
            }
            try ChapterWriter.write(chapters, duration: manifest.duration, language: manifest.language, thumbnailSize: size, folder: staging.url)
            var master = original
            master.sessionData.removeAll { $0.dataID == ChapterFiles.sessionDataID }
            master.sessionData.append(PlaylistBuilder.chapterSessionData(language: manifest.language))
            try Data(PlaylistWriter.write(master).utf8).write(to: staging.url.appendingPathComponent("master.m3u8"))
            var updated = manifest
            updated.chapters = chapters
            updated.files = []
            try StagedConformance.check(staging.url, recording: package.lastPathComponent)
            let result = try staging.publish(manifest: updated)
            logger.info("Set chapters", metadata: ["lecture.id": "\(manifest.id)", "chapters": "\(chapters.count)"])
            return Report(
                id: manifest.id,
                package: result.url.path,
                chapters: chapters.map { .init(start: $0.start, title: $0.title, thumbnail: $0.thumbnail) }
            )
        } catch {
            staging.discard()
            throw error
        }
    }

    /// Each chapter's thumbnail and slide text, from the picture a second before it ends in `rendition`.
    static func pictures(
        of chapters: [ChapterInfo],
        duration: Double,
        rendition: RenditionInfo,
        manifest: Manifest,
        package: URL,
        staging: URL,
        logger: Logger
    ) throws -> [DetectedChapter] {
        let playlistURL = package.appendingPathComponent(rendition.playlist)
        let playlist: MediaPlaylist
        do { playlist = try PlaylistParser.parseMedia(String(contentsOf: playlistURL, encoding: .utf8)) } catch {
            throw TranscodeError(code: .invalidPackage, message: "\(playlistURL.path): cannot read the playlist (\(error))")
        }
        let maker = ChapterPictures(
            folder: staging,
            displayWidth: rendition.width ?? 2,
            displayHeight: rendition.height ?? 2,
            textLanguage: manifest.language,
            logger: logger
        )
        defer { _ = maker.finish() }
        let reader = SegmentPictureReader(playlist: playlist, folder: playlistURL.deletingLastPathComponent(), scratch: staging)
        for (index, chapter) in chapters.enumerated() {
            let end = index + 1 < chapters.count ? chapters[index + 1].start : duration
            let time = max(chapter.start, end - 1)
            guard let (held, timeBase) = try reader.picture(at: time) else {
                logger.warning("No picture for chapter", metadata: ["chapter": "\(index + 1)", "time": "\(time)"])
                continue
            }
            let picture = try held.frame.makeReference()
            maker.add(ChapterPictures.Work(number: index + 1, start: chapter.start, kind: .slide, picture: picture, timeBase: timeBase))
        }
        let made = maker.finish()
        // A chapter without a picture keeps its place with no thumbnail.
        return chapters.map { chapter in
            made.first { $0.start == chapter.start } ?? DetectedChapter(start: chapter.start, kind: .slide, thumbnail: nil, title: nil, text: "")
        }
    }
}

/// Decodes the picture at a time of a packaged rendition from the one segment that holds it (with its init section),
/// copied into a scratch file FFmpeg opens as one MP4 (or transport stream).
struct SegmentPictureReader {
    let playlist: MediaPlaylist
    let folder: URL
    let scratch: URL

    /// The frame shown at `time` seconds into the lecture, and its time base; nil when no segment holds it.
    func picture(at time: Double) throws -> (HeldFrame, Rational)? {
        var start = 0.0
        guard
            let index = playlist.segments.firstIndex(where: { segment in
                defer { start += segment.duration }
                return time < start + segment.duration
            }) ?? playlist.segments.indices.last
        else { return nil }
        let segmentStart = playlist.segments[..<index].reduce(0) { $0 + $1.duration }
        let initURI = playlist.segments[...index].last { $0.map != nil }?.map?.uri
        var bytes = Data()
        if let initURI { bytes += try Data(contentsOf: folder.appendingPathComponent(initURI)) }
        let segmentURI = playlist.segments[index].uri
        bytes += try Data(contentsOf: folder.appendingPathComponent(segmentURI))
        let file = scratch.appendingPathComponent(".picture" + (segmentURI.hasSuffix(".ts") ? ".ts" : ".mp4"))
        try bytes.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let demuxer = try Demuxer(path: file.path)
        guard let stream = demuxer.bestStream(.video) else { return nil }
        demuxer.select(streams: [stream])
        let decoder = try Decoder(demuxer, stream: stream, threads: 1)
        let packet = try Packet()
        let frame = try Frame()
        var first: Int64?
        var best: HeldFrame?
        // Every frame of the segment up to `time` (a segment starts with a key frame at `segmentStart`).
        func take() throws -> Bool {
            while try decoder.receive(frame) == .ready {
                defer { frame.unref() }
                let timestamp = frame.bestEffortTimestamp
                if first == nil { first = timestamp }
                let at = segmentStart + decoder.timeBase.seconds(timestamp - (first ?? timestamp))
                if at > time + 0.001, best != nil { return true }
                best = HeldFrame(try frame.makeReference())
            }
            return false
        }
        reading: while try demuxer.read(into: packet) {
            defer { packet.unref() }
            guard packet.streamIndex == stream else { continue }
            if try !decoder.send(packet) {
                if try take() { break reading }
                _ = try decoder.send(packet)
            }
            if try take() { break reading }
        }
        if best == nil {
            try decoder.sendEndOfStream()
            _ = try take()
        }
        guard let best else { return nil }
        return (best, decoder.timeBase)
    }
}
