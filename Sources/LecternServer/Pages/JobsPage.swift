/// `/jobs`: the token's jobs (an admin's: all), refreshed every 3 s, with progress and a cancel button.
enum JobsPage {
    static func render() -> String {
        HTML.page(
            title: "Jobs",
            body: """
                <h1>Jobs</h1>
                <p><a href="/">Lectures</a> · <a href="/upload">Upload</a></p>
                <p><label>Token <input id="token" type="password" autocomplete="off" size="30"></label></p>
                <p id="status" role="status" aria-live="polite"></p>
                <div style="overflow-x:auto"><table id="jobs"><thead><tr><th>Title</th><th>State</th><th>Progress</th><th>Worker</th><th></th></tr></thead>
                <tbody></tbody></table></div>
                <script>\(script)</script>
                """
        )
    }

    static let script = """
        const $ = id => document.getElementById(id), store = window.localStorage;
        $('token').value = store.getItem('lectern-token') || '';
        $('token').onchange = () => { store.setItem('lectern-token', $('token').value); refresh() };
        const esc = s => String(s == null ? '' : s).replace(/[&<>"']/g, c => '&#' + c.charCodeAt(0) + ';');
        async function refresh() {
          if (!$('token').value) { $('status').textContent = 'Paste a token to see jobs.'; return }
          const r = await fetch('/api/jobs?limit=100', {headers: {'Authorization': 'Bearer ' + $('token').value}});
          if (!r.ok) { $('status').textContent = (await r.text()).trim(); return }
          const jobs = (await r.json()).jobs;
          $('status').textContent = jobs.length + ' jobs';
          $('jobs').tBodies[0].innerHTML = jobs.map(j => '<tr data-id="' + esc(j.id) + '"><td>' + (j.watch ? '<a href="' + esc(j.watch) + '">' + esc(j.title) + '</a>' : esc(j.title)) +
            '</td><td>' + esc(j.state) + (j.error ? '<br><small>' + esc(j.error) + '</small>' : '') + '</td><td><progress max="1" value="' + j.progress + '"></progress></td><td>' +
            esc(j.worker) + '</td><td>' + (j.state === 'queued' || j.state === 'running' ? '<button data-cancel="' + esc(j.id) + '">Cancel</button>' : '') + '</td></tr>').join('');
        }
        $('jobs').onclick = async ev => {
          const id = ev.target.dataset && ev.target.dataset.cancel; if (!id) return;
          await fetch('/api/jobs/' + id + '/cancel', {method: 'POST', headers: {'Authorization': 'Bearer ' + $('token').value}}); refresh();
        };
        refresh(); setInterval(refresh, 3000);
        """
}
