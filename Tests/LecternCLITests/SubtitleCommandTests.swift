import Foundation
import LecternTestSupport
import Testing

/// `lectern ingest --subtitles`, run as a content team runs it.
@Suite(.serialized) struct SubtitleCommandTests {
    @Test("--help documents --subtitles")
    func help() throws {
        let run = try IngestCommandTests.run(["ingest", "--help"])
        #expect(run.output.contains("--subtitles <lang=file>"))
    }

    @Test(
        "--subtitles without LANG= or with an unknown language is refused before any work",
        arguments: [
            (["lecture.fr.srt"], "expected LANG=FILE"), (["xx=lecture.srt"], "not a BCP-47 language tag"), (["fr=a.srt", "fr=b.srt"], "given twice"),
        ]
    )
    func badArguments(values: [String], expected: String) throws {
        let run = try IngestCommandTests.run(["ingest", "x.mp4", "--title", "X"] + values.flatMap { ["--subtitles", $0] })
        #expect(run.status != 0)
        #expect(run.error.contains(expected), "\(run.error)")
    }

    @Test("--language follows the same rule as --subtitles: a well-formed tag that names no language is refused", arguments: ["xx", "qq-BR", "e1"])
    func badLanguage(tag: String) throws {
        let run = try IngestCommandTests.run(["ingest", "x.mp4", "--title", "X", "--language", tag])
        #expect(run.status != 0)
        #expect(run.error.contains("\"\(tag)\" is not a BCP-47 language tag"), "\(run.error)")
    }

    @Test("A subtitle file with a bad timestamp: one line with file and line, non-zero exit, nothing published")
    func badFile() throws {
        let folder = try IngestCommandTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = folder.appendingPathComponent("clip.mp4").path
        try IngestCommandTests.clip(clip, seconds: 2)
        let subtitles = folder.appendingPathComponent("lecture.fr.srt")
        try Data("1\r\n00:00:00,500 --> 00:00:01,000\r\nBonjour\r\n\r\n2\r\n00:00:01,2OO --> 00:00:01,900\r\nSalut\r\n".utf8).write(to: subtitles)
        let library = folder.appendingPathComponent("library")
        let run = try IngestCommandTests.run(["ingest", clip, "--title", "X", "--library", library.path, "--subtitles", "fr=\(subtitles.path)"])
        #expect(run.status != 0)
        #expect(run.error.split(separator: "\n").count == 1, "\(run.error)")
        #expect(run.error.contains("lecture.fr.srt:6: bad timestamp \"00:00:01,2OO\""), "\(run.error)")
        let lectures = (try? FileManager.default.contentsOfDirectory(atPath: library.appendingPathComponent("lectures").path)) ?? []
        #expect(lectures.isEmpty)
    }

    @Test("--json lists the subtitle languages published")
    func published() throws {
        let folder = try IngestCommandTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = folder.appendingPathComponent("clip.mp4").path
        try IngestCommandTests.clip(clip, seconds: 3)
        let subtitles = folder.appendingPathComponent("lecture.zh.vtt")
        try Data("WEBVTT\n\n00:00.500 --> 00:02.000\n大家好\n".utf8).write(to: subtitles)
        let run = try IngestCommandTests.run([
            "ingest", clip, "--title", "X", "--library", folder.appendingPathComponent("library").path, "--subtitles", "zh=\(subtitles.path)",
            "--json",
        ])
        #expect(run.status == 0, "\(run.error)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        #expect(json["subtitles"] as? [String] == ["zh"])
    }

    @Test("add-track: --help explains it; adding French subtitles to a published lecture prints JSON and updates it")
    func addTrack() throws {
        let help = try IngestCommandTests.run(["add-track", "--help"])
        #expect(
            help.status == 0 && help.output.contains("--subtitles") && help.output.contains("--audio")
                && help.output.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("without re-encoding")
        )
        let folder = try IngestCommandTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clip = folder.appendingPathComponent("clip.mp4").path
        try IngestCommandTests.clip(clip, seconds: 3)
        let library = folder.appendingPathComponent("library")
        let ingest = try IngestCommandTests.run(["ingest", clip, "--title", "X", "--library", library.path, "--json"])
        let package = try #require((try JSONSerialization.jsonObject(with: Data(ingest.output.utf8)) as? [String: Any])?["package"] as? String)
        let subtitles = folder.appendingPathComponent("x.fr.srt")
        try Data("1\n00:00:00,500 --> 00:00:01,500\nBonjour\n".utf8).write(to: subtitles)
        let run = try IngestCommandTests.run(["add-track", package, "--subtitles", "fr=\(subtitles.path)", "--json"])
        #expect(run.status == 0, "\(run.error)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        #expect(json["subtitles"] as? [String] == ["fr"])
        let master = try String(contentsOfFile: package + "/master.m3u8", encoding: .utf8)
        #expect(master.contains("TYPE=SUBTITLES") && master.contains("LANGUAGE=\"fr\""))
        let nothing = try IngestCommandTests.run(["add-track", package])
        #expect(nothing.status != 0 && nothing.error.contains("--subtitles or --audio"))
    }
}
