#!/usr/bin/env bash
# Benchmark: the worker path's cost per job. The same 60 s 720p lecture is ingested (a) by `lectern ingest` into a
# library, and (b) as a job done by a `lectern worker` for an origin over loopback (claim, download, the same
# sandboxed ingest, upload of every file with its SHA-256, verify and publish at the origin). Reports (b)'s run time
# (claim to publish, from the job) against (a)'s wall time; the difference is what the worker path adds.
# Target (issue 15): at most 5 % of the lecture's ingest time.
#
# Usage: scripts/bench-worker.sh [path/to/lectern]   (default: a release build into .build-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
lectern="${1:-}"
if [ -z "$lectern" ]; then
    swift build -c release --scratch-path .build-bench --product lectern >&2
    lectern=".build-bench/release/lectern"
fi
lectern="$(realpath "$lectern")"
work="$(mktemp -d /tmp/lectern-bench-worker.XXXXXX)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
ffmpeg -nostdin -v error -f lavfi -i "testsrc2=size=1280x720:rate=30" -f lavfi -i "sine=frequency=300:duration=60" \
    -t 60 -c:v libx264 -preset veryfast -crf 23 -c:a aac "$work/lecture.mp4"
mkdir -p "$work/a" "$work/origin"
start=$(date +%s.%N)
timeout 900 "$lectern" ingest "$work/lecture.mp4" --title "Bench" --library "$work/a" --sandbox >/dev/null 2>&1
ingest=$(python3 -c "print($(date +%s.%N) - $start)")

token=$("$lectern" token create --role admin --library "$work/origin" 2>/dev/null)
port=$((20000 + RANDOM % 20000))
"$lectern" serve --library "$work/origin" --host 127.0.0.1 --port "$port" --workers 0 >/dev/null 2>&1 & pids+=($!)
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.1; done
"$lectern" worker --server "http://127.0.0.1:$port" --token "$token" --work-dir "$work/w" >/dev/null 2>&1 & pids+=($!)
out=$(XDG_CACHE_HOME="$work/cache" timeout 900 "$lectern" submit "$work/lecture.mp4" --server "http://127.0.0.1:$port" \
    --token "$token" --title "Bench" --wait --json 2>/dev/null)
python3 - "$out" "$ingest" <<'PY'
import json, sys
status = json.loads(sys.argv[1])[0]["status"]
ingest = float(sys.argv[2])
run = status["runSeconds"]
print(f"# Worker path overhead on a 60 s 720p lecture (loopback)")
print(f"lectern ingest --sandbox (wall):            {ingest:7.2f} s")
print(f"lectern worker job, claim to publish:       {run:7.2f} s   (state {status['state']})")
print(f"overhead: {run - ingest:+.2f} s = {100 * (run - ingest) / ingest:+.1f} % of the ingest (target <= 5 %)")
PY
