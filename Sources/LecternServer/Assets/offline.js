/* Lectern's Save-for-offline controls and the /offline page (served as /assets/offline-<hash>.js, immutable). The watch
 * page loads this once its lecture plays; it talks to the Service Worker (/sw.js), which keeps the chosen files in Cache
 * Storage (see docs/player.md). Uses Lectern.parseMaster and Lectern.folder from player.js on the watch page. */
"use strict";
(() => {
  const L = (window.Lectern = window.Lectern || {});
  const $ = (id) => document.getElementById(id);
  const cacheName = (id) => "lectern-lecture-" + id; // the Service Worker's name for a saved lecture (sw.js)

  const size = (bytes) => (bytes >= 1e6 ? (bytes / 1e6).toFixed(1) + " MB" : Math.max(1, Math.round(bytes / 1e3)) + " kB");
  const savedState = async (id) => {
    if (!window.caches || !(await caches.has(cacheName(id)))) return null;
    const r = await (await caches.open(cacheName(id))).match(`/__lectern/${id}/state`);
    return r ? r.json() : null;
  };
  const path = (uri) => new URL(uri, location.href).pathname;
  /** The master a saved lecture plays offline: one variant, its audio in one language, no session tokens. */
  L.savedMaster = (m, variant, audio) => {
    const lines = ["#EXTM3U", "#EXT-X-VERSION:7", "#EXT-X-INDEPENDENT-SEGMENTS"];
    if (audio) lines.push(audio.line.replace(/DEFAULT=NO/, "DEFAULT=YES").replace(/URI="[^"]*"/, `URI="${path(audio.uri)}"`));
    lines.push(variant.line.replace(/,SUBTITLES="[^"]*"/, ""), path(variant.uri), "");
    return lines.join("\n");
  };

  /** The Save-for-offline controls: o = {id, title, version, language, folders: {folder: bytes}, choices: [{key,
   * label, video, group}], audio: {group: {language: folder}}, subtitles: [{lang, folder, url}], extra: [paths]}. */
  L.offline = async (o) => {
    const box = $("offline"), button = $("save-offline"), what = $("save-what"), status = $("save-status"), al = $("al");
    if (!("serviceWorker" in navigator) || !window.caches) {
      box.hidden = false;
      button.disabled = true;
      status.textContent = "Saving needs a secure (https) page in a browser with Service Workers.";
      return;
    }
    const language = () => (al && al.selectedIndex > 0 ? al.value : o.language);
    const choice = () => o.choices.find((c) => c.key === what.value) || o.choices[0];
    const subtitles = () => o.subtitles.filter((s) => { const box = $("save-sub-" + s.lang); return box && box.checked; });
    const audioFolder = (c) => { const g = o.audio[c.group] || {}; return g[language()] || g[o.language] || Object.values(g)[0]; };
    const bytes = (c) => (o.folders[c.video] || 0) + (o.folders[audioFolder(c)] || 0) + subtitles().reduce((n, s) => n + (o.folders[s.folder] || 0), 0);
    let state = await savedState(o.id);
    const set = (name, text) => { button.dataset.state = name; button.textContent = text; };
    const show = () => {
      if (state && state.done && state.version !== o.version) set("outdated", `Update saved copy · ${size(bytes(choice()))}`);
      else if (state && state.done) set("saved", `Saved for offline · ${size(state.bytes)} — remove`);
      else if (state) set("saving", `Saving… ${Math.floor((100 * (state.got || 0)) / state.bytes)} %`);
      else set("idle", `Save for offline · ${size(bytes(choice()))}`);
      what.disabled = !!state && state.done && state.version === o.version;
    };
    if (state && state.done && state.version !== o.version) status.textContent = "This lecture was updated since you saved it.";
    show();
    box.hidden = false; // shown once it tells the truth about what is saved
    box.addEventListener("change", () => state || show());
    if (al) al.addEventListener("change", show);
    let ticking = null;
    const tick = (worker) => {
      if (ticking) return;
      // A Service Worker is stopped when nothing happens for a while: a message now and then keeps the save going.
      ticking = setInterval(() => worker.postMessage({ type: "tick" }), 20000);
    };
    const onMessage = (e) => {
      const m = e.data || {};
      if (m.id !== o.id) return;
      if (m.type === "progress") { state = Object.assign(state || {}, { got: m.done, bytes: m.total, done: false }); status.textContent = `${size(m.done)} of ${size(m.total)}`; }
      else if (m.type === "saved") { savedState(o.id).then((s) => { state = s; status.textContent = `Saved: plays with no connection (open ${location.origin}/offline).`; show(); }); clearInterval(ticking); ticking = null; }
      else if (m.type === "failed") { status.textContent = "Saving stopped: " + m.error; }
      else if (m.type === "deleted") { state = null; status.textContent = "Removed."; }
      show();
    };
    if (navigator.serviceWorker.controller) {
      navigator.serviceWorker.addEventListener("message", onMessage);
      if (state && !state.done) { navigator.serviceWorker.controller.postMessage({ type: "resume" }); tick(navigator.serviceWorker.controller); }
    }
    button.addEventListener("click", async () => {
      await navigator.serviceWorker.register("/sw.js");
      const worker = (await navigator.serviceWorker.ready).active;
      navigator.serviceWorker.addEventListener("message", onMessage); // the same listener twice is one listener
      if (state && state.done && state.version === o.version) { worker.postMessage({ type: "delete", id: o.id }); return; }
      if (state && !state.done) { worker.postMessage({ type: "resume" }); tick(worker); return; }
      const c = choice(), total = bytes(c);
      if (navigator.storage && navigator.storage.estimate) {
        const { quota, usage } = await navigator.storage.estimate();
        if (quota && quota - usage < total * 1.1) { status.textContent = `Not enough space: this needs ${size(total)}, the browser allows ${size(quota - usage)} more.`; return; }
        if (navigator.storage.persist) navigator.storage.persist().catch(() => {});
      }
      const masterURL = `/lectures/${o.id}/master.m3u8?max_kbps=1000000`;
      const m = L.parseMaster(await (await fetch(masterURL, { cache: "no-store" })).text(), location.origin + masterURL);
      const variant = c.video ? m.variants.find((x) => L.folder(x.uri) === c.video) : m.variants.find((x) => !x.video);
      const audio = m.media.find((x) => x.type === "AUDIO" && x.uri && L.folder(x.uri) === audioFolder(c));
      if (!variant) { status.textContent = "This lecture has no such rendition any more; reload the page."; return; }
      state = { got: 0, bytes: total, done: false };
      show();
      worker.postMessage({
        type: "save", id: o.id, title: o.title, version: o.version, bytes: total, choice: c.key,
        master: L.savedMaster(m, variant, audio),
        playlists: [variant, audio].filter((x) => x && x.uri).map((x) => path(x.uri)).filter((p, i, all) => all.indexOf(p) === i),
        extra: o.extra.concat(subtitles().map((s) => s.url)),
      });
      tick(worker);
    });
  };

  /** The /offline page: every saved lecture with its size and a delete button; when online, lectures changed at the
   * origin are marked. */
  L.savedList = async () => {
    const list = $("saved"), note = $("note");
    if (!window.caches) { note.textContent = "This browser keeps no lectures for offline."; return; }
    const keys = (await caches.keys()).filter((k) => k.startsWith("lectern-lecture-"));
    const states = (await Promise.all(keys.map((k) => savedState(k.slice(16))))).filter(Boolean);
    note.textContent = states.length ? `${states.length} saved, ${size(states.reduce((n, s) => n + s.bytes, 0))} in all.` : "Nothing saved yet: use “Save for offline” under a lecture.";
    for (const s of states) {
      const li = document.createElement("li"), a = document.createElement("a"), del = document.createElement("button"), info = document.createElement("small");
      a.href = "/watch/" + s.id; a.textContent = s.title;
      info.textContent = ` ${size(s.bytes)}, ${s.choice === "audio" ? "audio only" : s.choice}` + (s.done ? `, saved ${new Date(s.savedAt).toLocaleDateString()}` : ", not finished: open it to go on");
      del.textContent = "Delete"; del.setAttribute("aria-label", "Delete " + s.title);
      del.addEventListener("click", async () => { await caches.delete(cacheName(s.id)); li.remove(); });
      li.append(a, info, " ", del);
      list.append(li);
      fetch(`/api/lectures/${s.id}`, { cache: "no-store" }).then((r) => (r.ok ? r.json() : null)).then((now) => {
        if (now && now.version && now.version !== s.version) info.textContent += " — updated at the source: open it to update";
      }, () => {});
    }
  };

})();
