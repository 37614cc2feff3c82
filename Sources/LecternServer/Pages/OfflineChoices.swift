import LecternPackage

/// What the watch page's "Save for offline" offers, from the manifest (sizes included, so the learner sees the cost
/// before saving): each video rendition with the audio tier its variant uses, or audio only; subtitles by language.
/// The page's script (`Lectern.offline` in `Assets/offline.js`) turns a choice into the files to fetch.
struct OfflineChoices: Encodable {
    struct Choice: Encodable {
        /// The option's value: a video rendition's name, or "audio".
        var key: String
        var label: String
        /// The video rendition, nil for audio only.
        var video: String?
        /// The audio group (tier) whose rendition in the learner's language comes along.
        var group: String
    }

    struct Subtitle: Encodable {
        var lang: String
        var name: String
        /// The package folder of the track (its size counts).
        var folder: String
        /// The whole track as one WebVTT file, as the page's `<track>` loads it.
        var url: String
    }

    var id: String
    var title: String
    var version: String
    var language: String
    /// Bytes of each rendition and subtitle folder.
    var folders: [String: Int]
    /// Lowest first.
    var choices: [Choice]
    /// The floor: the lowest video rendition that is not the slides rung (the default, as for a 2G learner).
    var preselected: String
    /// Audio rendition per group and language.
    var audio: [String: [String: String]]
    var subtitles: [Subtitle]
    /// What else playing offline needs: the page itself, the scripts and the saved-lectures page.
    var extra: [String]
    /// The script that shows these controls (`WebAssets.offline`).
    var script = WebAssets.offline.path

    init?(_ manifest: Manifest, summary: LectureSummary) {
        guard manifest.segmentFormat == .fmp4 else { return nil }  // MPEG-TS packages play natively only: not saved
        let folder = { (track: SubtitleInfo) in String(track.playlist.split(separator: "/").first ?? "") }
        let audioRenditions = manifest.renditions.filter { $0.kind == .audio }
        guard let lowestTier = audioRenditions.min(by: { $0.averageBandwidth < $1.averageBandwidth })?.audioGroup else { return nil }
        var folders: [String: Int] = [:]
        for rendition in manifest.renditions { folders[rendition.name] = rendition.bytes }
        for track in manifest.subtitles ?? [] {
            folders[folder(track)] = manifest.files.filter { $0.path.hasPrefix(folder(track) + "/") }.reduce(0) { $0 + $1.size }
        }
        var audio: [String: [String: String]] = [:]
        for rendition in audioRenditions {
            guard let group = rendition.audioGroup else { continue }
            audio[group, default: [:]][rendition.language ?? manifest.language] = rendition.name
        }
        let videos = manifest.renditions.filter { $0.kind == .video }.sorted { $0.averageBandwidth < $1.averageBandwidth }
        let isSlides = { (rendition: RenditionInfo) in (rendition.frameRate ?? 30) < 5 }
        choices =
            [Choice(key: "audio", label: "Audio only", video: nil, group: lowestTier)]
            + videos.map { rendition in
                Choice(
                    key: rendition.name,
                    label: isSlides(rendition) ? "Slides (\(rendition.height.map { "\($0)p, " } ?? "")2 pictures a second)" : rendition.name,
                    video: rendition.name,
                    group: rendition.audioGroup ?? lowestTier
                )
            }
        preselected = videos.first { !isSlides($0) }?.name ?? videos.first?.name ?? "audio"
        id = manifest.id
        title = manifest.title
        version = summary.version
        language = manifest.language
        self.folders = folders
        self.audio = audio
        subtitles = zip(manifest.subtitles ?? [], summary.subtitles).map { track, page in
            Subtitle(lang: page.code, name: page.name, folder: folder(track), url: page.vtt)
        }
        // The chapter list's thumbnails and WebVTT are small (about 5 kB a chapter) and make the saved page whole.
        extra =
            ["/watch/\(manifest.id)", WebAssets.player.path, WebAssets.offline.path, "/offline"]
            + (summary.chaptersVTT.map { [$0] } ?? []) + summary.chapters.compactMap(\.thumbnail)
    }

    /// The controls; `Lectern.offline` shows them (they stay hidden without JavaScript).
    var html: String {
        let options = choices.map {
            "<option value=\"\(HTML.escape($0.key))\"\($0.key == preselected ? " selected" : "")>\(HTML.escape($0.label))</option>"
        }.joined()
        let subtitleBoxes = subtitles.map {
            "<label><input type=\"checkbox\" id=\"save-sub-\(HTML.escape($0.lang))\"> \(HTML.escape($0.name)) subtitles</label> "
        }.joined()
        return """
            <div id="offline" hidden><label>Save <select id="save-what">\(options)</select></label> \(subtitleBoxes)\
            <button type="button" id="save-offline" data-state="idle">Save for offline</button> \
            <span id="save-status" role="status" aria-live="polite"></span> <a href="/offline">Saved lectures</a></div>
            """
    }
}
