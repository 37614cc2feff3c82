import LecternHLS
import Testing

@testable import LecternServer

@Suite("LanguagePreference: ?audio= and ?subtitles= make the learner's language the default of each group")
struct LanguagePreferenceTests {
    static let master = """
        #EXTM3U
        #EXT-X-VERSION:7
        #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio-64k",LANGUAGE="en",NAME="English",DEFAULT=YES,AUTOSELECT=YES,URI="audio-64k/index.m3u8"
        #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio-64k",LANGUAGE="fr",NAME="Français",DEFAULT=NO,AUTOSELECT=YES,URI="audio-64k-fr/index.m3u8"
        #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio-32k",LANGUAGE="en",NAME="English",DEFAULT=YES,AUTOSELECT=YES,URI="audio-32k/index.m3u8"
        #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio-32k",LANGUAGE="fr",NAME="Français",DEFAULT=NO,AUTOSELECT=YES,URI="audio-32k-fr/index.m3u8"
        #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",LANGUAGE="fr",NAME="Français",DEFAULT=NO,AUTOSELECT=YES,URI="subs-fr/index.m3u8"
        #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",LANGUAGE="zh-Hans",NAME="中文",DEFAULT=NO,AUTOSELECT=YES,URI="subs-zh-Hans/index.m3u8"
        #EXT-X-STREAM-INF:BANDWIDTH=140000,CODECS="avc1.42c00d,mp4a.40.2",AUDIO="audio-32k",SUBTITLES="subs"
        240p/index.m3u8

        """

    static func parsed() throws -> MultivariantPlaylist { try PlaylistParser.parseMultivariant(master) }

    static func defaults(_ playlist: MultivariantPlaylist, _ type: RenditionType) -> [String] {
        playlist.renditions.filter { $0.type == type && $0.isDefault }.map { "\($0.groupID):\($0.language ?? "-")" }
    }

    @Test("Audio: French becomes the default and first rendition of both tiers; every language stays listed")
    func audio() throws {
        var playlist = try Self.parsed()
        LanguagePreference.prefer("FR", type: .audio, in: &playlist)
        #expect(Self.defaults(playlist, .audio) == ["audio-64k:fr", "audio-32k:fr"])
        #expect(playlist.renditions.filter { $0.groupID == "audio-32k" }.map(\.language) == ["fr", "en"])
        #expect(playlist.renditions.count == 6)
        #expect(Self.defaults(playlist, .subtitles).isEmpty)
    }

    @Test("Subtitles: a primary tag matches a regional one; off clears defaults; an unknown language changes nothing")
    func subtitles() throws {
        var playlist = try Self.parsed()
        LanguagePreference.prefer("zh", type: .subtitles, in: &playlist)
        #expect(Self.defaults(playlist, .subtitles) == ["subs:zh-Hans"])
        #expect(playlist.renditions.first { $0.type == .subtitles }?.language == "zh-Hans")
        LanguagePreference.prefer("off", type: .subtitles, in: &playlist)
        #expect(Self.defaults(playlist, .subtitles).isEmpty)
        let before = try Self.parsed()
        var unknown = before
        LanguagePreference.prefer("de", type: .audio, in: &unknown)
        #expect(unknown == before)
    }

    @Test("Only tag-shaped values are used")
    func usable() {
        #expect(LanguagePreference.isUsable("pt-BR"))
        #expect(!LanguagePreference.isUsable("fr\",URI=\"x"))
        #expect(!LanguagePreference.isUsable(""))
    }
}
