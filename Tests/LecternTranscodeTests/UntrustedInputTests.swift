import Foundation
import LecternPackage
import LecternTranscode
import Testing

/// Every upload is a stranger's file: a "recording" that is really a playlist or a list of other files is refused
/// before FFmpeg reads what it points to, with one line naming the file and what it is; nothing is published.
@Suite(.serialized) struct UntrustedInputTests {
    /// A real transport stream elsewhere on the disk, which a crafted playlist names.
    static func secret(in folder: TemporaryFolder) throws -> URL {
        try Clips.make("secret.ts", in: folder, inputs: Clips.lectureVideo(size: "320x240", rate: "10"), output: ["-t", "2", "-c:v", "libx264"])
    }

    /// Crafted files named like recordings, each with what the refusal must call it.
    static func crafted(_ kind: String, secret: URL) -> (name: String, text: String, says: String) {
        switch kind {
        case "hls":
            let text = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\n\(secret.path)\n#EXTINF:2,\nfile://\(secret.path)\n#EXT-X-ENDLIST\n"
            return ("evil.mp4", text, "an HLS playlist")
        case "concat":
            return ("joined.mp4", "ffconcat version 1.0\nfile '\(secret.path)'\nfile '\(secret.path)'\n", "a concat list")
        case "tty":
            return ("notes.ans", String(repeating: "Lecture notes, week 3.\n", count: 50), "a text file")
        case "sdp":
            let text =
                "v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=talk\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=video 5004 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n"
            return ("stream.mp4", text, "an SDP session description")
        default:
            return ("captions.srt", "1\n00:00:01,000 --> 00:00:02,000\nHello\n\n", "a subtitle file")
        }
    }

    @Test(
        "A recording that is a playlist, a concat list, an SDP file or subtitles is refused, naming what it is",
        arguments: ["hls", "concat", "sdp", "srt"]
    )
    func refusedRecording(kind: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let crafted = Self.crafted(kind, secret: try Self.secret(in: folder))
        let url = folder.url.appendingPathComponent(crafted.name)
        try Data(crafted.text.utf8).write(to: url)
        BadInputTests.expectRefused(url, code: .unsupportedInput, library: folder)
        #expect(throws: TranscodeError.self) { _ = try Prober.probe(url) }
        do { _ = try Prober.probe(url) } catch { #expect(error.description.contains(crafted.says), "\(error)") }
    }

    @Test("--audio given a playlist is refused before any encoding, naming the audio file", arguments: ["hls", "concat"])
    func refusedAudio(kind: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let crafted = Self.crafted(kind, secret: try Self.secret(in: folder))
        let audio = folder.url.appendingPathComponent("dub.fr.m4a")
        try Data(crafted.text.utf8).write(to: audio)
        let input = try Clips.standard(in: folder, seconds: 2)
        let request = IngestRequest(
            input: input,
            title: "T",
            language: "en",
            library: folder.url,
            audio: [TrackInput(language: "fr", file: audio)]
        )
        #expect {
            _ = try Ingest.runBlocking(request, logger: IngestTests.logger, progress: { _ in })
        } throws: { error in
            let error = error as? TranscodeError
            return error?.code == .unsupportedInput && error?.description.contains("dub.fr.m4a: \(crafted.says)") == true
        }
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: folder.path("lectures"))) ?? []).isEmpty)
    }

    @Test("--subtitles given a playlist is refused by Lectern's own parser, with the file and line")
    func refusedSubtitles() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let subtitles = folder.url.appendingPathComponent("lecture.fr.srt")
        try Data(Self.crafted("hls", secret: folder.url.appendingPathComponent("secret.ts")).text.utf8).write(to: subtitles)
        #expect {
            _ = try SubtitleLoader.load(TrackInput(language: "fr", file: subtitles))
        } throws: { error in
            let error = error as? TranscodeError
            return error?.code == .invalidSubtitles && error?.description.hasPrefix("lecture.fr.srt:") == true
        }
    }

    @Test("A name with an image-sequence pattern is refused as such, never read as the sequence of files it matches")
    func imagePattern() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for index in 1...3 {
            _ = try Clips.make(
                String(format: "slide%03d.png", index),
                in: folder,
                inputs: ["-f", "lavfi", "-i", "testsrc2=size=320x240"],
                output: ["-frames:v", "1"]
            )
        }
        let pattern = folder.url.appendingPathComponent("slide%03d.png")
        try FileManager.default.copyItem(at: folder.url.appendingPathComponent("slide001.png"), to: pattern)
        BadInputTests.expectRefused(pattern, code: .unsupportedInput, library: folder)
        do { _ = try Prober.probe(pattern) } catch { #expect(error.description.contains("an image sequence (image2)"), "\(error)") }
    }
}
