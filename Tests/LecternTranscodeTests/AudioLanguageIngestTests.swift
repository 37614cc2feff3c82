import Foundation
import LecternHLS
import LecternPackage
import LecternTranscode
import Testing

/// Audio languages through a real ingest: the recording's English sound, a French stream inside it and a Chinese
/// file next to it (three sine tones, so each rendition's language can be told by its pitch).
@Suite(.serialized) struct AudioLanguageIngestTests {
    /// A 7 s lecture: English at 220 Hz and a French stream (tagged `fre`) at 440 Hz; a Chinese track at 660 Hz that is
    /// 2 s longer than the lecture (it must be cut to the lecture's end).
    static func lecture(in folder: TemporaryFolder) throws -> (video: URL, chinese: URL) {
        let video = try Clips.make(
            "bilingual.mp4",
            in: folder,
            inputs: Clips.lectureVideo(size: "640x360", rate: "30") + Clips.speech(seconds: 7)
                + ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=7"],
            output: [
                "-map", "0:v", "-map", "1:a", "-map", "2:a", "-t", "7", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-metadata:s:a:0", "language=eng", "-metadata:s:a:1", "language=fre",
            ]
        )
        let chinese = try Clips.make(
            "lecture.zh.m4a",
            in: folder,
            inputs: ["-f", "lavfi", "-i", "sine=frequency=660:sample_rate=44100:duration=9"],
            output: ["-c:a", "aac", "-b:a", "96k"]
        )
        return (video, chinese)
    }

    /// The dominant pitch of the first second of an audio playlist's first segment, from zero crossings of its samples
    /// as decoded by the ffmpeg CLI.
    static func pitch(_ package: PackageInspector, playlist uri: String, scratch: TemporaryFolder) throws -> Double {
        let playlist = try package.media(uri)
        let base = package.folder.appendingPathComponent(uri).deletingLastPathComponent()
        let first = try #require(playlist.segments.first)
        let file = scratch.url.appendingPathComponent("pitch-\(UUID().uuidString.prefix(6)).\(first.uri.hasSuffix(".ts") ? "ts" : "mp4")")
        let initData = try first.map.map { try Data(contentsOf: base.appendingPathComponent($0.uri)) } ?? Data()
        try (initData + Data(contentsOf: base.appendingPathComponent(first.uri))).write(to: file)
        let pcm = try Tools.run(
            "/usr/bin/ffmpeg",
            ["-nostdin", "-v", "error", "-i", file.path, "-ss", "0.5", "-t", "1", "-ac", "1", "-ar", "48000", "-f", "s16le", "-"]
        )
        let samples = pcm.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
        let crossings = zip(samples, samples.dropFirst()).filter { ($0 < 0) != ($1 < 0) }.count
        return Double(crossings) / 2 / (Double(samples.count) / 48000)
    }

    @Test(
        "Three audio languages in every tier: one DEFAULT per group, aligned with the video, each with its own sound",
        arguments: [SegmentFormat.fmp4, .ts]
    )
    func threeLanguages(format: SegmentFormat) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (video, chinese) = try Self.lecture(in: folder)
        let report = try Ingest.runBlocking(
            IngestRequest(
                input: video,
                title: "Bilingual",
                language: "en",
                library: folder.url,
                format: format,
                audio: [TrackInput(language: "zh", file: chinese)]
            ),
            logger: IngestTests.logger,
            progress: { _ in }
        )
        #expect(report.audioLanguages == ["en", "zh", "fr"])
        let package = try PackageInspector(URL(fileURLWithPath: report.package))
        let problems = try package.problems(sourceDuration: try IngestTests.sourceDuration(video), scratch: folder)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")

        let videoPlaylist = try package.media(try #require(package.videoVariants.first).uri)
        let pitches = ["en": 220.0, "zh": 660, "fr": 440]
        for group in ["audio-64k", "audio-32k"] {
            let members = package.master.renditions.filter { $0.type == .audio && $0.groupID == group }
            #expect(members.map(\.language) == ["en", "zh", "fr"], "\(group)")
            #expect(members.map(\.name) == ["English", "中文", "Français"], "\(group)")
            #expect(members.map(\.isDefault) == [true, false, false] && members.allSatisfy(\.autoselect), "\(group)")
            let main = try package.media(try #require(members.first?.uri))
            for member in members {
                let uri = try #require(member.uri)
                let playlist = try package.media(uri)
                // The same segment boundaries as the video (the last segment may differ by an audio frame).
                #expect(playlist.segments.count == videoPlaylist.segments.count, "\(uri)")
                #expect(zip(playlist.segments.dropLast(), main.segments.dropLast()).allSatisfy { abs($0.duration - $1.duration) < 0.001 }, "\(uri)")
                #expect(
                    abs(playlist.totalDuration - videoPlaylist.totalDuration) < 0.1,
                    "\(uri): \(playlist.totalDuration) vs \(videoPlaylist.totalDuration)"
                )
                let pitch = try Self.pitch(package, playlist: uri, scratch: folder)
                let expected = try #require(pitches[member.language ?? ""])
                #expect(abs(pitch - expected) < expected * 0.05, "\(uri): \(pitch) Hz, expected \(expected) Hz")
            }
        }
        // The audio-only variant still plays on its own; the ffmpeg CLI reads every audio rendition through the master.
        #expect(package.master.variants.last?.resolution == nil)
        let streams = try Tools.streams(package.folder.appendingPathComponent("master.m3u8").path)
        let languages = streams.filter { $0["codec_type"] as? String == "audio" }.compactMap {
            ($0["tags"] as? [String: Any])?["language"] as? String
        }
        #expect(Set(languages) == ["en", "zh", "fr"], "\(languages)")
        let manifest = try Manifest(contentsOf: package.folder.appendingPathComponent("manifest.json"))
        #expect(manifest.audioLanguages == ["en", "zh", "fr"])
        #expect(manifest.renditions.first { $0.name == "audio-32k-zh" }?.language == "zh")
    }

    @Test("An audio file in the lecture's own language, or without sound, is refused before encoding")
    func refused() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (video, chinese) = try Self.lecture(in: folder)
        let silent = try Clips.make(
            "silent.mp4",
            in: folder,
            inputs: Clips.lectureVideo(size: "320x240", rate: "10"),
            output: ["-t", "1", "-c:v", "libx264"]
        )
        for (input, expected) in [
            (TrackInput(language: "en", file: chinese), "already has en audio"), (TrackInput(language: "fr", file: silent), "no decodable audio"),
        ] {
            do {
                _ = try Ingest.runBlocking(
                    IngestRequest(input: video, title: "Refused", library: folder.url, audio: [input]),
                    logger: IngestTests.logger,
                    progress: { _ in }
                )
                Issue.record("accepted \(input)")
            } catch let error as TranscodeError {
                #expect(error.description.contains(expected), "\(error.description)")
            }
        }
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: folder.path("lectures"))) ?? []).isEmpty)
    }
}
