#!/usr/bin/env bash
# Dumps the fixtures on every PostgreSQL server from 13 to 18 with one wiredump binary. Each
# archive is restored with every pg_restore that reads it (15, 17 and 18) into a new database on
# the same server, and the restored database is compared with the source. Then wiredump's archive
# is compared with the archive of the pg_dump that matches the server: 15 for servers up to 15,
# 17 for 16 and 17, 18 for 18.
#
# Servers and clients come from scripts/pg-matrix.sh, which this suite installs (a cached install
# takes under a second) and whose servers it starts and stops. A server that already runs under
# WIREDUMP_PG_ROOT is reused on its own port and left running.
# Prints one "ok - NAME" or "not ok - NAME: REASON" line per check, comment lines starting with
# "#", and as its last line "N passed, M failed". Exits 1 if any check failed.
#
# Environment (all optional):
#   WIREDUMP                    dump command (default: build/wiredump in the repository)
#   WIREDUMP_MATRIX_SERVERS     server majors to test (default "13 14 16 17 18"; 15 is the main
#                               suite's server)
#   WIREDUMP_MATRIX_FIXTURES    fixture names (default: every SQL fixture; pgbench only tests
#                               volume, which the main suite covers on 15)
#   WIREDUMP_MATRIX_BASE_PORT   server MAJOR listens on BASE + MAJOR (default 25430, so ports
#                               25443 to 25448)
#   WIREDUMP_TEST_WORKDIR       directory for archives and logs (default: a new temporary
#                               directory, removed when every check passed)
#   WIREDUMP_TEST_TIMEOUT       seconds after which one wiredump or pg_restore run is stopped
#                               (default 300)
#   WIREDUMP_PG_ROOT, WIREDUMP_PG_PASSWORD, WIREDUMP_PGMATRIX_HOME   as for scripts/pg-matrix.sh
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
# shellcheck source-path=SCRIPTDIR/..
source "$here/../lib.sh"
# shellcheck source-path=SCRIPTDIR/..
source "$here/../matrix_checks.sh"

read -r -a wiredump <<<"${WIREDUMP:-$repo/build/wiredump}"
matrix_script=$repo/scripts/pg-matrix.sh
read -r -a servers <<<"${WIREDUMP_MATRIX_SERVERS:-13 14 16 17 18}"
base_port=${WIREDUMP_MATRIX_BASE_PORT:-25430}
dump_timeout=${WIREDUMP_TEST_TIMEOUT:-300}
login_password=${WIREDUMP_PG_PASSWORD:-wiredump}
restore_clients=(15 17 18)

all_fixtures=()
for file in "$integration_dir"/fixtures/*.sql; do
  name=${file##*/}
  all_fixtures+=("${name%.sql}")
done
read -r -a fixtures <<<"${WIREDUMP_MATRIX_FIXTURES:-${all_fixtures[*]}}"

finish() {
  report_matrix_differential
  note "time: total $(seconds_since "$run_started") s"
  if ((failed == 0)) && [[ -z ${WIREDUMP_TEST_WORKDIR:-} ]]; then
    rm -rf "$work"
  else
    note "archives and logs kept in $work"
  fi
  echo "$passed passed, $failed failed"
  ((failed == 0))
  exit
}

if [[ -n ${WIREDUMP_TEST_WORKDIR:-} ]]; then
  work=$WIREDUMP_TEST_WORKDIR/matrix
  mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/wiredump-matrix.XXXXXX")
fi
: >"$work/empty.pgpass"
chmod 600 "$work/empty.pgpass"
run_started=$(now)

if [[ ! -x ${wiredump[0]} ]]; then
  fail "matrix: dump command" "'${wiredump[0]}' not found or not executable; build it or set WIREDUMP"
  finish
fi

start=$(now)
if "$matrix_script" install >"$work/install.log" 2>&1; then
  pass "matrix: servers and clients installed ($(seconds_since "$start") s)"
else
  fail "matrix: install" "$(last_line_of "$work/install.log") (log: $work/install.log)"
  finish
fi

declare -A client_dir=()
for client in "${restore_clients[@]}"; do
  client_dir[$client]=$("$matrix_script" bin "$client")
done
socket_dir=$("$matrix_script" socket-dir)
export PGHOST=$socket_dir PGUSER=postgres
unset PGDATABASE PGPASSWORD PGSERVICE PGSSLMODE PGOPTIONS
original_path=$PATH

# Servers this suite started, to stop on exit.
started_servers=()
stop_started_servers() {
  local major
  for major in "${started_servers[@]}"; do
    "$matrix_script" stop "$major" >/dev/null 2>&1
  done
}
trap stop_started_servers EXIT

# Starts the server of a major, or reuses a running one, and exports its port as PGPORT.
start_server() {
  local major=$1
  local url port log=$work/server-$major.log
  if url=$("$matrix_script" url "$major" 2>/dev/null); then
    port=${url##*:}
    port=${port%%/*}
    note "server $major: reusing the running server on port $port"
  else
    port=$((base_port + major))
    "$matrix_script" start "$major" "$port" >"$log" 2>&1 ||
      { fail "server $major: start" "$(last_line_of "$log")"; return 1; }
    started_servers+=("$major")
  fi
  export PGPORT=$port
}

# Runs "wiredump dump" over TCP as the SCRAM superuser, with nothing from the environment.
run_wiredump() {
  timeout --kill-after=10 "$dump_timeout" env -u PGHOST -u PGPORT -u PGUSER \
    "PGPASSFILE=$work/empty.pgpass" "PGPASSWORD=$login_password" \
    "${wiredump[@]}" dump -h 127.0.0.1 -p "$PGPORT" -U wiredump -w "$@"
}

# Loads, dumps, restores and compares one fixture on the current server.
test_fixture() {
  local major=$1 name=$2
  local label="server $major $name"
  local dir=$work/$major/$name
  local source_db=wiredump_matrix_$name
  local skipped start status
  mkdir -p "$dir"

  if ! load_fixture "$name" "$source_db" "$dir/load.log" "$major"; then
    fail "$label: load fixture" "$(last_line_of "$dir/load.log") (log: $dir/load.log)"
    return
  fi
  skipped=$(fixture_blocks_skipped "$name" "$major" | paste -s -d ';' | sed 's/;/; /g')
  [[ -z $skipped ]] || note "$label: left out of the fixture: $skipped"
  if ! describe_database "$source_db" "$dir/source"; then
    fail "$label: describe source" "$(last_line_of "$dir/source.describe.log")"
    return
  fi

  start=$(now)
  run_wiredump -f "$dir/wiredump.dump" "$source_db" 2>"$dir/dump.log"
  status=$?
  if ((status != 0)); then
    fail "$label: wiredump dump" "exit status $status: $(last_line_of "$dir/dump.log")"
    return
  fi
  pass "$label: wiredump dump ($(seconds_since "$start") s)"

  local client
  for client in "${restore_clients[@]}"; do
    restore_and_check "$label" "$major" "$client" "$dir"
  done
  compare_with_pg_dump "$label" "$major" "$source_db" "$dir"
}

# Dumps a table, its column and its database with security labels, which a superuser can
# insert into pg_seclabel and pg_shseclabel without a label provider, and checks that the archive
# contains the three SECURITY LABEL statements. This runs the label queries on each server version.
test_security_labels() {
  local major=$1
  local label="server $major: security labels"
  local dir=$work/$major/security_labels db=wiredump_matrix_labels
  mkdir -p "$dir"
  dropdb --if-exists "$db" >/dev/null 2>&1
  if ! createdb "$db" >"$dir/load.log" 2>&1 ||
    ! psql -X -q -v ON_ERROR_STOP=1 -d "$db" >>"$dir/load.log" 2>&1 <<'SQL'; then
CREATE TABLE public.labelled (secret text);
INSERT INTO pg_catalog.pg_seclabel VALUES
  ('public.labelled'::regclass, 'pg_class'::regclass, 0, 'selinux', 'table label'),
  ('public.labelled'::regclass, 'pg_class'::regclass, 1, 'selinux', 'column label');
INSERT INTO pg_catalog.pg_shseclabel
  SELECT oid, 'pg_database'::regclass, 'selinux', 'database label'
  FROM pg_catalog.pg_database WHERE datname = current_database();
SQL
    fail "$label: load" "$(last_line_of "$dir/load.log")"
    return
  fi
  if ! run_wiredump -f "$dir/wiredump.dump" "$db" 2>"$dir/dump.log"; then
    fail "$label: wiredump dump" "$(last_line_of "$dir/dump.log")"
    return
  fi
  "${client_dir[18]}/pg_restore" -C -f - "$dir/wiredump.dump" 2>"$dir/restore.log" |
    grep '^SECURITY LABEL' >"$dir/labels.sql"
  cat >"$dir/expected.sql" <<SQL
SECURITY LABEL FOR selinux ON DATABASE $db IS 'database label';
SECURITY LABEL FOR selinux ON TABLE public.labelled IS 'table label';
SECURITY LABEL FOR selinux ON COLUMN public.labelled.secret IS 'column label';
SQL
  if cmp -s "$dir/expected.sql" "$dir/labels.sql"; then
    pass "$label"
  else
    fail "$label" "the archive's SECURITY LABEL statements differ (- expected, + archive)" \
      "$(diff "$dir/expected.sql" "$dir/labels.sql" | head -n 6)"
  fi
  dropdb --if-exists "$db" >/dev/null 2>&1
}

for major in "${servers[@]}"; do
  server_started=$(now)
  start_server "$major" || continue
  # pg_dump -s of the matching major describes each database, and its psql loads the fixtures.
  PATH="$("$matrix_script" bin-for "$major"):$original_path"

  if ! PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 -d postgres \
    -f "$integration_dir/setup/roles.sql" >"$work/roles-$major.log" 2>&1; then
    fail "server $major: setup roles" "$(last_line_of "$work/roles-$major.log")"
    continue
  fi
  # pg_dump 15 and later take {owner=UC/owner,=U/owner}, the public schema's ACL from server 15
  # on, as its baseline and write no GRANT when the ACL equals it. Before 15 a new database's
  # public schema also grants CREATE to PUBLIC, so a restore would keep that grant where the
  # source had none. Giving template1 the newer ACL makes the restored databases start from it.
  if ((major < 15)) && ! psql -X -q -v ON_ERROR_STOP=1 -d template1 \
    -c 'REVOKE CREATE ON SCHEMA public FROM PUBLIC' >"$work/template-$major.log" 2>&1; then
    fail "server $major: public schema ACL in template1" "$(last_line_of "$work/template-$major.log")"
    continue
  fi
  for name in "${fixtures[@]}"; do
    test_fixture "$major" "$name"
  done
  test_security_labels "$major"
  note "time: server $major $(seconds_since "$server_started") s"
done

finish
