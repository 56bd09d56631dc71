#!/usr/bin/env bash
# Checks wiredump's 1.16 large object layout against the real pg_dump 17 and 18. That layout has
# BLOB METADATA groups of up to 1000 large objects with the same owner and ACL, and one BLOBS data
# entry per group.
#
# The source has 2,500 large objects of two owners, some with comments and grants, so that groups
# split on the owner, on the ACL and on the size limit. wiredump dumps it with
# --archive-version 1.16, -Z zstd and -Z gzip. For each archive:
#   * "wiredump list" must equal "pg_restore -l", and "wiredump verify" must pass;
#   * the gzip archive's "pg_restore -l" (dump IDs and OIDs masked) and its pg_restore SQL must
#     equal those of pg_dump 17's and 18's -Fc archives of the same database;
#   * pg_restore 17 and 18 restore it, and the large objects' md5, owner, comment and ACL must
#     equal the source's. They send "SET transaction_timeout", which a PostgreSQL 15 server
#     rejects, so they restore through their SQL output without that line, piped into psql.
#
# Environment:
#   WIREDUMP                 the wiredump binary (default: build/wiredump)
#   WIREDUMP_TEST_PORT       port of the running PostgreSQL 15 test server (default 25434)
#   WIREDUMP_PG_MATRIX       pg-matrix.sh that provides the 17 and 18 client tools
#                            (default: scripts/pg-matrix.sh)
#   WIREDUMP_TEST_WORKDIR    keep archives and logs here (default: a temporary directory, removed
#                            when every check passes)
#   WIREDUMP_PG_ROOT         as for scripts/pg-test-server.sh
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
source_db=wiredump_test_large_objects
suite_start=$(now)

abort() {
  fail "large objects: setup: $1" "$2"
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

declare -A client_bin
for major in 17 18; do
  if ! client_bin[$major]=$("$matrix" bin "$major" 2>&1) || [[ ! -x ${client_bin[$major]}/pg_restore ]]; then
    abort "client tools $major" "'$matrix bin $major' gave no pg_restore: ${client_bin[$major]}; run '$matrix install'"
  fi
done

if [[ -n ${WIREDUMP_TEST_WORKDIR:-} ]]; then
  work=$WIREDUMP_TEST_WORKDIR
  mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/wiredump-large-objects.XXXXXX")
fi

# 1,300 large objects of postgres and 1,200 of wiredump_lo_owner. Of postgres's, five have
# comments and 30 a grant. Of wiredump_lo_owner's, three have a comment and a grant.
load_source() {
  psql -X -q -v ON_ERROR_STOP=1 -d postgres <<'SQL' &&
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'wiredump_lo_owner') THEN
    CREATE ROLE wiredump_lo_owner;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'wiredump_lo_reader') THEN
    CREATE ROLE wiredump_lo_reader;
  END IF;
END $$;
SQL
    dropdb --if-exists "$source_db" && createdb "$source_db" &&
    psql -X -q -v ON_ERROR_STOP=1 -d "$source_db" <<'SQL'
SELECT count(lo_from_bytea(0, convert_to('object ' || i, 'UTF8'))) FROM generate_series(1, 1300) AS i;
SET ROLE wiredump_lo_owner;
SELECT count(lo_from_bytea(0, convert_to(repeat('owned ', i), 'UTF8'))) FROM generate_series(1, 1200) AS i;
RESET ROLE;
DO $$
DECLARE
  lo record;
BEGIN
  FOR lo IN SELECT oid FROM pg_largeobject_metadata WHERE lomowner = 'postgres'::regrole ORDER BY oid LIMIT 5 LOOP
    EXECUTE format('COMMENT ON LARGE OBJECT %s IS %L', lo.oid, 'note ' || lo.oid);
  END LOOP;
  FOR lo IN SELECT oid FROM pg_largeobject_metadata WHERE lomowner = 'postgres'::regrole ORDER BY oid OFFSET 100 LIMIT 30 LOOP
    EXECUTE format('GRANT SELECT ON LARGE OBJECT %s TO wiredump_lo_reader', lo.oid);
  END LOOP;
  FOR lo IN SELECT oid FROM pg_largeobject_metadata WHERE lomowner = 'wiredump_lo_owner'::regrole ORDER BY oid LIMIT 3 LOOP
    EXECUTE format('GRANT SELECT, UPDATE ON LARGE OBJECT %s TO wiredump_lo_reader', lo.oid);
    EXECUTE format('COMMENT ON LARGE OBJECT %s IS %L', lo.oid, 'owned note');
  END LOOP;
END $$;
SQL
}

# Writes one line per large object of DB: OID, md5 of its bytes, owner, comment and ACL.
describe_large_objects() {
  psql -X -A -t -F ' | ' -v ON_ERROR_STOP=1 -d "$1" -c "
    SELECT m.oid, md5(lo_get(m.oid)), m.lomowner::regrole, obj_description(m.oid, 'pg_largeobject'), m.lomacl
      FROM pg_largeobject_metadata AS m ORDER BY m.oid"
}

start=$(now)
load_source >"$work/load.log" 2>&1 || abort "load source" "$(last_line_of "$work/load.log") (log: $work/load.log)"
describe_large_objects "$source_db" >"$work/source.objects" 2>"$work/describe.log" ||
  abort "describe source" "$(last_line_of "$work/describe.log")"
note "time: load and describe source $(seconds_since "$start") s"

# Checks "wiredump list" against pg_restore 17 -l and runs "wiredump verify" on ARCHIVE.
check_list_and_verify() {
  local label=$1 archive=$2
  "${client_bin[17]}/pg_restore" -l "$archive" >"$archive.expected" 2>"$archive.list.log"
  if ! "${wiredump[@]}" list "$archive" >"$archive.list" 2>>"$archive.list.log"; then
    fail "$label: wiredump list" "$(last_line_of "$archive.list.log")"
  elif cmp -s "$archive.expected" "$archive.list"; then
    pass "$label: wiredump list equals pg_restore -l"
  else
    local -a difference
    mapfile -t difference < <(first_difference "$archive.expected" "$archive.list" 6)
    fail "$label: wiredump list equals pg_restore -l" "the listings differ (- pg_restore, + wiredump)" \
      "${difference[@]}"
  fi

  if "${wiredump[@]}" verify "$archive" >"$archive.verify" 2>&1; then
    pass "$label: wiredump verify"
  else
    fail "$label: wiredump verify" "$(last_line_of "$archive.verify")"
  fi
}

# Restores ARCHIVE with pg_restore MAJOR into a new database and compares its large objects.
restore_count=0
restore_and_compare() {
  local label=$1 archive=$2 major=$3
  restore_count=$((restore_count + 1))
  local db=${source_db}_$restore_count log=$archive.restore$major.log

  dropdb --if-exists "$db" >/dev/null 2>&1
  createdb "$db" >"$log" 2>&1 || { fail "$label: pg_restore $major" "$(last_line_of "$log")"; return; }
  timeout 300 "${client_bin[$major]}/pg_restore" -f - "$archive" 2>>"$log" |
    grep -v '^SET transaction_timeout = 0;$' | psql -X -q -v ON_ERROR_STOP=1 -d "$db" >>"$log" 2>&1
  local status=$?
  if ((status != 0)); then
    fail "$label: pg_restore $major" "exit status $status: $(last_line_of "$log") (log: $log)"
    return
  fi

  describe_large_objects "$db" >"$archive.restored$major" 2>>"$log"
  if cmp -s "$work/source.objects" "$archive.restored$major"; then
    pass "$label: pg_restore $major restores every large object, owner, comment and ACL"
    dropdb --if-exists "$db" >/dev/null 2>&1
  else
    local -a detail
    mapfile -t detail < <(first_difference "$work/source.objects" "$archive.restored$major" 4)
    fail "$label: pg_restore $major" "large objects differ from the source (database $db kept)" "${detail[@]}"
  fi
}

# Compares the normalized pg_restore -l listing and pg_restore 17 SQL of ARCHIVE and REFERENCE.
compare_with_reference() {
  local label=$1 archive=$2 reference=$3
  local file
  for file in "$archive" "$reference"; do
    "${client_bin[17]}/pg_restore" -l "$file" >"$file.raw.list" 2>>"$work/compare.log"
    normalize_toc_list "$file.raw.list" >"$file.toc"
    "${client_bin[17]}/pg_restore" -f - "$file" 2>>"$work/compare.log" >"$file.raw.sql"
    normalize_sql "$file.raw.sql" >"$file.sql"
  done

  local kind
  for kind in toc sql; do
    if [[ ! -s $archive.$kind || ! -s $reference.$kind ]]; then
      fail "$label: same $kind" "pg_restore 17 gave no output: $(last_line_of "$work/compare.log")"
    elif cmp -s "$reference.$kind" "$archive.$kind"; then
      pass "$label: same $kind"
    else
      local -a difference
      mapfile -t difference < <(first_difference "$reference.$kind" "$archive.$kind" 6)
      fail "$label: same $kind" "$(diff "$reference.$kind" "$archive.$kind" | grep -c '^[<>]') lines differ (- pg_dump, + wiredump)" \
        "${difference[@]}"
    fi
  done
}

for compression in gzip zstd; do
  archive=$work/wiredump-$compression.dump
  start=$(now)
  if ! timeout --kill-after=10 300 "${wiredump[@]}" dump -h "$socket_dir" -p "$port" -U postgres \
    -Z "$compression" --archive-version 1.16 -f "$archive" "$source_db" 2>"$archive.log"; then
    fail "wiredump -Z $compression 1.16: dump" "$(last_line_of "$archive.log")"
    continue
  fi
  pass "wiredump -Z $compression 1.16: dump ($(stat -c %s "$archive") bytes, $(seconds_since "$start") s)"
  check_list_and_verify "wiredump -Z $compression 1.16" "$archive"
  for major in 17 18; do
    restore_and_compare "wiredump -Z $compression 1.16" "$archive" "$major"
  done
done

# pg_dump 17 and 18 write 1.16 archives with gzip by default, like wiredump's gzip archive.
for major in 17 18; do
  reference=$work/pg_dump$major.dump
  if ! timeout 300 "${client_bin[$major]}/pg_dump" -Fc -f "$reference" -d "$source_db" 2>"$reference.log"; then
    fail "pg_dump $major reference" "$(last_line_of "$reference.log")"
    continue
  fi
  check_list_and_verify "pg_dump $major reference" "$reference"
  [[ -s $work/wiredump-gzip.dump ]] &&
    compare_with_reference "wiredump -Z gzip 1.16 and pg_dump $major -Fc" "$work/wiredump-gzip.dump" "$reference"
done

note "time: large objects suite $(seconds_since "$suite_start") s"
if ((failed == 0)); then
  dropdb --if-exists "$source_db" >/dev/null 2>&1
  [[ -n ${WIREDUMP_TEST_WORKDIR:-} ]] || rm -rf "$work"
else
  note "archives and logs kept in $work"
fi
echo "$passed passed, $failed failed"
((failed == 0))
