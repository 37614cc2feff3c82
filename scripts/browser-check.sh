#!/usr/bin/env bash
# Browser check for the segment server: ingests a short generated clip, serves it with `lectern serve` and has headless
# Chromium (Debian's, driven by Playwright from PyPI) play /watch/<id> (scripts/browser-check.py).
# Needs: scripts/install-deps.sh --with-browser-check. Usage: scripts/browser-check.sh [path/to/lectern]
set -euo pipefail
cd "$(dirname "$0")/.."
lectern="${1:-}"
if [ -z "$lectern" ]; then
    swift build --product lectern >&2
    lectern="$(swift build --show-bin-path)/lectern"
fi
work="$(mktemp -d)"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

ffmpeg -nostdin -v error -f lavfi -i testsrc2=size=640x360:rate=30 -f lavfi -i sine -t 12 \
    -c:v libx264 -preset ultrafast -c:a aac "$work/clip.mp4"
"$lectern" ingest "$work/clip.mp4" --title "Browser check <é>" --library "$work/library" >/dev/null
id="$(ls "$work/library/lectures" | head -n 1)"
port="${PORT:-$((20000 + RANDOM % 20000))}"
"$lectern" serve --library "$work/library" --host 127.0.0.1 --port "$port" >/dev/null &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
python3 scripts/browser-check.py "http://127.0.0.1:$port/watch/$id"
