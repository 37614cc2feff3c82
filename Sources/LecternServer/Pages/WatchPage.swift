import LecternPackage

/// `/watch/<id>`: a plain `<video>` playing the adaptive master with the platform's native HLS, the rendition
/// playing (from the video size) and an audio-only switch that reloads the source with `?max_kbps=40`.
enum WatchPage {
    static func render(_ lecture: Manifest) -> String {
        let master = "/lectures/\(lecture.id)/master.m3u8"
        let body = """
            <p><a href="/">All lectures</a></p>
            <h1 lang="\(HTML.escape(lecture.language))">\(HTML.escape(lecture.title))</h1>
            <video id="v" controls autoplay muted playsinline preload="auto" poster="/lectures/\(lecture.id)/poster.jpg" src="\(master)"></video>
            <p>Playing: <span id="r">starting…</span>
            <label><input type="checkbox" id="a"> Audio only (weak connection)</label></p>
            <script>
            const v = document.getElementById("v"), r = document.getElementById("r"), a = document.getElementById("a");
            function show() { r.textContent = v.videoHeight ? v.videoWidth + "x" + v.videoHeight : (v.readyState > 0 ? "audio only" : "starting…"); }
            ["resize", "loadedmetadata", "playing"].forEach(e => v.addEventListener(e, show));
            a.addEventListener("change", () => {
              const t = v.currentTime;
              v.src = "\(master)" + (a.checked ? "?max_kbps=40" : "");
              v.addEventListener("loadedmetadata", () => { v.currentTime = t; v.play().catch(() => {}); }, { once: true });
            });
            </script>
            """
        return HTML.page(title: lecture.title, body: body)
    }
}
