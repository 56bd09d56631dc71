# The benchmark datasets, the server they live on, and helpers shared by dump-vs-pg_dump.sh
# and two-connections.sh. Sourced, not run.
#
# Each dataset is its own database, so a dump of it contains that dataset and nothing else:
#   pgbench  bench_pgbench_s<SCALE>  "pgbench -i" at BENCH_PGBENCH_SCALE (default 50: 5,000,000
#            accounts, a 755 MB database, 488 MB of COPY text, mostly blank-padded filler)
#   mixed    bench_mixed_r<ROWS>     one table, mixed_rows, of BENCH_MIXED_ROWS rows (default
#            1,000,000, about 484 bytes of COPY text each): text, jsonb, numeric, timestamptz
#   tables   bench_tables_n<COUNT>   BENCH_TABLES small tables (default 2,000) of 100 rows and a
#            primary key each. A dump locks every table in one transaction, so with the test
#            server's max_locks_per_transaction of 64 and 40 connections, a count much above
#            2,000 fails with "out of shared memory".
# Every value derives from the row number (md5 of a number, arrays indexed by remainders, fixed
# time steps), so each build contains the same bytes. pgbench -i fills its tables without random
# values too.
#
# A database is built once. When it is complete, its name goes into the table
# bench_dataset_complete of the postgres database, and a later run reuses it. A build that was
# interrupted leaves no mark, so the next run drops the database and builds it again.
# shellcheck shell=bash

bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$bench_dir/.." && pwd)
server_script=$repo/scripts/pg-test-server.sh

export WIREDUMP_PG_ROOT=${WIREDUMP_PG_ROOT:-/tmp/wiredump-bench}
bench_port=${BENCH_PORT:-26500}
pgbench_scale=${BENCH_PGBENCH_SCALE:-50}
mixed_rows=${BENCH_MIXED_ROWS:-1000000}
table_count=${BENCH_TABLES:-2000}

# The sourcing script sets bench_name, the prefix of its messages.
bench_name=${bench_name:-bench}
die() { printf '%s: error: %s\n' "$bench_name" "$*" >&2; exit 1; }
log() { printf '%s: %s\n' "$bench_name" "$*" >&2; }
load_average() { cut -d' ' -f1-3 /proc/loadavg; }

# Prints the median of the numbers on standard input.
median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

check_count() {
  [[ $2 =~ ^[1-9][0-9]*$ ]] || die "$1 \"$2\" is invalid; use a positive integer"
}
check_count BENCH_PGBENCH_SCALE "$pgbench_scale"
check_count BENCH_MIXED_ROWS "$mixed_rows"
check_count BENCH_TABLES "$table_count"

# Starts the PostgreSQL 15 test server and sets server_bin and the PG* variables, so that
# psql, pgbench and every dump connect over its unix socket as the trusted superuser.
start_bench_server() {
  "$server_script" start 15 "$bench_port" >/dev/null
  server_bin=$("$server_script" bin 15)
  export PGHOST
  PGHOST=$("$server_script" socket-dir)
  export PGPORT=$bench_port PGUSER=postgres
}

stop_bench_server() {
  [[ ${BENCH_KEEP_SERVER:-0} == 1 ]] || "$server_script" stop 15 >/dev/null 2>&1 || true
}

psql() { PGOPTIONS="-c client_min_messages=warning" "$server_bin/psql" -X -q -v ON_ERROR_STOP=1 "$@"; }

dataset_database() {
  case $1 in
    pgbench) echo "bench_pgbench_s$pgbench_scale" ;;
    mixed) echo "bench_mixed_r$mixed_rows" ;;
    tables) echo "bench_tables_n$table_count" ;;
    *) die "unknown dataset \"$1\"; use pgbench, mixed or tables" ;;
  esac
}

# Prints one line for the results: what the dataset contains and its size on the server.
describe_dataset() {
  local database
  database=$(dataset_database "$1")
  local heap_mb
  heap_mb=$(psql -d "$database" -Atc "SELECT round(sum(pg_relation_size(oid)) / 1e6)
                                        FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace")
  case $1 in
    pgbench) echo "pgbench -i -s $pgbench_scale, $heap_mb MB of table heap" ;;
    mixed) echo "mixed_rows, $mixed_rows rows, $heap_mb MB of table heap" ;;
    tables) echo "$table_count tables of 100 rows, $heap_mb MB of table heap" ;;
  esac
}

build_pgbench() {
  "$server_bin/pgbench" -i -q -s "$pgbench_scale" "$1" >/dev/null 2>&1 || die "pgbench -i failed on $1"
}

build_mixed() {
  psql -d "$1" <<SQL
CREATE TABLE mixed_rows (
    id bigint PRIMARY KEY,
    customer text,
    email text,
    description text,
    attributes jsonb,
    amount numeric(14, 4),
    price numeric(10, 2),
    status text,
    created timestamptz,
    updated timestamptz
);
INSERT INTO mixed_rows
SELECT i,
       'customer ' || (i % 50000),
       'user' || (i::bigint * 7919 % 1000003) || '@mail.example.test',
       (ARRAY['quick', 'brown', 'lazy', 'red', 'blue', 'green', 'small', 'large'])[1 + i % 8] || ' '
         || (ARRAY['order', 'invoice', 'refund', 'shipment', 'return', 'payment', 'quote'])[1 + i % 7]
         || ' for ' || (ARRAY['north', 'south', 'east', 'west', 'central'])[1 + i % 5]
         || ' region, batch ' || (i / 1000) || ', reference ' || md5(i::text) || ', handled by team '
         || (ARRAY['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'])[1 + i % 8]
         || ' after ' || (i % 97) || ' days; ' || repeat('note ', (i % 9)::int),
       jsonb_build_object(
         'tier', i % 7,
         'tags', jsonb_build_array('t' || (i % 13), 't' || (i % 29), 't' || (i % 31)),
         'note', substr(md5((i * 7)::text), 1, (8 + i % 20)::int),
         'address', jsonb_build_object(
           'street', (i % 900 + 1) || ' ' || (ARRAY['Oak', 'Elm', 'Pine', 'Maple', 'Cedar', 'Birch'])[1 + i % 6]
                     || ' Street',
           'city', (ARRAY['Springfield', 'Riverton', 'Lakeside', 'Hillview', 'Fairmont', 'Brookfield'])[1 + i % 6],
           'zip', lpad((i * 31 % 99999)::text, 5, '0')),
         'active', i % 3 <> 0,
         'score', round((i % 1000) / 7.0, 3)),
       (i % 100000) * 1.2345 + (i % 7) / 3.0,
       (i * 37 % 1000000) / 100.0,
       (ARRAY['new', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded'])[1 + i % 6] || ' '
         || md5((i * 3)::text),
       timestamptz '2020-01-01 00:00:00+00' + i * interval '37 seconds',
       timestamptz '2020-01-01 00:00:00+00' + i * interval '37 seconds' + (i % 5000) * interval '1 minute'
FROM generate_series(1, $mixed_rows) AS i;
VACUUM ANALYZE mixed_rows;
SQL
}

build_tables() {
  psql -d "$1" <<SQL
DO \$\$
BEGIN
    FOR t IN 1..$table_count LOOP
        EXECUTE format('CREATE TABLE %I (id integer PRIMARY KEY, name text, amount numeric(10, 2),
                                         updated timestamptz)', 'small_' || lpad(t::text, 5, '0'));
        EXECUTE format('INSERT INTO %I
                        SELECT i, %L || i, (i * %s %% 10000) / 100.0,
                               timestamptz ''2024-01-01 00:00:00+00'' + i * interval ''1 hour''
                        FROM generate_series(1, 100) AS i',
                       'small_' || lpad(t::text, 5, '0'), 'item ' || t || '.', t);
        -- Each new table takes locks until the commit, and the server's lock table has room
        -- for about 64 per connection slot (max_locks_per_transaction).
        IF t % 100 = 0 THEN
            COMMIT;
        END IF;
    END LOOP;
END
\$\$;
VACUUM ANALYZE;
SQL
}

# Builds the database of a dataset unless a complete one exists.
ensure_dataset() {
  local dataset=$1
  local database
  database=$(dataset_database "$dataset")
  psql -d postgres -c "CREATE TABLE IF NOT EXISTS bench_dataset_complete (database name PRIMARY KEY)"
  if [[ $(psql -d postgres -Atc "SELECT count(*) FROM bench_dataset_complete WHERE database = '$database'") == 1 ]]; then
    return 0
  fi

  log "building $database (load average $(load_average))"
  local started=$SECONDS
  psql -d postgres -c "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database"
  "build_$dataset" "$database"
  psql -d postgres -c "INSERT INTO bench_dataset_complete VALUES ('$database')"
  log "built $database in $((SECONDS - started)) s"
}
