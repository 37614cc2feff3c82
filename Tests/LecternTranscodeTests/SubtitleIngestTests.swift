import Foundation
import LecternFFmpeg
import LecternHLS
import LecternPackage
import LecternTranscode
import Logging
import Testing

/// Subtitles through a real ingest: an SRT file (BOM, CRLF), a WebVTT file in Chinese and a mov_text stream inside the
/// recording become segmented WebVTT that the ffmpeg tools read through the master, in sync with the media.
@Suite(.serialized) struct SubtitleIngestTests {
    static let english =
        "\u{FEFF}1\r\n00:00:00,500 --> 00:00:02,400\r\nGood morning, everyone.\r\n\r\n2\r\n00:00:02,600 --> 00:00:05,200\r\nToday: malaria prevention.\r\n\r\n3\r\n00:00:05,500 --> 00:00:06,900\r\nQuestions at the end.\r\n"
    static let chinese = "WEBVTT\n\n1\n00:00:00.800 --> 00:00:03.000 align:center\n大家早上好。\n\n2\n00:00:03.000 --> 00:00:06.500\n今天讲疟疾的预防。\n"
    static let french = "1\n00:00:01,000 --> 00:00:03,500\nBonjour à tous.\n\n2\n00:00:04,000 --> 00:00:06,000\nLa prévention du paludisme.\n"

    /// A 7 s lecture with a French mov_text stream inside, plus English SRT and Chinese WebVTT files next to it.
    static func lecture(in folder: TemporaryFolder) throws -> (video: URL, english: URL, chinese: URL) {
        let french = folder.url.appendingPathComponent("embedded.fr.srt")
        try Data(Self.french.utf8).write(to: french)
        let video = try Clips.make(
            "lecture.mp4",
            in: folder,
            inputs: Clips.lectureVideo(size: "640x360", rate: "30") + Clips.speech(seconds: 7) + ["-i", french.path],
            output: [
                "-map", "0:v", "-map", "1:a", "-map", "2:s", "-t", "7", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-c:s", "mov_text", "-metadata:s:s:0", "language=fre",
            ]
        )
        let english = folder.url.appendingPathComponent("lecture.en.srt")
        try Data(Self.english.utf8).write(to: english)
        let chinese = folder.url.appendingPathComponent("lecture.zh.vtt")
        try Data(Self.chinese.utf8).write(to: chinese)
        return (video, english, chinese)
    }

    static func ingest(_ video: URL, subtitles: [TrackInput], library: TemporaryFolder, format: SegmentFormat = .fmp4) throws -> IngestReport {
        try Ingest.runBlocking(
            IngestRequest(input: video, title: "Malaria", language: "en", library: library.url, format: format, subtitles: subtitles),
            logger: IngestTests.logger,
            progress: { _ in }
        )
    }

    /// Every cue of a subtitle playlist, read back from its segments (copies of a cue spanning segments merged).
    static func cues(_ package: PackageInspector, playlist uri: String) throws -> [SubtitleCue] {
        let playlist = try package.media(uri)
        let base = package.folder.appendingPathComponent(uri).deletingLastPathComponent()
        var cues: [SubtitleCue] = []
        for segment in playlist.segments {
            let data = try Data(contentsOf: base.appendingPathComponent(segment.uri))
            #expect(String(decoding: data, as: UTF8.self).contains("X-TIMESTAMP-MAP=MPEGTS:"), "\(uri): \(segment.uri) has no timestamp map")
            for cue in try SubtitleParser.parse(data, name: segment.uri).cues
            where !cues.contains(where: { $0.start == cue.start && $0.text == cue.text }) {
                cues.append(cue)
            }
        }
        return cues
    }

    /// The presentation time, in 90 kHz ticks, of the first picture of a video playlist's first segment, per ffprobe.
    static func firstPictureTicks(_ package: PackageInspector, playlist uri: String, scratch: TemporaryFolder) throws -> Int64 {
        let playlist = try package.media(uri)
        let base = package.folder.appendingPathComponent(uri).deletingLastPathComponent()
        let first = try #require(playlist.segments.first)
        let probe = scratch.url.appendingPathComponent("first-\(UUID().uuidString.prefix(6)).\(first.uri.hasSuffix(".ts") ? "ts" : "mp4")")
        let initData = try first.map.map { try Data(contentsOf: base.appendingPathComponent($0.uri)) } ?? Data()
        try (initData + Data(contentsOf: base.appendingPathComponent(first.uri))).write(to: probe)
        let frames =
            (try Tools.probe(probe.path, ["-select_streams", "v:0", "-show_entries", "frame=pts_time", "-read_intervals", "%+#1"])["frames"]
                as? [[String: Any]]) ?? []
        let seconds = try #require(Double(frames.first?["pts_time"] as? String ?? ""))
        return Int64((seconds * 90_000).rounded())
    }

    @Test(
        "Three languages: SUBTITLES group on every variant, segments aligned with the video, cues intact, timestamp map = media PTS",
        arguments: [SegmentFormat.fmp4, .ts]
    )
    func threeLanguages(format: SegmentFormat) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (video, english, chinese) = try Self.lecture(in: folder)
        let report = try Self.ingest(
            video,
            subtitles: [TrackInput(language: "en", file: english), TrackInput(language: "zh", file: chinese)],
            library: folder,
            format: format
        )
        #expect(report.subtitles == ["en", "zh", "fr"])
        let package = try PackageInspector(URL(fileURLWithPath: report.package))
        let subtitles = package.master.renditions.filter { $0.type == .subtitles }
        #expect(subtitles.map(\.language) == ["en", "zh", "fr"])
        #expect(subtitles.map(\.name) == ["English", "中文", "Français"])
        #expect(subtitles.allSatisfy { $0.groupID == "subs" && !$0.isDefault && $0.autoselect })
        #expect(package.master.variants.allSatisfy { $0.subtitles == "subs" }, "every variant, audio-only included, names the group")

        // The package still passes every rule, and its manifest lists the tracks and their files.
        let problems = try package.problems(sourceDuration: try IngestTests.sourceDuration(video), scratch: folder)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        let manifest = try Manifest(contentsOf: package.folder.appendingPathComponent("manifest.json"))
        #expect(manifest.subtitles?.map(\.playlist) == ["subs-en/index.m3u8", "subs-zh/index.m3u8", "subs-fr/index.m3u8"])
        #expect(manifest.languages == ["en", "zh", "fr"])
        #expect(manifest.files.contains { $0.path == "subs-zh/seg-00001.vtt" })

        // Same segment boundaries as the video; cues survive to the millisecond, Chinese text intact.
        let videoPlaylist = try package.media(try #require(package.videoVariants.first).uri)
        let expected: [String: [SubtitleCue]] = [
            "en": try SubtitleParser.parse(contentsOf: english).cues, "zh": try SubtitleParser.parse(contentsOf: chinese).cues,
            "fr": try SubtitleParser.parse(Data(Self.french.utf8), name: "fr.srt").cues,
        ]
        let ticks = try Self.firstPictureTicks(package, playlist: try #require(package.videoVariants.first).uri, scratch: folder)
        for rendition in subtitles {
            let uri = try #require(rendition.uri)
            let playlist = try package.media(uri)
            // The video's boundaries; the last segment as long as the longest rung's (rungs end a frame apart).
            #expect(playlist.segments.dropLast().map(\.duration) == videoPlaylist.segments.dropLast().map(\.duration), "\(uri): boundaries differ")
            #expect(abs(playlist.totalDuration - videoPlaylist.totalDuration) < 0.07, "\(uri): \(playlist.totalDuration) s")
            let cues = try Self.cues(package, playlist: uri)
            let reference = try #require(expected[rendition.language ?? ""])
            #expect(cues.map(\.text) == reference.map(\.text), "\(uri)")
            #expect(zip(cues, reference).allSatisfy { abs($0.start - $1.start) < 0.0005 && abs($0.end - $1.end) < 0.0005 }, "\(uri)")
            // X-TIMESTAMP-MAP ties cue time 0 to the first picture's PTS, as ffprobe reads it from the media.
            let first = String(
                decoding: try Data(
                    contentsOf: package.folder.appendingPathComponent(uri).deletingLastPathComponent()
                        .appendingPathComponent(try #require(playlist.segments.first).uri)
                ),
                as: UTF8.self
            )
            #expect(first.contains("X-TIMESTAMP-MAP=MPEGTS:\(ticks),LOCAL:00:00:00.000"), "\(uri): map does not match media PTS \(ticks)")
        }
        #expect(try #require(expected["zh"]).first?.settings == "align:center")

        // The ffmpeg CLI, as an HLS client, reads every subtitle rendition the master names (FFmpeg 5.1's HLS demuxer
        // does not open subtitle renditions from a master, so each URI the master gives is opened): same cues.
        for rendition in subtitles {
            let playlist = package.folder.appendingPathComponent(try #require(rendition.uri)).path
            let srt = try Tools.run("/usr/bin/ffmpeg", ["-nostdin", "-v", "error", "-i", playlist, "-f", "srt", "-"])
            var read: [SubtitleCue] = []
            for cue in try SubtitleParser.parse(srt, name: "ffmpeg \(rendition.language ?? "")").cues
            where !read.contains(where: { $0.start == cue.start && $0.text == cue.text }) {
                read.append(cue)
            }
            let reference = try #require(expected[rendition.language ?? ""])
            #expect(read.map(\.text) == reference.map(\.text), "ffmpeg read \(read.map(\.text)) from \(playlist)")
            #expect(zip(read, reference).allSatisfy { abs($0.start - $1.start) < 0.0015 }, "\(playlist)")
        }
    }

    @Test("An ASS stream inside a Matroska recording: its text kept without the override tags, line breaks kept")
    func assStream() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let ass = folder.url.appendingPathComponent("styled.ass")
        try Data(
            """
            [Script Info]
            ScriptType: v4.00+

            [V4+ Styles]
            Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
            Style: Default,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,1,0,2,10,10,10,1

            [Events]
            Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
            Dialogue: 0,0:00:00.50,0:00:02.00,Default,,0,0,0,,{\\an8}{\\i1}Bienvenue{\\i0}, tout le monde\\Nau cours
            Dialogue: 0,0:00:02.50,0:00:03.50,Default,,0,0,0,,A & B < C

            """.utf8
        ).write(to: ass)
        let video = try Clips.make(
            "styled.mkv",
            in: folder,
            inputs: Clips.lectureVideo(size: "320x240", rate: "15") + Clips.speech(seconds: 4) + ["-i", ass.path],
            output: [
                "-map", "0:v", "-map", "1:a", "-map", "2:s", "-t", "4", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-c:s", "ass", "-metadata:s:s:0", "language=fra",
            ]
        )
        let report = try Self.ingest(video, subtitles: [], library: folder)
        #expect(report.subtitles == ["fr"])
        let package = try PackageInspector(URL(fileURLWithPath: report.package))
        let cues = try Self.cues(package, playlist: "subs-fr/index.m3u8")
        #expect(cues.map(\.text) == ["Bienvenue, tout le monde\nau cours", "A &amp; B &lt; C"])
        // On the lecture's timeline: shifted like the picture by the recording's earliest start (AAC priming in Matroska).
        let shift = try #require(cues.first).start - 0.5
        #expect(abs(shift) < 0.05, "\(cues)")
        #expect(
            zip(cues.map { [$0.start, $0.end] }, [[0.5, 2], [2.5, 3.5]]).allSatisfy { zip($0, $1).allSatisfy { abs($0 - $1 - shift) < 0.0015 } },
            "\(cues)"
        )
    }

    @Test(
        "A bad subtitle file fails before encoding with file and line; nothing is published",
        arguments: [
            ("bad.srt", "1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:00,500 --> 00:00:03,000\nearlier\n", "bad.srt:6: cues out of order"),
            ("late.srt", "1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:01:00,000 --> 00:01:02,000\nafter the end\n", "late.srt:6: cue 00:01:00.000"),
            ("notes.vtt", "these are notes\n", "notes.vtt:1: not WebVTT"),
        ]
    )
    func badFile(name: String, text: String, expected: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = try Clips.standard(in: folder, seconds: 2)
        let file = folder.url.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        do {
            _ = try Self.ingest(input, subtitles: [TrackInput(language: "fr", file: file)], library: folder)
            Issue.record("ingest accepted \(name)")
        } catch let error as TranscodeError {
            #expect(error.code == .invalidSubtitles)
            #expect(error.description.hasPrefix(expected), "\(error.description)")
        }
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: folder.path("lectures"))) ?? []).isEmpty)
    }

    @Test("Re-running with the same subtitle file changes nothing; another file re-publishes")
    func rerun() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = try Clips.standard(in: folder, seconds: 3)
        let file = folder.url.appendingPathComponent("fr.srt")
        try Data("1\n00:00:00,500 --> 00:00:01,500\nBonjour\n".utf8).write(to: file)
        let tracks = [TrackInput(language: "fr", file: file)]
        #expect(try Self.ingest(input, subtitles: tracks, library: folder).status == .published)
        #expect(try Self.ingest(input, subtitles: tracks, library: folder).status == .unchanged)
        try Data("1\n00:00:00,500 --> 00:00:01,500\nSalut\n".utf8).write(to: file)
        let changed = try Self.ingest(input, subtitles: tracks, library: folder)
        #expect(changed.status == .replaced)
        #expect(try Self.cues(try PackageInspector(URL(fileURLWithPath: changed.package)), playlist: "subs-fr/index.m3u8").map(\.text) == ["Salut"])
    }

    @Test("An unknown language code is refused, naming the file")
    func unknownLanguage() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let input = try Clips.standard(in: folder, seconds: 2)
        let file = folder.url.appendingPathComponent("x.srt")
        try Data(Self.french.utf8).write(to: file)
        #expect(throws: TranscodeError.self) { try Self.ingest(input, subtitles: [TrackInput(language: "xx", file: file)], library: folder) }
    }
}
