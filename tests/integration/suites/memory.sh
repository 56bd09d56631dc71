#!/usr/bin/env bash
# Checks that a dump's memory stays bounded whatever the size of a table or of a single value.
#
# The source database, generated on the server, has:
#   one_value   one row with a bytea of WIREDUMP_MEMORY_VALUE_MIB MiB (default 256), which COPY
#               sends as one CopyData message of twice that size in hex;
#   many_rows   262,144 rows of about 1,000 bytes, 250 MiB of COPY text;
#   a large object of 64 MiB.
# Each dump runs under GNU time, which reports its peak RSS. The bounds are those wiredump
# promises: at most 2 * value + 64 MiB for the dump of one_value and its large object, and at
# most 64 MiB for many_rows. The zstd level 19 dump runs with -v, and its log must name the worker
# threads that zstd gives up to fit its memory budget. pg_restore restores every archive into a new database (under
# timeout, because pg_restore loops forever on some broken data members), and the md5 of the
# value, of the rows and of the large object must equal the source's. zstd and lz4 archives need
# pg_restore 16 or later, so pg_restore 18 restores them through its SQL output without the
# "SET transaction_timeout" line that the PostgreSQL 15 test server rejects.
#
# Environment:
#   WIREDUMP                   the wiredump binary (default: build/wiredump)
#   WIREDUMP_TEST_PORT         port of the running PostgreSQL 15 test server (default 25434)
#   WIREDUMP_PG_MATRIX         pg-matrix.sh that provides pg_restore 18 (default: scripts/pg-matrix.sh)
#   WIREDUMP_MEMORY_VALUE_MIB  size of the single bytea value in MiB (default 256)
#   WIREDUMP_TEST_TIMEOUT      seconds before a dump or restore is stopped (default 300)
#   WIREDUMP_TEST_WORKDIR      keep archives and logs here (default: a temporary directory,
#                              removed when every check passes)
#   WIREDUMP_PG_ROOT           as for scripts/pg-test-server.sh
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
integration=$(cd "$here/.." && pwd)
repo=$(cd "$integration/../.." && pwd)
# shellcheck source-path=SCRIPTDIR/..
source "$integration/lib.sh"

read -r -a wiredump <<<"${WIREDUMP:-$repo/build/wiredump}"
port=${WIREDUMP_TEST_PORT:-25434}
matrix=${WIREDUMP_PG_MATRIX:-$repo/scripts/pg-matrix.sh}
value_mib=${WIREDUMP_MEMORY_VALUE_MIB:-256}
time_limit=${WIREDUMP_TEST_TIMEOUT:-300}
server_script=$repo/scripts/pg-test-server.sh
source_db=wiredump_test_memory
suite_start=$(now)

abort() {
  fail "memory: setup: $1" "$2"
  echo "$passed passed, $failed failed"
  exit 1
}

bin15=$("$server_script" bin 15 2>&1) || abort "client tools 15" "$bin15"
socket_dir=$("$server_script" socket-dir)
export PATH="$bin15:$PATH"
export PGHOST=$socket_dir PGPORT=$port PGUSER=postgres
unset PGDATABASE PGPASSWORD PGSERVICE PGSSLMODE PGOPTIONS

[[ -x ${wiredump[0]} ]] || abort "dump command" "'${wiredump[0]}' not found or not executable"
[[ -x /usr/bin/time ]] || abort "GNU time" "/usr/bin/time not found; install the Debian package 'time'"
[[ $value_mib =~ ^[1-9][0-9]*$ ]] || abort "value size" "WIREDUMP_MEMORY_VALUE_MIB='$value_mib' is not a positive number of MiB"
pg_isready -q || abort "test server" "no server on $socket_dir port $port"
if ! bin18=$("$matrix" bin 18 2>&1) || [[ ! -x $bin18/pg_restore ]]; then
  abort "client tools 18" "'$matrix bin 18' gave no pg_restore: $bin18; run '$matrix install'"
fi

if [[ -n ${WIREDUMP_TEST_WORKDIR:-} ]]; then
  work=$WIREDUMP_TEST_WORKDIR
  mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/wiredump-memory.XXXXXX")
fi

# Each MiB of the value is 65,536 copies of one md5, a different one per MiB, so the value
# compresses fast but is not one repeated pattern. The rows are 31 copies of their id's md5.
# STORAGE EXTERNAL keeps the server from compressing them into the table on the way in.
load_source() {
  recreate_database "$source_db" >"$work/load.log" 2>&1 &&
    psql -X -q -v ON_ERROR_STOP=1 -d "$source_db" -v value_mib="$value_mib" >>"$work/load.log" 2>&1 <<'SQL'
CREATE TABLE one_value (id integer PRIMARY KEY, v bytea);
ALTER TABLE one_value ALTER v SET STORAGE EXTERNAL;
INSERT INTO one_value
  SELECT 1, string_agg(decode(repeat(md5(i::text), 65536), 'hex'), ''::bytea ORDER BY i)
  FROM generate_series(1, :value_mib) AS i;

CREATE TABLE many_rows (id integer PRIMARY KEY, t text);
ALTER TABLE many_rows ALTER t SET STORAGE EXTERNAL;
INSERT INTO many_rows SELECT i, repeat(md5(i::text), 31) FROM generate_series(1, 262144) AS i;

SELECT lo_from_bytea(0, string_agg(decode(repeat(md5((-i)::text), 65536), 'hex'), ''::bytea ORDER BY i))
  FROM generate_series(1, 64) AS i;
SQL
}

# Prints the md5 of what a dump of kind $2 contains in database $1: for "value" the bytea value and
# the large object, for "rows" the row count and an md5 over every row's md5.
describe_content() {
  local db=$1 kind=$2
  if [[ $kind == value ]]; then
    psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$db" \
      -c "SELECT 'one_value ' || md5(v) || ' ' || length(v) FROM one_value" \
      -c "SELECT 'large object ' || md5(lo_get(oid)) FROM pg_largeobject_metadata"
  else
    psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$db" \
      -c "SELECT 'many_rows ' || count(*) || ' ' || md5(string_agg(md5(t), '' ORDER BY id)) FROM many_rows"
  fi
}

# Restores archive $2 into a new database $1: pg_restore 15 for archive version 1.14 (gzip),
# pg_restore 18 through its SQL output for zstd and lz4. sed drops the SET line, because GNU grep
# 3.8 took minutes over the value's single COPY line of 512 MiB read from a pipe.
restore_archive() {
  local db=$1 archive=$2 compression=$3 log=$4
  recreate_database "$db" >"$log" 2>&1 || return 1
  if [[ $compression == gzip* ]]; then
    timeout "$time_limit" pg_restore --exit-on-error -d "$db" "$archive" >>"$log" 2>&1
  else
    timeout "$time_limit" "$bin18/pg_restore" -f - "$archive" 2>>"$log" |
      sed '/^SET transaction_timeout = 0;$/d' | psql -X -q -v ON_ERROR_STOP=1 -d "$db" >>"$log" 2>&1
  fi
}

# Dumps with the given options under GNU time, checks the peak RSS against limit_mib, restores
# the archive and compares the content of kind ("value" or "rows") with the source's.
check_dump() {
  local name=$1 limit_mib=$2 kind=$3
  shift 3
  local archive=$work/$name.dump log=$work/$name.log rss_file=$work/$name.rss
  local check="memory: $name"

  local start
  start=$(now)
  if ! timeout --kill-after=10 "$time_limit" /usr/bin/time -f %M -o "$rss_file" \
    "${wiredump[@]}" dump -h "$socket_dir" -p "$port" -U postgres -f "$archive" "$@" "$source_db" \
    >"$log" 2>&1; then
    fail "$check" "dump failed: $(last_line_of "$log")"
    return
  fi
  local peak_kib
  peak_kib=$(tail -n 1 "$rss_file")
  local peak_mib=$((peak_kib / 1024))
  note "$name: peak RSS $peak_mib MiB (limit $limit_mib MiB), dump took $(seconds_since "$start") s"
  if [[ ! $peak_kib =~ ^[0-9]+$ ]]; then
    fail "$check" "GNU time gave no peak RSS: $(cat "$rss_file")"
    return
  fi
  if ((peak_kib > limit_mib * 1024)); then
    fail "$check" "peak RSS $peak_mib MiB is above the limit of $limit_mib MiB"
    return
  fi

  local db=${source_db}_${name//[^a-z0-9]/_}
  start=$(now)
  if ! restore_archive "$db" "$archive" "$name" "$work/$name.restore.log"; then
    fail "$check" "restore failed or timed out: $(last_line_of "$work/$name.restore.log")"
    return
  fi
  note "$name: restore took $(seconds_since "$start") s"

  if ! describe_content "$db" "$kind" >"$work/$name.content" 2>&1; then
    fail "$check" "could not read the restored content: $(last_line_of "$work/$name.content")"
    return
  fi
  if ! diff -q "$work/source.$kind" "$work/$name.content" >/dev/null; then
    fail "$check" "restored content differs from the source" \
      "$(first_difference "$work/source.$kind" "$work/$name.content" 4)"
    return
  fi
  dropdb --if-exists "$db" >/dev/null 2>&1
  pass "$check"
}

createdb_options=()
start=$(now)
load_source || abort "load source" "$(last_line_of "$work/load.log")"
for kind in value rows; do
  describe_content "$source_db" "$kind" >"$work/source.$kind" 2>&1 ||
    abort "describe source" "$(last_line_of "$work/source.$kind")"
done
note "source with a $value_mib MiB value, 250 MiB of rows and a 64 MiB large object loaded in $(seconds_since "$start") s"

# The one_value dumps keep the large object (-b), so its pieces count against the same bound.
value_limit=$((2 * value_mib + 64))
check_dump gzip9_value "$value_limit" value -t one_value -b -Z 9 -j 2
check_dump zstd_value "$value_limit" value -t one_value -b -Z zstd -j 2

check_dump gzip9_one_thread_rows 64 rows -t many_rows -Z 9 -j 1
check_dump gzip9_rows 64 rows -t many_rows -Z 9 -j 2
check_dump gzip9_256_threads_rows 64 rows -t many_rows -Z 9 -j 256
check_dump zstd19_rows 64 rows -t many_rows -Z zstd:19 -j 2 -v
# Level 19 needs more than zstd's 40 MiB budget with workers, and the verbose log reports it.
if grep -q '^wiredump: zstd level 19 uses 0 worker threads instead of 2' "$work/zstd19_rows.log"; then
  pass "memory: zstd19_rows logs its limits"
else
  fail "memory: zstd19_rows logs its limits" "no 'zstd level 19 uses 0 worker threads' line in $work/zstd19_rows.log"
fi
check_dump lz4_rows 64 rows -t many_rows -Z lz4

if ((failed == 0)); then
  dropdb --if-exists "$source_db" >/dev/null 2>&1
  [[ -n ${WIREDUMP_TEST_WORKDIR:-} ]] || rm -rf "$work"
else
  note "archives and logs kept in $work"
fi
note "memory suite took $(seconds_since "$suite_start") s"
echo "$passed passed, $failed failed"
((failed == 0))
