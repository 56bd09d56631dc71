#!/usr/bin/env bash
# Checks the SECURITY LABEL entries of wiredump's archives against pg_dump's. It loads
# security_labels.sql, which gives every kind of object that pg_dump 15 labels a label, and dumps
# that database with wiredump and with pg_dump 15 (-Fc -Z9) under the same options. The two
# archives' pg_restore -C -l listings and pg_restore -C -f - SQL must be equal. One more case
# compares an archive of version 1.16 with pg_dump 17's, whose large objects are grouped.
#
# Environment: WIREDUMP (the wiredump binary, default build/wiredump), WIREDUMP_TEST_PORT (the
# running PostgreSQL 15 test server, default 25434), WIREDUMP_PG_ROOT as for
# scripts/pg-test-server.sh, WIREDUMP_PG_MATRIX (default scripts/pg-matrix.sh, for pg_dump 17),
# WIREDUMP_TEST_WORKDIR to keep the archives (default: a temporary directory, removed when every
# check passed).
# Prints "ok - NAME" or "not ok - NAME: REASON" per check and ends with "N passed, M failed".
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
# shellcheck source-path=SCRIPTDIR/..
source "$here/../lib.sh"

wiredump=${WIREDUMP:-$repo/build/wiredump}
port=${WIREDUMP_TEST_PORT:-25434}
server_script=$repo/scripts/pg-test-server.sh
matrix_script=${WIREDUMP_PG_MATRIX:-$repo/scripts/pg-matrix.sh}
database=wiredump_test_labels

finish() {
  echo "$passed passed, $failed failed"
  ((failed == 0))
  exit
}

bin=$("$server_script" bin 15 2>&1) || { fail "security labels: client tools" "$bin"; finish; }
socket_dir=$("$server_script" socket-dir)
export PATH="$bin:$PATH" PGHOST=$socket_dir PGPORT=$port PGUSER=postgres
unset PGDATABASE PGPASSWORD PGSERVICE PGOPTIONS

if [[ -n ${WIREDUMP_TEST_WORKDIR:-} ]]; then
  work=$WIREDUMP_TEST_WORKDIR/security_labels
  mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/wiredump-labels.XXXXXX")
fi

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $database" >"$work/setup.log" 2>&1
if createdb "$database" >>"$work/setup.log" 2>&1 &&
  psql -X -q -v ON_ERROR_STOP=1 -d "$database" -f "$here/security_labels.sql" >>"$work/setup.log" 2>&1; then
  pass "security labels: fixture loaded"
else
  fail "security labels: fixture loaded" "$(last_line_of "$work/setup.log")"
  finish
fi

# Options that only wiredump gets, such as --archive-version, which pg_dump lacks.
wiredump_only_options=()

# Dumps the database with wiredump and with the pg_dump in directory CLIENT_BIN, both given
# OPTIONS, and compares what that client's pg_restore prints for the two archives.
compare_archives() {
  local name=$1 client_bin=$2
  shift 2
  local dir=$work/$name
  mkdir -p "$dir"
  if ! "$client_bin/pg_dump" -Fc -Z9 "$@" -f "$dir/pg_dump.dump" "$database" >"$dir/pg_dump.log" 2>&1; then
    fail "security labels $name" "pg_dump $* failed: $(last_line_of "$dir/pg_dump.log")"
    return
  fi
  if ! timeout 120 "$wiredump" dump -h "$socket_dir" -p "$port" -U postgres "$@" \
    "${wiredump_only_options[@]}" -f "$dir/wiredump.dump" "$database" >"$dir/wiredump.log" 2>&1; then
    fail "security labels $name" "wiredump dump $* failed: $(last_line_of "$dir/wiredump.log")"
    return
  fi

  local view side
  for view in list sql; do
    for side in pg_dump wiredump; do
      if [[ $view == list ]]; then
        "$client_bin/pg_restore" -C -l "$dir/$side.dump" >"$dir/$side.$view.raw" 2>"$dir/$side.$view.log" &&
          normalize_toc_list "$dir/$side.$view.raw" >"$dir/$side.$view"
      else
        "$client_bin/pg_restore" -C -f - "$dir/$side.dump" >"$dir/$side.$view.raw" 2>"$dir/$side.$view.log" &&
          normalize_sql "$dir/$side.$view.raw" >"$dir/$side.$view"
      fi || {
        fail "security labels $name: $view" "pg_restore failed on the $side archive: $(last_line_of "$dir/$side.$view.log")"
        continue 2
      }
    done
    if cmp -s "$dir/pg_dump.$view" "$dir/wiredump.$view"; then
      pass "security labels $name: $view"
    else
      local -a difference
      mapfile -t difference < <(first_difference "$dir/pg_dump.$view" "$dir/wiredump.$view" 8)
      fail "security labels $name: $view" "the archives differ (- pg_dump, + wiredump)" "${difference[@]}"
    fi
  done
}

# Fails NAME unless the SQL of case CASE has exactly COUNT SECURITY LABEL statements, so that a
# case where both archives lost their labels cannot pass.
expect_labels() {
  local name=$1 case_name=$2 expected=$3
  local found
  found=$(grep -c '^SECURITY LABEL FOR ' "$work/$case_name/wiredump.sql" 2>/dev/null)
  if [[ $found == "$expected" ]]; then
    pass "security labels $name"
  else
    fail "security labels $name" "expected $expected SECURITY LABEL statements, found ${found:-none}"
  fi
}

start=$(now)
compare_archives default "$bin"
# 27 labels: the database, 2 schemas, 4 on the table and its columns, 2 on the view, 2 on the
# foreign table, 2 large objects and 14 other objects. The extension's 2 are left out.
expect_labels "default: every label written" default 27
compare_archives no-security-labels "$bin" --no-security-labels
expect_labels "--no-security-labels: none written" no-security-labels 0
compare_archives data-only "$bin" -a
compare_archives schema-only-blobs "$bin" -s -b
compare_archives one-schema "$bin" -n labelled
compare_archives one-table "$bin" -t labelled.items

if client17=$("$matrix_script" bin 17 2>"$work/matrix.log"); then
  wiredump_only_options=(--archive-version 1.16)
  compare_archives archive-1.16 "$client17"
  wiredump_only_options=()
else
  fail "security labels archive-1.16" "pg_dump 17 not found: $(last_line_of "$work/matrix.log")"
fi
note "time: security label cases compared in $(seconds_since "$start") s"

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1
if ((failed == 0)) && [[ -z ${WIREDUMP_TEST_WORKDIR:-} ]]; then
  rm -rf "$work"
else
  note "archives and logs: $work"
fi
finish
