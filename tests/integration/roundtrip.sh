#!/usr/bin/env bash
# Dumps each fixture database with wiredump, restores the archive with the stock pg_restore into
# an empty database, and compares the two databases' schema, table data, sequence values and
# large objects. Then compares wiredump's archive with pg_dump's, checks "wiredump list" and
# "wiredump verify" on both archives, checks the logins, and checks that failures exit non-zero
# with a message that names the cause.
#
# Needs a running test server: scripts/pg-test-server.sh start 15 PORT.
# Prints one "ok - NAME" or "not ok - NAME: REASON" line per check, comment lines starting with
# "#", and as its last line "N passed, M failed". Exits 1 if any check failed.
#
# Environment (all optional):
#   WIREDUMP                 dump command, run as "$WIREDUMP dump [options] DBNAME"
#                            (default: build/wiredump in the repository)
#   WIREDUMP_TEST_PORT       port of the test server (default 25434)
#   WIREDUMP_TEST_FIXTURES   fixture names to run, separated by spaces (default: all)
#   WIREDUMP_TEST_WORKDIR    directory for archives and logs (default: a new temporary directory,
#                            removed when every check passed)
#   WIREDUMP_TEST_TIMEOUT    seconds after which one wiredump or pg_restore run is stopped and fails
#                            (default 300), because pg_restore loops forever on a broken zlib member
#   WIREDUMP_PG_ROOT, WIREDUMP_PG_PASSWORD   as for scripts/pg-test-server.sh
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source-path=SCRIPTDIR
source "$here/lib.sh"

read -r -a wiredump <<<"${WIREDUMP:-$repo/build/wiredump}"
port=${WIREDUMP_TEST_PORT:-25434}
dump_timeout=${WIREDUMP_TEST_TIMEOUT:-300}
major=15
server_script=$repo/scripts/pg-test-server.sh

# Reports a failed precondition as the only check and exits.
abort() {
  fail "setup: $1" "$2"
  echo "$passed passed, $failed failed"
  exit 1
}

bin=$("$server_script" bin "$major" 2>&1) || abort "client tools" "$bin"
socket_dir=$("$server_script" socket-dir)
export PATH="$bin:$PATH"

# Administrative work (create, load, restore, compare) runs as the superuser over the trusted
# unix socket. Dumps log in over TCP as a role with a password, as a user's backup would.
export PGHOST=$socket_dir PGPORT=$port PGUSER=postgres
unset PGDATABASE PGPASSWORD PGSERVICE PGSSLMODE PGOPTIONS
dump_host=127.0.0.1

password_for() {
  printf '%s' "${WIREDUMP_PG_PASSWORD:-$1}"
}

if [[ ! -x ${wiredump[0]} ]]; then
  abort "dump command" "'${wiredump[0]}' not found or not executable; build it or set WIREDUMP"
fi
if ! pg_isready -q; then
  abort "test server" "no server on $socket_dir port $port; start one with: $server_script start $major $port"
fi

if [[ -n ${WIREDUMP_TEST_WORKDIR:-} ]]; then
  work=$WIREDUMP_TEST_WORKDIR
  mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/wiredump-roundtrip.XXXXXX")
fi
: >"$work/empty.pgpass"
chmod 600 "$work/empty.pgpass"

all_fixtures=()
for file in "$here"/fixtures/*.sql "$here"/fixtures/*.sh; do
  [[ -e $file ]] || continue
  name=${file##*/}
  all_fixtures+=("${name%.*}")
done
read -r -a fixtures <<<"${WIREDUMP_TEST_FIXTURES:-${all_fixtures[*]}}"

declare -A timings=()
declare -a timing_order=()

# Adds seconds since START to the total of a phase.
record_time() {
  local phase=$1 start=$2
  [[ -n ${timings[$phase]:-} ]] || timing_order+=("$phase")
  timings[$phase]=$(awk -v total="${timings[$phase]:-0}" -v start="$start" -v end="$(now)" \
    'BEGIN { printf "%.2f", total + end - start }')
}

restored_count=0

# Restores ARCHIVE into a new database and compares it with the source database described under
# SOURCE_PREFIX. LABEL names the checks, and further arguments go to pg_restore. The restored
# database is dropped when all checks pass.
restore_and_compare() {
  local label=$1 archive=$2 source_prefix=$3 dir=$4
  shift 4
  local start
  restored_count=$((restored_count + 1))
  local restored_db=wiredump_test_restored_$restored_count

  start=$(now)
  if ! recreate_database "$restored_db" >"$dir/restore.log" 2>&1 ||
    ! timeout --kill-after=10 "$dump_timeout" \
      pg_restore --exit-on-error --no-password "$@" -d "$restored_db" "$archive" >>"$dir/restore.log" 2>&1; then
    fail "$label: pg_restore" "$(last_line_of "$dir/restore.log") (log: $dir/restore.log)"
    return 1
  fi
  record_time "pg_restore" "$start"
  pass "$label: pg_restore"

  start=$(now)
  if ! describe_database "$restored_db" "$dir/restored"; then
    fail "$label: describe restored" "$(last_line_of "$dir/restored.describe.log")"
    return 1
  fi
  record_time "compare" "$start"

  local failures_before=$failed
  compare_aspect "$label: schema matches" "$source_prefix.schema.sql" "$dir/restored.schema.sql" "pg_dump -s output"
  compare_aspect "$label: data matches" "$source_prefix.data" "$dir/restored.data" \
    "row count, row checksum or large object"
  compare_aspect "$label: sequences match" "$source_prefix.sequences" "$dir/restored.sequences" \
    "last_value or is_called"
  if ((failed == failures_before)); then
    dropdb --if-exists "$restored_db" >/dev/null 2>&1
  else
    note "$label: restored database $restored_db kept for inspection"
  fi
}

# Runs "wiredump dump" with the remaining arguments and PASSWORD in PGPASSWORD (none if empty).
# A run that outlasts WIREDUMP_TEST_TIMEOUT is stopped, and its exit status is 124.
# The PGHOST, PGPORT and PGUSER that the administrative commands use are removed, and PGPASSFILE
# points to an empty file. A dump therefore connects only where its own options point it.
run_wiredump() {
  local password=$1
  shift
  local -a environment=(-u PGHOST -u PGPORT -u PGUSER -u PGPASSWORD "PGPASSFILE=$work/empty.pgpass")
  [[ -z $password ]] || environment+=("PGPASSWORD=$password")
  timeout --kill-after=10 "$dump_timeout" env "${environment[@]}" "${wiredump[@]}" dump "$@"
}

# Prints why a wiredump run failed: its exit status, or the timeout, and its last stderr line.
dump_failure() {
  local status=$1 log=$2
  if ((status == 124 || status == 137)); then
    printf 'timed out after %s s: %s' "$dump_timeout" "$(last_line_of "$log")"
  else
    printf 'exit status %s: %s' "$status" "$(last_line_of "$log")"
  fi
}

# Prints the options that make wiredump log in over TCP as ROLE, without prompting.
tcp_login_options() {
  printf '%s\n' -h "$dump_host" -p "$port" -U "$1" -w
}

# Dumps with wiredump and round-trips the archive. MODE is "file" (adds -f ARCHIVE) or "stdout"
# (redirects standard output to ARCHIVE). The remaining arguments go to "wiredump dump", and
# PASSWORD goes in PGPASSWORD.
roundtrip() {
  local label=$1 source_db=$2 password=$3 mode=$4
  shift 4
  local dir=$work/${label// /_}
  local archive=$dir/wiredump.dump
  local start status seconds
  mkdir -p "$dir"

  start=$(now)
  if [[ $mode == stdout ]]; then
    run_wiredump "$password" "$@" >"$archive" 2>"$dir/dump.log"
  else
    run_wiredump "$password" -f "$archive" "$@" 2>"$dir/dump.log"
  fi
  status=$?
  seconds=$(seconds_since "$start")
  record_time "wiredump dump" "$start"
  if ((status != 0)); then
    fail "$label: wiredump dump" "$(dump_failure "$status" "$dir/dump.log")"
    return 1
  fi
  if [[ ! -s $archive ]]; then
    fail "$label: wiredump dump" "exit status 0 but the archive $archive is empty"
    return 1
  fi
  pass "$label: wiredump dump ($(stat -c %s "$archive") bytes, $seconds s)"
  list_verify "$label" "$archive"

  restore_and_compare "$label" "$archive" "$work/$source_db.source" "$dir"
}

# shellcheck source-path=SCRIPTDIR
source "$here/differential.sh"
# shellcheck source-path=SCRIPTDIR
source "$here/list_verify.sh"
# shellcheck source-path=SCRIPTDIR
source "$here/logins.sh"
# shellcheck source-path=SCRIPTDIR
source "$here/errors.sh"

run_started=$(now)
note "dump command: ${wiredump[*]}"
note "server: $socket_dir port $port; work directory: $work"

start=$(now)
if PGOPTIONS='-c client_min_messages=warning' \
  psql -X -q -v ON_ERROR_STOP=1 -d postgres -f "$here/setup/roles.sql" >"$work/roles.log" 2>&1; then
  pass "setup: roles"
else
  fail "setup: roles" "$(last_line_of "$work/roles.log")"
fi
record_time "setup" "$start"

for name in "${fixtures[@]}"; do
  source_db=wiredump_test_$name
  start=$(now)
  if ! load_fixture "$name" "$source_db" "$work/$name.load.log" "$major"; then
    fail "$name: load fixture" "$(last_line_of "$work/$name.load.log") (log: $work/$name.load.log)"
    continue
  fi
  record_time "load fixtures" "$start"

  # The source is described once and reused by every round trip of this fixture.
  start=$(now)
  describe_database "$source_db" "$work/$source_db.source" ||
    { fail "$name: describe source" "$(last_line_of "$work/$source_db.source.describe.log")"; continue; }
  record_time "compare" "$start"

  mapfile -t login < <(tcp_login_options wiredump)
  scram_password=$(password_for wiredump)
  roundtrip "$name" "$source_db" "$scram_password" file "${login[@]}" "$source_db"
  differential "$name" "$source_db"
  list_verify "$name: pg_dump -Fc -Z9 archive" "$work/$name/pg_dump.dump"

  case $name in
    copy_edge_values)
      roundtrip "$name via stdout" "$source_db" "$scram_password" stdout "${login[@]}" "$source_db"
      ;;
    core_objects)
      roundtrip "$name with -Z 0" "$source_db" "$scram_password" file -Z 0 "${login[@]}" "$source_db"
      ;;
    pgbench)
      # The accounts table spans many 128 KiB compression blocks, so these runs cover both
      # compressors: one thread, and a pool of three threads whatever the CPU count.
      roundtrip "$name with -j 1" "$source_db" "$scram_password" file -j 1 "${login[@]}" "$source_db"
      roundtrip "$name with -j 3" "$source_db" "$scram_password" file -j 3 "${login[@]}" "$source_db"

      # A parallel restore has two workers read table data from the archive at the same time,
      # largest table first rather than in file order.
      if [[ -s $work/$name/wiredump.dump ]]; then
        mkdir -p "$work/$name-parallel"
        restore_and_compare "$name with pg_restore -j 2" "$work/$name/wiredump.dump" \
          "$work/$source_db.source" "$work/$name-parallel" -j 2
      fi
      ;;
  esac
done

if [[ " ${fixtures[*]} " == *" copy_edge_values "* ]]; then
  read_createdb_options copy_edge_values
  check_logins wiredump_test_copy_edge_values
  check_failures wiredump_test_copy_edge_values
fi

report_differential
for phase in "${timing_order[@]}"; do
  note "time: $phase ${timings[$phase]} s"
done
note "time: total $(seconds_since "$run_started") s"

if ((failed == 0)) && [[ -z ${WIREDUMP_TEST_WORKDIR:-} ]]; then
  rm -rf "$work"
else
  note "archives and logs kept in $work"
fi

echo "$passed passed, $failed failed"
((failed == 0))
