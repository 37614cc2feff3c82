import Foundation
import LecternHLS
import Testing

@Suite("PlaylistWriter (RFC 8216, 4)")
struct PlaylistWriterTests {
    /// Canonical: exactly what the writer produces, so parse → write must reproduce it byte for byte.
    static let canonicalMedia = """
        #EXTM3U
        #EXT-X-VERSION:7
        #EXT-X-TARGETDURATION:6
        #EXT-X-MEDIA-SEQUENCE:10
        #EXT-X-DISCONTINUITY-SEQUENCE:2
        #EXT-X-PLAYLIST-TYPE:VOD
        #EXT-X-INDEPENDENT-SEGMENTS
        #EXT-X-START:TIME-OFFSET=-18.000,PRECISE=YES
        #EXT-X-DEFINE:NAME="host",VALUE="cdn.example"
        #EXT-X-SERVER-CONTROL:CAN-SKIP-UNTIL=36.0
        #EXT-X-MAP:URI="init.mp4"
        #EXT-X-PROGRAM-DATE-TIME:2024-03-01T09:00:00.000Z
        #EXT-X-BITRATE:880
        #EXTINF:6.000,Introduction, part 1
        seg-00001.m4s
        #EXT-X-DATERANGE:ID="chapter-2",START-DATE="2024-03-01T09:00:06.000Z"
        #EXTINF:5.005,
        seg-00002.m4s
        #EXT-X-DISCONTINUITY
        #EXT-X-KEY:METHOD=AES-128,URI="https://keys.example/k1",IV=0x000102030405060708090a0b0c0d0e0f,KEYFORMAT="identity",KEYFORMATVERSIONS="1"
        #EXT-X-MAP:URI="init2.mp4",BYTERANGE="720@0"
        #EXT-X-BITRATE:440
        #EXTINF:1.021678,
        #EXT-X-BYTERANGE:1000@720
        media.m4s
        #EXTINF:4.500,
        #EXT-X-BYTERANGE:800
        #EXT-X-GAP
        media.m4s
        #EXT-X-KEY:METHOD=NONE
        #EXTINF:2.000,
        {$host}/last.m4s
        #EXT-X-PRELOAD-HINT:TYPE=PART,URI="next.m4s"
        #EXT-X-ENDLIST

        """

    static let canonicalMultivariant = """
        #EXTM3U
        #EXT-X-VERSION:7
        #EXT-X-INDEPENDENT-SEGMENTS
        #EXT-X-START:TIME-OFFSET=0.500
        #EXT-X-DEFINE:QUERYPARAM="token"
        #EXT-X-SESSION-DATA:DATA-ID="com.lectern.title",VALUE="Linear Algebra, Lecture 3",LANGUAGE="en"
        #EXT-X-SESSION-KEY:METHOD=SAMPLE-AES,URI="skd://key",KEYFORMAT="com.apple.streamingkeydelivery",KEYFORMATVERSIONS="1"
        #EXT-X-CONTENT-STEERING:SERVER-URI="/steering"
        #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud-64",LANGUAGE="en",NAME="English",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="audio-64/index.m3u8"
        #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud-64",LANGUAGE="de",ASSOC-LANGUAGE="de-AT",NAME="Deutsch",DEFAULT=NO,AUTOSELECT=YES,CHANNELS="2",URI="audio-64-de/index.m3u8",STABLE-RENDITION-ID="de"
        #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",LANGUAGE="en",NAME="English (forced)",DEFAULT=NO,AUTOSELECT=NO,FORCED=YES,CHARACTERISTICS="public.accessibility.transcribes-spoken-dialog,public.easy-to-read",URI="subs/en.m3u8"
        #EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID="cc",LANGUAGE="en",NAME="CC",DEFAULT=NO,AUTOSELECT=YES,INSTREAM-ID="CC1"
        #EXT-X-STREAM-INF:BANDWIDTH=2200000,AVERAGE-BANDWIDTH=1500000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=1280x720,FRAME-RATE=29.970,HDCP-LEVEL=NONE,AUDIO="aud-64",SUBTITLES="subs",CLOSED-CAPTIONS="cc",SCORE=2.0,VIDEO-RANGE=SDR
        720p/index.m3u8
        #EXT-X-VENDOR-HINT:abc
        #EXT-X-STREAM-INF:BANDWIDTH=600000,CODECS="avc1.4d401e,mp4a.40.2",RESOLUTION=640x360,FRAME-RATE=25.000,AUDIO="aud-64",CLOSED-CAPTIONS="cc"
        360p/index.m3u8
        #EXT-X-STREAM-INF:BANDWIDTH=72000,CODECS="mp4a.40.2",AUDIO="aud-64"
        audio-64/index.m3u8
        #EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=180000,CODECS="avc1.64001f",RESOLUTION=1280x720,URI="720p/iframes.m3u8"
        #EXT-X-CUSTOM-TRAILER

        """

    // MARK: byte-identical round trips

    @Test("4.3.3 canonical media playlist: parse → write is byte-identical")
    func canonicalMediaRoundTrip() throws {
        let playlist = try PlaylistParser.parseMedia(Self.canonicalMedia)
        #expect(playlist.segments.count == 5)
        #expect(PlaylistWriter.write(playlist) == Self.canonicalMedia)
    }

    @Test("4.3.4 canonical multivariant playlist: parse → write is byte-identical")
    func canonicalMultivariantRoundTrip() throws {
        let playlist = try PlaylistParser.parseMultivariant(Self.canonicalMultivariant)
        #expect(playlist.variants.count == 3)
        #expect(PlaylistWriter.write(playlist) == Self.canonicalMultivariant)
    }

    @Test("4.1 CRLF and BOM input: write gives the canonical LF text")
    func crlfToCanonical() throws {
        let crlf = "\u{FEFF}" + Self.canonicalMedia.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(PlaylistWriter.write(try PlaylistParser.parse(crlf)) == Self.canonicalMedia)
    }

    @Test(
        "4 non-canonical input: parse → write → parse gives the same model",
        arguments: [
            // attribute order, explicit defaults, blank lines, comments, 6-decimal durations (as ffmpeg writes)
            """
            #EXTM3U

            # written by hand
            #EXT-X-MEDIA:URI="a/en.m3u8",NAME="English",TYPE=AUDIO,GROUP-ID="a",DEFAULT=NO,X-CUSTOM="1"
            #EXT-X-STREAM-INF:RESOLUTION=320x240,CODECS="avc1.f4000d, mp4a.40.2",BANDWIDTH=400400,AUDIO="a",FRAME-RATE=25

            v0/index.m3u8

            """,
            """
            #EXTM3U
            #EXT-X-PLAYLIST-TYPE:EVENT
            #EXT-X-TARGETDURATION:2
            #EXTINF:1.021678,
            #EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:00.000+0000
            seg0.m4s
            #EXT-X-MAP:URI="init.mp4"
            #EXT-X-KEY:METHOD=NONE
            #EXTINF:0.023220,
            seg1.m4s
            #EXT-X-MAP:URI="init.mp4"
            #EXTINF:2,
            seg2.m4s
            """,
        ]
    )
    func nonCanonicalRoundTrip(_ text: String) throws {
        let first = try PlaylistParser.parse(text)
        let written = PlaylistWriter.write(first)
        #expect(written != text)
        let second = try PlaylistParser.parse(written)
        #expect(second == first)
        #expect(PlaylistWriter.write(second) == written)
    }

    // MARK: writing from the model

    @Test("4.3.3 media playlist built in code: exact canonical text")
    func writeMedia() {
        let map = MediaInitializationSection(uri: "init.mp4")
        let playlist = MediaPlaylist(
            version: 7,
            targetDuration: 6,
            playlistType: .vod,
            independentSegments: true,
            segments: [
                MediaSegment(duration: 6.006, uri: "seg-00001.m4s", map: map),
                MediaSegment(duration: 6, uri: "seg-00002.m4s", map: map),
                MediaSegment(duration: 2.5, title: "Q&A", uri: "seg-00003.m4s", map: map),
            ],
            endList: true
        )
        #expect(
            PlaylistWriter.write(playlist) == """
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-TARGETDURATION:6
                #EXT-X-MEDIA-SEQUENCE:0
                #EXT-X-PLAYLIST-TYPE:VOD
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-MAP:URI="init.mp4"
                #EXTINF:6.006,
                seg-00001.m4s
                #EXTINF:6.000,
                seg-00002.m4s
                #EXTINF:2.500,Q&A
                seg-00003.m4s
                #EXT-X-ENDLIST

                """
        )
        #expect(playlist.totalDuration == 14.506)
        #expect(playlist.minimumTargetDuration == 6)
    }

    @Test("4.3.4 multivariant playlist built in code: exact canonical text")
    func writeMultivariant() {
        let playlist = MultivariantPlaylist(
            version: 7,
            independentSegments: true,
            renditions: [
                Rendition(
                    type: .audio,
                    groupID: "aud-64",
                    language: "en",
                    name: "English",
                    isDefault: true,
                    autoselect: true,
                    uri: "audio-64/index.m3u8"
                )
            ],
            variants: [
                VariantStream(
                    bandwidth: 1_250_000,
                    averageBandwidth: 900_000,
                    codecs: ["avc1.64001f", "mp4a.40.2"],
                    resolution: Resolution(width: 1280, height: 720),
                    frameRate: 30,
                    audio: "aud-64",
                    uri: "720p/index.m3u8"
                ),
                VariantStream(
                    bandwidth: 72_000,
                    codecs: ["mp4a.40.2"],
                    audio: "aud-64",
                    closedCaptions: .noClosedCaptions,
                    uri: "audio-64/index.m3u8"
                ),
            ],
            iFrameStreams: [
                IFrameStream(bandwidth: 150_000, codecs: ["avc1.64001f"], resolution: Resolution(width: 1280, height: 720), uri: "720p/iframes.m3u8")
            ]
        )
        #expect(
            PlaylistWriter.write(playlist) == """
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud-64",LANGUAGE="en",NAME="English",DEFAULT=YES,AUTOSELECT=YES,URI="audio-64/index.m3u8"
                #EXT-X-STREAM-INF:BANDWIDTH=1250000,AVERAGE-BANDWIDTH=900000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=1280x720,FRAME-RATE=30.000,AUDIO="aud-64"
                720p/index.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=72000,CODECS="mp4a.40.2",AUDIO="aud-64",CLOSED-CAPTIONS=NONE
                audio-64/index.m3u8
                #EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=150000,CODECS="avc1.64001f",RESOLUTION=1280x720,URI="720p/iframes.m3u8"

                """
        )
    }

    @Test(
        "4.3.2.1 EXTINF durations: up to 6 decimals, at least 3",
        arguments: [
            (6.0, "6.000"), (6.006, "6.006"), (1.021678, "1.021678"), (0.0232199, "0.02322"), (10.0000004, "10.000"),
            (-1, "0.000"),
        ]
    )
    func durations(_ duration: Double, _ expected: String) throws {
        let playlist = MediaPlaylist(targetDuration: 10, segments: [MediaSegment(duration: duration, uri: "a.ts")])
        let text = PlaylistWriter.write(playlist)
        #expect(text.contains("\n#EXTINF:\(expected),\na.ts\n"))
        let reparsed = try PlaylistParser.parseMedia(text)
        #expect(reparsed.segments.first?.duration == Double(expected))
    }

    @Test("4.3.2.4 EXT-X-KEY is written where the key changes; a change to none writes METHOD=NONE")
    func keyChanges() throws {
        let key = EncryptionKey(method: .aes128, uri: "k1")
        let playlist = MediaPlaylist(
            targetDuration: 6,
            segments: [
                MediaSegment(duration: 6, uri: "a.ts"), MediaSegment(duration: 6, uri: "b.ts", key: key),
                MediaSegment(duration: 6, uri: "c.ts", key: key), MediaSegment(duration: 6, uri: "d.ts"),
            ]
        )
        let text = PlaylistWriter.write(playlist)
        #expect(text.components(separatedBy: "#EXT-X-KEY:").count == 3)
        #expect(text.contains("a.ts\n#EXT-X-KEY:METHOD=AES-128,URI=\"k1\"\n#EXTINF:6.000,\nb.ts\n#EXTINF:6.000,\nc.ts\n#EXT-X-KEY:METHOD=NONE\n"))
        #expect(try PlaylistParser.parseMedia(text) == playlist)
    }

    @Test("4.3.2.5 EXT-X-MAP and 8216bis EXT-X-BITRATE are written only where they change")
    func mapAndBitrateChanges() throws {
        let a = MediaInitializationSection(uri: "a.mp4")
        let b = MediaInitializationSection(uri: "b.mp4", byteRange: ByteRange(length: 10, offset: 0))
        let playlist = MediaPlaylist(
            targetDuration: 6,
            segments: [
                MediaSegment(duration: 6, uri: "1.m4s", map: a, bitrate: 100),
                MediaSegment(duration: 6, uri: "2.m4s", map: a, bitrate: 100),
                MediaSegment(duration: 6, uri: "3.m4s", discontinuity: true, map: b, bitrate: 200),
            ]
        )
        let text = PlaylistWriter.write(playlist)
        #expect(text.components(separatedBy: "#EXT-X-MAP:").count == 3)
        #expect(text.components(separatedBy: "#EXT-X-BITRATE:").count == 3)
        #expect(text.contains("#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"b.mp4\",BYTERANGE=\"10@0\"\n#EXT-X-BITRATE:200\n"))
        #expect(try PlaylistParser.parseMedia(text) == playlist)
    }

    @Test("4.1 output: LF line endings, ends with a newline, no blank lines")
    func lineEndings() throws {
        for text in [
            PlaylistWriter.write(try PlaylistParser.parse(Self.canonicalMedia)),
            PlaylistWriter.write(try PlaylistParser.parse(Self.canonicalMultivariant)),
            PlaylistWriter.write(MediaPlaylist(targetDuration: 1)),
        ] {
            #expect(text.hasPrefix("#EXTM3U\n"))
            #expect(text.hasSuffix("\n"))
            #expect(!text.contains("\r"))
            #expect(!text.contains("\n\n"))
        }
    }

    @Test("4.2 values the syntax cannot hold are made safe: quotes, line breaks, URIs starting with #")
    func unsafeValues() throws {
        let playlist = MultivariantPlaylist(
            renditions: [Rendition(type: .audio, groupID: "a", name: "The \"best\"\nmix")],
            variants: [VariantStream(bandwidth: 1, uri: "#weird\nname.m3u8")]
        )
        let text = PlaylistWriter.write(playlist)
        let reparsed = try PlaylistParser.parseMultivariant(text)
        #expect(reparsed.renditions.first?.name == "The 'best' mix")
        #expect(reparsed.variants.first?.uri == "%23weird name.m3u8")
    }

    @Test("4.3.4.2 FRAME-RATE: three decimals, stable through a round trip")
    func frameRate() throws {
        let playlist = MultivariantPlaylist(variants: [VariantStream(bandwidth: 1, frameRate: 30_000.0 / 1001.0, uri: "v.m3u8")])
        let text = PlaylistWriter.write(playlist)
        #expect(text.contains("FRAME-RATE=29.970"))
        #expect(try PlaylistParser.parseMultivariant(text).variants.first?.frameRate == 29.97)
    }

    @Test("4.3 write(Playlist) dispatches on the kind")
    func writeEither() throws {
        let media = try PlaylistParser.parse(Self.canonicalMedia)
        let multivariant = try PlaylistParser.parse(Self.canonicalMultivariant)
        #expect(PlaylistWriter.write(media) == Self.canonicalMedia)
        #expect(PlaylistWriter.write(multivariant) == Self.canonicalMultivariant)
    }
}
