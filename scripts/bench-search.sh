#!/usr/bin/env bash
# Benchmark (not a test): search across a generated library of N lectures (default 1,000: English, French and Chinese,
# 30 chapters with slide text and 400 subtitle cues each), with Lectern's index (lectern-search-bench, release) and
# with SQLite FTS5 (trigram tokenizer) on the same units and queries. Prints both and the ratio of their p95 latency.
#
#   scripts/bench-search.sh [LECTURES]
#
# Builds into .build-bench (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
LECTURES=${1:-1000}
[[ $LECTURES =~ ^[1-9][0-9]*$ ]] || { echo "bench-search: LECTURES must be a positive integer, got '$LECTURES'" >&2; exit 2; }
WORK=$(mktemp -d /tmp/lectern-search-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
log() { printf '[bench-search %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

log "building lectern-search-bench (release, --scratch-path .build-bench)"
swift build -c release --scratch-path .build-bench --product lectern-search-bench >"$WORK/build.log" 2>&1 \
    || { tail -30 "$WORK/build.log" >&2; exit 1; }
log "Lectern: $LECTURES lectures"
lectern=$(.build-bench/release/lectern-search-bench --lectures "$LECTURES" --export "$WORK")
log "SQLite FTS5 (trigram) on the same $(wc -l <"$WORK/units.jsonl") units"
fts=$(python3 scripts/bench-search.py "$WORK")
python3 - "$lectern" "$fts" <<'PY'
import json, sys
a, b = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"| | build (s) | p50 (ms) | p95 (ms) | max (ms) | queries with results |")
print(f"|---|---|---|---|---|---|")
print(f"| Lectern ({a['lectures']} lectures, {a['units']} units, peak RSS {a['peak_rss']}) | {a['build_seconds']} | {a['p50_ms']} | {a['p95_ms']} | {a['max_ms']} | {a['with_results']}/{a['queries']} |")
print(f"| SQLite FTS5 trigram | {b['build_seconds']} | {b['p50_ms']} | {b['p95_ms']} | {b['max_ms']} | {b['with_results']}/{b['queries']} |")
print(f"\np95 ratio FTS5 / Lectern: {b['p95_ms'] / max(a['p95_ms'], 1e-6):.1f}x")
PY
