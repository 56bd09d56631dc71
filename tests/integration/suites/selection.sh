#!/usr/bin/env bash
# Checks pg_dump's selection and output options. For each set of options, it dumps one fixture
# database with wiredump and with the real pg_dump 15 (-Fc -Z9 and the same options). Then it
# compares the two archives' pg_restore -l listings and pg_restore -f - SQL. It also checks
# the errors of patterns that match nothing, and restores a few of wiredump's archives.
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
database=wiredump_test_selection

finish() {
  echo "$passed passed, $failed failed"
  ((failed == 0))
  exit
}

bin=$("$server_script" bin 15 2>&1) || { fail "selection: client tools" "$bin"; finish; }
socket_dir=$("$server_script" socket-dir)
export PATH="$bin:$PATH" PGHOST=$socket_dir PGPORT=$port PGUSER=postgres
unset PGDATABASE PGPASSWORD PGSERVICE PGOPTIONS

if [[ -n ${WIREDUMP_TEST_WORKDIR:-} ]]; then
  work=$WIREDUMP_TEST_WORKDIR
  mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/wiredump-selection.XXXXXX")
fi

if ! pg_isready -q; then
  fail "selection: test server" "no server on $socket_dir port $port"
  finish
fi

# The fixture's role is global, so it is dropped with the database before each run.
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $database" -c "DROP ROLE IF EXISTS selection_reader" \
  >"$work/setup.log" 2>&1
if createdb "$database" >>"$work/setup.log" 2>&1 &&
  psql -X -q -v ON_ERROR_STOP=1 -d "$database" -f "$here/selection.sql" >>"$work/setup.log" 2>&1; then
  pass "selection: fixture loaded"
else
  fail "selection: fixture loaded" "$(last_line_of "$work/setup.log")"
  finish
fi

# A foreign table on a postgres_fdw server that loops back to the same database, for
# --include-foreign-data. Its connection options depend on the test server, so they are not in
# selection.sql.
if psql -X -q -v ON_ERROR_STOP=1 -d "$database" >>"$work/setup.log" 2>&1 <<SQL
CREATE EXTENSION postgres_fdw;
CREATE SERVER loopback FOREIGN DATA WRAPPER postgres_fdw
  OPTIONS (host '$socket_dir', port '$port', dbname '$database');
CREATE USER MAPPING FOR postgres SERVER loopback OPTIONS (user 'postgres');
CREATE FOREIGN TABLE public.remote_other (id integer) SERVER loopback
  OPTIONS (schema_name 'public', table_name 'other');
SQL
then
  pass "selection: foreign table loaded"
else
  fail "selection: fixture loaded" "$(last_line_of "$work/setup.log")"
  finish
fi

# Compares one pg_restore view (-l or -f -) of the two archives of case NAME.
compare_view() {
  local name=$1 view=$2
  shift 2
  local dir=$work/$name
  local side
  for side in pg_dump wiredump; do
    if ! timeout 120 pg_restore "$@" "$dir/$side.dump" >"$dir/$side.$view.raw" 2>"$dir/$side.$view.log"; then
      fail "selection $name: $view" "pg_restore $* failed on the $side archive: $(last_line_of "$dir/$side.$view.log")"
      return
    fi
    if [[ $view == list ]]; then
      normalize_toc_list "$dir/$side.$view.raw" >"$dir/$side.$view"
    else
      normalize_sql "$dir/$side.$view.raw" >"$dir/$side.$view"
    fi
  done
  if cmp -s "$dir/pg_dump.$view" "$dir/wiredump.$view"; then
    pass "selection $name: $view"
  else
    local -a difference
    mapfile -t difference < <(first_difference "$dir/pg_dump.$view" "$dir/wiredump.$view" 8)
    fail "selection $name: $view" "the archives differ (- pg_dump, + wiredump)" "${difference[@]}"
  fi
}

# Dumps the fixture with pg_dump and wiredump, both given OPTIONS, and compares the archives.
# pg_restore runs with -C, so the DATABASE entries and the database's comment and ACL are
# compared too.
same_as_pg_dump() {
  local name=$1
  shift
  local dir=$work/$name
  mkdir -p "$dir"
  if ! pg_dump -Fc -Z9 "$@" -f "$dir/pg_dump.dump" "$database" >"$dir/pg_dump.log" 2>&1; then
    fail "selection $name" "pg_dump $* failed: $(last_line_of "$dir/pg_dump.log")"
    return
  fi
  if ! timeout 120 "$wiredump" dump -h "$socket_dir" -p "$port" -U postgres "$@" \
    -f "$dir/wiredump.dump" "$database" >"$dir/wiredump.log" 2>&1; then
    fail "selection $name" "wiredump dump $* failed: $(last_line_of "$dir/wiredump.log")"
    return
  fi
  compare_view "$name" list -C -l
  compare_view "$name" sql -C -f -
}

start=$(now)
same_as_pg_dump no-options
same_as_pg_dump schema-public -n public
same_as_pg_dump schema-quoted -n '"Mixed Case"'
same_as_pg_dump schema-wildcard -n 'a?c'
same_as_pg_dump schema-upper-folds -n ABC
same_as_pg_dump exclude-schema -N 'a?c'
same_as_pg_dump exclude-schema-star -N '*c' -N public
same_as_pg_dump table-wildcard -t 'public.t*'
same_as_pg_dump table-unqualified -t t2
same_as_pg_dump table-quoted -t '"Mixed Case"."Upper Table"' -t '"Mixed Case"."Tab""Quote"'
same_as_pg_dump table-dot-inside-quotes -t '"dot.ted"."a.b"'
same_as_pg_dump table-dollar -t '"dot.ted".a$b'
same_as_pg_dump table-regex -t 'abc.item(s|_log)'
same_as_pg_dump table-and-schema -n abc -t public.other
same_as_pg_dump table-sequence -t abc.free_standing
same_as_pg_dump table-database-part -t "$database.public.t1"
same_as_pg_dump exclude-table -T '*log*'
same_as_pg_dump exclude-table-data --exclude-table-data 'public.t*' --exclude-table-data abc.free_standing
same_as_pg_dump strict-names-matching --strict-names -n abc -t 'public.t1'
same_as_pg_dump extension -e hstore
same_as_pg_dump schema-only -s
same_as_pg_dump data-only -a
same_as_pg_dump sections-pre-post --section=pre-data --section=post-data
same_as_pg_dump section-data --section=data
same_as_pg_dump blobs-with-schema -n abc -b
same_as_pg_dump no-blobs -B
same_as_pg_dump schema-only-blobs -s -b
same_as_pg_dump no-owner-clean-create -O -c --if-exists -C
same_as_pg_dump no-privileges -x
same_as_pg_dump no-comments --no-comments
same_as_pg_dump no-publications-subscriptions --no-publications --no-subscriptions --no-security-labels
same_as_pg_dump no-tablespaces-am --no-tablespaces --no-table-access-method
same_as_pg_dump no-unlogged-data --no-unlogged-table-data
same_as_pg_dump quote-all --quote-all-identifiers
same_as_pg_dump encoding -E LATIN1
same_as_pg_dump session-options --role=postgres --lock-wait-timeout=10s --serializable-deferrable \
  --enable-row-security --disable-triggers --use-set-session-authorization
same_as_pg_dump load-via-root --load-via-partition-root -t 'public.measure*'
same_as_pg_dump partition-without-parent -t public.measure_2024
same_as_pg_dump data-only-table -a -t abc.item_log -t abc.items
same_as_pg_dump exclude-serial-owner -T public.t1 -T public.t2
same_as_pg_dump table-view -t public.t1_view -t public.t1_counts
same_as_pg_dump table-skipped-views -t 'view_order.*_table'
same_as_pg_dump exclude-views -n view_order -T view_order.a_view -T view_order.b_counts
same_as_pg_dump table-row-type-users -t 'uses_order.*_table'
same_as_pg_dump schema-row-type-users -n uses_order
same_as_pg_dump include-and-exclude-schema -n 'a*' -N abc
same_as_pg_dump matview-data-excluded --exclude-table-data public.t1_counts
same_as_pg_dump schema-without-acl -n abc -x
same_as_pg_dump extension-and-schema -e hstore -n public
same_as_pg_dump table-post-data -t public.t1 --section=post-data
same_as_pg_dump data-only-unlogged -a --no-unlogged-table-data -N public
same_as_pg_dump exclude-pg-catalog -N pg_catalog
same_as_pg_dump foreign-data --include-foreign-data 'loop*'
same_as_pg_dump foreign-data-table --include-foreign-data loopback -t public.remote_other
same_as_pg_dump system-table -t pg_catalog.pg_am
same_as_pg_dump every-table -t '*.*'
same_as_pg_dump every-schema -n '*'
same_as_pg_dump no-toast-compression --no-toast-compression
same_as_pg_dump float-digits-least --extra-float-digits=-15 -t public.readings
same_as_pg_dump float-digits-zero --extra-float-digits=0 -t public.readings

# --snapshot: a table created after another session exported its snapshot is in neither archive.
coproc snapshot_session { psql -X -q -A -t -d "$database"; }
# Bash unsets the coproc's variables as soon as it exits, so keep its PID for the wait.
snapshot_session_pid=$snapshot_session_PID
echo "BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT pg_export_snapshot();" >&"${snapshot_session[1]}"
snapshot=
read -t 10 -r snapshot <&"${snapshot_session[0]}"
psql -X -q -d "$database" -c "CREATE TABLE public.after_snapshot (x integer)" >/dev/null 2>&1
same_as_pg_dump snapshot --snapshot="$snapshot"
if grep -q after_snapshot "$work/snapshot/wiredump.list"; then
  fail "selection snapshot: later table left out" "public.after_snapshot is in the archive"
else
  pass "selection snapshot: later table left out"
fi
echo "COMMIT;" >&"${snapshot_session[1]}"
exec {snapshot_session[1]}>&-
wait "$snapshot_session_pid" 2>/dev/null
psql -X -q -d "$database" -c "DROP TABLE public.after_snapshot" >/dev/null 2>&1
note "time: option sets compared in $(seconds_since "$start") s"

# Runs wiredump with OPTIONS and expects a failure whose message contains TEXT and no archive.
fails_like() {
  local name=$1 text=$2
  shift 2
  local dir=$work/$name
  mkdir -p "$dir"
  "$wiredump" dump -h "$socket_dir" -p "$port" -U postgres "$@" -f "$dir/wiredump.dump" "$database" \
    >"$dir/wiredump.log" 2>&1
  local status=$?
  if ((status == 0)); then
    fail "selection $name" "wiredump succeeded"
  elif ! grep -qF -- "$text" "$dir/wiredump.log"; then
    fail "selection $name" "the message lacks '$text': $(last_line_of "$dir/wiredump.log")"
  elif compgen -G "$dir/wiredump.dump*" >/dev/null; then
    fail "selection $name" "an archive or a partial file was left behind"
  else
    pass "selection $name"
  fi
}

fails_like strict-names-no-match 'no matching tables were found for pattern "public.missing"' \
  --strict-names -t public.t1 -t public.missing
fails_like table-no-match 'no matching tables were found' -t 'nothing*'
fails_like schema-no-match 'no matching schemas were found' -n 'nothing*'
fails_like strict-schema-no-match 'no matching schemas were found for pattern "nope"' --strict-names -n abc -n nope
fails_like extension-no-match 'no matching extensions were found' -e nothing
fails_like other-database 'cross-database references are not implemented: otherdb.public.t1' -t otherdb.public.t1
fails_like too-many-dots 'improper relation name (too many dotted names): a.b.c.d' -t a.b.c.d
fails_like schema-and-data-only 'options -s/--schema-only and -a/--data-only cannot be used together' -s -a
fails_like if-exists-without-clean 'option --if-exists requires option -c/--clean' --if-exists
fails_like foreign-server-no-match 'no matching foreign servers were found for pattern "nothing"' \
  --include-foreign-data nothing
fails_like foreign-data-schema-only 'options -s/--schema-only and --include-foreign-data cannot be used together' \
  -s --include-foreign-data loopback
fails_like invalid-encoding 'invalid client encoding "NO_SUCH_ENCODING"' -E NO_SUCH_ENCODING
fails_like unknown-section 'unrecognized section name: "middle"' --section=middle
fails_like float-digits-range 'invalid value "4" for option --extra-float-digits' --extra-float-digits=4
fails_like invalid-snapshot 'invalid snapshot identifier' --snapshot=00000003-0000001B-1

# --lock-wait-timeout: a table that another session holds locked makes the dump fail quickly.
psql -X -q -d "$database" -c "BEGIN; LOCK TABLE public.other IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(60)" \
  >/dev/null 2>&1 &
locker=$!
for _ in $(seq 50); do
  held=$(psql -X -A -t -d "$database" -c "SELECT count(*) FROM pg_locks WHERE granted AND mode = 'AccessExclusiveLock' AND relation = 'public.other'::regclass")
  [[ $held == 1 ]] && break
  sleep 0.1
done
fails_like lock-wait-timeout 'canceling statement due to statement timeout' --lock-wait-timeout=200
psql -X -q -d "$database" -c "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%' AND pid <> pg_backend_pid()" \
  >/dev/null 2>&1
wait "$locker" 2>/dev/null

# wiredump list and verify on archives whose dump ids have gaps where entries were left out.
for name in data-only section-data sections-pre-post; do
  archive=$work/$name/wiredump.dump
  pg_restore -l "$archive" >"$work/$name/pg_restore.own-list" 2>&1
  if ! "$wiredump" list "$archive" >"$work/$name/wiredump.own-list" 2>&1; then
    fail "selection $name: wiredump list" "$(last_line_of "$work/$name/wiredump.own-list")"
  elif cmp -s "$work/$name/wiredump.own-list" "$work/$name/pg_restore.own-list"; then
    pass "selection $name: wiredump list"
  else
    fail "selection $name: wiredump list" "the listing differs from pg_restore -l"
  fi
  if "$wiredump" verify "$archive" >"$work/$name/wiredump.verify" 2>&1; then
    pass "selection $name: wiredump verify"
  else
    fail "selection $name: wiredump verify" "$(last_line_of "$work/$name/wiredump.verify")"
  fi
done

# A few archives restored into fresh databases with --exit-on-error.
for name in schema-quoted exclude-schema exclude-table sections-pre-post data-only-table; do
  restored=${database}_restored
  dropdb --if-exists "$restored" >/dev/null 2>&1
  createdb "$restored"
  # A data-only archive needs the tables. They come from pg_dump's full archive, without the
  # foreign keys, whose referenced rows the two tables do not all have.
  if [[ $name == data-only-table ]]; then
    pg_restore --exit-on-error --section=pre-data -d "$restored" "$work/no-options/pg_dump.dump" \
      >"$work/$name/restore.log" 2>&1
  fi
  if timeout 120 pg_restore --exit-on-error -d "$restored" "$work/$name/wiredump.dump" \
    >>"$work/$name/restore.log" 2>&1; then
    pass "selection $name: pg_restore --exit-on-error"
  else
    fail "selection $name: pg_restore --exit-on-error" "$(last_line_of "$work/$name/restore.log")"
  fi
  dropdb --if-exists "$restored" >/dev/null 2>&1
done

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $database" -c "DROP ROLE IF EXISTS selection_reader" \
  >/dev/null 2>&1
if ((failed == 0)) && [[ -z ${WIREDUMP_TEST_WORKDIR:-} ]]; then
  rm -rf "$work"
else
  note "archives and logs: $work"
fi
finish
