#!/usr/bin/env bash
# Dumps one database with every compression method and archive version that wiredump writes,
# gzip also with --deflate=libdeflate, and restores each archive with every pg_restore that should read it: 15 (the system's), 17 and
# 18. Each restore is compared with the source: pg_dump -s output, row count and md5 per table,
# sequences and large objects. pg_restore 15 must reject 1.15 and 1.16 archives. Last, the
# pg_restore SQL of a 1.16 zstd archive is compared with that of pg_dump 17's -Fc -Z zstd archive.
#
# pg_restore 17 and 18 send "SET transaction_timeout", which a PostgreSQL 15 server rejects, so
# they restore through their SQL output (pg_restore -f -) without that line, piped into psql. That
# still makes them read and decompress every data block.
#
# Environment:
#   WIREDUMP                 the wiredump binary (default: build/wiredump)
#   WIREDUMP_TEST_PORT       port of the running PostgreSQL 15 test server (default 25434)
#   WIREDUMP_PG_MATRIX       pg-matrix.sh that provides the 17 and 18 client tools
#                            (default: scripts/pg-matrix.sh)
#   WIREDUMP_TEST_WORKDIR    keep archives and logs here (default: a temporary directory, removed
#                            when every check passes)
#   WIREDUMP_PG_ROOT, WIREDUMP_PG_PASSWORD   as for scripts/pg-test-server.sh
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
integration=$(cd "$here/.." && pwd)
repo=$(cd "$integration/../.." && pwd)
# shellcheck source-path=SCRIPTDIR/..
source "$integration/lib.sh"

read -r -a wiredump <<<"${WIREDUMP:-$repo/build/wiredump}"
port=${WIREDUMP_TEST_PORT:-25434}
matrix=${WIREDUMP_PG_MATRIX:-$repo/scripts/pg-matrix.sh}
server_script=$repo/scripts/pg-test-server.sh
source_db=wiredump_test_compression
suite_start=$(now)

abort() {
  fail "compression: setup: $1" "$2"
  echo "$passed passed, $failed failed"
  exit 1
}

bin15=$("$server_script" bin 15 2>&1) || abort "client tools 15" "$bin15"
socket_dir=$("$server_script" socket-dir)
export PATH="$bin15:$PATH"
export PGHOST=$socket_dir PGPORT=$port PGUSER=postgres
unset PGDATABASE PGPASSWORD PGSERVICE PGSSLMODE PGOPTIONS

[[ -x ${wiredump[0]} ]] || abort "dump command" "'${wiredump[0]}' not found or not executable"
pg_isready -q || abort "test server" "no server on $socket_dir port $port"

declare -A restore_bin=([15]=$bin15)
for major in 17 18; do
  if ! restore_bin[$major]=$("$matrix" bin "$major" 2>&1) || [[ ! -x ${restore_bin[$major]}/pg_restore ]]; then
    abort "client tools $major" "'$matrix bin $major' gave no pg_restore: ${restore_bin[$major]}; run '$matrix install'"
  fi
done

if [[ -n ${WIREDUMP_TEST_WORKDIR:-} ]]; then
  work=$WIREDUMP_TEST_WORKDIR
  mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/wiredump-compression.XXXXXX")
fi

# The source: the core fixture, a table large enough for many compressed blocks, and large
# objects that are empty, small, and longer than one 256 KiB read.
load_source() {
  psql -X -q -v ON_ERROR_STOP=1 -d postgres -f "$integration/setup/roles.sql" &&
    dropdb --if-exists "$source_db" && createdb "$source_db" &&
    psql -X -q -v ON_ERROR_STOP=1 -d "$source_db" -f "$integration/fixtures/core_objects.sql" &&
    psql -X -q -v ON_ERROR_STOP=1 -d "$source_db" <<'SQL'
CREATE TABLE public.compression_rows AS
  SELECT i AS id, md5(i::text) AS digest, repeat('row ' || (i % 97), 1 + i % 13) AS body
    FROM generate_series(1, 40000) AS i;
SELECT lo_from_bytea(0, '');
SELECT lo_from_bytea(0, convert_to('small large object', 'UTF8'));
SELECT lo_from_bytea(0, convert_to(string_agg(md5(i::text), ''), 'UTF8'))
  FROM generate_series(1, 20000) AS i;
SQL
}

# Writes the schema and data description of DB under PREFIX, as roundtrip.sh does.
describe_database() {
  local db=$1 prefix=$2
  pg_dump -s -d "$db" -f "$prefix.schema.raw" 2>"$prefix.describe.log" || return 1
  normalize_sql "$prefix.schema.raw" >"$prefix.schema.sql"
  PGCLIENTENCODING=UTF8 psql -X -A -t -F ' | ' -v ON_ERROR_STOP=1 -d "$db" -f "$integration/snapshot.sql" \
    >"$prefix.snapshot" 2>>"$prefix.describe.log"
}

start=$(now)
if ! load_source >"$work/load.log" 2>&1; then
  abort "load source" "$(last_line_of "$work/load.log") (log: $work/load.log)"
fi
describe_database "$source_db" "$work/source" || abort "describe source" "$(last_line_of "$work/source.describe.log")"
note "time: load and describe source $(seconds_since "$start") s"

run_wiredump() {
  local -a environment=(-u PGHOST -u PGPORT -u PGUSER "PGPASSWORD=${WIREDUMP_PG_PASSWORD:-wiredump}")
  timeout --kill-after=10 300 env "${environment[@]}" "${wiredump[@]}" dump \
    -h 127.0.0.1 -p "$port" -U wiredump -w -v "$@" "$source_db"
}

# Restores ARCHIVE with pg_restore MAJOR into a new database and compares it with the source.
restore_count=0
restore_and_compare() {
  local label=$1 archive=$2 major=$3
  local bin=${restore_bin[$major]} dir=${archive%.dump}
  restore_count=$((restore_count + 1))
  local db=wiredump_test_compression_$restore_count log=$dir.restore$major.log

  dropdb --if-exists "$db" >/dev/null 2>&1
  createdb "$db" >"$log" 2>&1 || { fail "$label: pg_restore $major" "$(last_line_of "$log")"; return; }
  if ((major == 15)); then
    timeout 300 "$bin/pg_restore" --exit-on-error -d "$db" "$archive" >>"$log" 2>&1
  else
    timeout 300 "$bin/pg_restore" -f - "$archive" 2>>"$log" | grep -v '^SET transaction_timeout = 0;$' |
      psql -X -q -v ON_ERROR_STOP=1 -d "$db" >>"$log" 2>&1
  fi
  local status=$?
  if ((status != 0)); then
    fail "$label: pg_restore $major" "exit status $status: $(last_line_of "$log") (log: $log)"
    return
  fi

  if ! describe_database "$db" "$dir.restored$major"; then
    fail "$label: pg_restore $major" "describe failed: $(last_line_of "$dir.restored$major.describe.log")"
    return
  fi
  local differences=()
  cmp -s "$work/source.schema.sql" "$dir.restored$major.schema.sql" || differences+=("schema")
  cmp -s "$work/source.snapshot" "$dir.restored$major.snapshot" || differences+=("data")
  if ((${#differences[@]} == 0)); then
    pass "$label: pg_restore $major restores same schema and data"
    dropdb --if-exists "$db" >/dev/null 2>&1
  else
    local -a detail
    mapfile -t detail < <(first_difference "$work/source.snapshot" "$dir.restored$major.snapshot" 4)
    fail "$label: pg_restore $major" "${differences[*]} differs from the source (database $db kept)" "${detail[@]}"
  fi
}

# pg_restore 15 must reject the archive, naming its version as in its own message.
expect_rejected_by_15() {
  local label=$1 archive=$2 version=$3
  local log=${archive%.dump}.restore15.log
  if pg_restore -l "$archive" >"$log" 2>&1; then
    fail "$label: pg_restore 15 rejects it" "pg_restore 15 listed the archive"
  elif grep -q "unsupported version ($version) in file header" "$log"; then
    pass "$label: pg_restore 15 rejects it"
  else
    fail "$label: pg_restore 15 rejects it" "unexpected message: $(last_line_of "$log")"
  fi
}

# Checks the header fields that "pg_restore -l" prints: compression and archive version.
check_listing() {
  local label=$1 archive=$2 compression=$3 version=$4
  local listing
  listing=$("${restore_bin[18]}/pg_restore" -l "$archive" 2>&1)
  if [[ $listing == *";     Compression: $compression"* && $listing == *";     Dump Version: $version-0"* ]]; then
    pass "$label: header names $compression and $version"
  else
    fail "$label: header names $compression and $version" \
      "pg_restore 18 -l shows: $(grep -E 'Compression|Dump Version' <<<"$listing" | tr '\n' ' ')"
  fi
}

# Each case: label, compression as pg_restore 18 -l names it, archive version, pg_restore majors
# that must read it,
# then the wiredump options.
cases=(
  "zstd|zstd|1.15|17 18|-Z zstd"
  "zstd level 19|zstd|1.15|17 18|-Z zstd:level=19"
  "zstd long 1.16|zstd|1.16|17 18|-Z zstd:long -j 1 --archive-version=1.16"
  "lz4|lz4|1.15|17 18|-Z lz4"
  "lz4 level 5 1.16|lz4|1.16|17 18|-Z lz4:5 --archive-version 1.16"
  "gzip 1|gzip|1.14|15 17 18|-Z gzip:1"
  "gzip 1.16|gzip|1.16|17 18|-Z gzip --archive-version=1.16"
  "libdeflate 6|gzip|1.14|15 17 18|-Z 6 --deflate=libdeflate -j 2"
  "libdeflate 9|gzip|1.14|15 17 18|-Z 9 --deflate=libdeflate -j 1"
  "none|none|1.14|15 17 18|-Z none"
  "none 1.15|none|1.15|17 18|-Z 0 --archive-version=1.15"
)

for entry in "${cases[@]}"; do
  IFS='|' read -r label listed version majors options <<<"$entry"
  read -r -a option_words <<<"$options"
  archive=$work/${label// /_}.dump
  start=$(now)
  if ! run_wiredump "${option_words[@]}" -f "$archive" 2>"${archive%.dump}.dump.log"; then
    fail "$label: dump" "$(last_line_of "${archive%.dump}.dump.log")"
    continue
  fi
  pass "$label: dump ($(stat -c %s "$archive") bytes, $(seconds_since "$start") s)"
  check_listing "$label" "$archive" "$listed" "$version"
  # NOTE: wiredump's archive reader has no lz4 decompressor yet, so lz4 archives skip verify.
  if [[ $listed != lz4 ]]; then
    if "${wiredump[@]}" verify "$archive" >"${archive%.dump}.verify.log" 2>&1; then
      pass "$label: wiredump verify"
    else
      fail "$label: wiredump verify" "$(last_line_of "${archive%.dump}.verify.log")"
    fi
  fi
  for major in $majors; do
    restore_and_compare "$label" "$archive" "$major"
  done
  [[ $version == 1.14 ]] || expect_rejected_by_15 "$label" "$archive" "$version"
done

# The verbose log ends by naming the pg_restore versions that read the archive.
for expected in "zstd|archive version 1.15, compression zstd; pg_restore 16 and later" \
  "gzip 1|archive version 1.14, compression gzip; pg_restore 12 and later" \
  "gzip 1.16|archive version 1.16, compression gzip; pg_restore 17 and later"; do
  IFS='|' read -r label text <<<"$expected"
  if grep -q "archive complete: $text can read it" "$work/${label// /_}.dump.log"; then
    pass "$label: verbose log names pg_restore versions"
  else
    fail "$label: verbose log names pg_restore versions" "last line: $(last_line_of "$work/${label// /_}.dump.log")"
  fi
done

# Standard output is not seekable, so the TOC keeps "offset not set" and pg_restore scans.
archive=$work/zstd_stdout.dump
if run_wiredump -Z zstd 2>"$work/zstd_stdout.dump.log" | cat >"$archive" && [[ -s $archive ]]; then
  pass "zstd to a pipe: dump"
  restore_and_compare "zstd to a pipe" "$archive" 17
else
  fail "zstd to a pipe: dump" "$(last_line_of "$work/zstd_stdout.dump.log")"
fi

# lz4 and zstd cannot be named in a 1.14 header: a usage error that names the version to use.
log=$work/zstd_1.14.log
run_wiredump -Z zstd --archive-version=1.14 -f "$work/never.dump" 2>"$log"
status=$?
if ((status == 2)) && grep -q -- "--archive-version=1.15" "$log" && [[ ! -e $work/never.dump ]]; then
  pass "zstd with 1.14: usage error naming 1.15"
else
  fail "zstd with 1.14: usage error naming 1.15" "exit status $status: $(last_line_of "$log")"
fi

# An unknown --deflate engine is a usage error that names the value and the choices.
log=$work/deflate_unknown.log
run_wiredump --deflate=pigz -f "$work/never.dump" 2>"$log"
status=$?
if ((status == 2)) && grep -q '"pigz": use zlib or libdeflate' "$log" && [[ ! -e $work/never.dump ]]; then
  pass "unknown --deflate engine: usage error naming the choices"
else
  fail "unknown --deflate engine: usage error naming the choices" "exit status $status: $(last_line_of "$log")"
fi

# pg_dump 17 writes 1.16 with zstd. Its pg_restore SQL is compared with that of wiredump's
# 1.16 zstd archive. pg_dump 17 writes some statements as pg_dump 17 does (ALTER DEFAULT
# PRIVILEGES with one space less), so differences are expected and only reported. A failed pg_restore fails the check.
pg_dump17=${restore_bin[17]}/pg_dump
reference=$work/pg_dump17_zstd.dump
if ! "$pg_dump17" -Fc -Z zstd -f "$reference" -d "$source_db" 2>"$work/pg_dump17.log"; then
  fail "pg_dump 17 zstd reference" "$(last_line_of "$work/pg_dump17.log")"
else
  check_listing "pg_dump 17 zstd reference" "$reference" zstd 1.16
  run_wiredump -Z zstd --archive-version=1.16 -f "$work/zstd_1.16.dump" 2>"$work/zstd_1.16.dump.log"
  for archive in "$reference" "$work/zstd_1.16.dump"; do
    "${restore_bin[17]}/pg_restore" -f - "$archive" 2>>"$work/differential.log" >"${archive%.dump}.raw.sql"
    normalize_sql "${archive%.dump}.raw.sql" >"${archive%.dump}.sql"
  done
  if [[ ! -s $work/zstd_1.16.sql || ! -s $reference ]]; then
    fail "pg_dump 17 zstd reference: pg_restore 17 SQL" "$(last_line_of "$work/differential.log")"
  elif cmp -s "${reference%.dump}.sql" "$work/zstd_1.16.sql"; then
    pass "pg_dump 17 zstd reference: same pg_restore 17 SQL"
  else
    pass "pg_dump 17 zstd reference: pg_restore 17 SQL of both archives"
    note "pg_restore 17 SQL differs in $(diff "${reference%.dump}.sql" "$work/zstd_1.16.sql" | grep -c '^[<>]') lines; first difference (- pg_dump 17, + wiredump):"
    while IFS= read -r line; do note "  $line"; done < <(first_difference "${reference%.dump}.sql" "$work/zstd_1.16.sql" 6)
  fi
fi

note "time: compression suite $(seconds_since "$suite_start") s"
if ((failed == 0)); then
  dropdb --if-exists "$source_db" >/dev/null 2>&1
  [[ -n ${WIREDUMP_TEST_WORKDIR:-} ]] || rm -rf "$work"
else
  note "archives and logs kept in $work"
fi
echo "$passed passed, $failed failed"
((failed == 0))
