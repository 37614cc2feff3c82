import Foundation
import LecternHLS
import Testing

@Suite("PlaylistParser (RFC 8216, 4)")
struct PlaylistParserTests {
    static let vod = """
        #EXTM3U
        #EXT-X-VERSION:7
        #EXT-X-TARGETDURATION:6
        #EXT-X-MEDIA-SEQUENCE:3
        #EXT-X-DISCONTINUITY-SEQUENCE:1
        #EXT-X-PLAYLIST-TYPE:VOD
        #EXT-X-INDEPENDENT-SEGMENTS
        #EXT-X-MAP:URI="init.mp4"
        #EXTINF:6.006,Slide 1
        seg-00001.m4s
        #EXTINF:5.5,
        seg-00002.m4s
        #EXT-X-ENDLIST
        """

    // MARK: 4.3.3 media playlists

    @Test("4.3.3 media playlist: header tags and segments")
    func mediaPlaylist() throws {
        let playlist = try PlaylistParser.parseMedia(Self.vod)
        #expect(playlist.version == 7)
        #expect(playlist.targetDuration == 6)
        #expect(playlist.mediaSequence == 3)
        #expect(playlist.discontinuitySequence == 1)
        #expect(playlist.playlistType == .vod)
        #expect(playlist.independentSegments)
        #expect(!playlist.iFramesOnly)
        #expect(playlist.endList)
        #expect(playlist.segments.map(\.uri) == ["seg-00001.m4s", "seg-00002.m4s"])
        #expect(playlist.segments.map(\.duration) == [6.006, 5.5])
        #expect(playlist.segments.map(\.title) == ["Slide 1", nil])
        #expect(playlist.totalDuration == 11.506)
    }

    @Test("4.3.3 media playlist: defaults when optional tags are absent")
    func mediaDefaults() throws {
        let playlist = try PlaylistParser.parseMedia("#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:9,\na.ts\n")
        #expect(playlist.version == nil)
        #expect(playlist.mediaSequence == 0)
        #expect(playlist.discontinuitySequence == 0)
        #expect(playlist.playlistType == nil)
        #expect(!playlist.endList)
        #expect(playlist.segments.first?.duration == 9)
    }

    @Test("4.3.2.1 EXTINF: the title may contain commas and the comma may be missing")
    func extinfTitle() throws {
        let playlist = try PlaylistParser.parseMedia("#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:9.5,Part 1, intro\na.ts\n#EXTINF:4\nb.ts\n")
        #expect(playlist.segments.map(\.title) == ["Part 1, intro", nil])
        #expect(playlist.segments.map(\.duration) == [9.5, 4])
    }

    @Test("4.3.2.5 EXT-X-MAP applies to every following segment until the next EXT-X-MAP")
    func mapInheritance() throws {
        let text = """
            #EXTM3U
            #EXT-X-TARGETDURATION:6
            #EXT-X-MAP:URI="init-a.mp4",BYTERANGE="720@0"
            #EXTINF:6,
            a1.m4s
            #EXTINF:6,
            a2.m4s
            #EXT-X-DISCONTINUITY
            #EXT-X-MAP:URI="init-b.mp4"
            #EXTINF:6,
            b1.m4s
            """
        let segments = try PlaylistParser.parseMedia(text).segments
        #expect(segments.map(\.map?.uri) == ["init-a.mp4", "init-a.mp4", "init-b.mp4"])
        #expect(segments[0].map?.byteRange == ByteRange(length: 720, offset: 0))
        #expect(segments.map(\.discontinuity) == [false, false, true])
    }

    @Test("4.3.2.4 EXT-X-KEY applies until the next EXT-X-KEY; METHOD=NONE ends encryption")
    func keyInheritance() throws {
        let text = """
            #EXTM3U
            #EXT-X-TARGETDURATION:6
            #EXTINF:6,
            clear.ts
            #EXT-X-KEY:METHOD=AES-128,URI="k1",IV=0X000102030405060708090A0B0C0D0E0F
            #EXTINF:6,
            a.ts
            #EXTINF:6,
            b.ts
            #EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://k2",KEYFORMAT="com.apple.streamingkeydelivery",KEYFORMATVERSIONS="1"
            #EXT-X-KEY:METHOD=SAMPLE-AES,URI="data:text/plain;base64,AAAA",KEYFORMAT="urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed"
            #EXTINF:6,
            c.ts
            #EXT-X-KEY:METHOD=NONE
            #EXTINF:6,
            d.ts
            """
        let segments = try PlaylistParser.parseMedia(text).segments
        #expect(segments.map(\.keys.count) == [0, 1, 1, 2, 0])
        #expect(segments[1].key?.method == .aes128)
        #expect(segments[1].key?.iv == Array(0...15))
        #expect(segments[2].key == segments[1].key)
        #expect(segments[3].keys.map(\.keyFormat) == ["com.apple.streamingkeydelivery", "urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed"])
        #expect(segments[3].key?.keyFormatVersions == "1")
        #expect(segments[4].key == nil)
    }

    @Test("4.3.2.2 EXT-X-BYTERANGE, 4.3.2.6 EXT-X-PROGRAM-DATE-TIME, 8216bis EXT-X-GAP and EXT-X-BITRATE")
    func segmentTags() throws {
        let text = """
            #EXTM3U
            #EXT-X-TARGETDURATION:6
            #EXT-X-BITRATE:900
            #EXT-X-PROGRAM-DATE-TIME:2024-03-01T09:00:00.000+01:00
            #EXTINF:6,
            #EXT-X-BYTERANGE:1000@0
            all.mp4
            #EXTINF:6,
            #EXT-X-BYTERANGE:2000
            #EXT-X-GAP
            all.mp4
            #EXT-X-BITRATE:450
            #EXTINF:6,
            x.mp4
            """
        let segments = try PlaylistParser.parseMedia(text).segments
        #expect(segments.map(\.byteRange) == [ByteRange(length: 1000, offset: 0), ByteRange(length: 2000), nil])
        #expect(segments.map(\.programDateTime) == ["2024-03-01T09:00:00.000+01:00", nil, nil])
        #expect(segments.map(\.gap) == [false, true, false])
        #expect(segments.map(\.bitrate) == [900, 900, 450])
    }

    @Test("4.3.3.6 EXT-X-I-FRAMES-ONLY and 4.3.5.2 EXT-X-START")
    func iFramesOnlyAndStart() throws {
        let text =
            "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-I-FRAMES-ONLY\n#EXT-X-START:TIME-OFFSET=-12.5,PRECISE=YES,X-HINT=1\n#EXTINF:2,\n#EXT-X-BYTERANGE:9000@376\nmain.ts\n"
        let playlist = try PlaylistParser.parseMedia(text)
        #expect(playlist.iFramesOnly)
        #expect(playlist.start == StartPoint(timeOffset: -12.5, precise: true, extraAttributes: ["X-HINT": .unquoted("1")]))
    }

    @Test("8216bis 4.4.2.3 EXT-X-DEFINE: the three forms; references stay unsubstituted")
    func defines() throws {
        let text = """
            #EXTM3U
            #EXT-X-DEFINE:NAME="host",VALUE="https://cdn.example"
            #EXT-X-DEFINE:IMPORT="token"
            #EXT-X-DEFINE:QUERYPARAM="session"
            #EXT-X-TARGETDURATION:6
            #EXTINF:6,
            {$host}/a.ts?t={$token}
            """
        let playlist = try PlaylistParser.parseMedia(text)
        #expect(playlist.defines == [.value(name: "host", value: "https://cdn.example"), .import(name: "token"), .queryParameter(name: "session")])
        #expect(playlist.defines.map(\.name) == ["host", "token", "session"])
        #expect(playlist.segments.first?.uri == "{$host}/a.ts?t={$token}")
    }

    // MARK: 4.3.4 multivariant playlists

    static let multivariant = """
        #EXTM3U
        #EXT-X-VERSION:7
        #EXT-X-INDEPENDENT-SEGMENTS
        #EXT-X-SESSION-DATA:DATA-ID="com.lectern.title",VALUE="Linear Algebra, Lecture 3",LANGUAGE="en"
        #EXT-X-SESSION-KEY:METHOD=SAMPLE-AES,URI="skd://key",KEYFORMAT="com.apple.streamingkeydelivery"
        #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="English",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="audio/en.m3u8"
        #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="Deutsch",LANGUAGE="de",ASSOC-LANGUAGE="de-AT",URI="audio/de.m3u8",STABLE-RENDITION-ID="de1"
        #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",FORCED=YES,CHARACTERISTICS="public.accessibility.transcribes-spoken-dialog,public.easy-to-read",URI="subs/en.m3u8"
        #EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID="cc",NAME="CC",INSTREAM-ID="CC1"
        #EXT-X-STREAM-INF:BANDWIDTH=2200000,AVERAGE-BANDWIDTH=1500000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=1280x720,FRAME-RATE=29.970,HDCP-LEVEL=NONE,AUDIO="aud",SUBTITLES="subs",CLOSED-CAPTIONS="cc",SCORE=2.0
        720p/index.m3u8
        #EXT-X-STREAM-INF:BANDWIDTH=72000,CODECS="mp4a.40.2",AUDIO="aud",CLOSED-CAPTIONS=NONE,VIDEO="v"
        audio/en.m3u8
        #EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=180000,AVERAGE-BANDWIDTH=90000,CODECS="avc1.64001f",RESOLUTION=1280x720,VIDEO="v",URI="720p/iframes.m3u8"
        """

    @Test("4.3.4 multivariant playlist: renditions, variants and I-frame streams")
    func multivariantPlaylist() throws {
        let playlist = try PlaylistParser.parseMultivariant(Self.multivariant)
        #expect(playlist.version == 7)
        #expect(playlist.independentSegments)
        #expect(playlist.sessionData == [SessionData(dataID: "com.lectern.title", value: "Linear Algebra, Lecture 3", language: "en")])
        #expect(playlist.sessionKeys.first?.method == .sampleAES)
        #expect(playlist.renditions.count == 4)
        #expect(playlist.variants.count == 2)
        #expect(playlist.iFrameStreams.count == 1)
        #expect(playlist.renditions(inGroup: "aud", type: .audio).map(\.language) == ["en", "de"])
    }

    @Test("4.3.4.1 EXT-X-MEDIA: every attribute, unknown ones kept in order")
    func rendition() throws {
        let renditions = try PlaylistParser.parseMultivariant(Self.multivariant).renditions
        #expect(
            renditions[0]
                == Rendition(
                    type: .audio,
                    groupID: "aud",
                    language: "en",
                    name: "English",
                    isDefault: true,
                    autoselect: true,
                    channels: "2",
                    uri: "audio/en.m3u8"
                )
        )
        #expect(renditions[1].assocLanguage == "de-AT")
        #expect(!renditions[1].isDefault && !renditions[1].autoselect)
        #expect(renditions[1].extraAttributes == ["STABLE-RENDITION-ID": .quotedString("de1")])
        #expect(renditions[2].type == .subtitles && renditions[2].forced)
        #expect(renditions[2].characteristics == "public.accessibility.transcribes-spoken-dialog,public.easy-to-read")
        #expect(renditions[3].type == .closedCaptions && renditions[3].instreamID == "CC1" && renditions[3].uri == nil)
    }

    @Test("4.3.4.2 EXT-X-STREAM-INF: every attribute and the URI line")
    func variantStream() throws {
        let variants = try PlaylistParser.parseMultivariant(Self.multivariant).variants
        let hd = variants[0]
        #expect(hd.bandwidth == 2_200_000)
        #expect(hd.averageBandwidth == 1_500_000)
        #expect(hd.codecs == ["avc1.64001f", "mp4a.40.2"])
        #expect(hd.resolution == Resolution(width: 1280, height: 720))
        #expect(hd.frameRate == 29.97)
        #expect(hd.hdcpLevel == "NONE")
        #expect(hd.audio == "aud" && hd.subtitles == "subs" && hd.video == nil)
        #expect(hd.closedCaptions == .groupID("cc"))
        #expect(hd.extraAttributes == ["SCORE": .unquoted("2.0")])
        #expect(hd.uri == "720p/index.m3u8")
        #expect(variants[1].closedCaptions == .noClosedCaptions)
        #expect(variants[1].resolution == nil && variants[1].video == "v")
    }

    @Test("4.3.4.3 EXT-X-I-FRAME-STREAM-INF")
    func iFrameStream() throws {
        let stream = try #require(try PlaylistParser.parseMultivariant(Self.multivariant).iFrameStreams.first)
        #expect(
            stream
                == IFrameStream(
                    bandwidth: 180_000,
                    averageBandwidth: 90_000,
                    codecs: ["avc1.64001f"],
                    resolution: Resolution(width: 1280, height: 720),
                    video: "v",
                    uri: "720p/iframes.m3u8"
                )
        )
    }

    @Test("4.3 parse() tells the two kinds apart")
    func kindDetection() throws {
        #expect(try PlaylistParser.parse(Self.vod).media != nil)
        #expect(try PlaylistParser.parse(Self.multivariant).multivariant != nil)
        #expect(try PlaylistParser.parse(Self.vod).multivariant == nil)
    }

    // MARK: 4.1 file format

    @Test("4.1 lines end in LF or CRLF; a UTF-8 BOM is skipped")
    func crlfAndBOM() throws {
        let crlf = "\u{FEFF}" + Self.vod.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n"
        #expect(try PlaylistParser.parseMedia(crlf) == PlaylistParser.parseMedia(Self.vod))
        let data = Data(crlf.utf8)
        #expect(try PlaylistParser.parse(data).media?.segments.count == 2)
    }

    @Test("4.1 blank lines and comments are ignored, tags start with #EXT")
    func blankLinesAndComments() throws {
        let text = "\n#EXTM3U\n\n# a comment\n#EXT-X-TARGETDURATION:6\n#EXTINF:6,\n\n# another\nseg.ts\n\n"
        let playlist = try PlaylistParser.parseMedia(text)
        #expect(playlist.segments.map(\.uri) == ["seg.ts"])
        #expect(playlist.unknownTags.isEmpty)
    }

    @Test("4.1 playlists are UTF-8: invalid bytes are an error on their line")
    func invalidUTF8() {
        var data = Data("#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6,".utf8)
        data.append(contentsOf: [0xC3, 0x28, 0x0A])
        #expect {
            try PlaylistParser.parse(data)
        } throws: { error in
            (error as? PlaylistParseError)?.code == .invalidEncoding && (error as? PlaylistParseError)?.line == 3
        }
    }

    @Test("4.1 UTF-8 text in titles and URIs survives")
    func unicode() throws {
        let text = "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6,Übung — 線形代数\nvorlesung-ä.ts\n"
        let segment = try #require(try PlaylistParser.parseMedia(text).segments.first)
        #expect(segment.title == "Übung — 線形代数")
        #expect(segment.uri == "vorlesung-ä.ts")
    }

    // MARK: 4 unknown tags

    @Test("4 unknown tags are kept with their position")
    func unknownTagsMedia() throws {
        let text = """
            #EXTM3U
            #EXT-X-TARGETDURATION:4
            #EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=3.0
            #EXT-X-PART-INF:PART-TARGET=1.0
            #EXT-X-MAP:URI="init.mp4"
            #EXT-X-DATERANGE:ID="chapter-1",START-DATE="2024-03-01T09:00:00Z"
            #EXTINF:4,
            a.m4s
            #EXT-X-CUE-OUT
            #EXTINF:4,
            b.m4s
            #EXT-X-PART:DURATION=1.0,URI="c.part1.m4s"
            #EXT-X-PRELOAD-HINT:TYPE=PART,URI="c.part2.m4s"
            """
        let playlist = try PlaylistParser.parseMedia(text)
        #expect(playlist.unknownTags.map(\.name) == ["EXT-X-SERVER-CONTROL", "EXT-X-PART-INF"])
        #expect(playlist.unknownTags[0].value == "CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=3.0")
        #expect(playlist.unknownTags[0].attributes?.float("PART-HOLD-BACK") == 3)
        #expect(playlist.segments[0].unknownTags.map(\.name) == ["EXT-X-DATERANGE"])
        #expect(playlist.segments[1].unknownTags == [UnknownTag(name: "EXT-X-CUE-OUT")])
        #expect(playlist.trailingTags.map(\.name) == ["EXT-X-PART", "EXT-X-PRELOAD-HINT"])
    }

    @Test("4 unknown tags in a multivariant playlist travel with the next item")
    func unknownTagsMultivariant() throws {
        let text = """
            #EXTM3U
            #EXT-X-CONTENT-STEERING:SERVER-URI="/steer"
            #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="A"
            #EXT-X-VENDOR-HINT:1
            #EXT-X-STREAM-INF:BANDWIDTH=1
            #X-NOT-A-TAG comment
            #EXT-X-BETWEEN
            v.m3u8
            #EXT-X-BEFORE-IFRAME
            #EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=1,URI="i.m3u8"
            #EXT-X-AT-END:x
            """
        let playlist = try PlaylistParser.parseMultivariant(text)
        #expect(playlist.unknownTags.map(\.name) == ["EXT-X-CONTENT-STEERING"])
        #expect(playlist.renditions[0].unknownTags.isEmpty)
        #expect(playlist.variants[0].unknownTags.map(\.name) == ["EXT-X-VENDOR-HINT", "EXT-X-BETWEEN"])
        #expect(playlist.iFrameStreams[0].unknownTags.map(\.name) == ["EXT-X-BEFORE-IFRAME"])
        #expect(playlist.trailingTags == [UnknownTag(name: "EXT-X-AT-END", value: "x")])
    }

    // MARK: errors with line numbers

    @Test("4.3.1.1 EXTM3U must be the first line", arguments: ["", "\n\n", "#EXT-X-VERSION:3\n#EXTM3U\n", "#EXTM3U8\n", "hello"])
    func missingHeader(_ text: String) {
        #expect(throws: PlaylistParseError.self) { try PlaylistParser.parse(text) }
        do {
            _ = try PlaylistParser.parse(text)
        } catch {
            #expect(error.code == .missingHeader)
            #expect(error.line >= 1)
        }
    }

    @Test(
        "errors carry the line number and a one-line description",
        arguments: [
            ("#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:abc,\na.ts\n", 3, PlaylistParseError.Code.invalidValue),
            ("#EXTM3U\n#EXT-X-TARGETDURATION:6\n\n# comment\na.ts\n", 5, .misplacedURI),
            ("#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6,\n#EXTINF:6,\na.ts\n", 4, .misplacedURI),
            ("#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6,\n", 3, .misplacedURI),
            ("#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6,\na.ts\n#EXT-X-KEY:METHOD=AES-128,URI=\"k\"\n", 5, .misplacedURI),
            ("#EXTM3U\n#EXT-X-TARGETDURATION:six\n", 2, .invalidValue),
            ("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-VERSION:4\n#EXT-X-TARGETDURATION:6\n", 3, .duplicateTag),
            ("\n#EXTM3U\n#EXTINF:6,\na.ts\n", 2, .missingTag),
            ("#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-PLAYLIST-TYPE:LIVE\n", 3, .invalidValue),
            ("#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-BYTERANGE:12@\n#EXTINF:6,\na.ts\n", 3, .invalidValue),
            ("#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-KEY:URI=\"k\"\n#EXTINF:6,\na.ts\n", 3, .missingAttribute),
            ("#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-KEY:METHOD=AES-128,IV=0xZZ\n#EXTINF:6,\na.ts\n", 3, .invalidValue),
            ("#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-MAP:URI=init.mp4\n#EXTINF:6,\na.ts\n", 3, .invalidValue),
            ("#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n", 3, .wrongPlaylistKind),
            ("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n#EXTINF:6,\na.ts\n", 4, .wrongPlaylistKind),
            ("#EXTM3U\n#EXT-X-STREAM-INF:CODECS=\"avc1\"\nv.m3u8\n", 2, .missingAttribute),
            ("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,RESOLUTION=720p\nv.m3u8\n", 2, .invalidValue),
            ("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"A\"\nv.m3u8\n", 2, .misplacedURI),
            ("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n", 2, .misplacedURI),
            ("#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"A\"\nv.m3u8\n", 3, .misplacedURI),
            ("#EXTM3U\n#EXT-X-MEDIA:TYPE=TEXT,GROUP-ID=\"a\",NAME=\"A\"\n", 2, .invalidValue),
            ("#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\"\n", 2, .missingAttribute),
            ("#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"A\",DEFAULT=TRUE\n", 2, .invalidValue),
            ("#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=a,NAME=\"A\"\n", 2, .invalidValue),
            ("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,CLOSED-CAPTIONS=cc\nv.m3u8\n", 2, .invalidValue),
            ("#EXTM3U\n#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=1\n", 2, .missingAttribute),
            ("#EXTM3U\n#EXT-X-SESSION-DATA:VALUE=\"x\"\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n", 2, .missingAttribute),
            ("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,AUDIO=\"a\n", 2, .malformedAttributeList),
            ("#EXTM3U\n#EXT-X-DEFINE:NAME=\"x\"\n#EXT-X-TARGETDURATION:6\n", 2, .missingAttribute),
            ("#EXTM3U\n#EXT-X-START:PRECISE=YES\n#EXT-X-TARGETDURATION:6\n", 2, .missingAttribute),
            ("#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTM3U\n", 3, .duplicateTag),
        ]
    )
    func errorLines(_ text: String, _ line: Int, _ code: PlaylistParseError.Code) {
        do {
            let playlist = try PlaylistParser.parse(text)
            Issue.record("expected an error, parsed \(playlist)")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.code == code, "\(error)")
            #expect(error.description.hasPrefix("line \(line): "))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test("4.3 asking for the other kind of playlist is an error")
    func wrongKind() {
        #expect(throws: PlaylistParseError.self) { try PlaylistParser.parseMedia(Self.multivariant) }
        #expect(throws: PlaylistParseError.self) { try PlaylistParser.parseMultivariant(Self.vod) }
    }

    // MARK: 4.1 URIs

    @Test("4.1 relative URIs resolve against the playlist's URL")
    func resolveURIs() throws {
        let base = URL(string: "https://media.example/lectures/la-3/master.m3u8")!
        #expect(PlaylistParser.resolve("720p/index.m3u8", against: base)?.absoluteString == "https://media.example/lectures/la-3/720p/index.m3u8")
        #expect(PlaylistParser.resolve("/other/x.m3u8", against: base)?.absoluteString == "https://media.example/other/x.m3u8")
        #expect(PlaylistParser.resolve("../la-4/master.m3u8", against: base)?.absoluteString == "https://media.example/lectures/la-4/master.m3u8")
        #expect(PlaylistParser.resolve("https://cdn.example/a.ts", against: base)?.absoluteString == "https://cdn.example/a.ts")
        #expect(PlaylistParser.resolve("seg 1.ts", against: base)?.absoluteString == "https://media.example/lectures/la-3/seg%201.ts")
        #expect(PlaylistParser.resolve("a.ts", against: nil)?.relativeString == "a.ts")

        let fileBase = URL(filePath: "/srv/library/lectures/la-3/master.m3u8")
        let playlist = try PlaylistParser.parseMultivariant(Self.multivariant, baseURL: fileBase)
        #expect(playlist.baseURL == fileBase)
        #expect(playlist.resolvedURL(for: playlist.variants[0].uri)?.path == "/srv/library/lectures/la-3/720p/index.m3u8")
    }

    // MARK: real playlists written by ffmpeg

    @Test(
        "4.3.3 media playlist written by ffmpeg's hls muxer (fMP4, EXT-X-MAP, PROGRAM-DATE-TIME)",
        .enabled(if: FFmpeg.isAvailable),
        .timeLimit(.minutes(5))
    )
    func ffmpegMediaPlaylist() async throws {
        let directory = try TemporaryDirectory()
        try await FFmpeg.run(
            FFmpeg.testInputs(seconds: 4) + [
                "-c:v", "libx264", "-g", "25", "-c:a", "aac", "-f", "hls", "-hls_time", "1",
                "-hls_segment_type", "fmp4", "-hls_playlist_type", "vod",
                "-hls_flags", "independent_segments+program_date_time", "out.m3u8",
            ],
            in: directory.url
        )
        let text = try directory.read("out.m3u8")
        let playlist = try PlaylistParser.parseMedia(text, baseURL: directory.url.appending(path: "out.m3u8"))
        #expect(playlist.version == 7)
        #expect(playlist.playlistType == .vod)
        #expect(playlist.independentSegments)
        #expect(playlist.endList)
        #expect(playlist.segments.count == 4)
        #expect(abs(playlist.totalDuration - 4) < 0.1)
        #expect(playlist.targetDuration >= playlist.minimumTargetDuration)
        #expect(playlist.segments.allSatisfy { $0.map?.uri == "init.mp4" && $0.programDateTime != nil })
        for uri in playlist.segments.map(\.uri) + ["init.mp4"] {
            let url = try #require(playlist.resolvedURL(for: uri))
            #expect(FileManager.default.fileExists(atPath: url.path), "\(uri) resolves to a file")
        }
        try expectRoundTrip(text)
    }

    @Test(
        "4.3.4 multivariant playlist written by ffmpeg with -var_stream_map (audio group, two variants)",
        .enabled(if: FFmpeg.isAvailable),
        .timeLimit(.minutes(5))
    )
    func ffmpegMultivariantPlaylist() async throws {
        let directory = try TemporaryDirectory()
        try await FFmpeg.run(
            FFmpeg.testInputs(seconds: 3) + [
                "-map", "0:v", "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-g", "25", "-c:a", "aac",
                "-s:v:1", "160x120", "-b:v:0", "300k", "-b:v:1", "100k", "-b:a", "64k",
                "-f", "hls", "-hls_time", "1", "-hls_segment_type", "fmp4", "-hls_playlist_type", "vod",
                "-master_pl_name", "master.m3u8",
                "-var_stream_map", "v:0,agroup:aud v:1,agroup:aud a:0,agroup:aud,default:yes,language:en",
                "-hls_segment_filename", "v%v/seg%d.m4s", "v%v/index.m3u8",
            ],
            in: directory.url
        )
        let text = try directory.read("master.m3u8")
        let master = try PlaylistParser.parseMultivariant(text, baseURL: directory.url.appending(path: "master.m3u8"))
        #expect(master.version == 7)
        #expect(master.variants.map(\.resolution) == [Resolution(width: 320, height: 240), Resolution(width: 160, height: 120)])
        #expect(master.variants.allSatisfy { $0.bandwidth > 0 && $0.audio == "group_aud" })
        #expect(master.variants.allSatisfy { $0.codecs.count == 2 && $0.codecs[0].hasPrefix("avc1.") && $0.codecs[1] == "mp4a.40.2" })
        let audio = try #require(master.renditions.first)
        #expect(audio.type == .audio && audio.groupID == "group_aud" && audio.language == "en" && audio.isDefault)
        for uri in master.variants.map(\.uri) + [try #require(audio.uri)] {
            let url = try #require(master.resolvedURL(for: uri))
            let media = try PlaylistParser.parseMedia(try String(contentsOf: url, encoding: .utf8), baseURL: url)
            #expect(media.segments.count >= 3)
            #expect(media.segments.first?.map != nil)
            try expectRoundTrip(try String(contentsOf: url, encoding: .utf8))
        }
        try expectRoundTrip(text)
    }

    @Test(
        "4.3.2.2 EXT-X-BYTERANGE as written by ffmpeg -hls_flags single_file",
        .enabled(if: FFmpeg.isAvailable),
        .timeLimit(.minutes(5))
    )
    func ffmpegByteRanges() async throws {
        let directory = try TemporaryDirectory()
        try await FFmpeg.run(
            FFmpeg.testInputs(seconds: 3) + [
                "-c:v", "libx264", "-g", "25", "-c:a", "aac", "-f", "hls", "-hls_time", "1",
                "-hls_flags", "single_file", "-hls_playlist_type", "vod", "out.m3u8",
            ],
            in: directory.url
        )
        let text = try directory.read("out.m3u8")
        let playlist = try PlaylistParser.parseMedia(text)
        let ranges = playlist.segments.compactMap(\.byteRange)
        #expect(ranges.count == playlist.segments.count && ranges.count >= 3)
        var next = 0
        for range in ranges {
            #expect(range.offset == next)
            next += range.length
        }
        let size = try directory.url.appending(path: "out.ts").resourceValues(forKeys: [.fileSizeKey]).fileSize
        #expect(size == next)
        try expectRoundTrip(text)
    }

    /// parse → write → parse gives the same model, and writing is then stable byte for byte.
    private func expectRoundTrip(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let first = try PlaylistParser.parse(text)
        let written = PlaylistWriter.write(first)
        let second = try PlaylistParser.parse(written)
        #expect(second == first, sourceLocation: sourceLocation)
        #expect(PlaylistWriter.write(second) == written, sourceLocation: sourceLocation)
    }
}
