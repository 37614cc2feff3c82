#!/usr/bin/env bash
# The weak-link lab (benchmark, not a test): Lectern against a static server and the ffmpeg CLI's ladder, played by
# headless Chromium and a scripted HLS client through an emulated weak link. See scripts/lab/lab.py --help.
#   scripts/lab/run.sh                                   # every profile, 120 s per run, 1 run (about 1 h 15 min)
#   scripts/lab/run.sh --profiles weak,3g --watch 60 --clients chromium --runs 3
# Needs: a release build of lectern (built here unless LECTERN=path), nginx, ffmpeg/ffprobe, curl, python3 with
# Playwright, Chromium (/usr/bin/chromium or $CHROMIUM). Writes bench/lab-results.md and .json (--out to change).
set -euo pipefail
cd "$(dirname "$0")/../.."
for tool in nginx ffmpeg ffprobe curl python3; do
    command -v "$tool" >/dev/null || { echo "lab: $tool is missing (scripts/install-deps.sh installs the tools)" >&2; exit 1; }
done
lectern="${LECTERN:-}"
if [ -z "$lectern" ]; then
    swift build -c release --product lectern >&2
    lectern="$(swift build -c release --show-bin-path)/lectern"
fi
exec python3 scripts/lab/lab.py --lectern "$lectern" "$@"
