#!/usr/bin/env bash
# Benchmark (not a test): `lectern ingest` (one decode, capped-CRF ladder) against one hand-written ffmpeg CLI
# command producing the same ladder at fixed bitrates (-b:v = maxrate = the rung's maxKbps).
# Reports median wall time, media bytes per rung (init + segments) and SSIM per video rung against the source.
#
#   scripts/bench-ingest.sh [ROUNDS]        ROUNDS (default 3) can also be set with BENCH_ROUNDS=N
#
# Environment: BENCH_ROUNDS (rounds), BENCH_SECONDS (source length, default 60), BENCH_KEEP=1 (keep the work dir),
# BENCH_LECTERN (a release lectern binary to measure instead of building one),
# BENCH_LADDER (ladder file, default Config/ladder.json). Needs swift, ffmpeg/ffprobe (with libx264) and python3.
# Builds into .build-bench (git-ignored) so it never collides with other builds; the work dir is under /tmp.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

ROUNDS=${1:-${BENCH_ROUNDS:-3}}
SECONDS_LONG=${BENCH_SECONDS:-60}
LADDER=$(realpath "${BENCH_LADDER:-Config/ladder.json}")
SAMPLE=$ROOT/media/sample-lecture.mp4
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || { echo "bench-ingest: ROUNDS must be a positive integer, got '$ROUNDS'" >&2; exit 2; }
for tool in swift ffmpeg ffprobe python3; do
    command -v "$tool" >/dev/null || { echo "bench-ingest: $tool not found" >&2; exit 2; }
done

WORK=$(mktemp -d /tmp/lectern-bench.XXXXXX)
cleanup() { if [[ ${BENCH_KEEP:-0} == 1 ]]; then echo "bench-ingest: kept $WORK" >&2; else rm -rf "$WORK"; fi; }
trap cleanup EXIT

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
now() { date +%s.%N; }
elapsed() { python3 -c 'import sys; print(f"{float(sys.argv[2]) - float(sys.argv[1]):.2f}")' "$1" "$2"; }

LOAD_BEFORE=$(uptime)
log "load before: $LOAD_BEFORE"

# 1. Build (release, own scratch folder).
if [[ -n ${BENCH_LECTERN:-} ]]; then
    LECTERN=$(realpath "$BENCH_LECTERN")
else
    log "building lectern (release, --scratch-path .build-bench)"
    swift build -c release --scratch-path .build-bench --product lectern >"$WORK/build.log" 2>&1 \
        || { tail -30 "$WORK/build.log" >&2; exit 1; }
    LECTERN=$ROOT/.build-bench/release/lectern
fi

# 2. A 60 s 720p30 lecture from the 45 s sample.
SOURCE=$WORK/bench-source.mp4
log "generating ${SECONDS_LONG}s source"
ffmpeg -nostdin -hide_banner -loglevel error -y -stream_loop 1 -i "$SAMPLE" -t "$SECONDS_LONG" \
    -c:v libx264 -preset veryfast -crf 18 -c:a aac -b:a 128k "$SOURCE"

# The ffmpeg CLI ladder, built from the same ladder file: sizes and frame rates as Lectern plans them (short side
# capped at the source's, even sizes, display aspect kept, fps capped at the source's), x264 settings per rung as
# Lectern sets them, but fixed bitrate (-b:v = -maxrate = maxKbps) instead of capped CRF.
python3 - "$LADDER" "$SOURCE" "$WORK/ffmpeg-args" "$WORK/rungs.tsv" <<'PY'
import json, math, subprocess, sys
ladder_path, source, args_path, rungs_path = sys.argv[1:]
ladder = json.load(open(ladder_path))
probe = json.loads(subprocess.check_output(
    ["ffprobe", "-v", "error", "-show_streams", "-of", "json", source]))["streams"]
video = next(s for s in probe if s["codec_type"] == "video")
audio = next((s for s in probe if s["codec_type"] == "audio"), None)
num, den = map(int, video["avg_frame_rate"].split("/"))
src_fps = num / den
sar = video.get("sample_aspect_ratio", "1:1")
sn, sd = map(int, sar.split(":")) if sar not in ("0:1", "N/A") else (1, 1)
dw, dh = video["width"] * sn / sd, video["height"]
src_short, src_long = min(dw, dh), max(dw, dh)
even_i = lambda v: max(2, int(v) // 2 * 2)
even_r = lambda v: max(2, math.floor(v / 2 + 0.5) * 2)      # Swift .rounded(): half away from zero
rungs = []
for r in ladder["rungs"]:
    if r["height"] > src_short and r.get("role", "regular") == "regular":
        continue                                               # never upscale (floor and slides always kept)
    short = even_i(min(r["height"], src_short))
    long = even_r(short * src_long / src_short)
    w, h = (long, short) if dw >= dh else (short, long)
    fps = max(1, min(r["fps"], round(src_fps)))
    rungs.append(dict(r, w=w, h=h, fps=fps))
tiers = {t["name"]: t for t in ladder["audioTiers"]}
src_ch = int(audio["channels"]) if audio else 0
seg = ladder["segmentSeconds"]; kf = ladder["keyFrameSeconds"]

graph = f"[0:v]split={len(rungs)}" + "".join(f"[s{i}]" for i in range(len(rungs))) + ";"
graph += ";".join(f"[s{i}]fps={r['fps']},scale={r['w']}:{r['h']}:flags=bicubic,setsar=1,format=yuv420p[v{i}]"
                  for i, r in enumerate(rungs))
args = ["-filter_complex", graph]
for i, r in enumerate(rungs):
    g = kf * r["fps"]
    args += ["-map", f"[v{i}]", f"-c:v:{i}", "libx264", f"-preset:v:{i}", r["preset"], f"-profile:v:{i}", r["profile"],
             f"-b:v:{i}", f"{r['maxKbps']}k", f"-maxrate:v:{i}", f"{r['maxKbps']}k", f"-bufsize:v:{i}", f"{r['bufferKbps']}k",
             f"-g:v:{i}", str(g), f"-keyint_min:v:{i}", str(g), f"-x264-params:v:{i}", "scenecut=0:open-gop=0"]
used = [t for t in tiers if any(r["audioTier"] == t for r in rungs) or t == ladder.get("audioOnlyTier")]
streams = []
if audio:
    for j, name in enumerate(used):
        t = tiers[name]
        args += ["-map", "0:a:0", f"-c:a:{j}", "aac", f"-b:a:{j}", str(t["bitrate"]),
                 f"-ac:a:{j}", str(min(src_ch, t["maxChannels"])), f"-ar:a:{j}", str(t["sampleRate"])]
    streams = [f"v:{i},agroup:{r['audioTier']},name:{r['name']}" for i, r in enumerate(rungs)]
    streams += [f"a:{j},agroup:{name},name:{name}" for j, name in enumerate(used)]
else:
    streams = [f"v:{i},name:{r['name']}" for i, r in enumerate(rungs)]
args += ["-f", "hls", "-hls_time", str(seg), "-hls_segment_type", "fmp4", "-hls_playlist_type", "vod",
         "-hls_flags", "independent_segments", "-hls_fmp4_init_filename", "init.mp4",
         "-hls_segment_filename", "%v/seg-%05d.m4s", "-var_stream_map", " ".join(streams),
         "-master_pl_name", "master.m3u8", "%v/index.m3u8"]
open(args_path, "wb").write(b"\0".join(a.encode() for a in args) + b"\0")
with open(rungs_path, "w") as f:
    for r in rungs:
        f.write(f"video\t{r['name']}\t{r['w']}\t{r['h']}\t{r['fps']}\n")
    for name in used:
        f.write(f"audio\t{name}\t\t\t\n")
PY
mapfile -d '' FFMPEG_ARGS <"$WORK/ffmpeg-args"

# 3. Alternating rounds.
: >"$WORK/times.tsv"
for round in $(seq 1 "$ROUNDS"); do
    LIB=$WORK/lectern-lib-$round
    rm -rf "$WORK"/lectern-lib-* "$WORK"/ffmpeg-out-*
    log "round $round/$ROUNDS: lectern ingest"
    t0=$(now)
    /usr/bin/time -f '%U %S' -o "$WORK/cpu" \
        "$LECTERN" ingest "$SOURCE" --title Bench --library "$LIB" --ladder "$LADDER" --force >"$WORK/lectern-$round.log" 2>&1 \
        || { cat "$WORK/lectern-$round.log" >&2; exit 1; }
    t1=$(now)
    printf 'lectern\t%s\t%s\n' "$(elapsed "$t0" "$t1")" "$(awk '{print $1 + $2}' "$WORK/cpu")" >>"$WORK/times.tsv"

    OUT=$WORK/ffmpeg-out-$round
    mkdir -p "$OUT"
    log "round $round/$ROUNDS: ffmpeg CLI ladder"
    t0=$(now)
    (cd "$OUT" && /usr/bin/time -f '%U %S' -o "$WORK/cpu" \
        ffmpeg -nostdin -hide_banner -loglevel error -y -i "$SOURCE" "${FFMPEG_ARGS[@]}") >"$WORK/ffmpeg-$round.log" 2>&1 \
        || { cat "$WORK/ffmpeg-$round.log" >&2; exit 1; }
    t1=$(now)
    printf 'ffmpeg\t%s\t%s\n' "$(elapsed "$t0" "$t1")" "$(awk '{print $1 + $2}' "$WORK/cpu")" >>"$WORK/times.tsv"
    log "round $round: $(tail -2 "$WORK/times.tsv" | tr '\t\n' '= ')"
done
# The last round's outputs are the ones measured (the encoders are deterministic for a given thread count).
PKG=$(find "$LIB/lectures" -mindepth 1 -maxdepth 1 -type d | head -1)
[[ -n $PKG && -f $PKG/master.m3u8 ]] || { echo "bench-ingest: no lectern package in $LIB/lectures" >&2; exit 1; }

# 4. Bytes (init + segments) and SSIM per video rung against the source at the rung's size and frame rate.
ssim() {  # playlist width height fps
    ffmpeg -nostdin -hide_banner -nostats -i "$1" -i "$SOURCE" -an -lavfi \
        "[0:v]setpts=PTS-STARTPTS[main];[1:v]fps=$4,scale=$2:$3:flags=bicubic,setsar=1,format=yuv420p,setpts=PTS-STARTPTS[ref];[main][ref]ssim" \
        -f null - 2>&1 | sed -n 's/.* All:\([0-9.]*\).*/\1/p' | tail -1
}
media_bytes() { find "$1" -maxdepth 1 -type f \( -name '*.mp4' -o -name '*.m4s' \) -printf '%s\n' | awk '{s+=$1} END {print s+0}'; }

: >"$WORK/results.tsv"
while IFS=$'\t' read -r kind name w h fps; do
    lb=$(media_bytes "$PKG/$name"); fb=$(media_bytes "$OUT/$name")
    if [[ $kind == video ]]; then
        log "SSIM $name (${w}x${h}@${fps})"
        ls=$(ssim "$PKG/$name/index.m3u8" "$w" "$h" "$fps"); fs=$(ssim "$OUT/$name/index.m3u8" "$w" "$h" "$fps")
        # the size Lectern actually made, to catch a planner mismatch
        actual=$(ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=p=0:s=x "$PKG/$name/init.mp4")
        [[ $actual == "${w}x${h}" ]] || log "warning: lectern $name is $actual, ffmpeg ladder used ${w}x${h}"
    else
        ls=-; fs=-
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$kind" "$name" "$w" "$h" "$fps" "$lb" "$fb" "$ls|$fs" >>"$WORK/results.tsv"
done <"$WORK/rungs.tsv"

LOAD_AFTER=$(uptime)
log "load after: $LOAD_AFTER"

python3 - "$WORK/times.tsv" "$WORK/results.tsv" "$ROUNDS" "$SECONDS_LONG" "$LOAD_BEFORE" "$LOAD_AFTER" <<'PY'
import statistics, sys
times_path, results_path, rounds, length, load_before, load_after = sys.argv[1:]
times = {"lectern": [], "ffmpeg": []}
cpu = {"lectern": [], "ffmpeg": []}
for line in open(times_path):
    tool, t, c = line.split("\t"); times[tool].append(float(t)); cpu[tool].append(float(c))
ml, mf = statistics.median(times["lectern"]), statistics.median(times["ffmpeg"])
print(f"| rung | lectern kB | ffmpeg kB | lectern SSIM | ffmpeg SSIM |")
print(f"|---|---:|---:|---:|---:|")
tl = tf = 0
for line in open(results_path):
    kind, name, w, h, fps, lb, fb, s = line.rstrip("\n").split("\t")
    lb, fb = int(lb), int(fb); tl += lb; tf += fb
    ls, fs = s.split("|")
    label = f"{name} ({w}x{h}@{fps})" if kind == "video" else name
    fmt = lambda v: f"{float(v):.4f}" if v not in ("-", "") else "-"
    print(f"| {label} | {lb/1000:.0f} | {fb/1000:.0f} | {fmt(ls)} | {fmt(fs)} |")
print(f"| **total** (video + audio) | **{tl/1000:.0f}** | **{tf/1000:.0f}** | | |")
print()
print(f"Wall time, {length} s 720p30 source, median of {rounds}: lectern {ml:.2f} s, ffmpeg CLI {mf:.2f} s, "
      f"ratio lectern/ffmpeg {ml/mf:.2f}; total bytes ratio lectern/ffmpeg {tl/tf:.2f}.")
cl, cf = statistics.median(cpu["lectern"]), statistics.median(cpu["ffmpeg"])
print(f"CPU time (user + sys, less sensitive to other load), median: lectern {cl:.1f} s, ffmpeg CLI {cf:.1f} s, ratio {cl/cf:.2f}.")
print(f"(lectern runs: {', '.join(f'{t:.2f}' for t in times['lectern'])} s; "
      f"ffmpeg runs: {', '.join(f'{t:.2f}' for t in times['ffmpeg'])} s)")
print(f"load before: {load_before.strip()}")
print(f"load after:  {load_after.strip()}")
PY
