import Foundation
import LecternHLS
import Testing

@Suite("MediaPlaylist and MultivariantPlaylist conveniences")
struct MediaPlaylistTests {
    @Test("4.3.3.1 minimumTargetDuration: the longest EXTINF rounded to the nearest integer")
    func minimumTargetDuration() {
        var playlist = MediaPlaylist(targetDuration: 0)
        #expect(playlist.minimumTargetDuration == 0)
        #expect(playlist.totalDuration == 0)
        playlist.segments = [MediaSegment(duration: 6.4, uri: "a"), MediaSegment(duration: 5.6, uri: "b")]
        #expect(playlist.minimumTargetDuration == 6)
        playlist.segments.append(MediaSegment(duration: 6.5, uri: "c"))
        #expect(playlist.minimumTargetDuration == 7)
        #expect(abs(playlist.totalDuration - 18.5) < 1e-9)
    }

    @Test("4.3.2.4 MediaSegment.key reads and replaces the keys in effect")
    func segmentKey() {
        var segment = MediaSegment(duration: 1, uri: "a.ts", key: EncryptionKey(method: .aes128, uri: "k"))
        #expect(segment.keys.count == 1)
        segment.keys.append(EncryptionKey(method: .sampleAES, keyFormat: "other"))
        #expect(segment.key?.uri == "k")
        segment.key = nil
        #expect(segment.keys.isEmpty)
    }

    @Test("4.1 resolvedURL uses the base URL the playlist was read from")
    func resolvedURL() throws {
        let base = URL(string: "http://origin.example:8080/lectures/x/720p/index.m3u8")!
        let playlist = try PlaylistParser.parseMedia("#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6,\nseg-00001.m4s\n", baseURL: base)
        #expect(playlist.resolvedURL(for: playlist.segments[0].uri)?.absoluteString == "http://origin.example:8080/lectures/x/720p/seg-00001.m4s")
        #expect(MediaPlaylist(targetDuration: 1).resolvedURL(for: "a.ts")?.absoluteString == "a.ts")
    }

    @Test("4.3.4.1 renditions(inGroup:type:) filters by group and type")
    func renditionGroups() {
        let playlist = MultivariantPlaylist(renditions: [
            Rendition(type: .audio, groupID: "hi", language: "en", name: "English"),
            Rendition(type: .audio, groupID: "lo", language: "en", name: "English"),
            Rendition(type: .subtitles, groupID: "hi", language: "en", name: "English"),
            Rendition(type: .audio, groupID: "hi", language: "fr", name: "Français"),
        ])
        #expect(playlist.renditions(inGroup: "hi", type: .audio).map(\.language) == ["en", "fr"])
        #expect(playlist.renditions(inGroup: "none", type: .audio).isEmpty)
    }

    @Test("4 UnknownTag: line form and attribute list")
    func unknownTag() {
        let tag = UnknownTag(name: "EXT-X-DATERANGE", value: #"ID="a",DURATION=12.5"#)
        #expect(tag.description == #"#EXT-X-DATERANGE:ID="a",DURATION=12.5"#)
        #expect(tag.attributes?.float("DURATION") == 12.5)
        #expect(UnknownTag(name: "EXT-X-CUE-IN").description == "#EXT-X-CUE-IN")
        #expect(UnknownTag(name: "EXT-X-CUE-IN").attributes == nil)
        #expect(UnknownTag(name: "X", value: "not an attribute list").attributes == nil)
    }
}
