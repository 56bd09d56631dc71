#!/usr/bin/env bash
# Compares "wiredump dump -Z9" with the real "pg_dump -Fc -Z9" on one local PostgreSQL server
# that this script starts (scripts/pg-test-server.sh) on 127.0.0.1 and a unix socket.
#
# It builds one database with two data sets, unless it already exists with the same sizes:
#   pgbench_*   "pgbench -i" at scale BENCH_PGBENCH_SCALE (100,000 accounts per unit of scale)
#   mixed_rows  rows of text, jsonb, numeric and timestamptz, about BENCH_MIXED_MB MB of COPY text
# Then it dumps that database BENCH_RUNS times with each tool, alternating, to files, and prints
# per tool the median wall time, user+sys CPU time and peak RSS of the dumping process (from
# /usr/bin/time), and the archive size, then the wiredump/pg_dump ratios. Server CPU is not
# counted for either tool. Every wiredump archive is listed with "pg_restore -l", and the first
# one is restored into a fresh database whose row counts are compared with the source.
#
# Usage: bench/dump-vs-pg_dump.sh
# Environment (all optional):
#   WIREDUMP             wiredump binary (default build/wiredump)
#   WIREDUMP_JOBS        value of wiredump's -j (default: not given, so one thread per CPU)
#   BENCH_PORT           server port (default 25447)
#   WIREDUMP_PG_ROOT     server data and socket root (default /tmp/wiredump-bench)
#   BENCH_PGBENCH_SCALE  pgbench scale (default 10, about 95 MB of COPY text)
#   BENCH_MIXED_MB       size of mixed_rows in MB of COPY text (default 200)
#   BENCH_RUNS           dumps per tool (default 3)
#   BENCH_OUT            directory for the archives and timings (default /tmp/wiredump-bench-out)
#   BENCH_KEEP_SERVER    1 leaves the server running at the end
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
wiredump=${WIREDUMP:-$repo/build/wiredump}
port=${BENCH_PORT:-25447}
export WIREDUMP_PG_ROOT=${WIREDUMP_PG_ROOT:-/tmp/wiredump-bench}
scale=${BENCH_PGBENCH_SCALE:-10}
mixed_mb=${BENCH_MIXED_MB:-200}
runs=${BENCH_RUNS:-3}
out=${BENCH_OUT:-/tmp/wiredump-bench-out}
database=bench_s${scale}_m${mixed_mb}
server=$repo/scripts/pg-test-server.sh

die() { printf 'dump-vs-pg_dump: error: %s\n' "$*" >&2; exit 1; }
log() { printf 'dump-vs-pg_dump: %s\n' "$*" >&2; }

[[ -x $wiredump ]] || die "wiredump binary $wiredump not found; build it or set WIREDUMP"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found; install the Debian package \"time\""
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS \"$runs\" is invalid; use a positive integer"

"$server" start 15 "$port" >/dev/null
bin=$("$server" bin 15)
socket_dir=$("$server" socket-dir)
stop_server() {
  [[ ${BENCH_KEEP_SERVER:-0} == 1 ]] || "$server" stop 15 >/dev/null 2>&1 || true
}
trap stop_server EXIT

# Everything connects over the unix socket as the superuser, which the test server trusts.
export PGHOST=$socket_dir PGPORT=$port PGUSER=postgres
psql() { "$bin/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }

create_database() {
  log "creating $database: pgbench scale $scale and mixed_rows of about $mixed_mb MB"
  psql -d postgres -c "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database"
  "$bin/pgbench" -i -q -s "$scale" "$database" >/dev/null 2>&1 || die "pgbench -i failed on $database"

  # About 150 bytes of COPY text per row (measured on the first 1000 rows), so the row count
  # follows from the size.
  local rows=$((mixed_mb * 1000 * 1000 / 150))
  psql -d "$database" <<SQL
CREATE TABLE mixed_rows (
    id bigint PRIMARY KEY,
    label text,
    attributes jsonb,
    amount numeric(14, 4),
    created timestamptz
);
INSERT INTO mixed_rows
SELECT i,
       'customer ' || (i % 50000) || ' ' || md5(i::text),
       jsonb_build_object('tier', i % 7, 'tags', jsonb_build_array('t' || (i % 13), 't' || (i % 29)),
                          'note', substr(md5((i * 7)::text), 1, 8 + i % 20)),
       (i % 100000) * 1.2345 + (i % 7) / 3.0,
       timestamptz '2020-01-01 00:00:00+00' + (i * interval '37 seconds')
FROM generate_series(1, $rows) AS i;
ANALYZE;
SQL
}

if ! psql -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1; then
  create_database
fi

mkdir -p "$out"
rm -f "$out"/*.dump "$out"/*.time

copy_mb=$(psql -d "$database" -Atc \
  "SELECT round(sum(pg_relation_size(oid)) / 1e6) FROM pg_class WHERE relname IN
     ('pgbench_accounts', 'pgbench_branches', 'pgbench_tellers', 'pgbench_history', 'mixed_rows')")
log "database $database: ${copy_mb} MB of table heap; load average $(cut -d' ' -f1-3 /proc/loadavg)"

jobs_option=()
[[ -n ${WIREDUMP_JOBS:-} ]] && jobs_option=(-j "$WIREDUMP_JOBS")

# Runs one dump under /usr/bin/time: wall seconds, user seconds, system seconds, peak RSS in KiB.
timed() {
  local time_file=$1
  shift
  /usr/bin/time -f '%e %U %S %M' -o "$time_file" "$@"
}

for ((run = 1; run <= runs; run++)); do
  log "run $run of $runs: pg_dump, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  timed "$out/pg_dump.$run.time" "$bin/pg_dump" -Fc -Z9 -f "$out/pg_dump.$run.dump" "$database" \
    || die "pg_dump failed in run $run"

  log "run $run of $runs: wiredump, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  timed "$out/wiredump.$run.time" "$wiredump" dump -Z9 "${jobs_option[@]}" -f "$out/wiredump.$run.dump" \
    "$database" || die "wiredump failed in run $run"

  timeout 120 "$bin/pg_restore" -l "$out/wiredump.$run.dump" >/dev/null \
    || die "pg_restore -l failed on $out/wiredump.$run.dump"
done

# Prints the median of the numbers on standard input.
median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Sets the variables wall, cpu, rss_mb and size_mb of one tool from the medians of its runs.
summarize() {
  local tool=$1
  wall=$(cat "$out/$tool".*.time | awk '{ print $1 }' | median)
  cpu=$(cat "$out/$tool".*.time | awk '{ print $2 + $3 }' | median)
  rss_mb=$(cat "$out/$tool".*.time | awk '{ printf "%.1f\n", $4 / 1024 }' | median)
  size_mb=$(stat -c %s "$out/$tool".*.dump | awk '{ printf "%.2f\n", $1 / 1e6 }' | median)
}

summarize pg_dump
pg_wall=$wall pg_cpu=$cpu pg_rss=$rss_mb pg_size=$size_mb
summarize wiredump
wd_wall=$wall wd_cpu=$cpu wd_rss=$rss_mb wd_size=$size_mb

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

printf '\n%-10s %10s %14s %13s %12s\n' tool "wall (s)" "user+sys (s)" "peak RSS MB" "archive MB"
printf '%-10s %10s %14s %13s %12s\n' pg_dump "$pg_wall" "$pg_cpu" "$pg_rss" "$pg_size"
printf '%-10s %10s %14s %13s %12s\n' wiredump "$wd_wall" "$wd_cpu" "$wd_rss" "$wd_size"
printf '%-10s %10s %14s %13s %12s\n' ratio "$(ratio "$wd_wall" "$pg_wall")" "$(ratio "$wd_cpu" "$pg_cpu")" \
  "$(ratio "$wd_rss" "$pg_rss")" "$(ratio "$wd_size" "$pg_size")"
printf '(medians of %s runs; database %s; wiredump %s; load average now %s)\n\n' \
  "$runs" "$database" "${jobs_option[*]:-without -j}" "$(cut -d' ' -f1-3 /proc/loadavg)"

# Restores the first wiredump archive and compares the row count of every table.
restored=${database}_restored
log "restoring $out/wiredump.1.dump into $restored"
psql -d postgres -c "DROP DATABASE IF EXISTS $restored" -c "CREATE DATABASE $restored"
timeout 1800 "$bin/pg_restore" --exit-on-error -d "$restored" "$out/wiredump.1.dump" \
  || die "pg_restore of $out/wiredump.1.dump failed or timed out"

count_rows() {
  psql -d "$1" -Atc "SELECT (SELECT count(*) FROM pgbench_accounts), (SELECT count(*) FROM pgbench_history),
                            (SELECT count(*) FROM mixed_rows), (SELECT sum(hashtext(label)) FROM mixed_rows)"
}
source_counts=$(count_rows "$database")
restored_counts=$(count_rows "$restored")
[[ $source_counts == "$restored_counts" ]] \
  || die "restored rows differ: source $source_counts, restored $restored_counts"
log "restore matches the source: $restored_counts (accounts|history|mixed_rows|label checksum)"
psql -d postgres -c "DROP DATABASE $restored"
