#!/usr/bin/env bash
# Benchmark (not a test): uploading one large file to `lectern serve` with tuspy (scripts/tus-upload.py, 64 MiB
# chunks, without and with sha256 checksums) against `curl -T` to nginx (WebDAV PUT) over loopback, both writing to
# the same disk. Also samples the lectern server's RSS (VmRSS every 0.2 s) during the tus runs. A fourth run, not
# judged, feeds the tus server with curl (one PATCH of the whole file), to tell the server's share from tuspy's.
# Target (the ingest-service issue): "Upload: 1 GB with tuspy vs curl -T to nginx over loopback: >= 0.8x its rate,
# server RSS flat".
#
#   scripts/bench-upload.sh [path/to/lectern]
#
# Without a path (or BENCH_LECTERN) it builds a release lectern into .build-bench, like bench-ingest.sh.
# Environment: SIZE_MB (file size in MiB, default 1024; e.g. 200 for a quick run), RUNS (rounds, default 3: each
# round runs curl, tus without checksum, tus with sha256, one after the other), STEP_TIMEOUT (seconds allowed for one
# upload, default 60 + SIZE_MB/5), BENCH_TIMEOUT (whole script, default 3600 s), BENCH_OUT (report file, default
# bench/upload-<date>.txt, or bench/upload-<date>-<SIZE_MB>mb.txt for another size), RSS_FLAT_MIB (growth still
# called flat, default 32), BENCH_KEEP=1 (keep the temp folder: logs, RSS samples).
# Needs: curl, python3 with tuspy (pip install tuspy), nginx with the DAV module (installs Debian's nginx-light when
# nginx is missing). Loopback only; every process it starts is stopped and its temp folder removed at exit.
# Throughput is bytes / wall time of the whole client process (curl, or tus-upload.py: Python's start and imports,
# creation, chunks, final HEAD), and for tus also bytes / the upload's own time (creation request to final HEAD), on
# which the verdict is given: Python's start and tuspy's imports (aiohttp, requests) take 0.3-0.5 s that no upload
# needs. MB = 10^6 bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SIZE_MB=${SIZE_MB:-1024}
RUNS=${RUNS:-3}
STEP_TIMEOUT=${STEP_TIMEOUT:-$((60 + SIZE_MB / 5))}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-3600}
RSS_FLAT_MIB=${RSS_FLAT_MIB:-32}
CHUNK=67108864
[[ $SIZE_MB =~ ^[1-9][0-9]*$ ]] || { echo "bench-upload: SIZE_MB must be a positive integer, got '$SIZE_MB'" >&2; exit 2; }
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "bench-upload: RUNS must be a positive integer, got '$RUNS'" >&2; exit 2; }
if [[ -z ${BENCH_OUT:-} ]]; then
    suffix=""
    [[ $SIZE_MB == 1024 ]] || suffix="-${SIZE_MB}mb"
    BENCH_OUT=$ROOT/bench/upload-$(date +%Y-%m-%d)$suffix.txt
fi

log() { printf '[bench-upload %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
now() { date +%s.%N; }

for tool in curl python3; do command -v "$tool" >/dev/null || { echo "bench-upload: $tool is missing" >&2; exit 1; }; done
python3 -c 'import tusclient' 2>/dev/null || { echo "bench-upload: tuspy is missing (pip install tuspy)" >&2; exit 1; }
if ! command -v nginx >/dev/null; then
    log "installing nginx-light"
    timeout 300 apt-get update -qq >&2 || true
    DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq --no-install-recommends nginx-light >&2
    # The package may start a system nginx on port 80; this benchmark starts its own.
fi
nginx -V 2>&1 | grep -q -- --with-http_dav_module || { echo "bench-upload: nginx lacks the DAV module (PUT)" >&2; exit 1; }

LECTERN=${1:-${BENCH_LECTERN:-}}
if [[ -z $LECTERN ]]; then
    log "building lectern (release, --scratch-path .build-bench)"
    timeout 3600 swift build -c release --scratch-path .build-bench --product lectern >&2
    LECTERN=$ROOT/.build-bench/release/lectern
fi
LECTERN=$(realpath "$LECTERN")
[[ -x $LECTERN ]] || { echo "bench-upload: $LECTERN is not an executable" >&2; exit 1; }

WORK=$(mktemp -d /tmp/lectern-bench-upload.XXXXXX)
pids=()
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do
        # lectern serve may take up to its 30 s housekeeping interval to stop on SIGTERM: 10 s, then SIGKILL.
        if ! timeout 10 tail --pid="$pid" -f /dev/null 2>/dev/null && kill -KILL "$pid" 2>/dev/null; then
            echo "bench-upload: process $pid did not stop within 10 s of SIGTERM; killed" >&2
        fi
    done
    if [[ ${BENCH_KEEP:-0} == 1 ]]; then echo "bench-upload: kept $WORK" >&2; else rm -rf "$WORK"; fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# The whole run is bounded too: the watchdog (one process) stops this script, whose trap then cleans up.
python3 -c 'import os, sys, time; time.sleep(float(sys.argv[1])); print(f"bench-upload: gave up after {sys.argv[1]} s", file=sys.stderr); os.kill(int(sys.argv[2]), 15)' \
    "$BENCH_TIMEOUT" $$ &
pids+=($!)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_port() { # port name
    for _ in $(seq 1 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.1
    done
    echo "bench-upload: $2 did not start listening on $1" >&2
    return 1
}

# 1. The file: random bytes, so nothing on the way can compress it.
FILE=$WORK/upload.bin
log "making a $SIZE_MB MiB file"
timeout 300 head -c $((SIZE_MB * 1048576)) /dev/urandom >"$FILE"
SIZE=$(stat -c %s "$FILE")
head -c 4194304 "$FILE" >"$WORK/warmup.bin"

# 2. lectern serve on a fresh library: no in-process worker, so the upload's job just waits in the queue.
mkdir -p "$WORK/library"
TOKEN=$(timeout 30 "$LECTERN" token create --role uploader --library "$WORK/library" 2>/dev/null)
LECTERN_PORT=$(free_port)
"$LECTERN" serve --library "$WORK/library" --host 127.0.0.1 --port "$LECTERN_PORT" \
    --max-upload-gb 5 --disk-reserve-gb 0.5 --workers 0 >"$WORK/lectern.log" 2>&1 &
LECTERN_PID=$!
pids+=("$LECTERN_PID")
disown "$LECTERN_PID"
wait_port "$LECTERN_PORT" "lectern serve"

# 3. nginx taking PUTs into a temp folder (the request body is spooled to client_body_temp_path, then renamed).
NGINX_PORT=$(free_port)
mkdir -p "$WORK/nginx-root/up" "$WORK/nginx-body"
nginx_user=""
[[ $(id -u) -eq 0 ]] && nginx_user="user root;"
cat >"$WORK/nginx.conf" <<NGINX
$nginx_user
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx-body;
    proxy_temp_path $WORK/nginx-proxy;
    fastcgi_temp_path $WORK/nginx-fastcgi;
    uwsgi_temp_path $WORK/nginx-uwsgi;
    scgi_temp_path $WORK/nginx-scgi;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $WORK/nginx-root;
        location /up/ {
            dav_methods PUT;
            create_full_put_path on;
            client_max_body_size 0;
        }
    }
}
NGINX
nginx -c "$WORK/nginx.conf" -e "$WORK/nginx-error.log" -g "daemon off;" &
pids+=($!)
disown $!
wait_port "$NGINX_PORT" nginx

# 4. The server's RSS, every 0.2 s, for the whole run: "unix-time KiB" lines.
python3 - "$LECTERN_PID" "$WORK/rss.tsv" <<'PY' &
import sys, time
pid, out = sys.argv[1], open(sys.argv[2], "w", buffering=1)
while True:
    try:
        with open(f"/proc/{pid}/status") as f:
            rss = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        break
    out.write(f"{time.time():.3f}\t{rss}\n")
    time.sleep(0.2)
PY
pids+=($!)

# Cancels an upload's job and deletes the upload, so that the disk holds one copy at a time.
discard_upload() { # upload-url job
    curl -sS -o /dev/null --max-time 30 -X POST -H "Authorization: Bearer $TOKEN" \
        "http://127.0.0.1:$LECTERN_PORT/api/jobs/$2/cancel" || true
    curl -sS -o /dev/null --max-time 30 -X DELETE -H "Authorization: Bearer $TOKEN" -H "Tus-Resumable: 1.0.0" "$1" || true
}

# One tus upload: prints "seconds upload-seconds" and leaves the tool's JSON in $WORK/last.json; then cancels the
# job and deletes the upload so that the disk holds one copy at a time.
tus_run() { # file checksum
    local start end upload_seconds
    start=$(now)
    timeout "$STEP_TIMEOUT" python3 scripts/tus-upload.py --server "http://127.0.0.1:$LECTERN_PORT" --token "$TOKEN" \
        --chunk-size "$CHUNK" --checksum "$2" --meta title=bench-upload --meta filename=upload.bin "$1" \
        >"$WORK/last.json" 2>"$WORK/last.err" || {
        echo "bench-upload: tus-upload.py failed:" >&2
        cat "$WORK/last.json" "$WORK/last.err" >&2
        server_gone
        return 1
    }
    end=$(now)
    python3 - "$WORK/last.json" "$(stat -c %s "$1")" <<'PY' || { cat "$WORK/last.err" >&2; return 1; }
import json, sys
result = json.load(open(sys.argv[1]))
size = int(sys.argv[2])
if result.get("size") != size or result.get("bytes_sent") != size or not result.get("job"):
    sys.exit(f"bench-upload: unexpected result {result}")
PY
    upload_seconds=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1])).get("seconds", "nan"))' "$WORK/last.json")
    local url job
    url=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["url"])' "$WORK/last.json")
    job=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["job"])' "$WORK/last.json")
    discard_upload "$url" "$job"
    echo "$start $end ${upload_seconds:-nan}"
}

curl_run() {
    local start end code
    start=$(now)
    code=$(timeout "$STEP_TIMEOUT" curl -sS -o /dev/null -w '%{http_code}' -T "$FILE" "http://127.0.0.1:$NGINX_PORT/up/file")
    end=$(now)
    [[ $code == 201 || $code == 204 ]] || { echo "bench-upload: nginx answered $code" >&2; return 1; }
    [[ $(stat -c %s "$WORK/nginx-root/up/file") == "$SIZE" ]] || { echo "bench-upload: nginx stored a different size" >&2; return 1; }
    rm -f "$WORK/nginx-root/up/file"
    echo "$start $end nan"
}

# The same tus server fed by curl (creation, then the whole file in one PATCH): not judged, it tells the server's
# part of the rate from tuspy's (a Python client reading and sending 64 MiB chunks).
curl_tus_run() {
    local start end location code job meta
    meta="title $(printf bench-upload | base64),filename $(printf upload.bin | base64)"
    start=$(now)
    location=$(curl -sS -o /dev/null -D - --max-time 30 -X POST -H "Authorization: Bearer $TOKEN" -H "Tus-Resumable: 1.0.0" \
        -H "Upload-Length: $SIZE" -H "Upload-Metadata: $meta" "http://127.0.0.1:$LECTERN_PORT/api/uploads" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
    [[ -n $location ]] || { echo "bench-upload: the creation request gave no Location" >&2; server_gone; return 1; }
    [[ $location == http* ]] || location="http://127.0.0.1:$LECTERN_PORT$location"
    # (No `Expect: 100-continue`: the server's rate alone. Before c3ed173 lectern serve did not answer it, and curl
    # waited 1 s before the body.)
    code=$(timeout "$STEP_TIMEOUT" curl -sS -o /dev/null -w '%{http_code}' -X PATCH -T "$FILE" -H "Expect:" -H "Authorization: Bearer $TOKEN" \
        -H "Tus-Resumable: 1.0.0" -H "Upload-Offset: 0" -H "Content-Type: application/offset+octet-stream" "$location")
    end=$(now)
    [[ $code == 204 ]] || { echo "bench-upload: the PATCH got $code" >&2; server_gone; return 1; }
    job=$(curl -sS -o /dev/null -D - --max-time 30 -I -H "Authorization: Bearer $TOKEN" -H "Tus-Resumable: 1.0.0" "$location" | tr -d '\r' | sed -n 's/^[Ll]ectern-[Jj]ob: //p')
    [[ -n $job ]] || { echo "bench-upload: the finished upload named no job" >&2; return 1; }
    discard_upload "$location" "$job"
    echo "$start $end nan"
}

settle() { timeout 300 sync; sleep 1; }

# Says so (with the end of its log) when lectern serve is no longer running.
server_gone() {
    kill -0 "$LECTERN_PID" 2>/dev/null && [[ $(ps -o stat= -p "$LECTERN_PID") != Z* ]] && return 0
    echo "bench-upload: lectern serve (pid $LECTERN_PID) is no longer running; the end of its log:" >&2
    tail -20 "$WORK/lectern.log" >&2
}

# 5. Warm-up (not measured): one small upload each way, so lazily made state counts in the RSS baseline.
log "warm-up"
tus_run "$WORK/warmup.bin" none >/dev/null
tus_run "$WORK/warmup.bin" sha256 >/dev/null
timeout 60 curl -sS -o /dev/null -T "$WORK/warmup.bin" "http://127.0.0.1:$NGINX_PORT/up/warmup"
settle
BASELINE_AT=$(now)

# 6. Rounds: curl, tus without checksum, tus with sha256, each round in turn (so a slow moment of the machine does not
# fall on one tool only), the disk synced between runs.
: >"$WORK/runs.tsv"
for round in $(seq 1 "$RUNS"); do
    for tool in curl tus-none tus-sha256 curl-tus; do
        case $tool in
            curl) times=$(curl_run) ;;
            curl-tus) times=$(curl_tus_run) ;;
            tus-none) times=$(tus_run "$FILE" none) ;;
            tus-sha256) times=$(tus_run "$FILE" sha256) ;;
        esac
        read -r start end upload_seconds <<<"$times"
        printf '%s\t%s\t%s\t%s\t%s\n' "$tool" "$round" "$start" "$end" "$upload_seconds" >>"$WORK/runs.tsv"
        log "round $round $tool: $(python3 -c "import sys; s, e = map(float, sys.argv[1:3]); print(f'{e - s:.2f} s, {int(sys.argv[3]) / (e - s) / 1e6:.0f} MB/s')" "$start" "$end" "$SIZE")"
        settle
    done
done
sleep 0.5

# 7. The report.
mkdir -p "$(dirname "$BENCH_OUT")"
python3 - "$WORK/runs.tsv" "$WORK/rss.tsv" "$SIZE" "$BASELINE_AT" "$RSS_FLAT_MIB" >"$WORK/report.txt" <<'PY'
import statistics, sys
runs_path, rss_path, size, baseline_at, flat = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
runs = {}
for line in open(runs_path):
    tool, _, start, end, upload = line.split("\t")
    runs.setdefault(tool, []).append((float(start), float(end), float(upload)))
samples = [tuple(map(float, line.split("\t"))) for line in open(rss_path) if line.strip()]
before = [kib for t, kib in samples if t <= baseline_at]
baseline = before[-1] if before else samples[0][1]
after = samples[-1][1]

def mbps(seconds):
    return size / seconds / 1e6

def rate(tool):
    walls = [end - start for start, end, _ in runs[tool]]
    return mbps(min(walls)), mbps(statistics.median(walls))

curl_best, curl_median = rate("curl")
lines = [
    f"{'tool':<13}{'MB/s best':>11}{'median':>9}{'tus/curl best':>15}{'median':>9}{'RSS max':>10}{'growth':>9}",
]
verdicts = []
for tool in ("curl", "tus-none", "tus-sha256", "curl-tus"):
    best, median = rate(tool)
    if tool == "curl":
        lines.append(f"{tool:<13}{best:>11.0f}{median:>9.0f}{'-':>15}{'-':>9}{'-':>10}{'-':>9}")
        continue
    during = [kib for t, kib in samples if any(start <= t <= end for start, end, _ in runs[tool])]
    peak = max(during) if during else float("nan")
    growth = (peak - baseline) / 1024
    ratio_best, ratio_median = best / curl_best, median / curl_median
    lines.append(
        f"{tool:<13}{best:>11.0f}{median:>9.0f}{ratio_best:>15.2f}{ratio_median:>9.2f}{peak / 1024:>7.1f}MiB{growth:>6.1f}MiB"
    )
    if tool == "curl-tus":  # not judged: the server alone, fed by curl
        verdicts.append(f"curl-tus (not judged): the server fed by curl in one PATCH, median {ratio_median:.2f}x curl -> nginx")
        continue
    uploads = sorted(u for _, _, u in runs[tool] if u == u)
    own = mbps(statistics.median(uploads)) / curl_median if uploads else float("nan")
    verdicts.append(
        f"{tool}: upload rate {'meets' if own >= 0.8 else 'misses'} >= 0.8x curl (median {own:.2f} on the upload's own time; "
        f"{ratio_median:.2f} on the whole process, Python's start and imports included); "
        f"RSS {'flat' if growth <= flat else 'NOT flat'} (+{growth:.1f} MiB, limit {flat:.0f})"
    )
lines.append("")
lines.append(f"server RSS: {baseline / 1024:.1f} MiB before the measured runs (after warm-up), {after / 1024:.1f} MiB after them; "
             f"{len(samples)} samples every 0.2 s")
for tool in ("tus-none", "tus-sha256"):
    uploads = sorted(u for _, _, u in runs[tool] if u == u)
    if uploads:
        lines.append(f"{tool}: the upload's own time (creation request to final HEAD, without Python's start and imports) best {uploads[0]:.2f} s "
                     f"= {mbps(uploads[0]):.0f} MB/s, median {statistics.median(uploads):.2f} s = {mbps(statistics.median(uploads)):.0f} MB/s")
lines.append("runs (wall s): " + "; ".join(f"{tool} " + " ".join(f"{end - start:.2f}" for start, end, _ in runs[tool]) for tool in runs))
lines.append("")
lines.extend(verdicts)
print("\n".join(lines))
PY

{
    echo "Upload benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'): $SIZE bytes ($SIZE_MB MiB) random data, $RUNS rounds, loopback"
    echo "lectern: $LECTERN ($(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ', work tree modified'))"
    echo "  serve --workers 0 --max-upload-gb 5 --disk-reserve-gb 0.5; tus-upload.py (tuspy $(python3 -c 'import importlib.metadata as m; print(m.version("tuspy"))')) --chunk-size $CHUNK"
    echo "nginx: $(nginx -v 2>&1 | sed 's/.*nginx\///') dav PUT, 1 worker; $(curl --version | head -1 | cut -d' ' -f1-2) -T"
    echo "machine: $(nproc) CPUs, $(sed -n 's/model name\s*: //p' /proc/cpuinfo | head -1); load before: $LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "MB/s = 10^6 bytes / wall time of the client process; RSS = the lectern server's VmRSS"
    echo
    cat "$WORK/report.txt"
} >"$BENCH_OUT.tmp"
mv "$BENCH_OUT.tmp" "$BENCH_OUT"
cat "$BENCH_OUT"
log "written to ${BENCH_OUT#"$ROOT"/}"
