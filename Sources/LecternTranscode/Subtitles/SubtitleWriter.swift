import Foundation
import LecternFFmpeg
import LecternHLS
import LecternPackage

/// Writes subtitle tracks as segmented WebVTT renditions (`subs-<lang>/`) cut at the lecture's segment boundaries,
/// for a new lecture (`Ingest`) and for one already published (`AddTrack`).
enum SubtitleWriter {
    /// Writes each track as segmented WebVTT in `subs-<lang>/`, cut at the video's segment boundaries, and describes
    /// the tracks for the manifest and the master playlist.
    static func write(
        _ tracks: [SubtitleTrack],
        output: TranscodeJob.Output,
        folder: URL
    ) throws -> [SubtitleInfo] {
        guard !tracks.isEmpty else { return [] }
        // The video rendition that lasts longest (rungs end a frame apart, by frame rate): subtitles cover all of them.
        let candidates = output.renditions.contains(where: \.isVideo) ? output.renditions.filter(\.isVideo) : output.renditions
        guard let reference = candidates.max(by: { $0.duration < $1.duration }), let first = reference.segments.first else { return [] }
        let renditionFolder = folder.appendingPathComponent(reference.name, isDirectory: true)
        let mediaTimestamp = try mediaTimestamp(
            initSection: reference.initFile.map { renditionFolder.appendingPathComponent($0) },
            segment: renditionFolder.appendingPathComponent(first.uri)
        )
        let spans = reference.segments.map { (start: $0.start, duration: $0.duration) }
        return try write(tracks, spans: spans, mediaTimestamp: mediaTimestamp, duration: output.duration, folder: folder)
    }

    /// Writes tracks over the given media segments; `existing` tracks keep their names and folders.
    static func write(
        _ tracks: [SubtitleTrack],
        spans: [(start: Double, duration: Double)],
        mediaTimestamp: Int64,
        duration: Double,
        folder: URL,
        existing: [SubtitleInfo] = []
    ) throws -> [SubtitleInfo] {
        var infos: [SubtitleInfo] = []
        var names = Set(existing.map(\.name))
        var folders = Set(existing.compactMap { $0.playlist.split(separator: "/").first.map(String.init) })
        for track in tracks {
            let fitted = try SubtitleLoader.fit(track, duration: duration)
            var name = track.language == "und" ? "Subtitles" : LanguageTag.displayName(track.language)
            var folderName = "subs-\(track.language)"
            var copy = 2
            while names.contains(name) || folders.contains(folderName) {
                name = "\(LanguageTag.displayName(track.language)) (\(copy))"
                folderName = "subs-\(track.language)-\(copy)"
                copy += 1
            }
            names.insert(name)
            folders.insert(folderName)
            let trackFolder = folder.appendingPathComponent(folderName, isDirectory: true)
            try FileManager.default.createDirectory(at: trackFolder, withIntermediateDirectories: true)
            let segments = WebVTTSegmenter.segments(fitted.cues, spans: spans, mediaTimestamp: mediaTimestamp)
            for segment in segments {
                try Data(segment.text.utf8).write(to: trackFolder.appendingPathComponent(segment.uri))
            }
            let playlist = PlaylistWriter.write(WebVTTSegmenter.playlist(segments))
            try Data(playlist.utf8).write(to: trackFolder.appendingPathComponent(PlaylistBuilder.mediaPlaylistName))
            infos.append(
                SubtitleInfo(
                    language: track.language,
                    name: name,
                    playlist: "\(folderName)/\(PlaylistBuilder.mediaPlaylistName)",
                    cues: fitted.cues.count,
                    origin: track.origin,
                    sourceSHA256: track.sourceSHA256
                )
            )
        }
        return infos
    }

    /// Where the lecture's time 0 sits in the media's 90 kHz clock, read from the first segment as written: the
    /// first picture's PTS for MPEG-TS (the muxer's delay), its presentation time after the edit list for fMP4 (0).
    static func mediaTimestamp(initSection: URL?, segment: URL) throws -> Int64 {
        var path = segment.path
        var scratch: URL?
        if let initSection {
            let joined = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-first-\(UUID().uuidString).mp4")
            try (Data(contentsOf: initSection) + Data(contentsOf: segment)).write(to: joined)
            scratch = joined
            path = joined.path
        }
        defer { if let scratch { try? FileManager.default.removeItem(at: scratch) } }
        let inspection = try SegmentInspector.inspect(path: path, packetLimit: 200)
        return Int64(((inspection.firstTimestamp ?? 0) * 90_000).rounded())
    }
}
