#!/usr/bin/env python3
"""The weak-link lab: what a learner on a weak link experiences, Lectern against what they would get without it.

Contestants (same lecture, same link profile, runs alternating between them):
  a  the Lectern package served by `lectern serve` (adaptive master), played from /watch/<id>;
  b  the same package folder served statically by nginx (its static master), played from a plain <video> page;
  c  the ffmpeg CLI's HLS ladder of the same source (FFMPEG_LADDER below, a typical user's command) served by nginx.
Clients: headless Chromium (the watch page's own choice of path, or `chromium-native` / `chromium-mse` to force one),
headless Firefox ESR through Marionette (`firefox`: MSE, it has no native HLS) and a scripted HLS client (hlsclient.py),
each through its own emulated link (linkemu.py). Results: bench/lab-results.md and .json (median over runs).

Usage: scripts/lab/run.sh [--profiles weak,3g] [--contestants a,b,c] [--clients chromium,scripted] [--watch 120] [--runs N]
"""
import argparse
import datetime
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

import hlsclient
import player
import selfcheck
from linkemu import PROFILES, ProxyThread

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SAMPLE = os.path.join(ROOT, "media", "sample-lecture.mp4")

# What a content team does without Lectern: the multi-bitrate HLS recipe found in most tutorials (3 rungs
# 720p/480p/360p at fixed bitrates 2800/1400/800 kbps, muxed AAC 128/128/96 kbps, x264 veryfast, GOP 48,
# 6 s MPEG-TS segments, master playlist by -master_pl_name). `name:` only names the rendition folders.
FFMPEG_LADDER = [
    "ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", "{source}",
    "-filter_complex", "[0:v]split=3[v1][v2][v3];[v1]scale=w=1280:h=720[v1out];[v2]scale=w=854:h=480[v2out];[v3]scale=w=640:h=360[v3out]",
    "-map", "[v1out]", "-c:v:0", "libx264", "-b:v:0", "2800k", "-maxrate:v:0", "2996k", "-bufsize:v:0", "4200k",
    "-map", "[v2out]", "-c:v:1", "libx264", "-b:v:1", "1400k", "-maxrate:v:1", "1498k", "-bufsize:v:1", "2100k",
    "-map", "[v3out]", "-c:v:2", "libx264", "-b:v:2", "800k", "-maxrate:v:2", "856k", "-bufsize:v:2", "1200k",
    "-preset", "veryfast", "-g", "48", "-sc_threshold", "0", "-keyint_min", "48",
    "-map", "a:0", "-c:a:0", "aac", "-b:a:0", "128k", "-ac", "2",
    "-map", "a:0", "-c:a:1", "aac", "-b:a:1", "128k", "-ac", "2",
    "-map", "a:0", "-c:a:2", "aac", "-b:a:2", "96k", "-ac", "2",
    "-f", "hls", "-hls_time", "6", "-hls_playlist_type", "vod",
    "-hls_segment_filename", "{out}/%v/data%03d.ts", "-master_pl_name", "master.m3u8",
    "-var_stream_map", "v:0,a:0,name:720p v:1,a:1,name:480p v:2,a:2,name:360p", "{out}/%v/playlist.m3u8",
]

# Browser clients: (browser, the watch page's path for contestant a: None = the page's own choice).
BROWSERS = {
    "chromium": ("chromium", None),
    "chromium-native": ("chromium", "native"),
    "chromium-mse": ("chromium", "mse"),
    "firefox": ("firefox", None),  # no native HLS: always the MSE player
}

CONTESTANTS = {
    "a": "Lectern (lectern serve, adaptive)",
    "b": "Lectern package, static nginx",
    "c": "ffmpeg CLI ladder, nginx",
}

PAGE = """<!doctype html><meta charset="utf-8"><title>lab</title>
<video id="v" controls autoplay muted playsinline preload="auto" src="{master}"></video>
"""


def log(message):
    print(f"[lab {datetime.datetime.now().strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"lab: {url} did not answer within {seconds} s")


def prepare(work, lectern, min_seconds, with_ffmpeg=True, ladder=None):
    """The lecture (sample looped to >= min_seconds), its Lectern package, the ffmpeg ladder and the static pages."""
    os.makedirs(work, exist_ok=True)
    source = os.path.join(work, "source.mp4")
    loops = max(4, int(min_seconds // 45) + 1)  # the sample is 45 s; at least 180 s
    marker = os.path.join(work, f"source-{loops}.done")
    if not os.path.exists(marker):
        log(f"making a {loops * 45} s lecture from the sample")
        subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-stream_loop", str(loops - 1), "-i", SAMPLE,
                        "-c", "copy", "-movflags", "+faststart", source + ".tmp.mp4"], check=True)
        os.replace(source + ".tmp.mp4", source)
        shutil.rmtree(os.path.join(work, "www", "ffmpeg"), ignore_errors=True)  # made from the previous source
        open(marker, "w").close()
    library = os.path.join(work, "library")
    log("lectern ingest (a no-op when the package exists)")
    out = subprocess.run([lectern, "ingest", source, "--title", "Weak-link lab lecture", "--library", library, "--json"]
                         + (["--ladder", ladder] if ladder else []),
                         check=True, capture_output=True, text=True).stdout
    lecture_id = json.loads(out)["id"]
    www = os.path.join(work, "www")
    os.makedirs(os.path.join(www, "selfcheck"), exist_ok=True)
    link = os.path.join(www, "lectures")
    if not os.path.islink(link):
        os.symlink(os.path.join(library, "lectures"), link)
    ladder = os.path.join(www, "ffmpeg")
    if with_ffmpeg and not os.path.exists(os.path.join(ladder, "master.m3u8")):
        log("encoding the ffmpeg CLI ladder (baseline c)")
        partial = ladder + ".partial"
        shutil.rmtree(partial, ignore_errors=True)
        os.makedirs(partial)
        subprocess.run([a.format(source=source, out=partial) for a in FFMPEG_LADDER], check=True)
        os.replace(partial, ladder)
    with open(os.path.join(www, "play-b.html"), "w") as f:
        f.write(PAGE.format(master=f"/lectures/{lecture_id}/master.m3u8"))
    with open(os.path.join(www, "play-c.html"), "w") as f:
        f.write(PAGE.format(master="/ffmpeg/master.m3u8"))
    big = os.path.join(www, "selfcheck", "1m.bin")
    if not os.path.exists(big):
        with open(big, "wb") as f:
            f.write(os.urandom(1 << 20))
        with open(os.path.join(www, "selfcheck", "small.txt"), "w") as f:
            f.write("ok\n")
    return lecture_id, library, www


class Servers:
    """lectern serve on the library; nginx (unprivileged, as in scripts/bench-serve.sh) on www/."""

    def __init__(self, work, lectern, library, www):
        self.work, self.processes = work, []
        self.lectern_port, self.nginx_port = free_port(), free_port()
        self.lectern_log = open(os.path.join(work, "lectern-serve.log"), "w")
        self.processes.append(subprocess.Popen(
            [lectern, "serve", "--library", library, "--host", "127.0.0.1", "--port", str(self.lectern_port)],
            stdout=self.lectern_log, stderr=subprocess.STDOUT))
        conf = os.path.join(work, "nginx.conf")
        temp = os.path.join(work, "nginx-temp")
        os.makedirs(temp, exist_ok=True)
        user = "user root;" if os.getuid() == 0 else ""
        with open(conf, "w") as f:
            f.write(f"""{user}
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log {work}/nginx-access.log;
    sendfile on;
    types {{ application/vnd.apple.mpegurl m3u8; video/iso.segment m4s; video/mp4 mp4; video/mp2t ts; text/html html; image/jpeg jpg; }}
    client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy; fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi; scgi_temp_path {temp}/scgi;
    server {{ listen 127.0.0.1:{self.nginx_port}; root {www}; etag on; }}
}}
""")
        self.processes.append(subprocess.Popen(["nginx", "-c", conf, "-g", "daemon off;"]))
        wait_http(f"http://127.0.0.1:{self.lectern_port}/healthz")
        wait_http(f"http://127.0.0.1:{self.nginx_port}/selfcheck/small.txt")

    def stop(self):
        for process in self.processes:
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def renditions_from(requests):
    """From the request paths the link saw: video rendition folders of segment fetches, in order, repeats collapsed;
    audio folders likewise; and the last video folder."""
    video, audio = [], []
    for _, method, path in requests:
        bare = path.split("?")[0]
        if not (bare.endswith(".m4s") or bare.endswith(".ts")):
            continue
        name = bare.split("/")[-2]
        target = audio if name.startswith("audio") else video
        if not target or target[-1] != name:
            target.append(name)
    return video, audio


def one_run(servers, lecture_id, profile, contestant, client, watch):
    upstream = servers.lectern_port if contestant == "a" else servers.nginx_port
    proxy = ProxyThread(PROFILES[profile], "127.0.0.1", upstream)
    port = proxy.start()
    base = f"http://127.0.0.1:{port}"
    if client in BROWSERS:
        browser, path = BROWSERS[client]
        url = {"a": f"{base}/watch/{lecture_id}" + (f"?player={path}" if path else ""), "b": f"{base}/play-b.html",
               "c": f"{base}/play-c.html"}[contestant]
        try:
            result = player.play(url, watch, browser)
        finally:
            proxy.stop()
    else:
        url = {"a": f"{base}/lectures/{lecture_id}/master.m3u8", "b": f"{base}/lectures/{lecture_id}/master.m3u8",
               "c": f"{base}/ffmpeg/master.m3u8"}[contestant]
        try:
            result = hlsclient.play(url, watch)
        finally:
            proxy.stop()
    counters = proxy.counters
    video, audio = renditions_from(counters.requests)
    result.update({
        "profile": profile, "contestant": contestant, "client": client, "watch_s": watch,
        "bytes_down": counters.down, "bytes_up": counters.up, "connections": counters.connections,
        "renditions": video, "audio_renditions": audio,
        "requests": [f"{t:.2f} {path}" for t, method, path in counters.requests],
    })
    played = result.get("played_s") or 0
    result["bytes_per_min"] = int(counters.down / (played / 60)) if played > 0 else None
    if result.get("start_timeline"):
        # What the browser fetched for its first frame: page, scripts and start files that arrived before it
        # (transfer sizes, headers included; a cache hit is 0).
        first = result["start_timeline"][-1]["start"]
        result["start_bytes"] = sum(row.get("bytes") or 0 for row in result["start_timeline"][:-1] if (row.get("end") or 0) <= first)
    last_video = video[-1] if video else None
    if client in BROWSERS and result.get("final_height") == 0 and result.get("ttff_s") is not None:
        last_video = "audio-only"
    if client == "scripted" and result.get("client_renditions"):
        last_video = result["client_renditions"][-1]
    result["ended_on"] = (last_video or "-") + (" (stalled)" if result.get("stalled_at_end") else "")
    return result


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def summarize(results):
    rows = {}
    for r in results:
        rows.setdefault((r["profile"], r["client"], r["contestant"]), []).append(r)
    summary = []
    for (profile, client, contestant), runs in rows.items():
        summary.append({
            "profile": profile, "client": client, "contestant": contestant, "runs": len(runs),
            "ttff_s": median([r["ttff_s"] for r in runs]),
            "never_started": sum(1 for r in runs if r["ttff_s"] is None),
            "stalls": median([r["stalls"] for r in runs]),
            "stalled_s": median([r["stalled_s"] for r in runs]),
            "bytes_per_min": median([r["bytes_per_min"] for r in runs]),
            "start_bytes": median([r.get("start_bytes") for r in runs]),
            "played_s": median([r["played_s"] for r in runs]),
            "renditions": " / ".join("→".join(r["renditions"]) or "-" for r in runs),
            "ended_on": " / ".join(r["ended_on"] for r in runs),
        })
    return summary


def fmt(value, digits=1):
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def targets(summary, client="chromium"):
    """The issue's targets, checked on one browser client's runs; (b) and (c) from the same client, or from plain
    `chromium` when this client ran only contestant (a) (the static pages are the same for every Chromium path)."""
    def get(profile, contestant, key):
        for name in (client, "chromium"):
            for s in summary:
                if s["profile"] == profile and s["contestant"] == contestant and s["client"] == name:
                    return s[key]
            if contestant == "a" or not client.startswith("chromium"):
                break
        return None

    checks = []
    a, c = get("weak", "a", "ttff_s"), get("weak", "c", "ttff_s")
    if a is not None:
        ok = a <= 2.0 and (c is None or a <= 0.5 * c)
        checks.append((f"weak: TTFF ≤ 2.0 s and ≤ 0.5 × (c)", f"{a:.2f} s vs (c) {fmt(c, 2)} s", ok))
    for profile in ("3g", "weak"):
        stalls = get(profile, "a", "stalls")
        if stalls is not None:
            checks.append((f"{profile}: zero stalls after start", f"{stalls} stalls", stalls == 0))
    a, b = get("fluctuating", "a", "stalled_s"), get("fluctuating", "b", "stalled_s")
    if a is not None and b is not None:
        checks.append(("fluctuating: stalled time ≤ 0.3 × (b)", f"{a:.1f} s vs (b) {b:.1f} s", a <= 0.3 * b or a == 0))
    ended = get("2g", "a", "ended_on")
    if ended is not None:
        stalls, stalled = get("2g", "a", "stalls"), get("2g", "a", "stalled_s")
        checks.append(("2g: audio never stops (no stall after start; ends on audio-only, slides or the floor)",
                       f"{fmt(stalls)} stalls ({fmt(stalled)} s), ended on {ended}",
                       stalls == 0 and "stalled" not in ended and any(k in ended for k in ("audio", "240p", "slides"))))
    a, b = get("weak", "a", "bytes_per_min"), get("weak", "b", "bytes_per_min")
    if a is not None and b is not None:
        checks.append(("weak: bytes per watched minute ≤ (b)", f"{a / 1e3:.0f} kB vs (b) {b / 1e3:.0f} kB", a <= b))
    return checks


def write_results(out, meta, checks_self, results, summary):
    with open(out + ".json", "w") as f:
        json.dump({"meta": meta, "selfcheck": checks_self, "summary": summary, "runs": results}, f, indent=1, ensure_ascii=False)
    lines = [f"# Weak-link lab results — {meta['label']}", "",
             f"{meta['date']}; command: `{meta['command']}`; lecture {meta['lecture_s']} s; watch {meta['watch_s']} s "
             f"per run; {meta['runs']} run(s) per cell (median); machine: {meta['machine']}.", ""]
    lines += ["Contestants: " + "; ".join(f"({k}) {v}" for k, v in CONTESTANTS.items()) + ".", ""]
    if checks_self:
        lines += ["Link emulator self-check (curl through the proxy to nginx):", ""]
        for c in checks_self:
            lines.append(f"- `{c['profile']}`: RTT {c['rtt_ms']} ms (profile {c['profile_rtt_ms']:g}, "
                         f"{'ok' if c['rtt_ok'] else 'OFF BY >10 %'}), rate {c['rate_kbps']} kbps over {c['bytes'] >> 10} KiB "
                         f"(profile {c['profile_kbps']:g}, {'ok' if c['rate_ok'] else 'OFF BY >10 %'}), "
                         f"handshake {c['handshake_ms']} ms")
        lines.append("")
    for client in list(BROWSERS) + ["scripted"]:
        rows = [s for s in summary if s["client"] == client]
        if not rows:
            continue
        lines += [f"## {client}", "",
                  "| profile | contestant | TTFF s | kB before first frame | stalls | stalled s | played s | kB / watched min | renditions played | ended on |",
                  "|---|---|---:|---:|---:|---:|---:|---:|---|---|"]
        order = list(PROFILES)
        for s in sorted(rows, key=lambda s: (order.index(s["profile"]), s["contestant"])):
            ttff = fmt(s["ttff_s"], 2) + (f" ({s['never_started']} never)" if s["never_started"] else "")
            start = fmt(s["start_bytes"] / 1e3 if s.get("start_bytes") else None, 1)
            lines.append(f"| {s['profile']} | ({s['contestant']}) | {ttff} | {start} | {fmt(s['stalls'])} | {fmt(s['stalled_s'])} | "
                         f"{fmt(s['played_s'])} | {fmt(s['bytes_per_min'] / 1e3 if s['bytes_per_min'] else None, 0)} | "
                         f"{s['renditions']} | {s['ended_on']} |")
        lines.append("")
    for client in BROWSERS:
        checks = targets(summary, client)
        if checks:
            lines += [f"## Targets ({client}, contestant a)", ""]
            for name, value, ok in checks:
                lines.append(f"- {'MET' if ok else 'NOT MET'} — {name}: {value}")
            lines.append("")
    lines += ["Baseline (c), the ffmpeg command:", "", "```", " ".join(
        a if " " not in a and ";" not in a else f"'{a}'" for a in FFMPEG_LADDER).format(source="source.mp4", out="out"), "```", ""]
    with open(out + ".md", "w") as f:
        f.write("\n".join(lines))
    return lines


def main():
    # SIGTERM (e.g. from `timeout`) ends the run like Ctrl-C: servers stopped, nothing left behind.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--profiles", default="2g,3g,weak,fluctuating,campus-lan")
    parser.add_argument("--contestants", default="a,b,c")
    parser.add_argument("--clients", default="chromium,scripted")
    parser.add_argument("--watch", type=float, default=120, help="seconds watched per run, from navigation start")
    parser.add_argument("--runs", type=int, default=1, help="runs per profile x contestant x client (median reported)")
    parser.add_argument("--work", default=os.path.join(ROOT, ".build", "lab"), help="lecture, packages, logs (reused)")
    parser.add_argument("--lectern", default=os.path.join(ROOT, ".build", "release", "lectern"))
    parser.add_argument("--out", default=os.path.join(ROOT, "bench", "lab-results"), help="writes OUT.md and OUT.json")
    parser.add_argument("--label", default="lab run")
    parser.add_argument("--ladder", help="ladder file for contestants a and b (lectern ingest --ladder); use its own --work")
    parser.add_argument("--no-selfcheck", action="store_true")
    args = parser.parse_args()
    profiles = args.profiles.split(",")
    for p in profiles:
        if p not in PROFILES:
            parser.error(f"unknown profile {p!r} (known: {', '.join(PROFILES)})")
    contestants = args.contestants.split(",")
    clients = args.clients.split(",")
    work = os.path.abspath(args.work)
    lecture_id, library, www = prepare(work, args.lectern, args.watch + 30, with_ffmpeg="c" in contestants, ladder=args.ladder)
    servers = Servers(work, args.lectern, library, www)
    results, self_checks = [], []
    try:
        if not args.no_selfcheck:
            log("self-check of the link emulator: weak")
            self_checks.append(selfcheck.run("weak", "127.0.0.1", servers.nginx_port, "/selfcheck/small.txt", "/selfcheck/1m.bin"))
            log(f"  {self_checks[-1]}")
        for run in range(args.runs):
            for profile in profiles:
                order = contestants if run % 2 == 0 else list(reversed(contestants))
                for contestant in order:
                    log(f"run {run + 1}/{args.runs} {profile} ({contestant}) {'+'.join(clients)}, {args.watch:g} s")
                    # The clients run side by side, each through its own emulated link (its own bandwidth).
                    threads, outcomes = [], {}

                    def one(client):
                        try:
                            outcomes[client] = one_run(servers, lecture_id, profile, contestant, client, args.watch)
                        except Exception as error:  # one failed run must not lose the others
                            outcomes[client] = error

                    for client in clients:
                        if client not in BROWSERS:
                            threads.append(threading.Thread(target=one, args=(client,)))
                            threads[-1].start()
                    for client in clients:
                        if client in BROWSERS:
                            one(client)  # one browser at a time, on the main thread (Playwright's sync API)
                    for thread in threads:
                        thread.join()
                    for client in clients:
                        r = outcomes[client]
                        if isinstance(r, Exception):
                            log(f"  {client}: FAILED {r!r}")
                            continue
                        r["run"] = run + 1
                        results.append(r)
                        log(f"  {client}: TTFF {r['ttff_s']} s, {r['stalls']} stalls ({r['stalled_s']} s), played {r['played_s']} s, "
                            f"{r['bytes_down'] >> 10} KiB down, {'→'.join(r['renditions'])}, ended on {r['ended_on']}")
    finally:
        servers.stop()
    duration = float(subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                                     os.path.join(work, "source.mp4")], capture_output=True, text=True).stdout.strip())
    meta = {
        "label": args.label,
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "scripts/lab/run.sh " + " ".join(sys.argv[1:]),
        "lecture_s": round(duration),
        "watch_s": args.watch, "runs": args.runs,
        "machine": f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f} at the end",
        "lecture_id": lecture_id,
        "git": subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip(),
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    summary = summarize(results)
    print("\n".join(write_results(args.out, meta, self_checks, results, summary)))


if __name__ == "__main__":
    main()
