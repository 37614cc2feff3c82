#!/usr/bin/env bash
# The whole test suite: installs what the tests need (idempotent), then runs swift test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --for-tests
swift test "$@"
