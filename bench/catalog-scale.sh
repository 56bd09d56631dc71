#!/usr/bin/env bash
# Times schema-only dumps of databases with many tables: "wiredump dump -s" against the real
# "pg_dump -Fc -s", on one local PostgreSQL 15 server that this script starts
# (scripts/pg-test-server.sh) on 127.0.0.1 and a unix socket.
#
# For each table count it builds one database with tests/integration/setup/many_tables.sql,
# unless it already exists with that many tables. Each table has a serial primary key, a foreign
# key, a CHECK constraint, defaults, an index, comments and a grant. Then it dumps the database
# BENCH_RUNS times with each tool, alternating, and prints the median wall time of each. It also
# prints the median time of wiredump's catalog phase, from its -v line "read the catalog: ...",
# and how much of that went to waiting for query results.
#
# Both tools lock every dumped table until the dump ends. A schema-only dump reads no sequence
# values, so it takes no lock on a sequence. PostgreSQL sizes its shared lock table for
# max_locks_per_transaction times (max_connections + max_prepared_transactions) locks, plus the
# slots of background processes. With the defaults of 64 and 40 connections that is about 4,000
# locks, and a dump of 20,000 tables fails with "out of shared memory". So the script raises
# max_locks_per_transaction to fit the largest database, and restarts the server, when the
# current value is too small.
#
# Usage: bench/catalog-scale.sh
# Environment (all optional):
#   WIREDUMP             wiredump binary (default build/wiredump)
#   BENCH_PORT           server port (default 25449)
#   WIREDUMP_PG_ROOT     server data and socket root (default /tmp/wiredump-bench-scale)
#   BENCH_TABLE_COUNTS   table counts, one database each (default "2000 20000")
#   BENCH_DB_PREFIX      database name prefix; the table count is appended (default catalog_scale_)
#   BENCH_RUNS           dumps per tool and database (default 3)
#   BENCH_OUT            directory for the archives and timings (default /tmp/wiredump-bench-scale-out)
#   BENCH_KEEP_SERVER    1 leaves the server running at the end
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
wiredump=${WIREDUMP:-$repo/build/wiredump}
port=${BENCH_PORT:-25449}
export WIREDUMP_PG_ROOT=${WIREDUMP_PG_ROOT:-/tmp/wiredump-bench-scale}
read -r -a table_counts <<<"${BENCH_TABLE_COUNTS:-2000 20000}"
prefix=${BENCH_DB_PREFIX:-catalog_scale_}
runs=${BENCH_RUNS:-3}
out=${BENCH_OUT:-/tmp/wiredump-bench-scale-out}
server=$repo/scripts/pg-test-server.sh

die() { printf 'catalog-scale: error: %s\n' "$*" >&2; exit 1; }
log() { printf 'catalog-scale: %s\n' "$*" >&2; }

[[ -x $wiredump ]] || die "wiredump binary $wiredump not found; build it or set WIREDUMP"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found; install the Debian package \"time\""
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS \"$runs\" is invalid; use a positive integer"
for count in "${table_counts[@]}"; do
  [[ $count =~ ^[1-9][0-9]*$ ]] || die "table count \"$count\" in BENCH_TABLE_COUNTS is invalid; use positive integers"
done

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

# Raises max_locks_per_transaction so that the lock table holds every table of the largest
# database, with room for the catalogs and other sessions, and restarts the server.
ensure_lock_capacity() {
  local largest=0 count current connections needed
  for count in "${table_counts[@]}"; do
    ((count > largest)) && largest=$count
  done
  current=$(psql -d postgres -Atc "SHOW max_locks_per_transaction")
  connections=$(psql -d postgres -Atc "SHOW max_connections")
  needed=$(((largest + 1 + 256 + connections - 1) / connections))
  ((current >= needed)) && return 0

  log "raising max_locks_per_transaction from $current to $needed for $((largest + 1)) tables; restarting the server"
  psql -d postgres -c "ALTER SYSTEM SET max_locks_per_transaction = $needed" >/dev/null
  "$server" stop 15 >/dev/null 2>&1
  "$server" start 15 "$port" >/dev/null
}

table_count_of() {
  psql -d "$1" -Atc "SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relname LIKE 'item\_%'" 2>/dev/null || echo 0
}

create_database() {
  local database=$1 count=$2 started
  started=$(date +%s)
  log "creating $database with $count tables"
  psql -d postgres -c "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database"
  psql -d "$database" -v table_count="$count" -f "$repo/tests/integration/setup/many_tables.sql" >/dev/null
  log "created $database in $(($(date +%s) - started)) s"
}

# Prints the median of the numbers on standard input.
median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# Dumps one database BENCH_RUNS times with each tool and prints one result line.
bench_database() {
  local database=$1 count=$2 run
  rm -f "$out/$database".*
  for ((run = 1; run <= runs; run++)); do
    log "$database run $run of $runs: pg_dump, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    /usr/bin/time -f '%e' -o "$out/$database.pg_dump.$run.time" \
      "$bin/pg_dump" -Fc -s -f "$out/$database.pg_dump.dump" "$database" || die "pg_dump failed on $database"

    log "$database run $run of $runs: wiredump, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    /usr/bin/time -f '%e' -o "$out/$database.wiredump.$run.time" \
      "$wiredump" dump -v -s -f "$out/$database.wiredump.$run.dump" "$database" \
      2>"$out/$database.wiredump.$run.log" || die "wiredump failed on $database: $(tail -n 1 "$out/$database.wiredump.$run.log")"
    rm -f "$out/$database.wiredump.$run.dump.manifest.json"
  done

  local listed
  listed=$("$bin/pg_restore" -l "$out/$database.wiredump.1.dump" | grep -c ' TABLE public item_') \
    || die "pg_restore -l failed on $out/$database.wiredump.1.dump"
  ((listed == count)) || die "pg_restore -l lists $listed item tables in $out/$database.wiredump.1.dump, expected $count"

  local pg_wall wd_wall catalog waiting
  pg_wall=$(cat "$out/$database".pg_dump.*.time | median)
  wd_wall=$(cat "$out/$database".wiredump.*.time | median)
  # "read the catalog: N tables, M archive entries, in X s (Q queries, Y s of it waiting ...)"
  catalog=$(sed -n -E 's/.*read the catalog: .* in ([0-9.]+) s \(.*/\1/p' "$out/$database".wiredump.*.log | median)
  waiting=$(sed -n -E 's/.*queries, ([0-9.]+) s of it waiting.*/\1/p' "$out/$database".wiredump.*.log | median)
  printf '%-8s %14s %15s %7s %19s %14s\n' "$count" "$pg_wall" "$wd_wall" "$(ratio "$wd_wall" "$pg_wall")" \
    "$catalog" "$waiting" >>"$out/results"
}

ensure_lock_capacity
mkdir -p "$out"
: >"$out/results"
for count in "${table_counts[@]}"; do
  database=$prefix$count
  [[ $(table_count_of "$database") == "$count" ]] || create_database "$database" "$count"
  bench_database "$database" "$count"
done

printf '\n%-8s %14s %15s %7s %19s %14s\n' tables "pg_dump -s (s)" "wiredump -s (s)" ratio \
  "wiredump catalog (s)" "of it waiting"
cat "$out/results"
printf '(medians of %s runs each; load average now %s)\n' "$runs" "$(cut -d' ' -f1-3 /proc/loadavg)"
grep -h 'read the catalog' "$out/$prefix${table_counts[-1]}.wiredump.1.log" || true
