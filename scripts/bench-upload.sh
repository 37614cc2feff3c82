#!/usr/bin/env bash
# Benchmark (not a test): uploading one large file to `lectern serve` with tuspy (scripts/tus-upload.py, 31 MiB
# chunks, without and with sha256 checksums) against `curl -T` to nginx (WebDAV PUT) over loopback, both writing to
# the same disk. Also samples the lectern server's RSS (VmRSS every 0.2 s) during the tus runs. Runs not judged tell
# the server's share from tuspy's: curl feeding the tus server (one PATCH of the whole file), tuspy's way of sending
# (requests, a new connection per chunk) aimed at nginx, and tuspy at other chunk sizes.
# Target (the ingest-service issue): "Upload: 1 GB with tuspy vs curl -T to nginx over loopback: >= 0.8x its rate,
# server RSS flat".
#
#   scripts/bench-upload.sh [path/to/lectern]
#
# Without a path (or BENCH_LECTERN) it builds a release lectern into .build-bench, like bench-ingest.sh.
# Environment: SIZE_MB (file size in MiB, default 1024; e.g. 200 for a quick run), RUNS (rounds, default 3: each
# round runs curl, tus without checksum, tus with sha256, curl into the tus server, then tus without checksum at each
# SWEEP_MB chunk size, one after the other), CHUNK_MB (tuspy's chunk size in MiB for the judged runs, default 31: the
# largest whose buffer Python's allocator reuses; from 32 MiB on glibc maps and faults in fresh memory for every chunk,
# about 50 ms per 64 MiB here, while nothing is on the wire), SWEEP_MB (other chunk sizes, not judged, default
# "16 64"; tuspy's own default, the whole file in one PATCH, is "0"; "" for none), STEP_TIMEOUT (seconds allowed for one
# upload, default 60 + SIZE_MB/5), BENCH_TIMEOUT (whole script, default 3600 s), BENCH_OUT (report file, default
# bench/upload-<date>.txt, with -<SIZE_MB>mb and -chunk<CHUNK_MB>mb before .txt when not the default), RSS_FLAT_MIB
# (growth still called flat, default 32), BENCH_KEEP=1 (keep the temp folder: logs, RSS samples).
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
CHUNK_MB=${CHUNK_MB:-31}
SWEEP_MB=${SWEEP_MB-16 64}
[[ $SIZE_MB =~ ^[1-9][0-9]*$ ]] || { echo "bench-upload: SIZE_MB must be a positive integer, got '$SIZE_MB'" >&2; exit 2; }
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "bench-upload: RUNS must be a positive integer, got '$RUNS'" >&2; exit 2; }
[[ $CHUNK_MB =~ ^[1-9][0-9]*$ ]] || { echo "bench-upload: CHUNK_MB must be a positive integer, got '$CHUNK_MB'" >&2; exit 2; }
CHUNK=$((CHUNK_MB * 1048576))
for mb in $SWEEP_MB; do
    [[ $mb =~ ^[0-9]+$ ]] || { echo "bench-upload: SWEEP_MB takes chunk sizes in MiB (0: the whole file), got '$mb'" >&2; exit 2; }
done
if [[ -z ${BENCH_OUT:-} ]]; then
    suffix=""
    [[ $SIZE_MB == 1024 ]] || suffix="-${SIZE_MB}mb"
    [[ $CHUNK_MB == 31 ]] || suffix="$suffix-chunk${CHUNK_MB}mb"
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
# "busy steal" jiffies of all CPUs (/proc/stat), to tell how much of the run the host took away from this VM.
cpu_jiffies() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $9 }' /proc/stat; }
read -r BUSY_BEFORE STEAL_BEFORE <<<"$(cpu_jiffies)"

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

# One tus upload: prints "start end upload-seconds" and leaves the tool's JSON in $WORK/last.json; then cancels the
# job and deletes the upload so that the disk holds one copy at a time.
tus_run() { # file checksum [chunk bytes]
    local start end upload_seconds
    start=$(now)
    timeout "$STEP_TIMEOUT" python3 scripts/tus-upload.py --server "http://127.0.0.1:$LECTERN_PORT" --token "$TOKEN" \
        --chunk-size "${3:-$CHUNK}" --checksum "$2" --meta title=bench-upload --meta filename=upload.bin "$1" \
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

# tuspy's way of sending, aimed at nginx (not judged): each chunk read whole from a freshly opened file, then sent with
# requests on a new connection (requests.put here, requests.patch in tuspy) and stored by nginx as a file of its own.
# It tells what this client's pattern costs against nginx itself. Prints "start end own-seconds".
py_put_run() {
    local start end own stored
    start=$(now)
    own=$(timeout "$STEP_TIMEOUT" python3 - "$FILE" "$CHUNK" "http://127.0.0.1:$NGINX_PORT/up/parts" <<'PY'
import os, sys, time
import requests
path, chunk, base = sys.argv[1], int(sys.argv[2]), sys.argv[3]
size, offset, part = os.path.getsize(path), 0, 0
started = time.monotonic()
while offset < size:
    with open(path, "rb") as f:
        f.seek(offset)
        data = f.read(min(chunk, size - offset))
    response = requests.put(f"{base}/{part:05d}", data=data, stream=True)
    _ = response.content
    if response.status_code not in (201, 204):
        sys.exit(f"bench-upload: nginx answered {response.status_code} to part {part}")
    offset, part = offset + len(data), part + 1
print(f"{time.monotonic() - started:.3f}")
PY
    ) || return 1
    end=$(now)
    stored=$(cat "$WORK"/nginx-root/up/parts/* | wc -c)
    [[ $stored == "$SIZE" ]] || { echo "bench-upload: nginx stored $stored bytes of the parts, not $SIZE" >&2; return 1; }
    rm -rf "$WORK/nginx-root/up/parts"
    echo "$start $end $own"
}

# The same tus server fed by curl (creation, then the whole file in one PATCH): not judged, it tells the server's
# part of the rate from tuspy's (a Python client reading and sending one chunk after another).
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

# 6. Rounds: every tool once per round, in turn (so a slow moment of the machine does not fall on one tool only), the
# disk synced between runs.
: >"$WORK/runs.tsv"
for round in $(seq 1 "$RUNS"); do
    tools=(curl tus-none tus-sha256 curl-tus py-put-nginx)
    for mb in $SWEEP_MB; do tools+=("tus-none-$mb"); done
    # Each round starts one tool later: whichever run follows another (nginx's 1 GiB just written and deleted, say)
    # is not always the same tool's.
    shift_by=$(((round - 1) % ${#tools[@]}))
    tools=("${tools[@]:shift_by}" "${tools[@]:0:shift_by}")
    for tool in "${tools[@]}"; do
        case $tool in
            tus-none-0) times=$(tus_run "$FILE" none "$SIZE") ;;
            tus-none-*) times=$(tus_run "$FILE" none $((${tool#tus-none-} * 1048576))) ;;
            curl) times=$(curl_run) ;;
            curl-tus) times=$(curl_tus_run) ;;
            py-put-nginx) times=$(py_put_run) ;;
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
def own_time(tool):
    """The median of the upload's own times (tus-upload.py's "seconds"), or None."""
    uploads = [u for _, _, u in runs[tool] if u == u]
    return statistics.median(uploads) if uploads else None

for tool in runs:
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
    own = mbps(own_time(tool)) / curl_median if own_time(tool) else float("nan")
    if tool == "py-put-nginx":  # not judged: tuspy's way of sending, to nginx
        verdicts.append(f"py-put-nginx (not judged): tuspy's way of sending (requests, a new connection per chunk) to nginx, "
                        f"median {own:.2f}x curl on its own time")
        if own_time("tus-none"):
            versus = own_time(tool) / own_time("tus-none")
            verdicts.append(f"tus-none against py-put-nginx (the same client pattern, to nginx): median {versus:.2f}x")
        continue
    if tool.startswith("tus-none-"):  # not judged: another chunk size
        size_mb = tool.removeprefix("tus-none-")
        chunk = "the whole file in one PATCH" if size_mb == "0" else f"{size_mb} MiB chunks"
        verdicts.append(f"{tool} (not judged): tuspy with {chunk}, median {own:.2f}x curl on the upload's own time")
        continue
    verdicts.append(
        f"{tool}: upload rate {'meets' if own >= 0.8 else 'misses'} >= 0.8x curl (median {own:.2f} on the upload's own time; "
        f"{ratio_median:.2f} on the whole process, Python's start and imports included); "
        f"RSS {'flat' if growth <= flat else 'NOT flat'} (+{growth:.1f} MiB, limit {flat:.0f})"
    )
lines.append("")
lines.append(f"server RSS: {baseline / 1024:.1f} MiB before the measured runs (after warm-up), {after / 1024:.1f} MiB after them; "
             f"{len(samples)} samples every 0.2 s")
for tool in runs:
    uploads = sorted(u for _, _, u in runs[tool] if u == u)
    if uploads:
        what = "first chunk read to last answer" if tool == "py-put-nginx" else "creation request to final HEAD"
        lines.append(f"{tool}: the upload's own time ({what}, without Python's start and imports) best {uploads[0]:.2f} s "
                     f"= {mbps(uploads[0]):.0f} MB/s, median {statistics.median(uploads):.2f} s = {mbps(statistics.median(uploads)):.0f} MB/s")
lines.append("runs (wall s): " + "; ".join(f"{tool} " + " ".join(f"{end - start:.2f}" for start, end, _ in runs[tool]) for tool in runs))
lines.append("")
lines.extend(verdicts)
print("\n".join(lines))
PY

{
    echo "Upload benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'): $SIZE bytes ($SIZE_MB MiB) random data, $RUNS rounds, loopback"
    echo "lectern: $LECTERN ($(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ', work tree modified'))"
    echo "  serve --workers 0 --max-upload-gb 5 --disk-reserve-gb 0.5; tus-upload.py (tuspy $(python3 -c 'import importlib.metadata as m; print(m.version("tuspy"))')) --chunk-size $CHUNK (judged)${SWEEP_MB:+; not judged, tuspy at $SWEEP_MB MiB chunks (0: the whole file)}"
    echo "nginx: $(nginx -v 2>&1 | sed 's/.*nginx\///') dav PUT, 1 worker; $(curl --version | head -1 | cut -d' ' -f1-2) -T"
    read -r busy_after steal_after <<<"$(cpu_jiffies)"
    echo "machine: $(nproc) CPUs, $(sed -n 's/model name\s*: //p' /proc/cpuinfo | head -1); load before: $LOAD_BEFORE; after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "  CPU time the host took away (steal) during the run: $(((steal_after - STEAL_BEFORE) * 100 / (busy_after - BUSY_BEFORE + steal_after - STEAL_BEFORE + 1))) % of the time used or taken"
    echo "MB/s = 10^6 bytes / wall time of the client process; RSS = the lectern server's VmRSS"
    echo
    cat "$WORK/report.txt"
} >"$BENCH_OUT.tmp"
mv "$BENCH_OUT.tmp" "$BENCH_OUT"
cat "$BENCH_OUT"
log "written to ${BENCH_OUT#"$ROOT"/}"
