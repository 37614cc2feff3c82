#!/usr/bin/env bash
# Benchmark (not a test): what slide-change chapters cost an ingest, and how well they are found.
#
#   scripts/bench-chapters.sh cost [ROUNDS]     the bench lecture (60 s 720p30 from the sample, as bench-ingest.sh
#                                               makes it) ingested with chapters, with chapters but --no-slide-text
#                                               (detection and thumbnails, no OCR) and with --no-chapters, in turn;
#                                               median wall and CPU time and the cost of each (default 3 rounds)
#   scripts/bench-chapters.sh accuracy [DIR]    the labelled set (scripts/chapters-testset.py, into DIR, default
#                                               /tmp/lectern-chapters-set, made if missing) ingested with chapters,
#                                               then scored by scripts/chapters-score.py: precision and recall of the
#                                               changes within ±2 s, title CER per language
#
# Environment: BENCH_LECTERN (a release lectern to measure instead of building one into .build-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MODE=${1:-}
log() { printf '[bench-chapters %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
case "$MODE" in
    cost|accuracy) ;;
    *) echo "usage: scripts/bench-chapters.sh cost [ROUNDS] | accuracy [DIR]" >&2; exit 2 ;;
esac

if [[ -n ${BENCH_LECTERN:-} ]]; then
    LECTERN=$(realpath "$BENCH_LECTERN")
else
    log "building lectern (release, --scratch-path .build-bench)"
    swift build -c release --scratch-path .build-bench --product lectern >/tmp/lectern-bench-chapters-build.log 2>&1 \
        || { tail -30 /tmp/lectern-bench-chapters-build.log >&2; exit 1; }
    LECTERN=$ROOT/.build-bench/release/lectern
fi

if [[ $MODE == accuracy ]]; then
    SET=${2:-/tmp/lectern-chapters-set}
    [[ -f $SET/index.json ]] || { log "making the labelled set in $SET"; python3 scripts/chapters-testset.py "$SET"; }
    LIBRARY=$(mktemp -d /tmp/lectern-chapters-library.XXXXXX)
    trap 'rm -rf "$LIBRARY"' EXIT
    for labels in "$SET"/*/labels.json; do
        read -r name file language < <(python3 -c 'import json,sys; l=json.load(open(sys.argv[1])); print(l["name"], l["file"], l["language"])' "$labels")
        log "ingesting $name ($language)"
        "$LECTERN" ingest "$(dirname "$labels")/$file" --title "$name" --language "$language" --library "$LIBRARY" >/dev/null
    done
    python3 scripts/chapters-score.py "$SET" "$LIBRARY"
    exit 0
fi

ROUNDS=${2:-3}
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || { echo "bench-chapters: ROUNDS must be a positive integer, got '$ROUNDS'" >&2; exit 2; }
WORK=$(mktemp -d /tmp/lectern-bench-chapters.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
SOURCE=$WORK/bench-source.mp4
ffmpeg -nostdin -hide_banner -loglevel error -y -stream_loop 1 -i media/sample-lecture.mp4 -t 60 \
    -c:v libx264 -preset veryfast -crf 18 -c:a aac -b:a 128k "$SOURCE"
log "load before: $(uptime)"
# Wall and CPU seconds of one ingest into a fresh library.
run() {
    rm -rf "$WORK/library"
    /usr/bin/time -f "%e %U %S" -o "$WORK/time" "$LECTERN" ingest "$SOURCE" --title Bench --library "$WORK/library" "$@" >/dev/null
    read -r wall user sys <"$WORK/time"
    python3 -c 'import sys; print(sys.argv[1], float(sys.argv[2]) + float(sys.argv[3]))' "$wall" "$user" "$sys"
}
: >"$WORK/with"
: >"$WORK/detect"
: >"$WORK/without"
for round in $(seq "$ROUNDS"); do
    run >>"$WORK/with"
    run --no-slide-text >>"$WORK/detect"
    run --no-chapters >>"$WORK/without"
    log "round $round: with $(tail -1 "$WORK/with"), detection only $(tail -1 "$WORK/detect"), without $(tail -1 "$WORK/without") (wall s, CPU s)"
done
log "load after: $(uptime)"
python3 - "$WORK/with" "$WORK/detect" "$WORK/without" <<'PY'
import statistics, sys
def read(path):
    rows = [tuple(map(float, line.split())) for line in open(path)]
    return statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows)
rows = [("chapters (detection, thumbnails, OCR)", read(sys.argv[1])), ("--no-slide-text (detection, thumbnails)", read(sys.argv[2])),
        ("--no-chapters", read(sys.argv[3]))]
base_wall, base_cpu = rows[-1][1]
print("| ingest of the 60 s bench lecture | wall (s, median) | CPU (s, median) | wall cost | CPU cost |")
print("|---|---:|---:|---:|---:|")
for name, (wall, cpu) in rows:
    print(f"| {name} | {wall:.2f} | {cpu:.2f} | {100 * (wall / base_wall - 1):+.1f} % | {100 * (cpu / base_cpu - 1):+.1f} % |")
PY
