#!/usr/bin/env bash
# Benchmark (not a test): `lectern serve` against nginx on loopback, serving the same files.
#   1. segments (100 KB .m4s) and a media playlist, wrk 64 connections x 10 s, alternating lectern/nginx runs;
#   2. the adaptive master (generated per request) on lectern;
#   3. RSS of lectern with 10,000 idle keep-alive connections;
#   4. nginx as a caching reverse proxy in front of lectern: segments cached (second fetch HIT), playlists revalidated;
#   5. the floor: Hummingbird alone answering from memory (lectern-serve-floor, built next to lectern), in the same
#      alternation, so the report shows what the HTTP stack itself costs and what lectern adds to it; and for segments
#      the same floor answering from a NIO channel handler in Hummingbird's HTTP/1 pipeline (no async request path), and
#      that handler sending the file with sendfile(2) as nginx does.
# Needs: nginx (Debian nginx-light), wrk, curl, python3. Usage: scripts/bench-serve.sh [path/to/release/lectern]
# Targets (issue 4): segments >= 1.0x nginx req/s with p99 <= 1.5x nginx; adaptive master >= 20k req/s; 10k idle <= 256 MiB.
set -euo pipefail
cd "$(dirname "$0")/.."
lectern="${1:-}"
if [ -z "$lectern" ]; then
    swift build -c release --product lectern >&2
    lectern="$(swift build -c release --show-bin-path)/lectern"
fi
floor="$(dirname "$lectern")/lectern-serve-floor"
if [ ! -x "$floor" ]; then
    swift build -c release --product lectern-serve-floor >&2
    floor="$(swift build -c release --show-bin-path)/lectern-serve-floor"
fi
for tool in nginx wrk curl python3; do command -v "$tool" >/dev/null || { echo "bench-serve: $tool is missing" >&2; exit 1; }; done
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-64}"
runs="${RUNS:-2}"
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
ulimit -n 65536 2>/dev/null || true

# A package's files: 100 KB segments, a 600-segment media playlist and the master.
id="bench-lecture-00000000"
package="$work/library/lectures/$id"
mkdir -p "$package/360p" "$work/library/.staging"
head -c 102400 /dev/urandom >"$package/360p/seg-00001.m4s"
head -c 1000 /dev/urandom >"$package/360p/init.mp4"
{
    printf '#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:6\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-MAP:URI="init.mp4"\n'
    for i in $(seq 1 600); do printf '#EXTINF:6.000,\nseg-%05d.m4s\n' "$i"; done
    printf '#EXT-X-ENDLIST\n'
} >"$package/360p/index.m3u8"
cat >"$package/master.m3u8" <<'M3U8'
#EXTM3U
#EXT-X-VERSION:7
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio-64k",LANGUAGE="en",NAME="English",DEFAULT=YES,AUTOSELECT=YES,URI="audio-64k/index.m3u8"
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio-32k",LANGUAGE="en",NAME="English",DEFAULT=YES,AUTOSELECT=YES,URI="audio-32k/index.m3u8"
#EXT-X-STREAM-INF:BANDWIDTH=140000,AVERAGE-BANDWIDTH=110000,CODECS="avc1.42c00d,mp4a.40.2",RESOLUTION=426x240,FRAME-RATE=15.000,AUDIO="audio-32k"
240p/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=420000,AVERAGE-BANDWIDTH=330000,CODECS="avc1.64001e,mp4a.40.2",RESOLUTION=640x360,FRAME-RATE=30.000,AUDIO="audio-64k"
360p/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=850000,AVERAGE-BANDWIDTH=650000,CODECS="avc1.64001e,mp4a.40.2",RESOLUTION=854x480,FRAME-RATE=30.000,AUDIO="audio-64k"
480p/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=1700000,AVERAGE-BANDWIDTH=1300000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=1280x720,FRAME-RATE=30.000,AUDIO="audio-64k"
720p/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=75000,AVERAGE-BANDWIDTH=50000,CODECS="avc1.42c00d,mp4a.40.2",RESOLUTION=426x240,FRAME-RATE=2.000,AUDIO="audio-32k"
slides/index.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=31000,AVERAGE-BANDWIDTH=29000,CODECS="mp4a.40.2",AUDIO="audio-32k"
audio-32k/index.m3u8
M3U8

lectern_port=18080
nginx_port=18081
proxy_port=18082
floor_port=18083
handler_port=18084
sendfile_port=18085
"$lectern" serve --library "$work/library" --host 127.0.0.1 --port "$lectern_port" >/dev/null 2>"$work/lectern.log" &
lectern_pid=$!
pids+=("$lectern_pid")
"$floor" "$floor_port" >/dev/null 2>"$work/floor.log" &
floor_pid=$!
pids+=("$floor_pid")
"$floor" "$handler_port" --channel-handler >/dev/null 2>"$work/handler.log" &
handler_pid=$!
pids+=("$handler_pid")
"$floor" "$sendfile_port" --sendfile "$package/360p/seg-00001.m4s" >/dev/null 2>"$work/sendfile.log" &
sendfile_pid=$!
pids+=("$sendfile_pid")

# Workers must read the (private, mktemp) work folder and write the proxy cache: run them as the current user.
nginx_user=""
[ "$(id -u)" -eq 0 ] && nginx_user="user root;"
cat >"$work/nginx.conf" <<NGINX
$nginx_user
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 20000; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    keepalive_timeout 75s;
    types { application/vnd.apple.mpegurl m3u8; video/iso.segment m4s; video/mp4 mp4; }
    client_body_temp_path $work/nginx-body;
    proxy_temp_path $work/nginx-proxy;
    fastcgi_temp_path $work/nginx-fastcgi;
    uwsgi_temp_path $work/nginx-uwsgi;
    scgi_temp_path $work/nginx-scgi;
    proxy_cache_path $work/nginx-cache keys_zone=lectern:10m;
    server {
        listen 127.0.0.1:$nginx_port;
        root $work/library;
        etag on;
        location /lectures/ { add_header Cache-Control "public, max-age=31536000, immutable"; }
    }
    # The scale-out path: a caching reverse proxy in front of lectern serve.
    server {
        listen 127.0.0.1:$proxy_port;
        location / {
            proxy_pass http://127.0.0.1:$lectern_port;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_cache lectern;
            proxy_cache_key \$scheme\$proxy_host\$uri;   # ignore ?s=<session>: one cached copy per segment
            proxy_cache_revalidate on;
            add_header X-Cache-Status \$upstream_cache_status always;
        }
    }
}
NGINX
nginx -c "$work/nginx.conf" -g "daemon off;" &
pids+=($!)
for port in $lectern_port $nginx_port $proxy_port $floor_port $handler_port $sendfile_port; do
    for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/lectures/$id/360p/init.mp4" && break; sleep 0.1; done
done

for port in $lectern_port $nginx_port; do
    code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/lectures/$id/360p/seg-00001.m4s")"
    [ "$code" = 200 ] || { echo "bench-serve: port $port answers $code for a segment" >&2; exit 1; }
done

# wrk prints "Requests/sec: N" and, with --latency, "99% Xms". Also the server's CPU time per request (user + system,
# from /proc): on a shared machine throughput follows the load of others, CPU per request much less so.
cpu_ticks() { # pids...
    local total=0 pid
    for pid in "$@"; do total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done
    echo "$total"
}
server_pids() { # lectern|nginx
    case "$1" in
        lectern) echo "$lectern_pid" ;;
        floor) echo "$floor_pid" ;;
        handler) echo "$handler_pid" ;;
        sendfile) echo "$sendfile_pid" ;;
        *) pgrep -f "nginx: worker process" | tr '\n' ' ' ;;
    esac
}
bench() { # name url
    local out before after pids
    pids="$(server_pids "${1%%-*}")"
    # shellcheck disable=SC2086
    before="$(cpu_ticks $pids)"
    out="$(wrk -t2 -c"$connections" -d"$duration" --latency "$2")"
    # shellcheck disable=SC2086
    after="$(cpu_ticks $pids)"
    local rps p99 requests
    rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
    p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
    requests="$(awk '/requests in/ {print $1}' <<<"$out")"
    echo "$1 $rps $p99 $(python3 -c "import sys; print(round((int(sys.argv[2]) - int(sys.argv[1])) / $(getconf CLK_TCK) / int(sys.argv[3]) * 1e6))" "$before" "$after" "$requests")us-cpu"
}
echo "== segments (100 KB) and playlist: $connections connections, $duration, $runs alternating runs each"
: >"$work/results"
for run in $(seq "$runs"); do
    for kind in segment playlist; do
        path="/lectures/$id/360p/seg-00001.m4s"
        [ "$kind" = playlist ] && path="/lectures/$id/360p/index.m3u8"
        bench "lectern-$kind" "http://127.0.0.1:$lectern_port$path" | tee -a "$work/results"
        bench "nginx-$kind" "http://127.0.0.1:$nginx_port$path" | tee -a "$work/results"
        # The floor answers a 100 KB body for .m4s paths and a 1.5 KB one (the adaptive master's size) otherwise.
        [ "$kind" = playlist ] && path="/lectures/$id/master.m3u8"
        bench "floor-$kind" "http://127.0.0.1:$floor_port$path" | tee -a "$work/results"
        bench "handler-$kind" "http://127.0.0.1:$handler_port$path" | tee -a "$work/results"
        [ "$kind" = segment ] && bench "sendfile-$kind" "http://127.0.0.1:$sendfile_port$path" | tee -a "$work/results"
    done
done
for kind in segment playlist; do
    python3 - "$work/results" "$kind" <<'PY'
import sys
rows = [line.split() for line in open(sys.argv[1])]
kind = sys.argv[2]
def ms(v): return float(v[:-2]) / 1000 if v.endswith("us") else float(v[:-2]) if v.endswith("ms") else float(v[:-1]) * 1000
def best(name):
    runs = [r for r in rows if r[0] == f"{name}-{kind}"]
    return max(float(r[1]) for r in runs), min(ms(r[2]) for r in runs), min(float(r[3][:-6]) for r in runs)
(l_rps, l_p99, l_cpu), (n_rps, n_p99, n_cpu), (f_rps, f_p99, f_cpu) = best("lectern"), best("nginx"), best("floor")
print(f"{kind}: lectern {l_rps:.0f} req/s p99 {l_p99:.2f} ms {l_cpu:.0f} us CPU/req | nginx {n_rps:.0f} req/s p99 {n_p99:.2f} ms "
      f"{n_cpu:.0f} us CPU/req | req/s ratio {l_rps / n_rps:.2f}x, p99 ratio {l_p99 / n_p99:.2f}x, CPU/req ratio {l_cpu / n_cpu:.2f}x")
label = "100 KB from memory" if kind == "segment" else "1.5 KB from memory"
print(f"  floor ({label}, Hummingbird alone): {f_rps:.0f} req/s p99 {f_p99:.2f} ms {f_cpu:.0f} us CPU/req | "
      f"floor/nginx req/s {f_rps / n_rps:.2f}x | lectern/floor req/s {l_rps / f_rps:.2f}x")
h_rps, h_p99, h_cpu = best("handler")
print(f"  floor as a channel handler in Hummingbird's pipeline: {h_rps:.0f} req/s p99 {h_p99:.2f} ms {h_cpu:.0f} us CPU/req | "
      f"handler/nginx req/s {h_rps / n_rps:.2f}x")
if kind == "segment":
    s_rps, s_p99, s_cpu = best("sendfile")
    print(f"  that handler sending the file with sendfile(2): {s_rps:.0f} req/s p99 {s_p99:.2f} ms {s_cpu:.0f} us CPU/req | "
          f"sendfile/nginx req/s {s_rps / n_rps:.2f}x")
PY
done

echo "== adaptive master (generated per request)"
bench "lectern-master" "http://127.0.0.1:$lectern_port/lectures/$id/master.m3u8"
bench "lectern-master-cmcd" "http://127.0.0.1:$lectern_port/lectures/$id/master.m3u8?CMCD=mtp%3D900"

echo "== nginx caching reverse proxy in front of lectern"
for path in "360p/seg-00001.m4s?s=aaaaaaaa1111" "360p/seg-00001.m4s?s=bbbbbbbb2222" "360p/index.m3u8" "360p/index.m3u8" "master.m3u8" "master.m3u8"; do
    status="$(curl -s -o /dev/null -D - "http://127.0.0.1:$proxy_port/lectures/$id/$path" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-cache-status" {print $2}' || true)"
    echo "GET $path -> $status"
done
echo "(waiting 11 s for the playlist's max-age=10 to pass)"
sleep 11
status="$(curl -s -o /dev/null -D - "http://127.0.0.1:$proxy_port/lectures/$id/360p/index.m3u8" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-cache-status" {print $2}' || true)"
echo "GET 360p/index.m3u8 after expiry -> $status (REVALIDATED: origin answered 304 to If-None-Match)"

echo "== RSS with 10,000 idle keep-alive connections"
rss() { awk '/VmRSS/ {printf "%.1f MiB", $2 / 1024}' "/proc/$lectern_pid/status"; }
echo "lectern RSS before: $(rss)"
python3 - "$lectern_port" "$id" <<'PY' &
import socket, sys, time
port, lecture = int(sys.argv[1]), sys.argv[2]
sockets = []
request = f"GET /lectures/{lecture}/360p/init.mp4 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
for _ in range(10000):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(request)
    s.recv(65536)
    sockets.append(s)
print(f"{len(sockets)} idle keep-alive connections open", flush=True)
time.sleep(30)
PY
holder=$!
pids+=("$holder")
for _ in $(seq 120); do
    [ "$(ls /proc/$lectern_pid/fd | wc -l)" -ge 10000 ] && break
    sleep 0.5
done
sleep 2
echo "lectern RSS with $(($(ls /proc/$lectern_pid/fd | wc -l))) open descriptors: $(rss)"
kill "$holder" 2>/dev/null || true
