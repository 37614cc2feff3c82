import Foundation
import LecternHLS
import Testing

/// Property tests for `PlaylistParser` and `PlaylistWriter` over randomly mutated playlists (RFC 8216, 4).
///
/// Each case is rebuilt from its seed alone: a failure prints the base playlist and the seed, and
/// `PlaylistMutator.mutate(PlaylistParserFuzzTests.bases[base].text, seed: seed)` gives the same bytes again.
@Suite("PlaylistParser fuzzing (RFC 8216, 4)")
struct PlaylistParserFuzzTests {
    struct Base: Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        var testDescription: String { name }
    }

    /// Mutated cases per base playlist (each applies 1 to 4 mutations).
    static let casesPerBase = 750

    static let bases: [Base] = [
        Base(
            name: "multivariant",
            text: """
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-START:TIME-OFFSET=-12.5,PRECISE=YES
                #EXT-X-DEFINE:NAME="cdn",VALUE="https://cdn.example"
                #EXT-X-SESSION-DATA:DATA-ID="com.lectern.title",VALUE="Lecture 4, part 2",LANGUAGE="en"
                #EXT-X-SESSION-KEY:METHOD=SAMPLE-AES,URI="skd://key",KEYFORMAT="com.apple.streamingkeydelivery",KEYFORMATVERSIONS="1"
                #EXT-X-CONTENT-STEERING:SERVER-URI="/steering"
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",LANGUAGE="en",NAME="English",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="audio/en.m3u8"
                #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",LANGUAGE="de",ASSOC-LANGUAGE="de-AT",NAME="Deutsch",DEFAULT=NO,AUTOSELECT=NO,FORCED=YES,URI="subs/de.m3u8"
                #EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID="cc",NAME="CC1",INSTREAM-ID="CC1",CHARACTERISTICS="public.accessibility.transcribes-spoken-dialog"
                #EXT-X-STREAM-INF:BANDWIDTH=2200000,AVERAGE-BANDWIDTH=1500000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=1280x720,FRAME-RATE=29.970,HDCP-LEVEL=NONE,AUDIO="aud",SUBTITLES="subs",CLOSED-CAPTIONS="cc",VIDEO-RANGE=SDR
                720p/index.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=600000,SCORE=1.5,CODECS="avc1.4d401e,mp4a.40.2",RESOLUTION=640x360,FRAME-RATE=25,AUDIO="aud",CLOSED-CAPTIONS=NONE
                {$cdn}/360p/index.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=72000,CODECS="mp4a.40.2",AUDIO="aud"
                audio/en.m3u8
                #EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=180000,CODECS="avc1.64001f",RESOLUTION=1280x720,URI="720p/iframes.m3u8"
                #EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=60000,RESOLUTION=640x360,VIDEO="v",URI="360p/iframes.m3u8"

                """
        ),
        Base(
            name: "fMP4 media",
            text: """
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-TARGETDURATION:6
                #EXT-X-MEDIA-SEQUENCE:0
                #EXT-X-PLAYLIST-TYPE:VOD
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-MAP:URI="main.mp4",BYTERANGE="720@0"
                #EXTINF:6.000,Introduction
                #EXT-X-BYTERANGE:100000@720
                main.mp4
                #EXTINF:6.000,
                #EXT-X-BYTERANGE:98000
                main.mp4
                #EXT-X-DATERANGE:ID="chapter-2",START-DATE="2024-03-01T09:00:12.000Z"
                #EXTINF:5.005,Matrices, again
                #EXT-X-BYTERANGE:120000
                main.mp4
                #EXT-X-GAP
                #EXTINF:4.5,
                #EXT-X-BYTERANGE:1000@318720
                main.mp4
                #EXT-X-ENDLIST

                """
        ),
        Base(
            name: "I-frame",
            text: """
                #EXTM3U
                #EXT-X-VERSION:4
                #EXT-X-TARGETDURATION:6
                #EXT-X-MEDIA-SEQUENCE:0
                #EXT-X-PLAYLIST-TYPE:VOD
                #EXT-X-I-FRAMES-ONLY
                #EXT-X-MAP:URI="init.mp4"
                #EXTINF:2.002,
                #EXT-X-BYTERANGE:9400@376
                seg-00001.m4s
                #EXTINF:2.002,
                #EXT-X-BYTERANGE:7896@0
                seg-00002.m4s
                #EXTINF:1.996,
                #EXT-X-BYTERANGE:8272@0
                seg-00003.m4s
                #EXT-X-ENDLIST

                """
        ),
        Base(
            name: "TS media",
            text: """
                #EXTM3U
                #EXT-X-VERSION:3
                #EXT-X-TARGETDURATION:10
                #EXT-X-MEDIA-SEQUENCE:2680
                #EXT-X-DISCONTINUITY-SEQUENCE:3
                #EXT-X-KEY:METHOD=AES-128,X-VENDOR=abc,URI="https://keys.example/k1",IV=0x000102030405060708090a0b0c0d0e0f
                #EXT-X-PROGRAM-DATE-TIME:2024-03-01T09:00:00.000+01:00
                #EXTINF:9.009,
                segment-2680.ts
                #EXTINF:9.009,Slide 12
                segment-2681.ts
                #EXT-X-DISCONTINUITY
                #EXT-X-KEY:METHOD=NONE
                #EXT-X-PROGRAM-DATE-TIME:2024-03-01T09:05:00.000+01:00
                #EXTINF:10,
                https://cdn.example/ad/spot-1.ts
                #EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://k2",KEYFORMAT="com.apple.streamingkeydelivery",KEYFORMATVERSIONS="1"
                #EXT-X-KEY:METHOD=SAMPLE-AES,URI="data:text/plain;base64,AAAA",KEYFORMAT="urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed"
                #EXT-X-BITRATE:1200
                #EXTINF:8.5,
                segment-2683.ts

                """
        ),
    ]

    @Test("4 playlists: the fuzzing bases are valid and canonical after one write")
    func basesAreValid() throws {
        for base in Self.bases {
            let written = PlaylistWriter.write(try PlaylistParser.parse(base.text))
            #expect(PlaylistWriter.write(try PlaylistParser.parse(written)) == written, "\(base.name)")
        }
    }

    @Test(
        "4 playlists: random mutations never crash the parser",
        .timeLimit(.minutes(2)),
        arguments: Self.bases.indices
    )
    func randomMutations(base: Int) {
        let donors = Self.bases.map(\.text)
        var failures: [String] = []
        var parsed = 0
        var slowest = Duration.zero
        let clock = ContinuousClock()
        let verbose = ProcessInfo.processInfo.environment["LECTERN_FUZZ_VERBOSE"] != nil
        for index in 0..<Self.casesPerBase {
            let seed = Self.seed(base: base, case: index)
            if verbose { print("fuzz \(Self.bases[base].name) seed 0x\(String(seed, radix: 16))") }
            let bytes = PlaylistMutator.mutate(Self.bases[base].text, seed: seed, donors: donors)
            var outcome: Outcome = .rejected
            let elapsed = clock.measure { outcome = Self.check(bytes) }
            slowest = max(slowest, elapsed)
            switch outcome {
            case .parsed: parsed += 1
            case .rejected: break
            case .failed(let reason):
                failures.append(
                    "\(Self.bases[base].name) seed 0x\(String(seed, radix: 16)): \(reason)\n"
                        + "input: \(String(decoding: bytes, as: UTF8.self).debugDescription)"
                )
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failing cases, first ones:\n\(failures.prefix(3).joined(separator: "\n"))")
        // Mutations must leave a fair share parseable, or the write → parse → write property is barely checked.
        #expect(parsed >= Self.casesPerBase / 10, "only \(parsed) of \(Self.casesPerBase) mutated playlists parsed")
        #expect(slowest < .seconds(1), "slowest case took \(slowest)")
    }

    // MARK: Regressions found by the fuzzer

    @Test(
        "4.1 line breaks other than LF at the end of a tag, an attribute value or a codec survive write → parse → write",
        arguments: [
            // An unknown tag ending in U+2028 / form feed was written with a space there, which the parser trims:
            // it came back as EXT-X-ENDLIST (an error in a multivariant playlist) or EXT-X-GAP.
            "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n#EXT-X-ENDLIST\u{2028}\n",
            "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-GAP\u{0C}\n#EXTINF:1,\na.ts\n",
            // An unquoted value ending in CR, moved to the end of the line by the writer, met the LF as a CRLF.
            "#EXTM3U\n#EXT-X-STREAM-INF:SCORE=1\r,BANDWIDTH=1\nv.m3u8\n",
            "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-KEY:X-VENDOR=a\t\r,METHOD=AES-128,URI=\"k\"\n#EXTINF:1,\na.ts\n",
            // A codec ending in a line break was written with a space there, and trimmed when read back.
            "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,CODECS=\"avc1.64001f\u{2028},\u{85}mp4a.40.2\r\"\nv.m3u8\n",
        ]
    )
    func lineBreaksInValues(text: String) throws {
        #expect(Self.check(Array(text.utf8)) == .parsed)
        let written = PlaylistWriter.write(try PlaylistParser.parse(text))
        #expect(!written.contains("\r"))
    }

    @Test("4.1 a tag name ending in U+2028 stays an unknown tag; CR and line breaks around values are not kept")
    func lineBreaksKeptOrTrimmed() throws {
        let multivariant = try PlaylistParser.parseMultivariant(
            "#EXTM3U\n#EXT-X-STREAM-INF:SCORE=1\r,BANDWIDTH=1,CODECS=\"avc1.64001f\u{2028},mp4a.40.2\"\nv.m3u8\n#EXT-X-ENDLIST\u{2028}\n"
        )
        #expect(multivariant.trailingTags == [UnknownTag(name: "EXT-X-ENDLIST\u{2028}")])
        #expect(multivariant.variants.first?.extraAttributes["SCORE"] == .unquoted("1"))
        #expect(multivariant.variants.first?.codecs == ["avc1.64001f", "mp4a.40.2"])
    }

    // MARK: Checking one case

    enum Outcome: Equatable {
        case parsed
        case rejected
        case failed(String)
    }

    static func seed(base: Int, case index: Int) -> UInt64 {
        var mixer = SplitMix64(seed: 0x4C45_4354_4552_4E00 &+ UInt64(base) << 32 &+ UInt64(index))
        return mixer.next()
    }

    /// Which entry point reads the text.
    enum Kind: String {
        case any = "parse"
        case media = "parseMedia"
        case multivariant = "parseMultivariant"

        func parse(_ text: String) throws(PlaylistParseError) -> Playlist {
            switch self {
            case .any: try PlaylistParser.parse(text)
            case .media: .media(try PlaylistParser.parseMedia(text))
            case .multivariant: .multivariant(try PlaylistParser.parseMultivariant(text))
            }
        }
    }

    /// The properties: parsing never traps and either succeeds or throws an error on a line of the input; what
    /// parses writes to text that the same entry point parses again and writes to the same text.
    static func check(_ bytes: [UInt8]) -> Outcome {
        let lineCount = bytes.count(where: { $0 == UInt8(ascii: "\n") }) + 1
        let text = String(decoding: bytes, as: UTF8.self)
        var attempts: [(entry: String, kind: Kind, result: Result<Playlist, PlaylistParseError>)] = []
        if !bytes.elementsEqual(text.utf8) {
            // Invalid UTF-8: the Data entry point rejects it; the String ones below see U+FFFD and read on.
            attempts.append(("parse(Data)", .any, Result { () throws(PlaylistParseError) in try PlaylistParser.parse(Data(bytes)) }))
        }
        let any = Result { () throws(PlaylistParseError) in try Kind.any.parse(text) }
        attempts.append(("parse", .any, any))
        // parse() already read the text as the kind it chose; the other kind (both if it failed) is new work.
        for kind in [Kind.media, .multivariant] {
            switch (kind, any) {
            case (.media, .success(.media)), (.multivariant, .success(.multivariant)): continue
            default: attempts.append((kind.rawValue, kind, Result { () throws(PlaylistParseError) in try kind.parse(text) }))
            }
        }
        var parsedAny = false
        for (entry, kind, result) in attempts {
            switch result {
            case .failure(let error):
                guard (1...lineCount).contains(error.line) else {
                    return .failed("\(entry) threw on line \(error.line) of \(lineCount): \(error)")
                }
            case .success(let playlist):
                parsedAny = true
                let first = PlaylistWriter.write(playlist)
                let second: String
                do throws(PlaylistParseError) {
                    second = PlaylistWriter.write(try kind.parse(first))
                } catch {
                    return .failed("\(entry): written text does not parse (\(error))\nwritten: \(first.debugDescription)")
                }
                guard second == first else {
                    return .failed(
                        "\(entry): write → parse → write changed the text\nfirst:  \(first.debugDescription)\n"
                            + "second: \(second.debugDescription)"
                    )
                }
            }
        }
        return parsedAny ? .parsed : .rejected
    }
}

/// SplitMix64 (Steele, Lea and Flood, 2014): tiny, fast and seedable, so a failing case can be rebuilt.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random edits of playlist bytes: lines deleted, duplicated, swapped or spliced in from other playlists; bytes
/// flipped or inserted (invalid UTF-8, NUL, Unicode line separators); attribute and tag values replaced with
/// hostile ones; random tags inserted; CRLF line endings and byte order marks.
enum PlaylistMutator {
    enum Mutation: CaseIterable {
        case deleteLine, duplicateLine, swapLines, spliceLine, truncate, flipBit, insertBytes, replaceValue,
            insertTag, lineEndings, byteOrderMark
    }

    static func mutate(_ text: String, seed: UInt64, donors: [String] = []) -> [UInt8] {
        var random = SplitMix64(seed: seed)
        var bytes = Array(text.utf8)
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            apply(Mutation.allCases.randomElement(using: &random)!, to: &bytes, donors: donors, using: &random)
        }
        return bytes
    }

    static func apply(_ mutation: Mutation, to bytes: inout [UInt8], donors: [String], using random: inout SplitMix64) {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
        switch mutation {
        case .deleteLine:
            lines.remove(at: Int.random(in: lines.indices, using: &random))
        case .duplicateLine:
            let index = Int.random(in: lines.indices, using: &random)
            lines.insert(lines[index], at: Int.random(in: 0...lines.count, using: &random))
        case .swapLines:
            lines.swapAt(Int.random(in: lines.indices, using: &random), Int.random(in: lines.indices, using: &random))
        case .spliceLine:
            guard let donor = donors.randomElement(using: &random) else { return }
            let donorLines = donor.split(separator: "\n")
            guard let line = donorLines.randomElement(using: &random) else { return }
            lines.insert(Array(line.utf8), at: Int.random(in: 0...lines.count, using: &random))
        case .truncate:
            bytes.removeSubrange(Int.random(in: 0...bytes.count, using: &random)...)
            return
        case .flipBit:
            guard !bytes.isEmpty else { return }
            bytes[Int.random(in: bytes.indices, using: &random)] ^= 1 << UInt8.random(in: 0...7, using: &random)
            return
        case .insertBytes:
            var inserted: [UInt8] = []
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                if Bool.random(using: &random) {
                    inserted.append(UInt8.random(in: 0...255, using: &random))
                } else {
                    inserted += interestingBytes.randomElement(using: &random)!
                }
            }
            bytes.insert(contentsOf: inserted, at: Int.random(in: 0...bytes.count, using: &random))
            return
        case .replaceValue:
            let index = Int.random(in: lines.indices, using: &random)
            lines[index] = replacingValue(in: lines[index], using: &random)
        case .insertTag:
            let line: String
            if Bool.random(using: &random) {
                line = tagLines.randomElement(using: &random)!
            } else {
                let tag = PlaylistTag.allCases.randomElement(using: &random)!
                line = "#\(tag.rawValue):\(hostileValues.randomElement(using: &random)!)"
            }
            lines.insert(Array(line.utf8), at: Int.random(in: 0...lines.count, using: &random))
        case .lineEndings:
            switch Int.random(in: 0..<3, using: &random) {
            case 0: lines = lines.map { $0 + [0x0D] }  // CRLF everywhere
            case 1:
                let index = Int.random(in: lines.indices, using: &random)
                lines[index].append(0x0D)  // one CRLF
            default:
                let index = Int.random(in: lines.indices, using: &random)
                lines[index].insert(0x0D, at: Int.random(in: 0...lines[index].count, using: &random))  // a lone CR
            }
        case .byteOrderMark:
            let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
            if Bool.random(using: &random) {
                bytes.insert(contentsOf: bom, at: 0)
            } else {
                bytes.insert(contentsOf: bom, at: Int.random(in: 0...bytes.count, using: &random))
            }
            return
        }
        bytes = Array(lines.joined(separator: [UInt8(ascii: "\n")]))
    }

    /// Replaces one attribute value (after a `=`) or a tag value (after the `:`) with a hostile one.
    static func replacingValue(in line: [UInt8], using random: inout SplitMix64) -> [UInt8] {
        let starts = line.indices.filter { line[$0] == UInt8(ascii: "=") || line[$0] == UInt8(ascii: ":") }
        guard let separator = starts.randomElement(using: &random) else { return line }
        let start = separator + 1
        var end = start
        if end < line.endIndex, line[end] == UInt8(ascii: "\"") {
            end += 1
            while end < line.endIndex, line[end] != UInt8(ascii: "\"") { end += 1 }
            end = min(end + 1, line.endIndex)
        } else {
            while end < line.endIndex, line[end] != UInt8(ascii: ",") { end += 1 }
        }
        var result = line
        result.replaceSubrange(start..<end, with: hostileValues.randomElement(using: &random)!.utf8)
        return result
    }

    static let hostileValues: [String] = [
        "", " ", "0", "-0", "-1", "-5.5", "+1", "1e3", "1e308", "1.7976931348623157e309", "NaN", "inf", "0x1p3",
        "9223372036854775807", "9223372036854775808", "18446744073709551616", "99999999999999999999",
        "999999999999999999999999999999", String(repeating: "9", count: 400), "9999999999999999999.99999999",
        "1.", ".5", ".", "1..2", "0.0000001", "123456789012.3456789",
        "0x", "0xZZ", "0X0", "0x" + String(repeating: "f", count: 41), "1280x", "x720", "0x0", "99999999999999999999x1",
        "YES", "NO", "NONE", "AES-128", "SAMPLE-AES", "AUDIO", "VIDEO", "SUBTITLES", "CLOSED-CAPTIONS", "VOD", "EVENT",
        "10@", "@5", "10@99999999999999999999", "-5@-1", "1@2@3", "\"10@0\"", "\"x\"",
        "\"", "\"unterminated", "\"\"", "\"a,b=c\"", "\"a\"b\"", "\"a\" ,", "A=B", ",", "=", ",,", "a b", "\t",
        "{$cdn}", "{$", "\r", "\r\n", "\0", "\u{2028}", "\u{85}", "\u{0B}", "\u{0C}", "é", "\u{301}", "\"\u{301}\"",
        "#", "#EXTINF:1,", String(repeating: "A", count: 3000),
    ]

    static let tagLines: [String] = [
        "#EXTM3U", "#EXTINF:", "#EXTINF", "#EXTINF:-1,", "#EXTINF:4.5,title", "#EXTINF:1,a, b", "#EXT-X-ENDLIST",
        "#EXT-X-VERSION:", "#EXT-X-VERSION:99999999999999999999", "#EXT-X-TARGETDURATION:6", "#EXT-X-MEDIA-SEQUENCE:1",
        "#EXT-X-DISCONTINUITY-SEQUENCE:0", "#EXT-X-PLAYLIST-TYPE:EVENT", "#EXT-X-I-FRAMES-ONLY",
        "#EXT-X-INDEPENDENT-SEGMENTS", "#EXT-X-START:TIME-OFFSET=-1.5,PRECISE=YES", "#EXT-X-START",
        "#EXT-X-DEFINE:NAME=\"a\",VALUE=\"b\"", "#EXT-X-DEFINE:IMPORT=\"x\"", "#EXT-X-DEFINE:QUERYPARAM=\"q\",X=1",
        "#EXT-X-KEY:METHOD=NONE", "#EXT-X-KEY:METHOD=NONE,URI=\"k\"", "#EXT-X-KEY:METHOD=AES-128,URI=\"k\",IV=0x1",
        "#EXT-X-KEY:METHOD=AES-128,URI=\"k\",KEYFORMAT=\"a\"", "#EXT-X-MAP:URI=\"i.mp4\",BYTERANGE=\"1@0\"", "#EXT-X-MAP",
        "#EXT-X-BYTERANGE:5", "#EXT-X-BYTERANGE", "#EXT-X-DISCONTINUITY", "#EXT-X-PROGRAM-DATE-TIME:2024-01-01T00:00:00Z",
        "#EXT-X-PROGRAM-DATE-TIME:", "#EXT-X-GAP", "#EXT-X-BITRATE:100", "#EXT-X-BITRATE:",
        "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"n\"", "#EXT-X-MEDIA:", "#EXT-X-STREAM-INF:BANDWIDTH=1",
        "#EXT-X-STREAM-INF", "#EXT-X-STREAM-INF:BANDWIDTH=1,CLOSED-CAPTIONS=cc",
        "#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=1,URI=\"i.m3u8\"", "#EXT-X-SESSION-DATA:DATA-ID=\"d\"",
        "#EXT-X-SESSION-KEY:METHOD=AES-128,URI=\"k\"", "#EXT-X-DATERANGE:ID=\"x\"", "#EXT-X-UNKNOWN", "#EXT", "#EXT:",
        "#EXT-X-ENDLIST:x", "#", "# comment", "", "segment.ts", "  a b  ", "\t#EXT-X-GAP\t", "#EXTINF:1,\u{2028}",
        "#EXT-X-ENDLIST\u{0C}", "#EXT-X-ENDLIST\u{2028}", "#EXT-X-GAP\r ", "#EXT-X-FOO:A=x\r,B=y",
    ]

    static let interestingBytes: [[UInt8]] = [
        [0x00], [0xFF], [0xFE], [0xC3], [0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
        [0xEF, 0xBB, 0xBF], [0xE2, 0x80, 0xA8], [0xC2, 0x85], [0x0B], [0x0C], [0x0D], [0x0D, 0x0A], [0x0A],
        [0x09], [0x20], [0x22], [0x2C], [0x3D], [0x3A], [0x23], [0x40], [0x2D], [0x2E], [0x78],
        [0xCC, 0x81], [0xE2, 0x80, 0x8D], [0xF0, 0x9F, 0x98, 0x80],
    ]
}
