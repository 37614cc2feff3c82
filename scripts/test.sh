#!/usr/bin/env bash
# The whole test suite: installs what the tests need (idempotent), then runs swift test (arguments passed on).
# Fails, even when every test passed, if the output holds an "NIO API misuse" warning: SwiftNIO prints it when a test
# drives an EmbeddedChannel from a thread other than its own, and will turn it into a crash in a later version.
# Also fails when the tree is not as swift-format writes it (.swift-format), so style is never a review topic.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --for-tests

log="$(mktemp "${TMPDIR:-/tmp}/lectern-test.XXXXXX")"
trap 'rm -f "$log"' EXIT
status=0
sources=(Sources Tests Benchmarks Package.swift)
if ! swift format lint --strict --recursive --parallel "${sources[@]}"; then
    echo "test.sh: the lines above are not formatted; run: swift format format --in-place --recursive --parallel ${sources[*]}" >&2
    status=1
fi
swift test "$@" 2>&1 | tee "$log" || status=$?
misuse="$(grep -c "NIO API misuse" "$log" || true)"
if [ "$misuse" -gt 0 ]; then
    echo "test.sh: $misuse \"NIO API misuse\" warnings above: an EmbeddedChannel was used off its own thread" >&2
    [ "$status" -ne 0 ] || status=1
fi
exit "$status"
