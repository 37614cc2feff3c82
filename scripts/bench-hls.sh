#!/usr/bin/env bash
# Benchmark (not a test): parse and write a 20,000-segment VOD fMP4 media playlist with LecternHLS, and the same
# file with Python's m3u8 package (m3u8.loads / .dumps). Prints the median of N runs each, as a markdown table.
#
#   scripts/bench-hls.sh [ITERATIONS]      ITERATIONS (default 20) can also be set with BENCH_ITERATIONS=N
#
# Environment: BENCH_ITERATIONS, BENCH_SEGMENTS (default 20000), BENCH_KEEP=1 (keep the work dir).
# Builds into .build-hlsbench (git-ignored); the playlist and a venv with m3u8 (if python3 lacks it) go under /tmp.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

ITERATIONS=${1:-${BENCH_ITERATIONS:-20}}
SEGMENTS=${BENCH_SEGMENTS:-20000}
[[ $ITERATIONS =~ ^[1-9][0-9]*$ ]] || { echo "bench-hls: ITERATIONS must be a positive integer, got '$ITERATIONS'" >&2; exit 2; }
[[ $SEGMENTS =~ ^[1-9][0-9]*$ ]] || { echo "bench-hls: BENCH_SEGMENTS must be a positive integer" >&2; exit 2; }
for tool in swift python3; do
    command -v "$tool" >/dev/null || { echo "bench-hls: $tool not found" >&2; exit 2; }
done

WORK=$(mktemp -d /tmp/lectern-hls-bench.XXXXXX)
cleanup() { if [[ ${BENCH_KEEP:-0} == 1 ]]; then echo "bench-hls: kept $WORK" >&2; else rm -rf "$WORK"; fi; }
trap cleanup EXIT
log() { printf '[bench-hls %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# 1. Build (release, own scratch folder).
log "building lectern-hls-bench (release, --scratch-path .build-hlsbench)"
swift build -c release --scratch-path .build-hlsbench --product lectern-hls-bench >"$WORK/build.log" 2>&1 \
    || { tail -30 "$WORK/build.log" >&2; exit 1; }
BENCH=$ROOT/.build-hlsbench/release/lectern-hls-bench

# 2. The playlist.
PLAYLIST=$WORK/media.m3u8
"$BENCH" --generate "$PLAYLIST" --segments "$SEGMENTS" >/dev/null
log "generated $SEGMENTS segments, $(wc -c <"$PLAYLIST") bytes"

# 3. Python's m3u8: the system one if present, else a venv in the work dir.
PYTHON=python3
if ! python3 -c 'import m3u8' 2>/dev/null; then
    log "installing m3u8 into a venv under $WORK"
    python3 -m venv "$WORK/venv"
    "$WORK/venv/bin/pip" install --quiet --disable-pip-version-check m3u8 >"$WORK/pip.log" 2>&1 \
        || { cat "$WORK/pip.log" >&2; exit 1; }
    PYTHON=$WORK/venv/bin/python
fi

LOAD_BEFORE=$(uptime)

# 4. Both, one after the other, on the same file.
log "lectern: $ITERATIONS parses, $ITERATIONS writes"
"$BENCH" "$PLAYLIST" --iterations "$ITERATIONS" >"$WORK/lectern.jsonl"
log "python m3u8: $ITERATIONS loads, $ITERATIONS dumps"
"$PYTHON" - "$PLAYLIST" "$ITERATIONS" >"$WORK/python.jsonl" <<'PY'
import json, statistics, sys, time
import m3u8
from importlib.metadata import version
path, iterations = sys.argv[1], int(sys.argv[2])
text = open(path, encoding="utf-8").read()

def timed(body):
    times = []
    for _ in range(iterations):
        start = time.perf_counter()
        body()
        times.append((time.perf_counter() - start) * 1e3)
    return sorted(times)

playlist = m3u8.loads(text)
segments = len(playlist.segments)
for name, body in (("parse", lambda: m3u8.loads(text)), ("write", playlist.dumps)):
    times = timed(body)
    print(json.dumps({"benchmark": name, "segments": segments, "iterations": iterations,
                      "median_ms": round(statistics.median(times), 3), "min_ms": round(times[0], 3),
                      "m3u8": version("m3u8")}))
PY

LOAD_AFTER=$(uptime)

# 5. The table.
python3 - "$WORK/lectern.jsonl" "$WORK/python.jsonl" "$ITERATIONS" "$LOAD_BEFORE" "$LOAD_AFTER" <<'PY'
import json, sys
lectern_path, python_path, iterations, load_before, load_after = sys.argv[1:]
read = lambda path: {r["benchmark"]: r for r in map(json.loads, open(path)) if "benchmark" in r}
lectern, python = read(lectern_path), read(python_path)
segments = lectern["parse"]["segments"]
assert python["parse"]["segments"] == segments, f"m3u8 read {python['parse']['segments']} segments, lectern {segments}"
print(f"{segments} segments, {lectern['parse']['bytes']} bytes, median of {iterations} runs "
      f"(m3u8 {python['parse']['m3u8']}, release build)")
print()
print("| | parse ms | write ms |")
print("|---|---:|---:|")
print(f"| Lectern (LecternHLS) | {lectern['parse']['median_ms']:.2f} | {lectern['write']['median_ms']:.2f} |")
print(f"| Python m3u8 | {python['parse']['median_ms']:.2f} | {python['write']['median_ms']:.2f} |")
ratio = lambda kind: python[kind]["median_ms"] / lectern[kind]["median_ms"]
print(f"| **speed-up** (m3u8 / Lectern, target ≥ 10×) | **{ratio('parse'):.1f}×** | **{ratio('write'):.1f}×** |")
print()
print(f"load before: {load_before.strip()}")
print(f"load after:  {load_after.strip()}")
PY
