#!/usr/bin/env bash
# Benchmark (not a test): `lectern mirror` from a `lectern serve` on loopback vs curl fetching the same files,
# sequentially (one curl, one connection) and with `curl --parallel --parallel-max 4` (as many connections as the
# mirror's default --concurrency). Also: an unchanged re-run (wall time, bytes) and the bytes the origin sends again
# after the mirror is SIGKILLed halfway (from the server's own lectern_http_response_bytes_total counter).
#
#   scripts/bench-mirror.sh [LECTURES]       LECTURES synthetic lectures of ~126 MB each (default 9: ~1.1 GB)
#
# Environment: BENCH_LECTERN=path uses that lectern binary instead of building; BENCH_KEEP=1 keeps the work dir; BENCH_DIR puts it somewhere else than /tmp (it needs ~5 GB).
# The library is synthetic (valid manifest.json, master and media playlists, random bytes as segments); generating
# it is not measured. Builds lectern in release into .build-release (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
LECTURES=${1:-9}
[[ $LECTURES =~ ^[1-9][0-9]*$ ]] || { echo "bench-mirror: LECTURES must be a positive integer, got '$LECTURES'" >&2; exit 2; }
for tool in swift python3 curl; do
    command -v "$tool" >/dev/null || { echo "bench-mirror: $tool not found" >&2; exit 2; }
done

WORK=$(mktemp -d "${BENCH_DIR:-/tmp}/lectern-mirror-bench.XXXXXX")
SERVER_PID=
MIRROR_PID=
cleanup() {
    [[ -n $MIRROR_PID ]] && kill -9 "$MIRROR_PID" 2>/dev/null || true
    [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
    if [[ ${BENCH_KEEP:-0} == 1 ]]; then echo "bench-mirror: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
log() { printf '[bench-mirror %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
now() { date +%s.%N; }
calc() { awk "BEGIN { print $* }"; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

# 1. Build (release).
if [[ -n ${BENCH_LECTERN:-} ]]; then
    LECTERN=$BENCH_LECTERN
else
    log "building lectern (release)"
    swift build -c release --scratch-path .build-release --product lectern >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log" >&2; exit 1; }
    LECTERN=$ROOT/.build-release/release/lectern
fi

# 2. A synthetic library: per lecture 60 segments in 360p (~1.4 MB), 240p (~0.6 MB) and audio-32k (~0.1 MB).
log "generating $LECTURES synthetic lectures"
python3 - "$WORK/origin" "$LECTURES" <<'PY'
import hashlib, json, os, random, sys
root, count = sys.argv[1], int(sys.argv[2])
random.seed(7)
rungs = [("240p", 426, 240, 15.0, 600_000, "video"), ("360p", 640, 360, 30.0, 1_400_000, "video"), ("audio-32k", None, None, None, 100_000, "audio")]
for n in range(count):
    lid = f"bench-lecture-{n + 1:02d}-{n + 1:08x}"
    folder = os.path.join(root, "lectures", lid)
    files = []
    def put(path, data):
        full = os.path.join(folder, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(data)
        files.append({"path": path, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    renditions = []
    for name, width, height, rate, size, kind in rungs:
        playlist = "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:6\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-MAP:URI=\"init.mp4\"\n"
        put(f"{name}/init.mp4", os.urandom(800))
        total = 0
        for s in range(60):
            data = os.urandom(int(size * random.uniform(0.8, 1.2)))
            total += len(data)
            put(f"{name}/seg-{s + 1:05d}.m4s", data)
            playlist += f"#EXTINF:6.000,\nseg-{s + 1:05d}.m4s\n"
        put(f"{name}/index.m3u8", (playlist + "#EXT-X-ENDLIST\n").encode())
        bandwidth = int(size * 8 / 6 * 1.3)
        info = {"name": name, "kind": kind, "playlist": f"{name}/index.m3u8", "codecs": "mp4a.40.2" if kind == "audio" else "avc1.42c00d,mp4a.40.2",
                "bandwidth": bandwidth, "averageBandwidth": int(size * 8 / 6), "bytes": 0, "audioGroup": "audio-32k"}
        if kind == "video":
            info.update(width=width, height=height, frameRate=rate)
        renditions.append(info)
    master = "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n"
    master += '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio-32k",LANGUAGE="en",NAME="English",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="1",URI="audio-32k/index.m3u8"\n'
    for r in renditions:
        attrs = f'BANDWIDTH={r["bandwidth"]},AVERAGE-BANDWIDTH={r["averageBandwidth"]},CODECS="{r["codecs"]}"'
        if r["kind"] == "video":
            attrs += f',RESOLUTION={r["width"]}x{r["height"]},FRAME-RATE={r["frameRate"]:.3f}'
        master += f'#EXT-X-STREAM-INF:{attrs},AUDIO="audio-32k"\n{r["playlist"]}\n'
    put("master.m3u8", master.encode())
    files.sort(key=lambda f: f["path"].encode())
    for r in renditions:
        prefix = r["name"] + "/"
        r["bytes"] = sum(f["size"] for f in files if f["path"].startswith(prefix))
    manifest = {"formatVersion": 1, "id": lid, "title": f"Benchmark lecture {n + 1}", "series": "Benchmark", "language": "en",
                "duration": 360.0, "createdAt": "2026-11-29T00:00:00Z",
                "source": {"fileName": "bench.mp4", "size": 1, "sha256": "0" * 64, "container": "mp4", "duration": 360.0},
                "segmentFormat": "fmp4", "renditions": renditions, "warnings": [], "files": files}
    with open(os.path.join(folder, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2, sort_keys=True)
PY
PACKAGE_BYTES=$(python3 -c "
import json, glob, sys
print(sum(f['size'] for m in glob.glob(sys.argv[1] + '/lectures/*/manifest.json') for f in json.load(open(m))['files']))" "$WORK/origin")
FILES=$(python3 -c "
import json, glob, sys
print(sum(len(json.load(open(m))['files']) for m in glob.glob(sys.argv[1] + '/lectures/*/manifest.json')))" "$WORK/origin")
log "library: $LECTURES lectures, $FILES files, $PACKAGE_BYTES bytes"

# 3. The origin: a release lectern serve on loopback.
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
ORIGIN=http://127.0.0.1:$PORT
"$LECTERN" serve --library "$WORK/origin" --host 127.0.0.1 --port "$PORT" --log-level error >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 100); do curl -sf -o /dev/null "$ORIGIN/healthz" && break; sleep 0.1; done
sent() { curl -s "$ORIGIN/metrics" | awk '/^lectern_http_response_bytes_total/ { s += $2 } END { printf "%.0f\n", s }'; }  # %d overflows at 2 GiB in mawk

# 4. curl: one config file with every file of every package (the master as stored), written to disk like the mirror.
python3 - "$WORK/origin" "$ORIGIN" "$WORK/curl.cfg" <<'PY'
import json, glob, os, sys
root, origin, out = sys.argv[1:4]
with open(out, "w") as cfg:
    for m in sorted(glob.glob(root + "/lectures/*/manifest.json")):
        lid = os.path.basename(os.path.dirname(m))
        cfg.write(f'url = "{origin}/lectures/{lid}/manifest.json"\noutput = "{lid}/manifest.json"\n')
        for f in json.load(open(m))["files"]:
            suffix = "?original" if f["path"] == "master.m3u8" else ""
            cfg.write(f'url = "{origin}/lectures/{lid}/{f["path"]}{suffix}"\noutput = "{lid}/{f["path"]}"\n')
PY
run_curl() {  # name, extra flags; prints the wall time, then the wall time until `sync` returned
    rm -rf "$WORK/$1" && mkdir -p "$WORK/$1" && sync
    local start end synced
    start=$(now)
    (cd "$WORK/$1" && curl -sf --create-dirs $2 -K "$WORK/curl.cfg")
    end=$(now)
    sync
    synced=$(now)
    echo "$(calc "$end - $start") $(calc "$synced - $start")"
}
run_mirror() {  # target, json out
    local start end
    sync
    start=$(now)
    "$LECTERN" mirror "$ORIGIN" --into "$1" --json >"$2" 2>"$2.err" || true
    end=$(now)
    calc "$end - $start"
}

log "curl, sequential"
read -r CURL_SEQ CURL_SEQ_SYNC < <(run_curl curl-seq "")
rm -rf "$WORK/curl-seq"
log "curl --parallel --parallel-max 4"
read -r CURL_PAR CURL_PAR_SYNC < <(run_curl curl-par "--parallel --parallel-max 4")
rm -rf "$WORK/curl-par"
log "the disk alone: dd conv=fdatasync of the package's size"
sync
DD_START=$(now)
dd if=/dev/zero of="$WORK/dd" bs=1M count=$((PACKAGE_BYTES / 1048576)) conv=fdatasync status=none
DD=$(calc "$(now) - $DD_START")
rm -f "$WORK/dd"
log "lectern mirror (cold)"
MIRROR=$(run_mirror "$WORK/mirror" "$WORK/mirror.json")
MIRROR_BYTES=$(json "$WORK/mirror.json" "d['bytesTransferred']")
MIRROR_FAILED=$(json "$WORK/mirror.json" "d['failed']")
log "lectern mirror (unchanged re-run)"
BEFORE=$(sent)
RERUN=$(run_mirror "$WORK/mirror" "$WORK/rerun.json")
AFTER=$(sent)
RERUN_BYTES=$(json "$WORK/rerun.json" "d['bytesTransferred']")
RERUN_META=$(json "$WORK/rerun.json" "d['metadataBytes']")
RERUN_SENT=$((AFTER - BEFORE))
rm -rf "$WORK/mirror"

# 5. Interruption: SIGKILL the mirror when half the bytes are on disk, then run it again.
log "lectern mirror, SIGKILLed halfway, then re-run"
BEFORE=$(sent)
"$LECTERN" mirror "$ORIGIN" --into "$WORK/killed" --json >/dev/null 2>&1 &
MIRROR_PID=$!
while kill -0 "$MIRROR_PID" 2>/dev/null; do
    [[ $(du -sb "$WORK/killed" 2>/dev/null | cut -f1) -ge $((PACKAGE_BYTES / 2)) ]] && break
    sleep 0.05
done
kill -9 "$MIRROR_PID" 2>/dev/null || true
wait "$MIRROR_PID" 2>/dev/null || true
MIRROR_PID=
KEPT=$(du -sb "$WORK/killed" | cut -f1)
RESUME=$(run_mirror "$WORK/killed" "$WORK/resume.json")
AFTER=$(sent)
RESUME_SENT=$((AFTER - BEFORE))
RESUMED=$(json "$WORK/resume.json" "d['bytesResumed']")
RESUME_FAILED=$(json "$WORK/resume.json" "d['failed']")

FASTER=$(calc "($CURL_SEQ < $CURL_PAR) ? $CURL_SEQ : $CURL_PAR")
FASTER_SYNC=$(calc "($CURL_SEQ_SYNC < $CURL_PAR_SYNC) ? $CURL_SEQ_SYNC : $CURL_PAR_SYNC")
MB=$(calc "$PACKAGE_BYTES / 1048576")
printf '\n%s lectures, %s files, %.0f MiB over loopback (origin: lectern serve, release), %s\n\n' "$LECTURES" "$FILES" "$MB" "$(date -u +%F)"
# The mirror's time includes making every file durable (it publishes only what is on disk); curl's first column does
# not, its second (`+ sync`) does.
printf '| | wall s | MiB/s | vs faster curl | vs faster curl + sync |\n|---|---:|---:|---:|---:|\n'
for row in "curl (sequential):$CURL_SEQ" "curl (sequential) + sync:$CURL_SEQ_SYNC" "curl --parallel (4):$CURL_PAR" \
    "curl --parallel (4) + sync:$CURL_PAR_SYNC" "lectern mirror (4):$MIRROR"; do
    name=${row%%:*}; secs=${row##*:}
    printf '| %s | %.2f | %.0f | %.2f× | %.2f× |\n' "$name" "$secs" "$(calc "$MB / $secs")" "$(calc "$FASTER / $secs")" "$(calc "$FASTER_SYNC / $secs")"
done
printf '\n- the disk alone writes and syncs as many bytes in %.2f s (`dd bs=1M conv=fdatasync`): the floor for any tool that\n  makes the files durable\n' "$DD"
printf -- '- cold mirror: %s file bytes, %s lectures failed\n' "$MIRROR_BYTES" "$MIRROR_FAILED"
printf -- '- unchanged re-run: %.2f s, %s file bytes, %s bytes of catalog + manifests (origin sent %s bytes)\n' "$RERUN" "$RERUN_BYTES" "$RERUN_META" "$RERUN_SENT"
printf -- '- killed at %s bytes on disk, re-run %.2f s resumed %s bytes; origin sent %s bytes in all for a %s-byte package (%.3f×, %s re-sent); %s lectures failed\n' \
    "$KEPT" "$RESUME" "$RESUMED" "$RESUME_SENT" "$PACKAGE_BYTES" "$(calc "$RESUME_SENT / $PACKAGE_BYTES")" "$((RESUME_SENT - PACKAGE_BYTES))" "$RESUME_FAILED"
