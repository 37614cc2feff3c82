#!/usr/bin/env bash
# Benchmark (not a test): adding a language to a published lecture with `lectern add-track` against what a content
# team would otherwise do, re-ingesting the recording with the new language (`lectern ingest --force`).
# Uses the 45 s sample in media/, a generated Chinese SRT (a cue every 3 s) and a generated 45 s AAC track.
#
#   scripts/bench-add-track.sh              LECTERN=path/to/lectern to time another build (default: a release build
#                                           into .build-bench, as scripts/bench-ingest.sh does)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
for tool in ffmpeg python3; do command -v "$tool" >/dev/null || { echo "bench-add-track: $tool not found" >&2; exit 2; }; done
if [[ -z ${LECTERN:-} ]]; then
    swift build -c release --scratch-path .build-bench --product lectern >&2
    LECTERN=$ROOT/.build-bench/release/lectern
fi
WORK=$(mktemp -d /tmp/lectern-bench-add.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
now() { date +%s.%N; }
took() { python3 -c 'import sys; print(f"{float(sys.argv[2]) - float(sys.argv[1]):.2f}")' "$1" "$2"; }

python3 - "$WORK/zh.srt" <<'PY'
import sys
def ts(x): return ("%02d:%02d:%06.3f" % (x // 3600, x % 3600 // 60, x % 60)).replace(".", ",")
cues, t = [], 0.0
while t < 42:
    cues.append(f"{len(cues) + 1}\n{ts(t)} --> {ts(t + 2.5)}\n第{len(cues) + 1}句：疟疾的预防。\n")
    t += 3
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(cues))
PY
ffmpeg -nostdin -v error -y -f lavfi -i "sine=frequency=660:duration=45" -c:a aac "$WORK/fr.m4a"

package=$("$LECTERN" ingest media/sample-lecture.mp4 --title Bench --library "$WORK/lib" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["package"])')
t0=$(now); "$LECTERN" add-track "$package" --subtitles zh="$WORK/zh.srt" >/dev/null; t1=$(now)
"$LECTERN" add-track "$package" --audio fr="$WORK/fr.m4a" >/dev/null; t2=$(now)
"$LECTERN" ingest media/sample-lecture.mp4 --title Bench --library "$WORK/lib" --subtitles zh="$WORK/zh.srt" --audio fr="$WORK/fr.m4a" --force >/dev/null; t3=$(now)
subs=$(took "$t0" "$t1"); audio=$(took "$t1" "$t2"); again=$(took "$t2" "$t3")
echo "| add-track --subtitles | $subs s | re-ingest | $again s | ratio $(python3 -c "print(f'{$subs / $again:.3f}')") |"
echo "| add-track --audio     | $audio s | re-ingest | $again s | ratio $(python3 -c "print(f'{$audio / $again:.3f}')") |"
