/* Lectern's player (served as /assets/player-<hash>.js, immutable). Two paths to one <video>:
 * - mse: reads the master and media playlists of a Lectern fMP4 package and appends video and the demuxed audio to
 *   their own SourceBuffers, with Lectern's own adaptation (measured throughput, headroom to climb, buffer to stay,
 *   down to the slides rung and audio only on a 2G link) and CMCD on every request;
 * - native: hands the adaptive master to the browser's own HLS (Safari, Chromium with HLS), with the page's headroom.
 * The Save-for-offline controls (offline.js) load once the lecture plays: they are not in the way of its first frame. */
"use strict";
(() => {
  const L = (window.Lectern = {});
  const now = () => performance.now();
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const $ = (id) => document.getElementById(id);
  const cacheName = (id) => "lectern-lecture-" + id; // the Service Worker's name for a saved lecture (sw.js, offline.js)
  const hex = () => [...crypto.getRandomValues(new Uint8Array(8))].map((b) => b.toString(16).padStart(2, "0")).join("");

  /* ---- playlists ---------------------------------------------------------------------------------------------- */
  const attrs = (text) => {
    const out = {};
    text.replace(/([A-Z0-9-]+)=("[^"]*"|[^,]*)/g, (_, k, v) => (out[k] = v[0] === '"' ? v.slice(1, -1) : v));
    return out;
  };
  const abs = (uri, base) => new URL(uri, base).href;
  /** A URL as the page's preload list names it: path and query. */
  const local = (uri) => { const u = new URL(uri, location.href); return u.pathname + u.search; };
  /** The package folder a file is in ("240p", "audio-32k-fr"). */
  const folder = (L.folder = (uri) => new URL(uri, location.href).pathname.split("/").slice(-2)[0]);
  /** Variants (video or audio only) and renditions (EXT-X-MEDIA) of a multivariant playlist. */
  L.parseMaster = (text, base) => {
    const lines = text.split(/\r?\n/), variants = [], media = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (line.startsWith("#EXT-X-STREAM-INF:")) {
        const a = attrs(line.slice(18));
        let uri = lines[++i];
        while (uri !== undefined && (uri === "" || uri[0] === "#")) uri = lines[++i];
        const codecs = (a.CODECS || "").split(",").map((c) => c.trim());
        const video = codecs.find((c) => /^(avc|hvc|hev|vp0|av01)/.test(c));
        variants.push({
          bw: +(a["AVERAGE-BANDWIDTH"] || a.BANDWIDTH), res: a.RESOLUTION || "",
          fps: +(a["FRAME-RATE"] || 0), video, audioCodec: codecs.find((c) => c.startsWith("mp4a")) || "mp4a.40.2",
          group: a.AUDIO, uri: abs(uri, base), line,
        });
      } else if (line.startsWith("#EXT-X-MEDIA:")) {
        const a = attrs(line.slice(13));
        media.push({ type: a.TYPE, group: a["GROUP-ID"], lang: a.LANGUAGE || "", def: a.DEFAULT === "YES",
          uri: a.URI && abs(a.URI, base), line });
      }
    }
    return { variants, media };
  };
  /** A media playlist: init section and segments with their start times. */
  L.parseMedia = (text, base) => {
    let init = null, t = 0, d = 0;
    const segments = [];
    for (const line of text.split(/\r?\n/)) {
      if (line.startsWith("#EXT-X-MAP:")) init = abs(attrs(line.slice(11)).URI, base);
      else if (line.startsWith("#EXTINF:")) d = parseFloat(line.slice(8));
      else if (line && line[0] !== "#") {
        segments.push({ uri: abs(line, base), start: t, end: t + d });
        t += d;
      }
    }
    return { init, segments, duration: t };
  };

  /* ---- throughput --------------------------------------------------------------------------------------------- */
  /** The link's rate from this player's own downloads: bytes over the time at least one download was under way
   * (parallel downloads share the link, so each alone would read low), as two moving averages, fast and slow; the
   * estimate is the lower one (quick to fall, slow to rise). */
  class Meter {
    constructor(kbps) { this.fast = this.slow = kbps; this.active = 0; this.busy = 0; this.bytes = 0; this.samples = 0; }
    begin() { if (this.active++ === 0) this.since = now(); }
    end() { if (--this.active === 0) this.busy += now() - this.since; this.sample(); }
    add(n) { this.bytes += n; }
    busyMs() { return this.busy + (this.active ? now() - this.since : 0); }
    sample() {
      const ms = this.busyMs();
      if (ms < 100 || this.bytes < 4000) return;
      // A sample weighs its busy time, but at least half a second: on a fast link segments arrive in a few ms, and
      // weighed by that alone a recovered link would take a minute of downloads to lift the slow average.
      const kbps = (this.bytes * 8) / ms, w = Math.max(ms, 500) / 1000;
      this.fast = this.fast + (kbps - this.fast) * (1 - Math.pow(0.5, w / 2));
      this.slow = this.slow + (kbps - this.slow) * (1 - Math.pow(0.5, w / 8));
      this.samples++;
      this.bytes = this.busy = 0;
      if (this.active) this.since = now();
    }
    get kbps() { return Math.min(this.fast, this.slow); }
  }

  /* ---- the MSE player ----------------------------------------------------------------------------------------- */
  const AHEAD = 30, BEHIND = 30; // seconds buffered ahead (goal) and kept behind the playhead
  class Player {
    /** o: {video, master (URL), full (URL of the master with every variant), prefetch, language, onchange} */
    constructor(o) {
      Object.assign(this, o);
      this.v = o.video;
      this.sid = hex();
      this.meter = new Meter(400); // until the page's measurement of its start downloads (`begin`)
      this.auto = true;
      this.tracks = {};
      this.lists = new Map();
      this.waitingSince = 0;
      this.prefetch = new Set(o.prefetch || []);
      this.inline = new Map(Object.entries(o.inline || {})); // start files the page carries: used once, not fetched
      this.start().catch((e) => this.fail(e));
    }
    fail(e) { if (e && e.name !== "AbortError") { this.status = "error: " + (e.message || e); this.changed(); console.warn(e); } }
    /** A SourceBuffer of the current MediaSource refused an operation (a browser's media stack can, under load):
     * a new MediaSource from where playback was, as mature players do; twice within 5 s is reported instead. */
    recover(e) {
      if (e && e.name === "AbortError") return;
      if (now() - (this.recoveredAt || -1e9) < 5000) return this.fail(e);
      this.recoveredAt = now();
      console.warn("rebuilding the MediaSource after", e);
      this.open(this.v.currentTime || this.at || 0).catch((x) => this.fail(x));
    }
    changed() { if (this.onchange) this.onchange(this); }

    /** GET with CMCD and, on a network error, retries with backoff (a learner's link comes back); counts bytes. */
    async get(url, type, ot, signal, onbytes) {
      url = abs(url, location.href);
      const carried = this.inline.get(local(url));
      if (carried !== undefined) {
        this.inline.delete(local(url));
        if (type === "text") return carried;
        const raw = atob(carried), out = new Uint8Array(raw.length);
        for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
        return out;
      }
      // CMCD in headers (CTA-5004 header mode), so a URL stays the same and the HTTP cache keeps working; none on the
      // page's preloads, which the browser matches by their request.
      const headers = {};
      if (!this.prefetch.has(local(url))) {
        const buffer = this.ahead(this.tracks.video ? "video" : "audio");
        headers["CMCD-Request"] = `bl=${Math.round(buffer * 10) * 100},mtp=${Math.round(this.meter.kbps / 100) * 100}`;
        headers["CMCD-Object"] = (this.level ? `br=${Math.round(this.level.bw / 1000)},` : "") + `ot=${ot}`;
        headers["CMCD-Session"] = `sid="${this.sid}"`;
      }
      for (let attempt = 0; ; attempt++) {
        if (signal && signal.aborted) throw new DOMException("aborted", "AbortError");
        this.meter.begin();
        try {
          const r = await fetch(url, { signal, headers });
          if (!r.ok) throw Object.assign(new Error(`${r.status} for ${new URL(url).pathname}`), { status: r.status });
          if (type === "text") { const t = await r.text(); this.meter.add(t.length); return t; }
          const total = +r.headers.get("content-length") || 0, parts = [];
          let got = 0;
          const reader = r.body.getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            parts.push(value); got += value.length; this.meter.add(value.length);
            if (onbytes) onbytes(got, total);
          }
          const out = new Uint8Array(got);
          let at = 0;
          for (const p of parts) { out.set(p, at); at += p.length; }
          if (this.status) { this.status = ""; this.changed(); }
          return out;
        } catch (e) {
          if (e.name === "AbortError" || (e.status && e.status < 500 && e.status !== 408 && e.status !== 429)) throw e;
          this.status = "reconnecting…"; this.changed();
          await sleep(Math.min(8000, 500 * 2 ** attempt));
        } finally { this.meter.end(); }
      }
    }
    async list(url) {
      const key = url.split("?")[0];
      if (!this.lists.has(key)) this.lists.set(key, this.get(url, "text", "m").then((t) => L.parseMedia(t, url)));
      try { return await this.lists.get(key); } catch (e) { this.lists.delete(key); throw e; }
    }

    async start() {
      this.master = abs(this.master, location.href);
      if (this.full) this.full = abs(this.full, location.href);
      const text = await this.get(this.master, "text", "m");
      this.setMaster(L.parseMaster(text, this.master));
      // The floor: the variant whose playlist the page preloaded, else the lowest video that is not slides.
      // (A video one: the audio-only variant's playlist is among the preloads too, as the video levels' audio.)
      this.level = this.levels.find((l) => l.video && this.prefetch.has(local(l.uri))) || this.levels.find((l) => l.video && !this.isSlides(l)) || this.levels[0];
      this.duration = (await this.list(this.level.uri)).duration;
      await this.open(this.v.currentTime || 0);
      if (this.pending) this.begin(...this.pending);
      setInterval(() => this.tick(), 250);
      this.v.addEventListener("seeking", () => this.seeked());
      // Every variant once playing (the start master lists only what suits any link; not before the first frame).
      this.v.addEventListener("playing", () => this.everything(), { once: true });
    }
    everything() {
      if (!this.full || this.gotFull) return Promise.resolve();
      this.gotFull = true;
      return this.get(this.full, "text", "m").then((t) => this.setMaster(L.parseMaster(t, this.full)), () => (this.gotFull = false));
    }
    isSlides(l) { return !!l.video && l.fps > 0 && l.fps < 5; }
    /** Where the page's measurement of its start downloads says to begin: -2 audio only, -1 slides, n > 0 a rung. */
    begin(kbps, level) {
      this.meter.fast = this.meter.slow = kbps;
      if (!this.ms) return void (this.pending = [kbps, level]);
      if (!this.auto) return;
      if (level === -2) this.switch(this.levels[0]);
      else if (level === -1) this.switch(this.levels.find((l) => this.isSlides(l)) || this.levels[0]);
      else if (level > 0) this.everything().then(() => this.switch(this.pick(kbps * 0.6, true)));
    }
    /** Levels, lowest first: audio only, then video variants by average bandwidth (the slides rung among them). */
    setMaster(m) {
      this.media = m.media;
      const seen = new Set(), bare = (uri) => uri.split("?")[0];
      const levels = m.variants.filter((x) => !seen.has(bare(x.uri)) && seen.add(bare(x.uri)));
      levels.sort((a, b) => (!!a.video - !!b.video) || a.bw - b.bw);
      const audioOnly = levels.filter((l) => !l.video);
      this.levels = audioOnly.slice(0, 1).concat(levels.filter((l) => l.video));
      if (this.level) this.level = this.levels.find((l) => bare(l.uri) === bare(this.level.uri)) || this.level;
      this.changed();
    }
    /** The audio rendition for a level: the chosen language in the level's group, or the group's default. */
    audioFor(level) {
      const group = this.media.filter((x) => x.type === "AUDIO" && x.group === level.group && x.uri);
      if (!group.length) return level.video ? null : level.uri;
      const r = group.find((x) => x.lang === this.language) || group.find((x) => x.def) || group[0];
      return r.uri;
    }
    /** The highest level (video level with `video`) whose average bandwidth fits `kbps`, at least the lowest. */
    pick(kbps, video) {
      const levels = video ? this.levels.filter((l) => l.video) : this.levels;
      let best = levels[0] || this.levels[0];
      for (const l of levels) if (l.bw / 1000 <= kbps) best = l;
      return best;
    }

    /** A MediaSource for `level` from `at` seconds: a video and an audio SourceBuffer, or audio alone. A browser
     * that refuses to set it up (Firefox did, once in a while, under load) gets two more tries. */
    async open(at, tries = 0) {
      for (const t of Object.values(this.tracks)) if (t.abort) t.abort.abort();
      this.tracks = {};
      const ms = (this.ms = new MediaSource());
      const url = URL.createObjectURL(ms);
      this.v.src = url;
      await new Promise((r) => ms.addEventListener("sourceopen", r, { once: true }));
      URL.revokeObjectURL(url);
      if (this.ms !== ms) return; // another level asked for a new one meanwhile
      const level = this.level;
      let step = "duration";
      try {
        if (this.duration) ms.duration = this.duration;
        step = "SourceBuffers";
        if (level.video) this.tracks.video = this.track(`video/mp4; codecs="${level.video}"`, "video");
        this.tracks.audio = this.track(`audio/mp4; codecs="${level.audioCodec}"`, "audio");
      } catch (e) {
        console.warn(`${step} of a new MediaSource (${ms.readyState}, try ${tries + 1}):`, e);
        if (tries >= 2) throw new Error(`${step} of a new MediaSource (${ms.readyState}): ${e.message}`);
        await sleep(200);
        return this.ms === ms ? this.open(at, tries + 1) : undefined;
      }
      this.shown = level;
      // Not past the end: an ended lecture's playhead (at its media end, a little past the playlists' duration)
      // would make Firefox start the new MediaSource from 0.
      if (at > 0) this.v.currentTime = this.duration ? Math.min(at, this.duration - 0.25) : at;
      this.changed();
      this.tick();
    }
    track(mime, kind) {
      const sb = this.ms.addSourceBuffer(mime);
      return { sb, kind, init: null, last: -1, busy: false, abort: null, done: false, none: false };
    }
    append(t, data) {
      return new Promise((resolve, reject) => {
        const ok = () => { t.sb.removeEventListener("error", bad); resolve(); };
        const bad = () => { t.sb.removeEventListener("updateend", ok); reject(new Error("append failed")); };
        t.sb.addEventListener("updateend", ok, { once: true });
        t.sb.addEventListener("error", bad, { once: true });
        try { t.sb.appendBuffer(data); } catch (e) { t.sb.removeEventListener("updateend", ok); t.sb.removeEventListener("error", bad); reject(e); }
      });
    }
    remove(t, from, to) {
      if (to - from < 0.5 || t.sb.updating) return Promise.resolve();
      return new Promise((resolve) => { t.sb.addEventListener("updateend", resolve, { once: true }); try { t.sb.remove(from, to); } catch { resolve(); } });
    }
    /** Seconds buffered ahead of the playhead for one track (0 when the playhead is not in a buffered range). */
    ahead(kind) {
      const t = this.tracks[kind];
      if (!t) return 0;
      return this.end(t, this.v.currentTime) - this.v.currentTime;
    }
    end(t, at) {
      const b = t.sb.buffered;
      for (let i = 0; i < b.length; i++) if (b.start(i) <= at + 0.3 && b.end(i) > at) return b.end(i);
      return at;
    }

    /** Runs every 250 ms and after each append: adapt, fetch what each track needs next, close the stream at the end. */
    tick() {
      if (!this.ms || this.ms.readyState === "closed") return;
      this.nudge();
      this.adapt();
      if (this.v.readyState > 0 && !this.v.seeking) this.at = this.v.currentTime;
      const tracks = Object.values(this.tracks);
      for (const t of tracks) if (!t.busy && !t.done) this.next(t).catch((e) => this.tracks[t.kind] === t && this.recover(e));
      // Only a stream with every track's init appended (or with nothing to play) ends: ended empty (a new MediaSource
      // between its opening and its SourceBuffers, or while it waits to try again) the browser fails the element.
      if (tracks.length && tracks.every((t) => t.done && (t.init || t.none) && !t.busy && !t.sb.updating) && this.ms.readyState === "open") {
        try { this.ms.endOfStream(); } catch {}
      }
    }
    /** Playback stuck in a small hole between buffered ranges (a segment boundary): step over it. */
    nudge() {
      const v = this.v, b = v.buffered;
      if (v.paused || v.seeking || v.readyState >= 3) return;
      for (let i = 0; i < b.length; i++) if (b.start(i) > v.currentTime && b.start(i) - v.currentTime < 1) { v.currentTime = b.start(i) + 0.01; return; }
    }
    async next(t) {
      const rendition = t.kind === "video" ? this.level.uri : this.audioFor(this.level);
      if (!rendition) { t.done = t.none = true; return; }
      const at = this.v.currentTime, buffered = this.end(t, at);
      if (buffered - at >= (this.level.video ? AHEAD : AHEAD * 2)) return;
      t.busy = true;
      const abort = (t.abort = new AbortController());
      try {
        const list = await this.list(rendition);
        if (this.tracks[t.kind] !== t) return;
        let index = list.segments.findIndex((s) => s.end > buffered + 0.1);
        // Opened at the very end (a seek there, audio only chosen there): its last segment still, so the stream can end.
        if (index < 0 && t.init === null && list.segments.length) index = list.segments.length - 1;
        if (index < 0) { t.done = buffered >= list.duration - 0.5; return; }
        if (t.rendition === rendition && index <= t.last && t.last + 1 < list.segments.length && list.segments[t.last].end <= buffered + 0.5) index = t.last + 1;
        if (t.init !== list.init) {
          const init = await this.get(list.init, "bytes", "i", abort.signal);
          if (this.tracks[t.kind] !== t) return;
          if (t.sb.changeType && t.kind === "video" && this.level.video && t.codec && t.codec !== this.level.video)
            t.sb.changeType(`video/mp4; codecs="${this.level.video}"`);
          await this.append(t, init);
          t.init = list.init; t.codec = this.level.video;
        }
        const segment = list.segments[index], level = this.level;
        const started = now();
        const data = await this.get(segment.uri, "bytes", t.kind === "video" ? "v" : "a", abort.signal, (got, total) => {
          // About to run dry: this segment will not arrive in time at this rate; take it from a lower level.
          if (t.kind !== "video" || !this.auto || total === 0) return;
          const ms = now() - started, rate = got / Math.max(ms, 1), left = (total - got) / Math.max(rate, 1e-3) / 1000;
          if (ms > 1000 && left > this.ahead("video") + 1 && this.ahead("video") < 4 && this.levels.indexOf(level) > 0) {
            this.switch(this.pick(Math.min(this.meter.kbps, rate * 8) * 0.7, true));
            abort.abort();
          }
        });
        if (this.tracks[t.kind] !== t) return;
        await this.trim(t);
        try { await this.append(t, data); } catch (e) {
          if (e.name !== "QuotaExceededError") throw e;
          await this.remove(t, 0, this.v.currentTime - 5); // full: keep only what is ahead, fetch this one again
          return;
        }
        t.rendition = rendition; t.last = index; t.done = index === list.segments.length - 1;
      } catch (e) {
        if (e.name !== "AbortError") throw e;
      } finally {
        t.busy = false;
        if (t.abort === abort) t.abort = null;
        if (this.tracks[t.kind] === t) setTimeout(() => this.tick(), 0);
      }
    }
    trim(t) {
      const b = t.sb.buffered, at = this.v.currentTime;
      return b.length && b.start(0) < at - BEHIND - 10 ? this.remove(t, b.start(0), at - BEHIND) : Promise.resolve();
    }

    /** Lectern's adaptation. Between video levels: climbs one level only with headroom (its average within 0.7 of
     * the estimate), 12 s buffered and a few measurements; drops when the level is above the estimate with under
     * 10 s left, to what 0.8 of the estimate carries (0.6 under 4 s). Audio only (a new MediaSource, so never on a
     * whim): when even the lowest video level is above the estimate with under 4 s left, or playback stalled 2 s
     * on it; back to video when twice the lowest video level fits and 20 s of audio are buffered (see `probe`). */
    adapt() {
      const v = this.v;
      if (!this.levels || v.seeking) return;
      const videos = this.levels.filter((l) => l.video), lowest = videos[0];
      if (!v.paused && !v.ended && v.readyState < 3 && this.played) {
        this.waitingSince = this.waitingSince || now();
        if (now() - this.waitingSince > 2000 && this.auto) { // stalled: one level down
          this.waitingSince = now();
          const i = videos.indexOf(this.level);
          if (i > 0) this.switch(videos[Math.min(i - 1, videos.indexOf(this.pick(this.meter.kbps * 0.6, true)))]);
          else if (i === 0 && !this.levels[0].video) this.switch(this.levels[0]);
          return;
        }
      } else if (v.readyState >= 3) { this.waitingSince = 0; if (!v.paused && v.currentTime > 0) this.played = true; }
      if (!this.auto || !lowest || now() - (this.switchedAt || 0) < 3000) return;
      const kbps = this.meter.kbps, buffer = this.ahead(this.level.video ? "video" : "audio"), bw = this.level.bw / 1000;
      let target = this.level;
      if (!this.level.video) {
        if (buffer >= 20 && (lowest.bw / 1000) * 2 <= kbps && this.meter.samples >= 3) target = lowest;
        else if (buffer >= 20 && !this.probing && now() - (this.probedAt || 0) > (this.probeGap || 15000)) this.probe(lowest);
      } else if (bw > kbps && buffer < 10) {
        target = this.pick(kbps * (buffer < 4 ? 0.6 : 0.8), true);
        if (target === lowest && lowest.bw / 1000 > kbps && buffer < 4 && !this.levels[0].video) target = this.levels[0];
      } else if (buffer >= 12 && this.meter.samples >= 3) {
        const up = videos[videos.indexOf(this.level) + 1];
        if (up && up.bw / 1000 / 0.7 <= kbps) target = up;
      }
      if (target !== this.level) this.switch(target);
    }
    /** Audio only makes no downloads once its buffer is full, and an audio segment is too small to measure a fast
     * link: so a recovered link would go unseen until the lecture ends. Every 15 s (doubling while the link stays
     * weak, up to a minute) this fetches the lowest video level's segment ahead and goes back to video when it came
     * at twice that level's rate. */
    async probe(level) {
      this.probing = true;
      let fast = false;
      try {
        const list = await this.list(level.uri);
        const segment = list.segments.find((s) => s.end > this.v.currentTime + 20) || list.segments[list.segments.length - 1];
        const started = now(), data = await this.get(segment.uri, "bytes", "v");
        fast = (data.length * 8) / Math.max(now() - started, 1) >= (level.bw / 1000) * 2;
      } catch (e) { /* a failed probe is a weak link */ } finally {
        this.probing = false;
        this.probedAt = now();
        this.probeGap = fast ? 15000 : Math.min(60000, (this.probeGap || 15000) * 2);
      }
      if (fast && this.auto && !this.level.video) this.switch(level);
    }
    /** To another level: same MediaSource between video levels (the next segments come from it), a new one
     * (from the playhead) when audio only starts or ends. */
    switch(level) {
      if (!level || level === this.level) return;
      const was = this.level;
      this.level = level;
      this.switchedAt = now();
      if (!!was.video !== !!level.video) this.open(this.v.currentTime).catch((e) => this.fail(e));
      else this.changed();
    }
    /** Forced audio only (the learner's checkbox) or back to automatic from the lowest video level. */
    audioOnly(on) {
      this.auto = !on;
      this.switch(on ? this.levels[0] : this.levels.find((l) => l.video) || this.levels[0]);
    }
    /** Another audio language in place: the audio buffer from the playhead on is replaced, the video stays. */
    setLanguage(lang) {
      this.language = lang;
      const t = this.tracks.audio;
      if (!t) return;
      if (t.abort) t.abort.abort();
      const at = this.v.currentTime;
      t.done = false; t.last = -1; t.init = null;
      const clear = () => (t.sb.updating ? sleep(50).then(clear) : this.remove(t, at + 0.1, Infinity));
      clear().then(() => this.tick());
    }
    seeked() {
      for (const t of Object.values(this.tracks)) {
        if (this.end(t, this.v.currentTime) > this.v.currentTime) continue;
        if (t.abort) t.abort.abort();
        t.done = false; t.last = -1;
      }
      this.tick();
    }
  }

  /* ---- the watch page ----------------------------------------------------------------------------------------- */
  /** The watch page: o = {id, plan, master, ts, path and mse (the page's choice, WatchPage.pathChoice), offline
   * (OfflineChoices, with `script`)}. */
  L.watch = async (o) => {
    const v = $("v"), r = $("r"), a = $("a"), al = $("al"), sl = $("sl"), plan = o.plan;
    // A lecture saved in this browser plays through the MSE player: its files come from the Service Worker's cache,
    // which this player reads the same online and offline.
    const saved = !!window.caches && !!o.id && (await caches.has(cacheName(o.id)).catch(() => false));
    const path = saved && o.mse && !o.ts ? "mse" : o.path;
    document.body.dataset.player = path || "none";
    chapters(v);
    if (o.offline) later(() => script(o.offline.script, () => L.offline(o.offline)));
    if (sl) sl.addEventListener("change", () => {
      for (let i = 0; i < v.textTracks.length; i++) v.textTracks[i].mode = String(i) === sl.value ? "showing" : "disabled";
    });
    if (!path) {
      r.textContent = o.ts ? "This browser cannot play this lecture's format (MPEG-TS needs native HLS)." : "This browser cannot play HLS video.";
      return;
    }
    const capped = (kbps) => o.master + "?max_kbps=" + kbps + (plan ? "&s=" + plan.token : "");
    const measuredStart = plan ? measure(plan) : Promise.resolve(undefined);
    if (path === "mse") {
      const p = (L.player = new Player({
        video: v, master: plan ? plan.master : o.master, full: plan ? capped(plan.ladderKbps[plan.ladderKbps.length - 1]) : null,
        prefetch: plan ? plan.prefetch : [], inline: plan && plan.inline, language: al && al.selectedIndex > 0 ? al.value : undefined,
        onchange: (p) => {
          const l = p.shown && p.level;
          r.textContent = p.status || (!l ? "starting…" : l.video ? (l.res.replace("x", "×") || "video") + (p.isSlides(l) ? " slides" : "") : "audio only")
            + (p.auto ? "" : " (chosen)");
          document.body.dataset.level = l ? folder(l.uri) : "";
        },
      }));
      measuredStart.then((kbps) => kbps && p.begin(kbps, start(kbps, plan)));
      a.addEventListener("change", () => p.audioOnly(a.checked));
      if (al) al.addEventListener("change", () => p.setLanguage(al.value));
      return;
    }
    native(v, r, a, al, plan, o.master, capped, measuredStart);
  };

  /** Runs `then` once the video plays (or after 5 s): what can wait for the first frame. */
  function later(then) {
    let done = false;
    const once = () => { if (!done) { done = true; then(); } };
    $("v").addEventListener("playing", once, { once: true });
    setTimeout(once, 5000);
  }
  function script(src, ready) {
    const tag = document.createElement("script");
    tag.src = src;
    tag.onload = ready;
    document.body.append(tag);
  }

  /** Chapters: `#t=<seconds>` plays from there (a chapter link, a search result), the current chapter is marked, and
   * thumbnails load after the first frame, each as it comes into view. */
  function chapters(v) {
    const seek = (t) => (v.readyState > 0 ? (v.currentTime = t) : v.addEventListener("loadedmetadata", () => (v.currentTime = t), { once: true }));
    const fromHash = () => { const m = /[#&]t=([\d.]+)/.exec(location.hash); if (m) seek(+m[1]); };
    addEventListener("hashchange", fromHash);
    fromHash();
    const list = $("ch");
    if (!list) return;
    const links = [...list.querySelectorAll("a")];
    list.addEventListener("click", (e) => {
      const a = e.target.closest("a");
      if (!a) return;
      e.preventDefault();
      history.replaceState(null, "", "#t=" + a.dataset.t);
      seek(+a.dataset.t);
      v.play().catch(() => {});
    });
    v.addEventListener("timeupdate", () => {
      let current = null;
      for (const a of links) if (+a.dataset.t <= v.currentTime + 0.25) current = a;
      for (const a of links) a === current ? a.setAttribute("aria-current", "true") : a.removeAttribute("aria-current");
    });
    later(() => {
      const show = (img) => (img.src = img.dataset.src);
      const pictures = list.querySelectorAll("img[data-src]");
      if (!window.IntersectionObserver) return pictures.forEach(show);
      const seen = new IntersectionObserver((entries) => entries.forEach((e) => {
        if (e.isIntersecting) { show(e.target); seen.unobserve(e.target); }
      }), { rootMargin: "64px" });
      pictures.forEach((img) => seen.observe(img));
    });
  }

  /** The link as the page's start downloads saw it (Resource Timing, bytes + ~300 of headers each), kbps. */
  function measured(all) {
    const once = new Map();
    for (const e of all) if (!once.has(e.name) || e.transferSize > once.get(e.name).transferSize) once.set(e.name, e);
    const entries = [...once.values()];
    if (!entries.length) return 0;
    const bytes = entries.reduce((sum, e) => sum + e.encodedBodySize + 300, 0);
    const from = Math.min(...entries.map((e) => e.responseStart)), to = Math.max(...entries.map((e) => e.responseEnd));
    return (bytes * 8) / Math.max(to - from, 1);
  }
  const resources = () => performance.getEntriesByType("resource").filter((e) => e.responseEnd > 0 && e.name.includes("/lectures/"));
  /** Fetches the plan's start files (the Link header's preloads answer) and measures the link from them, and from the
   * page itself when it carried some of them (then it is most of the start's bytes). */
  function measure(plan) {
    performance.setResourceTimingBufferSize(10000);
    const carried = plan.inline || {}, files = plan.prefetch.filter((p) => !(p in carried));
    const parsed = new Promise((r) => (document.readyState === "loading" ? document.addEventListener("DOMContentLoaded", r, { once: true }) : r()));
    // The page's end: Firefox leaves a navigation's responseEnd at its responseStart; parsing ends with the last byte.
    const page = () => (Object.keys(carried).length ? performance.getEntriesByType("navigation") : []).map((e) =>
      ({ name: e.name, transferSize: e.transferSize, encodedBodySize: e.encodedBodySize, responseStart: e.responseStart,
        responseEnd: Math.max(e.responseEnd, e.domInteractive) }));
    return Promise.all([parsed, ...files.map((p) => fetch(p).then((response) => response.arrayBuffer()))])
      .then(() => measured(resources().filter((e) => files.some((p) => e.name.endsWith(p))).concat(page())), () => 0);
  }
  /** Start level: ladder rung index (0 = floor), -1 slides + audio only, -2 audio only. */
  function start(kbps, plan) {
    if (kbps < plan.ladderKbps[0] * 1.5) return plan.slidesKbps && kbps >= plan.slidesKbps * 2 ? -1 : -2;
    return Math.max(0, plan.ladderKbps.filter((k) => k <= kbps * 0.6).length - 1);
  }

  /** The native path: the browser's HLS plays the adaptive master; the page picks the cap (see WatchPage.swift). */
  function native(v, r, a, al, plan, master, capped, measuredStart) {
    const show = () => (r.textContent = v.videoHeight ? v.videoWidth + "×" + v.videoHeight : v.readyState > 0 ? "audio only" : "starting…");
    ["resize", "loadedmetadata", "playing"].forEach((e) => v.addEventListener(e, show));
    const source = (level) => (level > 0 ? capped(plan.ladderKbps[level]) : level === 0 ? plan.master : capped(level === -1 ? plan.belowFloorKbps : 40));
    let level = 0, played = false, stalledSince = 0;
    const spoken = (src) => (!al || al.selectedIndex === 0 ? src : src + (src.includes("?") ? "&" : "?") + "audio=" + encodeURIComponent(al.value));
    function load(src, at) {
      v.src = spoken(src);
      played = false;
      if (at > 0) v.addEventListener("loadedmetadata", () => { v.currentTime = at; v.play().catch(() => {}); }, { once: true });
    }
    v.addEventListener("playing", () => { played = true; stalledSince = 0; });
    if (plan) {
      // The page's head script may have started the start master already (WatchPage.nativeHead): not twice.
      if (!a.checked && v.getAttribute("src") !== plan.master) load(plan.master, 0);
      measuredStart.then((kbps) => start(kbps, plan)).then((s) => { if (s !== level) { level = s; if (!a.checked) load(source(level), v.currentTime); } });
      setInterval(() => {
        if (a.checked || !played || v.paused || v.ended || v.readyState >= 3) { stalledSince = 0; return; }
        stalledSince = stalledSince || now();
        if (now() - stalledSince < 2000 || level <= -2) return;
        const t = now(), recent = resources().filter((e) => e.responseEnd > t - 15000);
        level = Math.min(level - 1, recent.length >= 2 ? start(measured(recent), plan) : level);
        load(source(Math.max(level, -2)), v.currentTime);
      }, 250);
    } else load(master, 0);
    const current = () => (a.checked ? capped(40) : plan ? source(level) : master);
    a.addEventListener("change", () => load(current(), v.currentTime));
    if (al) al.addEventListener("change", () => load(current(), v.currentTime));
  }
})();
