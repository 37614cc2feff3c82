import Foundation
import LecternPackage

/// `/watch/<id>`: a plain `<video>` playing the adaptive master with the platform's native HLS, the rendition
/// playing (from the video size) and an audio-only switch that reloads the source with `?max_kbps=40`.
///
/// With a `StartPlan` every file the player needs before its first frame is fetched in parallel (announced in the
/// response's `Link: rel=preload` header, so the downloads begin before the page has arrived), and the player gets
/// the start master at once: its own requests for the same URLs meet those downloads in the HTTP cache, so nothing
/// is fetched twice and no round trip is spent waiting on the page. The page measures the link from the downloads
/// and moves the player to another master only when the link calls for one (a 2G link, a LAN). Chromium climbs to
/// the highest variant listed without headroom of its own, so the headroom is here. Levels, from the top:
/// ladder rung N (`?max_kbps=<rung N>`), ..., the floor (the plan's start master), slides + audio-only, audio-only.
/// - Start: below 1.5 × the floor (a 2G link), slides + audio-only if the link has twice the slides rung's rate,
///   else audio-only (on a 100 kbps, 600 ms link the slides rung's 2 s bootstrap segments, video and audio fetched
///   one after the other, took longer to fetch than to play and stalled); otherwise the highest rung within
///   0.6 × the measured rate.
/// - A stall of 2 s or more after playback started (the link got worse): one level down, or straight to what the
///   player's recent downloads say the link sustains if that is lower; playback resumes where it was. Never up
///   again on its own (a learner on a link that varies would rather not stall twice).
/// No poster: on a 256 kbps link its 37 kB cost more than a second before the first frame.
///
/// Languages: Chromium's native HLS offers no menu for the master's audio and subtitle renditions, so the page does.
/// Another audio language reloads the source with `&audio=<lang>` (that language becomes each group's default, see
/// `LanguagePreference`); subtitles are `<track>` elements fed whole by `/api/lectures/<id>/subtitles/<n>.vtt`.
enum WatchPage {
    static func render(_ lecture: Manifest, start: StartPlan? = nil) -> String {
        let master = "/lectures/\(lecture.id)/master.m3u8"
        let plan =
            start.flatMap { try? JSONEncoder().encode($0) }.map {
                String(decoding: $0, as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
            } ?? "null"
        let summary = LectureSummary(lecture)
        let tracks = summary.subtitles.map {
            "<track kind=\"subtitles\" src=\"\($0.vtt)\" srclang=\"\(HTML.escape($0.code))\" label=\"\(HTML.escape($0.name))\">"
        }.joined()
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
        let body = """
            <p><a href="/">All lectures</a></p>
            <h1 lang="\(HTML.escape(lecture.language))">\(HTML.escape(lecture.title))</h1>
            <video id="v" controls autoplay muted playsinline preload="auto">\(tracks)</video>
            <p>Playing: <span id="r">starting…</span>
            <label><input type="checkbox" id="a"> Audio only (weak connection)</label></p>
            <p>\(menus)</p>
            <script>
            const plan = \(plan), master = "\(master)";
            const v = document.getElementById("v"), r = document.getElementById("r"), a = document.getElementById("a");
            function show() { r.textContent = v.videoHeight ? v.videoWidth + "x" + v.videoHeight : (v.readyState > 0 ? "audio only" : "starting…"); }
            ["resize", "loadedmetadata", "playing"].forEach(e => v.addEventListener(e, show));
            const capped = kbps => master + "?max_kbps=" + kbps + (plan ? "&s=" + plan.token : "");
            // Levels: ladder rung index (0 = floor), -1 slides + audio-only, -2 audio-only.
            const source = level => level > 0 ? capped(plan.ladderKbps[level]) : level === 0 ? plan.master : capped(level === -1 ? plan.belowFloorKbps : 40);
            // The link as these downloads saw it: bytes (plus ~300 of headers each) from the first response byte to the last, kbps.
            // A file fetched twice (the header's preload, then the page's fetch from it) counts once, as it came over the network.
            function measured(all) {
              const once = new Map();
              for (const e of all) if (!once.has(e.name) || e.transferSize > once.get(e.name).transferSize) once.set(e.name, e);
              const entries = [...once.values()];
              if (!entries.length) return 0;
              const bytes = entries.reduce((sum, e) => sum + e.encodedBodySize + 300, 0);
              const from = Math.min(...entries.map(e => e.responseStart)), to = Math.max(...entries.map(e => e.responseEnd));
              return bytes * 8 / Math.max(to - from, 1);
            }
            const resources = () => performance.getEntriesByType("resource").filter(e => e.responseEnd > 0 && e.name.includes("/lectures/"));
            function fitting(kbps) {
              if (kbps < plan.ladderKbps[0] * 1.5) return plan.slidesKbps && kbps >= plan.slidesKbps * 2 ? -1 : -2;
              return Math.max(0, plan.ladderKbps.filter(k => k <= kbps * 0.6).length - 1);
            }
            let level = 0, played = false, stalledSince = 0;
            const al = document.getElementById("al"), sl = document.getElementById("sl");
            // The chosen audio language rides on every master URL the page hands the player.
            const spoken = src => !al || al.selectedIndex === 0 ? src : src + (src.includes("?") ? "&" : "?") + "audio=" + encodeURIComponent(al.value);
            function load(src, at) {
              v.src = spoken(src);
              played = false;
              if (at > 0) v.addEventListener("loadedmetadata", () => { v.currentTime = at; v.play().catch(() => {}); }, { once: true });
            }
            v.addEventListener("playing", () => { played = true; stalledSince = 0; });
            if (plan) {
              performance.setResourceTimingBufferSize(10000);
              // The player starts on the start master at once: its requests meet the downloads the page's Link header
              // began (the same URLs) in the HTTP cache. The measurement moves it only when the link calls for another level.
              if (!a.checked) load(plan.master, 0);
              Promise.all(plan.prefetch.map(p => fetch(p).then(response => response.arrayBuffer())))
                .then(() => fitting(measured(resources().filter(e => plan.prefetch.some(p => e.name.endsWith(p))))), () => 0)
                .then(start => { if (start !== level) { level = start; if (!a.checked) load(source(level), v.currentTime); } });
              setInterval(() => {
                if (a.checked || !played || v.paused || v.ended || v.readyState >= 3) { stalledSince = 0; return; }
                stalledSince = stalledSince || performance.now();
                if (performance.now() - stalledSince < 2000 || level <= -2) return;
                const now = performance.now(), recent = resources().filter(e => e.responseEnd > now - 15000);
                level = Math.min(level - 1, recent.length >= 2 ? fitting(measured(recent)) : level);
                load(source(Math.max(level, -2)), v.currentTime);
              }, 250);
            } else {
              load(master, 0);
            }
            const current = () => a.checked ? capped(40) : (plan ? source(level) : master);
            a.addEventListener("change", () => load(current(), v.currentTime));
            if (al) al.addEventListener("change", () => load(current(), v.currentTime));
            if (sl) sl.addEventListener("change", () => {
              for (let i = 0; i < v.textTracks.length; i++) v.textTracks[i].mode = String(i) === sl.value ? "showing" : "disabled";
            });
            </script>
            """
        return HTML.page(title: lecture.title, body: body)
    }
}
