import Foundation
import LecternPackage
import Logging

/// A synthetic lecture library: real playlists, fake media bytes, a real manifest published through LecternPackage.
/// Enough for routing, headers, ranges and adaptation; the end-to-end test uses a real ingest instead.
struct PackageFixture {
    static let id = "intro-lecture-1a2b3c4d"
    let root: URL
    let library: Library

    /// Variant order as Lectern writes it: floor, 360p, 480p, 720p, slides, audio-only.
    static let master = """
        #EXTM3U
        #EXT-X-VERSION:7
        #EXT-X-INDEPENDENT-SEGMENTS
        #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio-64k",LANGUAGE="en",NAME="English",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="1",URI="audio-64k/index.m3u8"
        #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio-32k",LANGUAGE="en",NAME="English",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="1",URI="audio-32k/index.m3u8"
        #EXT-X-STREAM-INF:BANDWIDTH=140000,AVERAGE-BANDWIDTH=110000,CODECS="avc1.42c00d,mp4a.40.2",RESOLUTION=426x240,FRAME-RATE=15.000,AUDIO="audio-32k"
        240p/index.m3u8
        #EXT-X-STREAM-INF:BANDWIDTH=420000,AVERAGE-BANDWIDTH=330000,CODECS="avc1.64001e,mp4a.40.2",RESOLUTION=640x360,FRAME-RATE=30.000,AUDIO="audio-64k"
        360p/index.m3u8
        #EXT-X-STREAM-INF:BANDWIDTH=850000,AVERAGE-BANDWIDTH=650000,CODECS="avc1.64001e,mp4a.40.2",RESOLUTION=854x480,FRAME-RATE=30.000,AUDIO="audio-64k"
        480p/index.m3u8
        #EXT-X-STREAM-INF:BANDWIDTH=1700000,AVERAGE-BANDWIDTH=1300000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=1280x720,FRAME-RATE=30.000,AUDIO="audio-64k"
        720p/index.m3u8
        #EXT-X-STREAM-INF:BANDWIDTH=75000,AVERAGE-BANDWIDTH=50000,CODECS="avc1.42c00d,mp4a.40.2",RESOLUTION=426x240,FRAME-RATE=2.000,AUDIO="audio-32k"
        slides/index.m3u8
        #EXT-X-STREAM-INF:BANDWIDTH=31000,AVERAGE-BANDWIDTH=29000,CODECS="mp4a.40.2",AUDIO="audio-32k"
        audio-32k/index.m3u8
        #EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=40000,CODECS="avc1.42c00d",RESOLUTION=426x240,URI="240p/iframes.m3u8"

        """

    static let renditionFolders = ["240p", "360p", "480p", "720p", "slides", "audio-64k", "audio-32k"]

    /// A media playlist long enough to be worth compressing.
    static func mediaPlaylist(segments: Int) -> String {
        var text = "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:6\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-MAP:URI=\"init.mp4\"\n"
        for index in 1...segments { text += "#EXTINF:6.000,\nseg-\(String(format: "%05d", index)).m4s\n" }
        return text + "#EXT-X-ENDLIST\n"
    }

    /// Deterministic bytes: `size` bytes where byte i is i % 251.
    static func bytes(_ size: Int) -> Data { Data((0..<size).map { UInt8($0 % 251) }) }

    static let segmentSize = 40_000

    init(title: String = "Introduction <to> \"Epidemiology\" & 流行病学", series: String? = "Public health 101") throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-server-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        library = Library(root: root, logger: Logger(label: "test"))
        try Self.publish(into: library, id: Self.id, title: title, series: series)
    }

    /// Publishes the fixture's package as `id`; with `chapters`, their thumbnails and chapter files too.
    static func publish(into library: Library, id: String, title: String, series: String?, chapters: [ChapterInfo]? = nil) throws {
        let staging = try library.makeStaging(id: id)
        func write(_ path: String, _ data: Data) throws {
            let url = staging.url.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        try write("master.m3u8", Data(master.utf8))
        try write("poster.jpg", Data([0xFF, 0xD8, 0xFF, 0xE0]) + bytes(2000))
        for folder in renditionFolders {
            try write("\(folder)/index.m3u8", Data(mediaPlaylist(segments: 30).utf8))
            try write("\(folder)/init.mp4", bytes(800))
            try write("\(folder)/seg-00001.m4s", bytes(segmentSize))
            try write("\(folder)/seg-00002.m4s", bytes(segmentSize / 2))
        }
        try write("240p/iframes.m3u8", Data(mediaPlaylist(segments: 30).utf8))
        try write("subs-zh/index.m3u8", Data(subtitlePlaylist.utf8))
        for (index, segment) in subtitleSegments.enumerated() { try write("subs-zh/seg-0000\(index + 1).vtt", Data(segment.utf8)) }
        for thumbnail in (chapters ?? []).compactMap(\.thumbnail) { try write(thumbnail, Data([0xFF, 0xD8, 0xFF, 0xE0]) + bytes(500)) }
        if let chapters {
            try write(ChapterFiles.webVTT, Data(ChapterFiles.webVTT(chapters, duration: 12).utf8))
            try write(ChapterFiles.json, try ChapterFiles.json(chapters, duration: 12, language: "fr", thumbnailSize: (160, 90)))
        }
        let bandwidths = [
            "240p": 140_000, "360p": 420_000, "480p": 850_000, "720p": 1_700_000, "slides": 75_000, "audio-64k": 64_000, "audio-32k": 31_000,
        ]
        let renditions = renditionFolders.map { folder in
            RenditionInfo(
                name: folder,
                kind: folder.hasPrefix("audio") ? .audio : .video,
                playlist: "\(folder)/index.m3u8",
                codecs: folder.hasPrefix("audio") ? "mp4a.40.2" : "avc1.64001e",
                bandwidth: bandwidths[folder]!,
                averageBandwidth: bandwidths[folder]! * 3 / 4
            )
        }
        let manifest = Manifest(
            id: id,
            title: title,
            series: series,
            language: "fr",
            duration: 12,
            createdAt: Manifest.timestamp(),
            source: SourceInfo(fileName: "talk.mp4", size: 1, sha256: String(repeating: "a", count: 64), container: "mp4", duration: 12),
            renditions: renditions,
            subtitles: [SubtitleInfo(language: "zh", name: "中文", playlist: "subs-zh/index.m3u8", cues: 2, origin: "talk.zh.srt")],
            audioTracks: [AudioTrackInfo(language: "en", name: "English", origin: "talk.en.m4a")],
            chapters: chapters
        )
        try staging.publish(manifest: manifest)
    }

    /// Chinese subtitles in two 6 s WebVTT segments; the second cue spans the boundary, so both segments carry it.
    static let subtitleSegments = [
        "WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000\n\n00:00:01.000 --> 00:00:03.000\n流行病学导论\n\n00:00:05.000 --> 00:00:07.500\n第二句\n\n",
        "WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000\n\n00:00:05.000 --> 00:00:07.500\n第二句\n\n",
    ]
    static let subtitlePlaylist = """
        #EXTM3U
        #EXT-X-VERSION:3
        #EXT-X-TARGETDURATION:6
        #EXT-X-PLAYLIST-TYPE:VOD
        #EXTINF:6.000,
        seg-00001.vtt
        #EXTINF:6.000,
        seg-00002.vtt
        #EXT-X-ENDLIST

        """

    var packageFolder: URL { library.lectureURL(Self.id) }

    func remove() { try? FileManager.default.removeItem(at: root) }
}
