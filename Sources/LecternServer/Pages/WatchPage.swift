import Foundation
import Hummingbird
import LecternPackage

/// `/watch/<id>`: a `<video>`, the player script (`Assets/player.js`, served as `WebAssets.player`), language menus and
/// the Save-for-offline controls.
///
/// Two paths play the lecture (`Lectern.watch` picks one):
/// - **mse** (Firefox, Chrome and Edge without native HLS, and wherever `preferredPath` says so): Lectern's own player
///   appends the fMP4 video and the demuxed audio to their own SourceBuffers and adapts to the link itself: it climbs
///   only with headroom and buffer, drops before the buffer runs dry, and goes down to the slides rung and then audio
///   only on a 2G link (native players never drop to audio only). Another audio language replaces the audio buffer in
///   place, without reloading the video.
/// - **native** (Safari, Chromium with HLS): the browser's HLS plays the adaptive master; the page picks the master's
///   cap (Chromium climbs to the highest variant listed without headroom of its own, so the headroom is here).
///
/// With a `StartPlan` every file the player needs before its first frame leaves the server at once: for the MSE player
/// the page carries the start level's playlists, init sections and first segments itself (`StartPlan.inline`) and
/// the master is a preload; for the native path all of them are preloads (announced in the response's
/// `Link: rel=preload` header, so the downloads begin before the page has arrived), and the player gets
/// the start master at once: its own requests for the same URLs meet those downloads in the HTTP cache, so nothing
/// is fetched twice and no round trip is spent waiting on the page. The page measures the link from those downloads
/// and moves the player to another level only when the link calls for one (a 2G link: slides or audio only; a LAN).
/// No poster: on a 256 kbps link its 37 kB cost more than a second before the first frame.
///
/// Subtitles are `<track>` elements fed whole by `/api/lectures/<id>/subtitles/<n>.vtt`, on both paths.
enum WatchPage {
    /// The path where a browser has both (Chromium, Safari on a Mac): chosen with the weak-link lab
    /// (`docs/benchmarks.md`): the same first frame on the weak link, no stall on 2G and 3G where native HLS stalled,
    /// and a player that climbs back after a drop.
    static let preferredPath = "mse"

    /// Whether the page will most likely play natively (see `pathChoice`, which decides in the browser): `?player=native`,
    /// or an iPhone or iPod, whose Safari has no Media Source Extensions. The start files then stay preloads, since the
    /// browser's HLS fetches every one itself; for the MSE player the page carries them (`StartPlan.inline`). A wrong
    /// guess costs only time: either path plays with or without them.
    static func likelyNative(userAgent: String?, query: Parameters) -> Bool {
        if let wanted = query["player"] { return wanted == "native" }
        guard let userAgent else { return false }
        return userAgent.contains("iPhone") || userAgent.contains("iPod")
    }

    /// The cookie that says this browser has the current player script in its HTTP cache (its value is the script's
    /// hash). The page sets it once it has fetched the script itself, after the lecture began playing.
    static let playerCookie = "lectern_player"

    /// Whether the page carries the player inside it: on a browser's first visit, and after a new player. The player
    /// then comes on the page's own connection in the round trip the start files' requests spend on the way out,
    /// instead of after it (on the weak-link lab's 256 kbps, 300 ms link its 7 kB took ~0.23 s there). Later visits
    /// take the immutable file from the cache and the page stays small.
    static func inlinesPlayer(cookie: String?) -> Bool {
        WebAssets.player.inlineText != nil && Cookies.value(named: playerCookie, in: cookie) != Substring(WebAssets.player.digest)
    }

    /// With `inlinePlayer` the player's script is in the page, and once the lecture has played a while the page fetches
    /// the script's file into the HTTP cache at low priority and sets `playerCookie`.
    static func render(_ lecture: Manifest, start: StartPlan? = nil, inlinePlayer: Bool = false) -> String {
        let master = "/lectures/\(lecture.id)/master.m3u8"
        let plan = start.flatMap { try? Self.encoder.encode($0) }.map(Self.scriptJSON) ?? "null"
        let summary = LectureSummary(lecture)
        let tracks =
            summary.subtitles.map {
                "<track kind=\"subtitles\" src=\"\($0.vtt)\" srclang=\"\(HTML.escape($0.code))\" label=\"\(HTML.escape($0.name))\">"
            }.joined() + (summary.chaptersVTT.map { "<track kind=\"chapters\" src=\"\($0)\" srclang=\"\(HTML.escape(lecture.language))\">" } ?? "")
        var menus = ""
        if summary.audio.count > 1 {
            menus +=
                "<label>Audio <select id=\"al\">"
                + summary.audio.map {
                    "<option value=\"\(HTML.escape($0.code))\" lang=\"\(HTML.escape($0.code))\">\(HTML.escape($0.name))</option>"
                }.joined() + "</select></label> "
        }
        if !summary.subtitles.isEmpty {
            menus +=
                "<label>Subtitles <select id=\"sl\"><option value=\"-1\">Off</option>"
                + summary.subtitles.enumerated().map {
                    "<option value=\"\($0.offset)\" lang=\"\(HTML.escape($0.element.code))\">\(HTML.escape($0.element.name))</option>"
                }.joined() + "</select></label>"
        }
        let offline = OfflineChoices(lecture, summary: summary)
        let offlineData = offline.flatMap { try? Self.encoder.encode($0) }.map(Self.scriptJSON)
        let body = """
            <p><a href="/">All lectures</a></p>
            <h1 lang="\(HTML.escape(lecture.language))">\(HTML.escape(lecture.title))</h1>
            <video id="v" controls autoplay muted playsinline preload="auto">\(tracks)</video>
            <p>Playing: <span id="r">starting…</span>
            <label><input type="checkbox" id="a"> Audio only (weak connection)</label></p>
            <p>\(menus)</p>
            \(offline?.html ?? "")
            \(chapterList(summary))
            <script>
            const start = {id: "\(lecture.id)", plan: \(plan), master: "\(master)", ts: \(lecture.segmentFormat == .ts), prefer: "\(preferredPath)", offline: \(offlineData ?? "null")};
            \(pathChoice)
            </script>
            \(playerScript(inline: inlinePlayer))
            <script>
            Lectern.watch(start);
            </script>
            """
        return HTML.page(title: lecture.title, body: body)
    }

    /// The player: its file, or its text and the lines that fetch the file for the next visit (10 s into playback, so
    /// the first segments have the link to themselves).
    static func playerScript(inline: Bool) -> String {
        let player = WebAssets.player
        guard inline, let text = player.inlineText else { return "<script src=\"\(player.path)\"></script>" }
        return """
            <script>
            \(text)</script>
            <script>
            document.getElementById("v").addEventListener("playing", () => setTimeout(() => fetch("\(player.path)", { priority: "low" })
              .then((r) => r.ok && r.blob()).then((ok) => { if (ok) document.cookie = "\(playerCookie)=\(player.digest); max-age=31536000; path=/; samesite=lax"; })
              .catch(() => {}), 10000), { once: true });
            </script>
            """
    }

    /// The chapters as links that play from each one (`#t=<seconds>`, which `Lectern.watch` follows), each with its
    /// thumbnail. The thumbnails' addresses wait in `data-src` until the lecture plays, and then load only as they come
    /// into view: a 2G learner pays for the ones on screen, after the first frame.
    static func chapterList(_ summary: LectureSummary) -> String {
        guard !summary.chapters.isEmpty else { return "" }
        let items = summary.chapters.map { chapter in
            let picture = chapter.thumbnail.map { "<img data-src=\"\($0)\" alt=\"\" width=\"160\" height=\"90\">" } ?? ""
            let time = ChapterFiles.linkTime(chapter.start)
            return "<li><a href=\"#t=\(time)\" data-t=\"\(time)\">\(picture)<span><small>\(HTML.duration(chapter.start))</small> "
                + "\(HTML.escape(chapter.title))</span></a></li>"
        }
        return "<nav aria-labelledby=\"chh\"><h2 id=\"chh\">Chapters</h2><ol id=\"ch\">\(items.joined())</ol></nav>"
    }

    /// Which path plays, decided in the page itself (`start.path`: "mse", "native" or null; `start.mse`: whether MSE
    /// plays H.264 here): `?player=native|mse` for
    /// the lab; MPEG-TS packages only natively; where both work, `preferredPath`. A native start gets the start master
    /// at once, before the player script has arrived (on the lab's 256 kbps link the script arrives with the start
    /// files). `Lectern.watch` takes over from there, and moves to the MSE player when the lecture is saved here.
    static let pathChoice = """
        {
          const v = document.getElementById("v"), wanted = new URLSearchParams(location.search).get("player");
          const native = v.canPlayType("application/vnd.apple.mpegurl") !== "";
          const mse = !!window.MediaSource && MediaSource.isTypeSupported('video/mp4; codecs="avc1.42E01E"');
          start.mse = mse;
          start.path = start.ts ? (native ? "native" : null) : wanted === "native" && native ? "native"
            : wanted === "mse" && mse ? "mse" : native && mse ? start.prefer : mse ? "mse" : native ? "native" : null;
          if (start.path === "native" && start.plan) v.src = start.plan.master;
        }
        """

    /// JSON for the page's script: paths as they are (`/`, not `\/`: a start plan is mostly paths).
    static let encoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return encoder
    }()

    /// JSON safe inside a `<script>` element.
    static func scriptJSON(_ data: Data) -> String {
        String(decoding: data, as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
    }
}

/// `/offline`: the lectures this browser saved (read from its Cache Storage by `Lectern.savedList`), each with its size
/// and a delete button. The Service Worker keeps a copy of this page with every saved lecture, so it opens offline.
enum OfflinePage {
    static func render() -> String {
        HTML.page(
            title: "Saved lectures",
            body: """
                <p><a href="/">All lectures</a></p>
                <h1>Saved lectures</h1>
                <p id="note">Looking…</p>
                <ul id="saved"></ul>
                <script src="\(WebAssets.offline.path)"></script>
                <script>Lectern.savedList();</script>
                """
        )
    }
}
