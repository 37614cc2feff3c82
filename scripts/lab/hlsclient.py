"""A scripted HLS client (no browser) with a simple, documented throughput rule, played in real time through the link:
- starts on the first variant the master lists (as Apple's players and hls.js do);
- after every segment, estimates throughput (mean of the last 3 segment downloads, bytes / seconds) and picks the
  highest variant whose BANDWIDTH <= 0.8 x estimate (the audio-only variant included, as the lowest rung); switches
  down at once, up only with >= 10 s buffered;
- fetches the video and audio (when demuxed) segments covering the next media time, one connection, keep-alive;
  keeps at most 30 s buffered;
- plays once 2 s of media are buffered; stalls when the buffer runs dry, resumes at 2 s buffered again.
Reports the same metrics as the Chromium runs (time to first frame = playback start).
"""
import http.client
import re
import time
import urllib.parse

START_BUFFER_S = 2.0
MAX_BUFFER_S = 30.0
UP_SWITCH_BUFFER_S = 10.0
SAFETY = 0.8


def attributes(text):
    return {k: v.strip('"') for k, v in re.findall(r'([A-Z0-9-]+)=("[^"]*"|[^,]*)', text)}


def parse_master(text, base):
    variants, audio = [], {}
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("#EXT-X-MEDIA:"):
            a = attributes(line.split(":", 1)[1])
            if a.get("TYPE") == "AUDIO" and "URI" in a and (a.get("GROUP-ID") not in audio or a.get("DEFAULT") == "YES"):
                audio[a["GROUP-ID"]] = urllib.parse.urljoin(base, a["URI"])
        elif line.startswith("#EXT-X-STREAM-INF:"):
            a = attributes(line.split(":", 1)[1])
            uri = next(l for l in lines[i + 1:] if l and not l.startswith("#"))
            variants.append({"bandwidth": int(a["BANDWIDTH"]), "uri": urllib.parse.urljoin(base, uri), "audio": a.get("AUDIO")})
    for v in variants:
        group = audio.get(v["audio"]) if v["audio"] else None
        v["audio_uri"] = group if group and group.split("?")[0] != v["uri"].split("?")[0] else None
    return variants


def parse_media(text, base):
    segments, duration, init, start = [], None, None, 0.0
    for line in text.splitlines():
        if line.startswith("#EXTINF:"):
            duration = float(line[8:].split(",")[0])
        elif line.startswith("#EXT-X-MAP:"):
            init = urllib.parse.urljoin(base, attributes(line[11:])["URI"])
        elif line and not line.startswith("#") and duration is not None:
            segments.append((start, duration, urllib.parse.urljoin(base, line)))
            start += duration
            duration = None
    return {"segments": segments, "init": init, "end": start}


def folder(uri):
    parts = urllib.parse.urlsplit(uri).path.split("/")
    return parts[-2] if len(parts) >= 2 else parts[-1]


class Client:
    def __init__(self, host, port):
        self.host, self.port = host, port
        self.conn = http.client.HTTPConnection(host, port, timeout=120)

    def get(self, url):
        path = urllib.parse.urlsplit(url)
        target = path.path + ("?" + path.query if path.query else "")
        for attempt in range(2):
            try:
                self.conn.request("GET", target)
                response = self.conn.getresponse()
                body = response.read()
                return body
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
                if attempt:
                    raise


def play(master_url, watch_s):
    started = time.monotonic()
    deadline = started + watch_s
    split = urllib.parse.urlsplit(master_url)
    client = Client(split.hostname, split.port)
    variants = parse_master(client.get(master_url).decode(), master_url)
    ladder = sorted(variants, key=lambda v: v["bandwidth"])
    playlists, inits_fetched = {}, set()

    def playlist(uri):
        if uri not in playlists:
            playlists[uri] = parse_media(client.get(uri).decode(), uri)
        return playlists[uri]

    current = variants[0]
    samples = []
    played = []  # rendition folder of each video segment fetched
    ends = {"video": 0.0, "audio": 0.0}
    position, playing, first_frame = 0.0, False, None
    stalls, stalled, stall_since, clock = 0, 0.0, None, started

    def advance(now):
        nonlocal position, playing, stalls, stall_since, clock, stalled
        buffered = min(ends["video"], ends["audio"] if current["audio_uri"] else ends["video"])
        if playing:
            position += now - clock
            if position >= buffered:
                stall_since = now - (position - buffered)
                position = buffered
                playing = False
                stalls += 1
        clock = now
        return buffered

    def fetch(uri):
        t = time.monotonic()
        body = client.get(uri)
        return len(body), time.monotonic() - t

    media_end = None
    while time.monotonic() < deadline:
        buffered = advance(time.monotonic())
        if not playing and buffered - position >= min(START_BUFFER_S, (media_end or 1e9) - position):
            if first_frame is None:
                first_frame = time.monotonic() - started
            elif stall_since is not None:
                stalled += time.monotonic() - stall_since
                stall_since = None
            playing = True
        if media_end is not None and buffered >= media_end - 0.01 or buffered - position >= MAX_BUFFER_S:
            time.sleep(0.1)
            continue
        kind = "audio" if current["audio_uri"] and ends["audio"] < ends["video"] else "video"
        uri = current["audio_uri"] if kind == "audio" else current["uri"]
        media = playlist(uri)
        media_end = media["end"]
        segment = next((s for s in media["segments"] if s[0] <= ends[kind] + 0.01 < s[0] + s[1]), None)
        if segment is None:
            ends[kind] = media["end"]
            continue
        if media["init"] and media["init"] not in inits_fetched:
            fetch(media["init"])
            inits_fetched.add(media["init"])
        size, seconds = fetch(segment[2])
        ends[kind] = segment[0] + segment[1]
        if kind == "video":
            played.append(folder(segment[2]))
        samples.append(size * 8 / max(seconds, 1e-3))
        estimate = sum(samples[-3:]) / len(samples[-3:])
        buffered = advance(time.monotonic())
        fitting = [v for v in ladder if v["bandwidth"] <= SAFETY * estimate] or ladder[:1]
        choice = fitting[-1]
        if choice["bandwidth"] < current["bandwidth"] or (
            choice["bandwidth"] > current["bandwidth"] and buffered - position >= UP_SWITCH_BUFFER_S
        ):
            if choice is not current:
                # Continue from what both tracks have buffered (the new variant may use another audio tier).
                common = min(ends["video"], ends["audio"]) if current["audio_uri"] else ends["video"]
                ends = {"video": common, "audio": common}
                current = choice
    now = time.monotonic()
    advance(min(now, deadline))
    stalled_at_end = stall_since is not None
    if stall_since is not None:
        stalled += min(now, deadline) - stall_since
    sequence = []
    for name in played:
        if not sequence or sequence[-1] != name:
            sequence.append(name)
    return {
        "ttff_s": round(first_frame, 2) if first_frame is not None else None,
        "stalls": stalls,
        "stalled_s": round(stalled, 1),
        "stalled_at_end": stalled_at_end,
        "played_s": round(position, 1),
        "client_renditions": sequence,
    }
