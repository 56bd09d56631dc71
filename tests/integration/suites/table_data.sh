#!/usr/bin/env bash
# Checks the table data that pg_dump writes beyond plain tables. That is the rows of extension
# configuration tables (pg_extension_config_dump, with and without a WHERE condition), and the
# rows of partitions of tables hash-partitioned on an enum, which pg_dump 15.3 and later load
# through the partition root. With --include-foreign-data it is also the rows of a postgres_fdw
# foreign table.
#
# For several sets of options it dumps one database with wiredump and with pg_dump 15 -Fc -Z9 and
# compares their pg_restore -l listings (masked as in the differential check) and pg_restore -f -
# SQL. It restores wiredump's archive with pg_restore --exit-on-error and with pg_restore -j 2 and
# compares schema and data with the source, and runs wiredump verify --against on a restore.
#
# The test extension is installed into the extension directory of the test server's PostgreSQL
# (pg_config --sharedir), which must be writable (CI runs as root), and removed at the end.
#
# Environment: WIREDUMP (the wiredump binary, default build/wiredump), WIREDUMP_TEST_PORT (the
# running PostgreSQL 15 test server, default 25434), WIREDUMP_PG_ROOT as for
# scripts/pg-test-server.sh, WIREDUMP_TEST_WORKDIR to keep the archives (default: a temporary
# directory, removed when every check passed).
# Prints "ok - NAME" or "not ok - NAME: REASON" per check and ends with "N passed, M failed".
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
# shellcheck source-path=SCRIPTDIR/..
source "$here/../lib.sh"
# For normalize_toc_list, which masks the time, the versions, dump ids and OIDs.
# shellcheck source-path=SCRIPTDIR/..
source "$here/../differential.sh"

wiredump=${WIREDUMP:-$repo/build/wiredump}
port=${WIREDUMP_TEST_PORT:-25434}
server_script=$repo/scripts/pg-test-server.sh
database=wiredump_test_table_data
remote_database=wiredump_test_table_data_remote
extension=wiredump_table_data_test
suite_start=$(now)
extension_files=()

finish() {
  echo "$passed passed, $failed failed"
  ((failed == 0))
  exit
}

# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
  if ((${#extension_files[@]} > 0)); then
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $database" \
      -c "DROP DATABASE IF EXISTS ${database}_restored" \
      -c "DROP DATABASE IF EXISTS $remote_database" >/dev/null 2>&1
    rm -f "${extension_files[@]}"
  fi
}
trap cleanup EXIT

bin=$("$server_script" bin 15 2>&1) || { fail "table data: client tools" "$bin"; finish; }
socket_dir=$("$server_script" socket-dir)
export PATH="$bin:$PATH" PGHOST=$socket_dir PGPORT=$port PGUSER=postgres
unset PGDATABASE PGPASSWORD PGSERVICE PGOPTIONS

if [[ -n ${WIREDUMP_TEST_WORKDIR:-} ]]; then
  work=$WIREDUMP_TEST_WORKDIR
  mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/wiredump-table-data.XXXXXX")
fi

if ! pg_isready -q; then
  fail "table data: test server" "no server on $socket_dir port $port"
  finish
fi

# The extension has two configuration tables and a configuration sequence. CREATE EXTENSION adds
# the standard kind, which the condition of "kinds" leaves out of the dump, so that the restore
# does not add it twice. "entries" references "kinds", so its rows must load after those of
# "kinds" although its name sorts first.
extension_dir=$(pg_config --sharedir)/extension
extension_files=("$extension_dir/$extension.control" "$extension_dir/$extension--1.0.sql")
if ! {
  cat >"${extension_files[0]}" <<EOF &&
comment = 'wiredump test: extension configuration tables'
default_version = '1.0'
relocatable = false
schema = public
EOF
    cat >"${extension_files[1]}" <<'EOF'
CREATE TABLE kinds (kind text PRIMARY KEY, builtin boolean NOT NULL DEFAULT false);
CREATE TABLE entries (id integer PRIMARY KEY, kind text NOT NULL REFERENCES kinds, note text);
CREATE SEQUENCE entry_ids;
INSERT INTO kinds VALUES ('standard', true);
SELECT pg_catalog.pg_extension_config_dump('kinds', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('entries', '');
SELECT pg_catalog.pg_extension_config_dump('entry_ids', '');
EOF
} 2>"$work/extension.log"; then
  fail "table data: test extension installed" \
    "could not write into $extension_dir: $(last_line_of "$work/extension.log"); run the suite as root"
  rm -f "${extension_files[@]}"
  extension_files=()
  finish
fi
pass "table data: test extension installed"

# The fixture adds rows to the configuration tables after CREATE EXTENSION. It has hash
# partitioning on an enum at the top level, at the lower level only, and on two columns, and
# text-keyed hash partitions that load directly. A foreign table reads another database through
# the server's unix socket.
if createdb "$remote_database" >"$work/setup.log" 2>&1 &&
  psql -X -q -v ON_ERROR_STOP=1 -d "$remote_database" >>"$work/setup.log" 2>&1 \
    -c "CREATE TABLE stock (item text, amount integer)" \
    -c "INSERT INTO stock SELECT 'item ' || i, i FROM generate_series(1, 25) AS i" &&
  createdb "$database" >>"$work/setup.log" 2>&1 &&
  psql -X -q -v ON_ERROR_STOP=1 -d "$database" >>"$work/setup.log" 2>&1 <<SQL
CREATE EXTENSION $extension;
INSERT INTO kinds VALUES ('custom', false), ('local', false);
INSERT INTO entries SELECT i, CASE WHEN i % 3 = 0 THEN 'standard' ELSE 'custom' END, 'entry ' || i
  FROM generate_series(1, 30) AS i;
SELECT setval('entry_ids', 42);

CREATE TYPE mood AS ENUM ('sad', 'calm', 'happy', 'ecstatic');
CREATE TABLE feelings (m mood, n integer) PARTITION BY HASH (m);
CREATE TABLE feelings_0 PARTITION OF feelings FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE feelings_1 PARTITION OF feelings FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO feelings SELECT (enum_range(NULL::mood))[1 + i % 4], i FROM generate_series(1, 200) AS i;

CREATE TABLE days (d integer, m mood) PARTITION BY RANGE (d);
CREATE TABLE days_low PARTITION OF days FOR VALUES FROM (0) TO (50) PARTITION BY HASH (m);
CREATE TABLE days_low_0 PARTITION OF days_low FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE days_low_1 PARTITION OF days_low FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE days_high PARTITION OF days FOR VALUES FROM (50) TO (100);
INSERT INTO days SELECT i, (enum_range(NULL::mood))[1 + i % 4] FROM generate_series(0, 99) AS i;

CREATE TABLE pairs (n integer, m mood) PARTITION BY HASH (n, m);
CREATE TABLE pairs_0 PARTITION OF pairs FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE pairs_1 PARTITION OF pairs FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO pairs SELECT i, (enum_range(NULL::mood))[1 + i % 4] FROM generate_series(1, 60) AS i;

CREATE TABLE words (w text) PARTITION BY HASH (w);
CREATE TABLE words_0 PARTITION OF words FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE words_1 PARTITION OF words FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO words SELECT 'word ' || i FROM generate_series(1, 40) AS i;

CREATE EXTENSION postgres_fdw;
CREATE SERVER remote FOREIGN DATA WRAPPER postgres_fdw
  OPTIONS (host '$socket_dir', port '$port', dbname '$remote_database');
CREATE USER MAPPING FOR postgres SERVER remote OPTIONS (user 'postgres');
CREATE FOREIGN TABLE remote_stock (item text, amount integer) SERVER remote
  OPTIONS (table_name 'stock');
SQL
then
  pass "table data: fixture loaded"
else
  fail "table data: fixture loaded" "$(last_line_of "$work/setup.log")"
  finish
fi

# Dumps the database with pg_dump and wiredump, both given OPTIONS, and compares the archives'
# pg_restore -l listings and pg_restore -f - SQL.
same_as_pg_dump() {
  local name=$1
  shift
  local dir=$work/$name
  mkdir -p "$dir"
  if ! pg_dump -Fc -Z9 "$@" -f "$dir/pg_dump.dump" "$database" >"$dir/pg_dump.log" 2>&1; then
    fail "table data $name" "pg_dump $* failed: $(last_line_of "$dir/pg_dump.log")"
    return
  fi
  if ! timeout 120 "$wiredump" dump -h "$socket_dir" -p "$port" -U postgres "$@" \
    -f "$dir/wiredump.dump" "$database" >"$dir/wiredump.log" 2>&1; then
    fail "table data $name" "wiredump dump $* failed: $(last_line_of "$dir/wiredump.log")"
    return
  fi

  local view side
  local -a difference
  for view in list sql; do
    for side in pg_dump wiredump; do
      if [[ $view == list ]]; then
        pg_restore -l "$dir/$side.dump" >"$dir/$side.list.raw" 2>"$dir/$side.$view.log" &&
          normalize_toc_list "$dir/$side.list.raw" >"$dir/$side.list"
      else
        timeout 120 pg_restore -f - "$dir/$side.dump" >"$dir/$side.sql.raw" 2>"$dir/$side.$view.log" &&
          normalize_sql "$dir/$side.sql.raw" >"$dir/$side.sql"
      fi || {
        fail "table data $name: $view" "pg_restore failed on the $side archive: $(last_line_of "$dir/$side.$view.log")"
        continue 2
      }
    done
    if cmp -s "$dir/pg_dump.$view" "$dir/wiredump.$view"; then
      pass "table data $name: $view"
    else
      mapfile -t difference < <(first_difference "$dir/pg_dump.$view" "$dir/wiredump.$view" 8)
      fail "table data $name: $view" "the archives differ (- pg_dump, + wiredump)" "${difference[@]}"
    fi
  done
}

start=$(now)
same_as_pg_dump everything
same_as_pg_dump data-only -a
same_as_pg_dump schema-only -s
same_as_pg_dump section-data --section=data
same_as_pg_dump extension -e "$extension"
same_as_pg_dump other-extension -e postgres_fdw
same_as_pg_dump schema -n public
same_as_pg_dump config-table -t public.entries
same_as_pg_dump other-table -t public.words
same_as_pg_dump exclude-config-table -T public.kinds
same_as_pg_dump exclude-schema -N public
same_as_pg_dump exclude-config-data --exclude-table-data public.entries
same_as_pg_dump hash-enum-partition -t public.feelings_0 -t public.days_low_1
same_as_pg_dump load-via-root --load-via-partition-root
same_as_pg_dump foreign-data --include-foreign-data remote
note "time: option sets compared in $(seconds_since "$start") s"

# The partitions below a hash on an enum load through the root. Those of the range-partitioned
# days_high and the text-keyed words_0 load directly.
list=$work/everything/wiredump.list.raw
if grep -q 'TABLE DATA public feelings_0 ' "$list" &&
  pg_restore -f - -L <(grep -E 'TABLE DATA public (feelings_0|days_low_1|days_high|words_0) ' "$list") \
    "$work/everything/wiredump.dump" 2>/dev/null | grep '^COPY ' >"$work/copy-targets" &&
  diff -u - "$work/copy-targets" >"$work/copy-targets.diff" <<'EOF'
COPY public.days_high (d, m) FROM stdin;
COPY public.days (d, m) FROM stdin;
COPY public.feelings (m, n) FROM stdin;
COPY public.words_0 (w) FROM stdin;
EOF
then
  pass "table data: COPY targets of partitions"
else
  fail "table data: COPY targets of partitions" "unexpected COPY statements" \
    "$(tr '\n' ' ' <"$work/copy-targets.diff")"
fi

# Replaces the partitions below a hash on an enum by their roots in the data description
# PREFIX.data of DB. A restore routes their rows by the new enum OIDs, so a row may land in
# another partition than in the source.
describe_data_by_root() {
  local db=$1 prefix=$2
  LC_ALL=C grep -a -v -E '^table (feelings|days_low|pairs)_' "$prefix.data" >"$prefix.data.partitions" &&
    psql -X -A -t -F ' | ' -v ON_ERROR_STOP=1 -d "$db" >>"$prefix.data.partitions" 2>>"$prefix.describe.log" \
      -c "SELECT 'root ' || r, count(*), md5(string_agg(t::text, E'\n' ORDER BY t::text COLLATE \"C\"))
            FROM (SELECT 'feelings' AS r, f::text AS t FROM feelings f
                  UNION ALL SELECT 'days', d::text FROM days d
                  UNION ALL SELECT 'pairs', p::text FROM pairs p) AS rows GROUP BY r ORDER BY r" &&
    mv "$prefix.data.partitions" "$prefix.data"
}

# Restores ARCHIVE into a new database with the given pg_restore options and compares schema,
# data and sequences with the source.
restore_matches_source() {
  local name=$1 archive=$2
  shift 2
  local restored=${database}_restored
  local dir=$work/restore-$name
  mkdir -p "$dir"
  dropdb --if-exists "$restored" >/dev/null 2>&1
  createdb "$restored" >"$dir/restore.log" 2>&1
  if ! timeout 120 pg_restore "$@" -d "$restored" "$archive" >>"$dir/restore.log" 2>&1; then
    fail "table data restore $name" "pg_restore $* failed: $(last_line_of "$dir/restore.log")"
    return
  fi
  if ! describe_database "$restored" "$dir/restored" || ! describe_data_by_root "$restored" "$dir/restored"; then
    fail "table data restore $name" "could not describe the restored database: $(last_line_of "$dir/restored.describe.log")"
    return
  fi
  compare_aspect "table data restore $name: schema" "$work/source.schema.sql" "$dir/restored.schema.sql" schema
  compare_aspect "table data restore $name: data" "$work/source.data" "$dir/restored.data" data
  compare_aspect "table data restore $name: sequences" "$work/source.sequences" "$dir/restored.sequences" sequences
}

# Runs wiredump verify --against the restored database on the full archive. It compares a
# configuration table through its extension's condition, and the partitions loaded through a
# root by their total row count.
verify_against_restored() {
  "$wiredump" verify --against "host=$socket_dir port=$port user=postgres dbname=${database}_restored" \
    "$work/everything/wiredump.dump" >"$work/verify-against.out" 2>&1
}

if describe_database "$database" "$work/source" && describe_data_by_root "$database" "$work/source"; then
  restore_matches_source exit-on-error "$work/everything/wiredump.dump" --exit-on-error
  if verify_against_restored; then
    pass "table data: verify --against the restored database"
  else
    fail "table data: verify --against the restored database" "$(grep -m 1 '^problem' "$work/verify-against.out" ||
      last_line_of "$work/verify-against.out")"
  fi
  psql -X -q -d "${database}_restored" -c "INSERT INTO feelings VALUES ('sad', 0)" >/dev/null 2>&1
  if verify_against_restored; then
    fail "table data: verify --against finds a row added below a partition root" "verify passed"
  elif grep -q '^problem: tables loaded through partition root public.feelings .* have 201 rows' \
    "$work/verify-against.out"; then
    pass "table data: verify --against finds a row added below a partition root"
  else
    fail "table data: verify --against finds a row added below a partition root" \
      "$(grep -m 1 '^problem' "$work/verify-against.out" || last_line_of "$work/verify-against.out")"
  fi
  restore_matches_source parallel "$work/everything/wiredump.dump" -j 2
else
  fail "table data: source described" "$(last_line_of "$work/source.describe.log")"
fi

# With --include-foreign-data the restore sends the foreign table's rows back through
# postgres_fdw, so the remote table contains each of its 25 rows twice afterwards.
restore_matches_source foreign-data "$work/foreign-data/wiredump.dump" --exit-on-error
remote_rows=$(psql -X -A -t -d "$remote_database" -c "SELECT count(*) FROM stock" 2>&1)
if [[ $remote_rows == 50 ]]; then
  pass "table data: foreign rows restored through postgres_fdw"
else
  fail "table data: foreign rows restored through postgres_fdw" "the remote table contains $remote_rows rows, expected 50"
fi

note "time: suite $(seconds_since "$suite_start") s"
if ((failed == 0)) && [[ -z ${WIREDUMP_TEST_WORKDIR:-} ]]; then
  rm -rf "$work"
else
  note "archives and logs: $work"
fi
finish
