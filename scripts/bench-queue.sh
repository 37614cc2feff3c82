#!/usr/bin/env bash
# Benchmark: the job queue's coordination throughput. N simulated workers (lectern-queue-bench) claim, heartbeat and
# complete no-op jobs against a throwaway PostgreSQL cluster until the queue is empty, at N = 1, 8 and 64; beside it,
# pgbench runs the same three statements (claim with SKIP LOCKED, renew, finish) at the same concurrency, which is what
# PostgreSQL alone does with no queue library around it. Also SQLite (the embedded queue) at N = 1 and 8.
# Target (issue 15): >= 500 jobs/s claimed at N = 64 on PostgreSQL, none claimed twice, none lost.
#
# Usage: scripts/bench-queue.sh [path/to/lectern-queue-bench]   (default: a release build into .build-bench)
# Env: JOBS (default 20000).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs_total="${JOBS:-20000}"
bench="${1:-}"
if [ -z "$bench" ]; then
    swift build -c release --scratch-path .build-bench --product lectern-queue-bench >&2
    bench=".build-bench/release/lectern-queue-bench"
fi
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
work="$(mktemp -d /tmp/lectern-bench-queue.XXXXXX)"
chown postgres:postgres "$work"
port=$((20000 + RANDOM % 20000))
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() { as_pg "$bin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
as_pg "$bin/initdb" -D "$work/data" -A trust -U lectern --no-sync >/dev/null
# pg_ctl's server must not inherit this shell's descriptors beyond 0-2 (a caller's pipe would never close).
as_pg bash -c "exec 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-; '$bin/pg_ctl' -D '$work/data' -l '$work/log' -w \
    -o '-p $port -k $work -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=256MB' start" >/dev/null
url() { echo "postgresql://lectern@127.0.0.1:$port/$1"; }
mkdb() { "$bin/createdb" -h 127.0.0.1 -p "$port" -U lectern "$1"; }

echo "# Queue coordination: $jobs_total no-op jobs, claim + 1 heartbeat + complete each ($(date -u +%F), $(nproc) cores)"
printf "%-34s %10s %12s %8s\n" "queue" "workers" "jobs/s" "ratio"
for workers in 1 8 64; do
    mkdb "ours$workers"
    ours="$(timeout 600 "$bench" --queue "$(url ours$workers)" --workers "$workers" --jobs "$jobs_total")"
    ours_rate="$(python3 -c "import json,sys; r=json.loads(sys.argv[1]); assert r['claimed_twice']==0 and r['lost']==0; print(round(r['claims_per_second']))" "$ours")"

    mkdb "pgb$workers"
    timeout 600 "$bench" --queue "$(url pgb$workers)" --jobs "$jobs_total" --fill-only yes >/dev/null
    cat > "$work/claim.sql" <<'SQL'
UPDATE lectern_jobs SET state = 'running', attempt = attempt + 1, worker = 'pgbench', lease_expires_at = extract(epoch from clock_timestamp()) + 60
WHERE id = (SELECT id FROM lectern_jobs WHERE state = 'queued' ORDER BY run_after, created_at LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id, attempt \gset
UPDATE lectern_jobs SET lease_expires_at = extract(epoch from clock_timestamp()) + 60, progress = 0.5 WHERE id = :id AND attempt = :attempt AND state = 'running';
UPDATE lectern_jobs SET state = 'published', lecture_id = 'l', progress = 1, finished_at = extract(epoch from clock_timestamp()) WHERE id = :id AND attempt = :attempt AND state = 'running';
SQL
    per_client=$((jobs_total / workers))
    pg_out="$(timeout 600 "$bin/pgbench" -h 127.0.0.1 -p "$port" -U lectern -n -M extended -c "$workers" -j 2 -t "$per_client" -f "$work/claim.sql" "pgb$workers" 2>&1)"
    pg_rate="$(echo "$pg_out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1)"
    ratio="$(python3 -c "print(f'{$ours_rate/$pg_rate:.2f}')")"
    printf "%-34s %10s %12s %8s\n" "PostgreSQL, lectern JobQueue" "$workers" "$ours_rate" "$ratio"
    printf "%-34s %10s %12.0f %8s\n" "PostgreSQL, pgbench (same SQL)" "$workers" "$pg_rate" "1.00"
done
for workers in 1 8; do
    sqlite="$(timeout 600 "$bench" --queue "$work/queue$workers.sqlite" --workers "$workers" --jobs "$jobs_total")"
    rate="$(python3 -c "import json,sys; r=json.loads(sys.argv[1]); assert r['claimed_twice']==0 and r['lost']==0; print(round(r['claims_per_second']))" "$sqlite")"
    printf "%-34s %10s %12s %8s\n" "SQLite (embedded), lectern JobQueue" "$workers" "$rate" "-"
done
echo "none claimed twice, none lost (checked in every lectern-queue-bench run)"
