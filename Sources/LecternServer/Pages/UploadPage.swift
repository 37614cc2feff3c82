/// `/upload`: a content team member pastes a token once (kept in the browser), picks a recording, and the page uploads
/// it with tus in 1 MiB chunks (SHA-256 each where the browser allows), resuming after a dropped connection or a
/// reload, then follows the job until the lecture is published, with a link to it.
enum UploadPage {
    static func render() -> String {
        HTML.page(
            title: "Upload a lecture",
            body: """
                <h1>Upload a lecture</h1>
                <p><a href="/">Lectures</a> · <a href="/jobs">Jobs</a></p>
                <form id="f">
                <p><label>Token <input id="token" type="password" autocomplete="off" required size="30"></label>
                <button type="button" id="forget">Forget token</button></p>
                <p><label>Recording <input id="file" type="file" required></label></p>
                <p><label>Title <input id="title" required maxlength="300" size="30"></label></p>
                <p><label>Series <input id="series" maxlength="300" size="30"></label></p>
                <p><label>Language <input id="language" value="en" required size="6" pattern="[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*"></label></p>
                <p><label>Subtitles <input id="subs" type="file" accept=".srt,.vtt"></label>
                <label>in <input id="subslang" size="6" placeholder="fr"></label></p>
                <p><button id="go">Upload</button></p>
                </form>
                <p><progress id="bar" max="1" value="0" hidden></progress></p>
                <p id="status" role="status" aria-live="polite"></p>
                <script>\(script)</script>
                """
        )
    }

    /// The page's whole client: a small tus client (create, HEAD, PATCH with resume) and the job follower.
    static let script = """
        const $ = id => document.getElementById(id), say = t => { $('status').textContent = t };
        const CHUNK = 1 << 20, store = window.localStorage;
        $('token').value = store.getItem('lectern-token') || '';
        $('forget').onclick = () => { store.removeItem('lectern-token'); $('token').value = '' };
        const b64 = s => btoa(String.fromCharCode(...new TextEncoder().encode(s)));
        const sleep = ms => new Promise(r => setTimeout(r, ms));
        function auth(extra) { return Object.assign({'Authorization': 'Bearer ' + $('token').value, 'Tus-Resumable': '1.0.0'}, extra || {}) }
        async function check(r) { if (r.ok) return r; const t = await r.text(); throw Object.assign(new Error(t.trim() || r.statusText), {status: r.status}) }
        function mib(n) { return (n / 1048576).toFixed(1) + ' MiB' }
        async function create(file, meta) {
          const m = Object.entries(meta).filter(e => e[1]).map(([k, v]) => k + ' ' + b64(v)).join(',');
          const r = await check(await fetch('/api/uploads', {method: 'POST', headers: auth({'Upload-Length': String(file.size), 'Upload-Metadata': m})}));
          return r.headers.get('Location');
        }
        async function send(file, meta, label) {
          const key = 'lectern-upload:' + [file.name, file.size, file.lastModified, meta.title || meta.language].join(':');
          let url = store.getItem(key), offset = 0, failures = 0, job = null, start = performance.now(), sent = 0;
          while (true) {
            try {
              if (url) {
                const h = await fetch(url, {method: 'HEAD', headers: auth()});
                if (h.status === 404) { url = null; continue }
                await check(h); offset = Number(h.headers.get('Upload-Offset')); job = h.headers.get('Lectern-Job');
              } else { url = await create(file, meta); store.setItem(key, url); offset = 0 }
              while (offset < file.size) {
                const body = await file.slice(offset, offset + CHUNK).arrayBuffer();
                const headers = auth({'Content-Type': 'application/offset+octet-stream', 'Upload-Offset': String(offset)});
                if (crypto.subtle) headers['Upload-Checksum'] = 'sha256 ' + btoa(String.fromCharCode(...new Uint8Array(await crypto.subtle.digest('SHA-256', body))));
                const r = await check(await fetch(url, {method: 'PATCH', headers, body}));
                sent += body.byteLength; offset = Number(r.headers.get('Upload-Offset')); job = r.headers.get('Lectern-Job') || job; failures = 0;
                const rate = sent / ((performance.now() - start) / 1000), left = (file.size - offset) / Math.max(rate, 1);
                $('bar').hidden = false; $('bar').value = offset / Math.max(file.size, 1);
                say(label + ': ' + mib(offset) + ' of ' + mib(file.size) + ' · ' + mib(rate) + '/s · ' + Math.round(left) + ' s left');
              }
              store.removeItem(key);
              return {id: url.split('/').pop(), job};
            } catch (e) {
              if (e.status && e.status < 500 && e.status !== 409 && e.status !== 423) throw e;
              failures += 1; const wait = Math.min(1000 * 2 ** failures, 30000);
              say(label + ': connection lost, resuming in ' + Math.round(wait / 1000) + ' s (' + mib(offset) + ' sent)');
              await sleep(wait);
            }
          }
        }
        async function follow(job) {
          while (true) {
            const r = await fetch('/api/jobs/' + job, {headers: auth()});
            if (r.ok) {
              const j = await r.json(); $('bar').value = j.progress;
              if (j.state === 'published') {
                $('status').innerHTML = 'Published: <a id="watch" href="' + j.watch + '">' + j.watch + '</a>'; return j
              }
              if (j.state === 'failed' || j.state === 'cancelled') { say('Job ' + j.state + ': ' + (j.error || '')); return j }
              say('Job ' + job + ' ' + j.state + (j.state === 'running' ? ' ' + Math.round(j.progress * 100) + ' %' : ''));
            }
            await sleep(2000);
          }
        }
        $('f').onsubmit = async ev => {
          ev.preventDefault(); $('go').disabled = true; store.setItem('lectern-token', $('token').value);
          try {
            const meta = {filename: $('file').files[0].name, title: $('title').value, series: $('series').value, language: $('language').value};
            if ($('subs').files[0]) {
              const s = await send($('subs').files[0], {kind: 'subtitles', language: $('subslang').value, filename: $('subs').files[0].name}, 'Subtitles');
              meta.subtitles = $('subslang').value + '=' + s.id;
            }
            const up = await send($('file').files[0], meta, 'Recording');
            document.body.dataset.job = up.job; await follow(up.job);
          } catch (e) { say('Refused: ' + e.message) } finally { $('go').disabled = false }
        };
        """
}
