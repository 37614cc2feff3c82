/* Lectern's Service Worker (/sw.js): lectures saved for offline, in Cache Storage, one cache per lecture
 * ("lectern-lecture-<id>"), which also holds the watch page, the /offline page and the player script.
 * - Saving: the watch page posts {type: "save", ...}; the worker fetches every file of the chosen renditions, keeps a
 *   file cut short by a dropped link and asks for the rest with Range, and records its progress in the cache
 *   ("/__lectern/<id>/state"), so a save resumes (after a reload or a closed tab) without fetching a saved file again.
 * - Serving: segments, init sections and subtitles of a saved lecture come from the cache; playlists and pages from the
 *   network first (online the learner gets every rung), from the cache when there is no network. */
"use strict";
const cacheName = (id) => "lectern-lecture-" + id;
const stateKey = (id) => `/__lectern/${id}/state`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const running = new Map(); // id -> the save under way in this worker

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (e) => e.waitUntil(self.clients.claim()));

async function readState(id) {
  const r = await (await caches.open(cacheName(id))).match(stateKey(id));
  return r ? r.json() : null;
}
async function writeState(cache, state) {
  await cache.put(stateKey(state.id), new Response(JSON.stringify(state), { headers: { "content-type": "application/json" } }));
}
async function tell(message) {
  for (const client of await self.clients.matchAll({ includeUncontrolled: true })) client.postMessage(message);
}

/** GETs `url` whole, resuming with Range after a dropped connection (the bytes already here are kept); waits and
 * retries while the network is down. Counts every byte received with `count`. */
async function download(url, count) {
  let parts = [], got = 0, type = "", tries = 0;
  for (;;) {
    try {
      const r = await fetch(url, { cache: "no-store", headers: got ? { Range: `bytes=${got}-` } : {} });
      if (got && r.status !== 206) { parts = []; got = 0; }
      if (!r.ok) throw Object.assign(new Error(`${r.status} for ${url}`), { status: r.status });
      type = r.headers.get("content-type") || type;
      const reader = r.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value); got += value.length; count(value.length);
      }
      return new Blob(parts, { type });
    } catch (e) {
      if (e.status && e.status < 500 && e.status !== 408 && e.status !== 429) throw e;
      await sleep(Math.min(15000, 1000 * 2 ** Math.min(tries++, 4)));
    }
  }
}
const store = (cache, url, blob) =>
  cache.put(url, new Response(blob, { headers: { "content-type": blob.type, "content-length": String(blob.size) } }));

/** Saves (or goes on saving) lecture `id` as its state in the cache describes. */
function save(id) {
  if (running.has(id)) return running.get(id);
  const job = (async () => {
    const cache = await caches.open(cacheName(id));
    let state = await readState(id);
    if (!state || state.done) return;
    let last = 0, written = 0;
    const progress = (force) => {
      if (!force && Date.now() - last < 250) return;
      last = Date.now();
      // The bytes received so far (partial files included) survive this worker being stopped.
      if (Date.now() - written > 1000) { written = Date.now(); writeState(cache, state).catch(() => {}); }
      tell({ type: "progress", id, done: Math.min(state.got, state.bytes), total: state.bytes });
    };
    const count = (n) => { state.fetched += n; progress(false); };
    // The playlists first: they name the files to fetch.
    if (!state.files) {
      const files = [];
      for (const playlist of state.playlists) {
        const hit = await cache.match(playlist);
        const blob = hit ? await hit.blob() : await download(playlist, count);
        if (!hit) await store(cache, playlist, blob);
        for (const line of (await blob.text()).split(/\r?\n/)) {
          const map = line.match(/^#EXT-X-MAP:.*URI="([^"]+)"/);
          const uri = map ? map[1] : line && line[0] !== "#" ? line : null;
          if (uri) files.push(new URL(uri, new URL(playlist, self.location.origin)).pathname);
        }
      }
      state.files = files.concat(state.extra);
      await writeState(cache, state);
    }
    // What is saved already counts (a resumed save); the rest is fetched.
    const queue = [];
    state.got = 0;
    for (const url of state.files) {
      const hit = await cache.match(url);
      if (hit) state.got += +hit.headers.get("content-length") || 0;
      else queue.push(url);
    }
    progress(true);
    const worker = async () => {
      for (let url; (url = queue.shift()); ) {
        const blob = await download(url, count);
        await store(cache, url, blob);
        state.got += blob.size;
        progress(false);
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    state.done = true;
    state.savedAt = new Date().toISOString();
    await writeState(cache, state);
    tell({ type: "saved", id, fetched: state.fetched, total: state.bytes });
  })()
    .catch((e) => tell({ type: "failed", id, error: String(e.message || e) }))
    .finally(() => running.delete(id));
  running.set(id, job);
  return job;
}

self.addEventListener("message", (e) => {
  const m = e.data || {};
  if (m.type === "save") {
    // m: {id, title, version, bytes (expected), choice, master (text), playlists, extra (further paths)}
    const state = { id: m.id, title: m.title, version: m.version, bytes: m.bytes, choice: m.choice, playlists: m.playlists,
      extra: m.extra, got: 0, fetched: 0, done: false, files: null };
    e.waitUntil(
      (async () => {
        if (running.has(m.id)) await running.get(m.id).catch(() => {});
        await caches.delete(cacheName(m.id));
        const cache = await caches.open(cacheName(m.id));
        await cache.put(`/lectures/${m.id}/master.m3u8`, new Response(m.master, { headers: { "content-type": "application/vnd.apple.mpegurl" } }));
        await writeState(cache, state);
        await save(m.id);
      })()
    );
  } else if (m.type === "resume" || m.type === "tick") {
    // Any save left unfinished (a closed tab, a worker stopped by the browser) goes on; ticks keep the worker alive.
    e.waitUntil(
      caches.keys().then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith("lectern-lecture-")).map((k) => save(k.slice(16))))
      )
    );
  } else if (m.type === "delete") {
    e.waitUntil(caches.delete(cacheName(m.id)).then(() => tell({ type: "deleted", id: m.id })));
  }
});

/** A cached response, sliced when the request asks for a byte range (native players do). */
async function answer(request, response) {
  const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.get("range") || "");
  if (!range) return response;
  const blob = await response.blob();
  const from = +range[1], to = range[2] ? Math.min(+range[2], blob.size - 1) : blob.size - 1;
  if (from >= blob.size) return new Response(null, { status: 416, headers: { "content-range": `bytes */${blob.size}` } });
  return new Response(blob.slice(from, to + 1), { status: 206, headers: {
    "content-type": response.headers.get("content-type") || "", "content-range": `bytes ${from}-${to}/${blob.size}`,
    "content-length": String(to - from + 1) } });
}

self.addEventListener("fetch", (e) => {
  const request = e.request, url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  const lecture = url.pathname.match(/^\/(?:lectures|api\/lectures|watch)\/([a-z0-9-]+)(\/|$)/);
  if (url.pathname.startsWith("/assets/")) {
    e.respondWith(caches.match(url.pathname).then((hit) => hit || fetch(request)));
  } else if (url.pathname === "/offline") {
    e.respondWith(fetch(request).catch(() => caches.match("/offline").then((hit) => hit || Response.error())));
  } else if (lecture) {
    e.respondWith(
      (async () => {
        const name = cacheName(lecture[1]);
        if (!(await caches.has(name))) return fetch(request);
        const cache = await caches.open(name);
        const fromCache = () => cache.match(url.pathname, { ignoreSearch: true });
        const media = !/\.m3u8$/.test(url.pathname) && !url.pathname.startsWith("/watch/");
        if (media) {
          const hit = await fromCache();
          return hit ? answer(request, hit) : fetch(request);
        }
        try {
          return await fetch(request);
        } catch (error) {
          const hit = await fromCache();
          if (hit) return hit;
          throw error;
        }
      })()
    );
  }
});
