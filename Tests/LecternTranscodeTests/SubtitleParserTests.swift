import Foundation
import LecternPackage
import LecternTranscode
import Testing

/// SRT and WebVTT as content teams save them (BOM, CRLF, CJK, cue settings), and the one-line errors for bad files.
@Suite struct SubtitleParserTests {
    static func parse(_ text: String, name: String = "lecture.srt", bom: Bool = false) throws(TranscodeError) -> [SubtitleCue] {
        try SubtitleParser.parse((bom ? Data([0xEF, 0xBB, 0xBF]) : Data()) + Data(text.utf8), name: name).cues
    }

    static func message(_ text: String, name: String = "lecture.srt") -> String? {
        do {
            _ = try parse(text, name: name)
            return nil
        } catch {
            return error.description
        }
    }

    @Test("SRT with a BOM and CRLF line ends keeps Chinese text and millisecond timing")
    func srtWithBOMAndCRLF() throws {
        let text = "1\r\n00:00:01,000 --> 00:00:02,500\r\n你好，同学们。\r\n今天讲疟疾。\r\n\r\n2\r\n00:00:03,250 --> 00:00:04,000\r\n<i>Slide</i> & notes\r\n"
        let cues = try Self.parse(text, bom: true)
        #expect(cues.count == 2)
        #expect(cues[0].start == 1 && cues[0].end == 2.5)
        #expect(cues[0].text == "你好，同学们。\n今天讲疟疾。")
        #expect(cues[1].start == 3.25 && cues[1].end == 4)
        #expect(cues[1].text == "<i>Slide</i> &amp; notes")
        #expect(cues[1].line == 7)
    }

    @Test("SRT without cue numbers, with coordinates, ASS overrides and font tags")
    func srtTolerated() throws {
        let text =
            "00:00:01,5 --> 00:00:02,000 X1:10 X2:100 Y1:10 Y2:50\n{\\an8}<font color=\"#ff0000\">Top</font> a < b\n\n\n3\n00:00:02.000 --> 00:00:03.000\nnext\n"
        let cues = try Self.parse(text)
        #expect(cues.map(\.text) == ["Top a &lt; b", "next"])
        #expect(cues[0].start == 1.5 && cues[0].settings.isEmpty)
    }

    @Test("WebVTT with identifiers, cue settings, NOTE and STYLE blocks, hour-less timestamps")
    func webVTT() throws {
        let text = """
            WEBVTT - lecture
            Kind: captions

            NOTE written by hand

            STYLE
            ::cue { color: yellow }

            intro
            00:01.000 --> 00:02.000 position:10% align:start
            Bonjour à tous

            01:00:00.000 --> 01:00:01.000
            Fin
            """
        let cues = try Self.parse(text, name: "lecture.fr.vtt")
        #expect(cues.count == 2)
        #expect(cues[0].start == 1 && cues[0].settings == "position:10% align:start" && cues[0].text == "Bonjour à tous")
        #expect(cues[1].start == 3600)
    }

    @Test(
        "Errors name the file and the line",
        arguments: [
            ("just some notes\nabout the lecture\n", "lecture.srt", "lecture.srt:1: not SRT or WebVTT"),
            ("1\n00:00:01,000 --> 00:00:0x,000\nhi\n", "lecture.srt", "lecture.srt:2: bad timestamp \"00:00:0x,000\""),
            ("1\n00:00:01,000 --> 00:00:02,000\na\n\n2\n00:00:00,500 --> 00:00:03,000\nb\n", "lecture.srt", "lecture.srt:6: cues out of order"),
            ("1\n00:00:03,000 --> 00:00:02,000\na\n", "lecture.srt", "lecture.srt:2: cue ends"),
            ("00:00:01.000 --> 00:00:02.000\nhi\n", "lecture.zh.vtt", "lecture.zh.vtt:1: not WebVTT"),
            ("WEBVTT\n\n00:00:01.000 --> 00:01.x\nhi\n", "lecture.zh.vtt", "lecture.zh.vtt:3: bad timestamp"),
            ("1\nhello\nworld\n", "lecture.srt", "lecture.srt:2: expected a cue timing line"),
        ]
    )
    func errors(text: String, name: String, expected: String) {
        let message = Self.message(text, name: name)
        #expect(message?.hasPrefix(expected) == true, "\(message ?? "no error")")
        #expect(message?.contains("\n") == false)
    }

    @Test("A file that is not UTF-8 is refused with its name")
    func notUTF8() {
        #expect(throws: TranscodeError.self) { try SubtitleParser.parse(Data([0x31, 0x0A, 0xFF, 0xFE, 0x00]), name: "latin1.srt") }
    }

    @Test("Language tags: real languages only; container codes normalised; names in the language itself")
    func languageTags() {
        #expect(LanguageTag.isValid("fr") && LanguageTag.isValid("zh-Hans") && LanguageTag.isValid("pt-BR"))
        #expect(!LanguageTag.isValid("xx") && !LanguageTag.isValid("french") && !LanguageTag.isValid("f"))
        #expect(LanguageTag.fromContainer("fre") == "fr" && LanguageTag.fromContainer("chi") == "zh" && LanguageTag.fromContainer("eng") == "en")
        #expect(LanguageTag.fromContainer("und") == nil && LanguageTag.fromContainer(nil) == nil)
        #expect(LanguageTag.displayName("en") == "English" && LanguageTag.displayName("fr") == "Français" && LanguageTag.displayName("zh") == "中文")
    }

    @Test("Segments: the video's boundaries, a timestamp map each, a cue spanning a boundary in both segments")
    func segmenter() throws {
        let cues = [SubtitleCue(start: 1, end: 3, text: "across"), SubtitleCue(start: 4.5, end: 5, text: "second")]
        let segments = WebVTTSegmenter.segments(cues, spans: [(0, 2), (2, 2), (4, 1.2)], mediaTimestamp: 63000)
        #expect(segments.map(\.uri) == ["seg-00001.vtt", "seg-00002.vtt", "seg-00003.vtt"])
        #expect(segments.map(\.duration) == [2, 2, 1.2])
        #expect(segments.allSatisfy { $0.text.hasPrefix("WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:63000,LOCAL:00:00:00.000\n") })
        let parsed = try segments.map { try SubtitleParser.parse(Data($0.text.utf8), name: $0.uri).cues.map(\.text) }
        #expect(parsed == [["across"], ["across"], ["second"]])
    }
}
