#!/usr/bin/env bash
# Benchmark: the worker path's cost per job. The same 60 s 720p lecture is ingested (a) by `lectern ingest` into a
# library, and (b) as a job done by a `lectern worker` for an origin over loopback (claim, download, the same
# sandboxed ingest, upload of every file with its SHA-256, verify and publish at the origin). Reports (b)'s run time
# (claim to publish, from the job) against (a)'s wall time; the difference is what the worker path adds.
# Target (issue 15): at most 5 % of the lecture's ingest time.
#
# Usage: [ROUNDS=3] scripts/bench-worker.sh [path/to/lectern]   (default: a release build into .build-bench)
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
mkdir -p "$work/origin"
token=$("$lectern" token create --role admin --library "$work/origin" 2>/dev/null)
port=$((20000 + RANDOM % 20000))
"$lectern" serve --library "$work/origin" --host 127.0.0.1 --port "$port" --workers 0 >/dev/null 2>&1 & pids+=($!)
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.1; done
# The worker logs each job's phases (seconds.download, .ingest, .upload, .commit) when it publishes.
"$lectern" worker --server "http://127.0.0.1:$port" --token "$token" --work-dir "$work/w" --log-level info \
    >/dev/null 2>"$work/worker.log" & pids+=($!)

# Rounds alternate (a local ingest, then a worker job) so that the VM's drift falls on both sides alike. Each round's
# title differs: the same recording and options would give back the lecture already made.
rounds="${ROUNDS:-3}"
: >"$work/rounds"
for round in $(seq "$rounds"); do
    rm -rf "$work/a"; mkdir -p "$work/a"
    start=$(date +%s.%N)
    timeout 900 "$lectern" ingest "$work/lecture.mp4" --title "Bench $round" --library "$work/a" --sandbox >/dev/null 2>&1
    ingest=$(python3 -c "print($(date +%s.%N) - $start)")
    out=$(XDG_CACHE_HOME="$work/cache" timeout 900 "$lectern" submit "$work/lecture.mp4" --server "http://127.0.0.1:$port" \
        --token "$token" --title "Bench $round" --wait --json 2>/dev/null)
    echo "$ingest $(python3 -c 'import json,sys; s=json.loads(sys.argv[1])[0]["status"]; print(s["runSeconds"], s["state"])' "$out")" \
        >>"$work/rounds"
done
python3 - "$work/rounds" "$work/worker.log" <<'PY'
import re, statistics, sys
rounds = [line.split() for line in open(sys.argv[1])]
phases = [dict(re.findall(r"seconds\.(\w+)=([\d.]+)", line)) for line in open(sys.argv[2]) if "Job published" in line]
print("# Worker path overhead on a 60 s 720p lecture (loopback), rounds alternating")
print("round | lectern ingest --sandbox | worker job, claim to publish | download | ingest child | upload | commit | overhead")
for index, (ingest, run, state) in enumerate(rounds):
    ingest, run = float(ingest), float(run)
    p = phases[index] if index < len(phases) else {}
    cells = " | ".join(f"{float(p.get(k, 'nan')):.2f}" for k in ("download", "ingest", "upload", "commit"))
    print(f"{index + 1} | {ingest:.2f} | {run:.2f} ({state}) | {cells} | {100 * (run - ingest) / ingest:+.1f} %")
a = statistics.median(float(r[0]) for r in rounds)
b = statistics.median(float(r[1]) for r in rounds)
print(f"median: ingest {a:.2f} s, worker job {b:.2f} s, overhead {b - a:+.2f} s = {100 * (b - a) / a:+.1f} % (target <= 5 %)")
rest = [sum(float(p[k]) for k in ("download", "upload", "commit")) for p in phases]
if rest:
    print(f"worker path outside the ingest child (download + upload + commit), median: {statistics.median(rest):.2f} s")
PY
