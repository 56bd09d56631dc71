#!/usr/bin/env bash
# Connection vocabulary against real servers. It checks a service file login, a host list whose
# first host is down, target_session_attrs across a read-write and a read-only server, and startup
# options. It checks the warning for a password sent in the clear inside a network namespace, a
# dump cancelled with SIGINT, and protocol 3.2 with PostgreSQL 18 and its downgrade with 13.
#
# Environment:
#   WIREDUMP             the wiredump binary (required)
#   WIREDUMP_TEST_PORT   port of the running PostgreSQL 15 test server (required); this suite also
#                        uses the next six ports: +2 a second PostgreSQL 15 server, +3 a port that
#                        must stay closed, +4 the server inside the network namespace, +5
#                        PostgreSQL 13 and +6 PostgreSQL 18
#   WIREDUMP_PG_MATRIX   the pg-matrix.sh that starts servers 13 and 18 (default
#                        scripts/pg-matrix.sh in the repository)
# Prints "ok - NAME" or "not ok - NAME: REASON" per check and ends with "N passed, M failed".
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
# shellcheck source=../lib.sh
source "$here/../lib.sh"

: "${WIREDUMP:?set WIREDUMP to the wiredump binary}"
: "${WIREDUMP_TEST_PORT:?set WIREDUMP_TEST_PORT to the port of the running test server}"
port=$WIREDUMP_TEST_PORT
second_port=$((port + 2))
closed_port=$((port + 3))
namespace_port=$((port + 4))
old_port=$((port + 5))
new_port=$((port + 6))
matrix=${WIREDUMP_PG_MATRIX:-$repo/scripts/pg-matrix.sh}
pg_bin=/usr/lib/postgresql/15/bin
socket_dir=$("$repo/scripts/pg-test-server.sh" socket-dir)
database=wiredump_test_conn

work=$(mktemp -d "${TMPDIR:-/tmp}/wiredump-conn.XXXXXX")
chmod 755 "$work"
# A short root, because a unix socket path may not exceed 107 bytes.
second_root=/tmp/wd-conn-$$
namespace=wiredump-conn-$$
started_matrix=()

cleanup() {
  local major
  for major in "${started_matrix[@]}"; do
    "$matrix" stop "$major" >/dev/null 2>&1 || true
  done
  if [[ -d $second_root/data/15 ]]; then
    runuser -u wiredump-pg -- "$pg_bin/pg_ctl" -D "$second_root/data/15" -m fast stop >/dev/null 2>&1 || true
  fi
  if ip netns list 2>/dev/null | grep -q "^$namespace\\b"; then
    ip netns delete "$namespace" 2>/dev/null || true
  fi
  [[ -n ${WIREDUMP_KEEP_WORK:-} ]] || rm -rf "$work"
  rm -rf "$second_root"
}
trap cleanup EXIT

# Runs SQL on a server through its unix socket as the superuser.
psql_on() {
  local socket=$1 server_port=$2 db=$3
  shift 3
  "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$socket" -p "$server_port" -U postgres -d "$db" "$@"
}

# Runs wiredump with a time limit, standard input closed and the password file disabled.
run_wiredump() {
  PGPASSFILE=/dev/null timeout 120 "$WIREDUMP" "$@" </dev/null
}

# Prints the table names of an archive, one a line, from wiredump list.
archive_tables() {
  "$WIREDUMP" list "$1" | awk '$4 == "TABLE" && $5 != "DATA" { print $5 "." $6 }'
}

# Expects the last dump to have succeeded and its archive to hold TABLE.
expect_table() {
  local name=$1 status=$2 archive=$3 log=$4 table=$5
  if ((status != 0)); then
    fail "$name" "wiredump exited with status $status: $(last_line_of "$log")"
  elif ! archive_tables "$archive" | grep -qx "$table"; then
    fail "$name" "the archive lacks table $table, so the dump read another server" \
      "tables: $(archive_tables "$archive" | tr '\n' ' ')"
  else
    pass "$name"
  fi
}

setup_databases() {
  psql_on "$socket_dir" "$port" postgres -c "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database" &&
    psql_on "$socket_dir" "$port" "$database" -c "CREATE TABLE on_first_server (id int); INSERT INTO on_first_server VALUES (1)"
}

# A second PostgreSQL 15 server whose sessions are read-only by default, as a standby's are.
start_second_server() {
  WIREDUMP_PG_ROOT=$second_root "$repo/scripts/pg-test-server.sh" start 15 "$second_port" >"$work/second.log" 2>&1 ||
    return 1
  psql_on "$second_root/run" "$second_port" postgres -c "CREATE DATABASE $database" &&
    psql_on "$second_root/run" "$second_port" "$database" \
      -c "CREATE TABLE on_read_only_server (id int)" \
      -c "ALTER SYSTEM SET default_transaction_read_only = on" -c "SELECT pg_reload_conf()" >/dev/null
}

check_service_file() {
  local services=$work/pg_service.conf status
  cat >"$services" <<EOF
# A service that names everything, as a user's ~/.pg_service.conf would.
[conn_test]
host=127.0.0.1
port=$port
user=wiredump
password=wiredump
dbname=$database
EOF
  PGSERVICEFILE=$services run_wiredump dump -f "$work/service.dump" "service=conn_test" 2>"$work/service.log"
  status=$?
  expect_table "service= from PGSERVICEFILE" "$status" "$work/service.dump" "$work/service.log" public.on_first_server

  PGSERVICEFILE=$services PGSERVICE=conn_test run_wiredump dump -f "$work/pgservice.dump" 2>"$work/pgservice.log"
  status=$?
  expect_table "PGSERVICE" "$status" "$work/pgservice.dump" "$work/pgservice.log" public.on_first_server

  PGSERVICEFILE=$services run_wiredump dump -f "$work/missing.dump" "service=no_such" 2>"$work/missing.log"
  if grep -q 'definition of service "no_such" not found' "$work/missing.log"; then
    pass "unknown service rejected"
  else
    fail "unknown service rejected" "$(last_line_of "$work/missing.log")"
  fi
}

check_host_list() {
  local status
  if "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$closed_port"; then
    fail "host list skips a down host" "port $closed_port is open, so it cannot stand for a host that is down"
    return
  fi
  run_wiredump dump -f "$work/hosts.dump" \
    "host=127.0.0.1,127.0.0.1 port=$closed_port,$port user=wiredump password=wiredump dbname=$database" \
    2>"$work/hosts.log"
  status=$?
  expect_table "host list skips a down host" "$status" "$work/hosts.dump" "$work/hosts.log" public.on_first_server

  run_wiredump dump -f "$work/none.dump" \
    "host=127.0.0.1,127.0.0.2 port=$closed_port user=wiredump password=wiredump dbname=$database" 2>"$work/none.log"
  if [[ $(grep -c "failed: Connection refused" "$work/none.log") == 2 ]]; then
    pass "host list failure names every host"
  else
    fail "host list failure names every host" "expected two refused connections" "$(cat "$work/none.log")"
  fi
}

check_session_attributes() {
  local hosts="host=127.0.0.1,127.0.0.1 user=wiredump password=wiredump dbname=$database" status
  run_wiredump dump -f "$work/rw.dump" "$hosts port=$second_port,$port target_session_attrs=read-write" \
    2>"$work/rw.log"
  status=$?
  expect_table "read-write skips a read-only server" "$status" "$work/rw.dump" "$work/rw.log" public.on_first_server

  run_wiredump dump -f "$work/ro.dump" "$hosts port=$port,$second_port target_session_attrs=read-only" \
    2>"$work/ro.log"
  status=$?
  expect_table "read-only skips a read-write server" "$status" "$work/ro.dump" "$work/ro.log" \
    public.on_read_only_server

  run_wiredump dump -f "$work/only-ro.dump" \
    "host=127.0.0.1 port=$second_port user=wiredump password=wiredump dbname=$database target_session_attrs=read-write" \
    2>"$work/only-ro.log"
  if grep -q "failed: session is read-only" "$work/only-ro.log"; then
    pass "read-write rejects a read-only server"
  else
    fail "read-write rejects a read-only server" "$(last_line_of "$work/only-ro.log")"
  fi
}

# client_encoding set through the startup options shows in the archive's ENCODING entry.
check_startup_options() {
  local status
  PGOPTIONS="-c client_encoding=LATIN1" run_wiredump dump -f "$work/pgoptions.dump" -h "$socket_dir" -p "$port" \
    -U postgres "$database" 2>"$work/pgoptions.log"
  status=$?
  if ((status == 0)) && "$pg_bin/pg_restore" -f - "$work/pgoptions.dump" | grep -q "client_encoding = 'LATIN1'"; then
    pass "PGOPTIONS reaches the server"
  else
    fail "PGOPTIONS reaches the server" "status $status: $(last_line_of "$work/pgoptions.log")"
  fi

  run_wiredump dump -f "$work/options.dump" \
    "host=$socket_dir port=$port user=postgres dbname=$database options='-c client_encoding=WIN1252'" \
    2>"$work/options.log"
  status=$?
  if ((status == 0)) && "$pg_bin/pg_restore" -f - "$work/options.dump" | grep -q "client_encoding = 'WIN1252'"; then
    pass "options= reaches the server"
  else
    fail "options= reaches the server" "status $status: $(last_line_of "$work/options.log")"
  fi
}

# Starts the second server inside a network namespace on TEST-NET address 192.0.2.10, so that a
# password sent to it goes to an address that is not loopback, and no packet can leave the
# namespace. The address sits on a dummy interface, or on lo where the kernel has no dummy driver.
start_namespace_server() {
  local data=$second_root/data/15
  ip netns add "$namespace" && ip -n "$namespace" link set lo up || return 1
  if ip -n "$namespace" link add dummy0 type dummy 2>/dev/null; then
    ip -n "$namespace" addr add 192.0.2.10/24 dev dummy0 && ip -n "$namespace" link set dummy0 up || return 1
  else
    note "no dummy network driver, so 192.0.2.10 is put on lo inside the namespace"
    ip -n "$namespace" addr add 192.0.2.10/32 dev lo || return 1
  fi

  runuser -u wiredump-pg -- "$pg_bin/pg_ctl" -D "$data" -m fast stop >/dev/null 2>&1
  cat >>"$data/pg_hba.conf" <<EOF
host    all       wiredump_md5        192.0.2.0/24   md5
host    all       wiredump_password   192.0.2.0/24   password
host    all       all                 192.0.2.0/24   scram-sha-256
EOF
  ip netns exec "$namespace" runuser -u wiredump-pg -- "$pg_bin/pg_ctl" -D "$data" -l "$second_root/log/netns.log" \
    -w -t 60 -o "-p $namespace_port -c listen_addresses=192.0.2.10,127.0.0.1" start >/dev/null
}

# Runs wiredump inside the namespace as ROLE against HOST and prints its standard error.
dump_in_namespace() {
  local role=$1 host=$2
  ip netns exec "$namespace" env PGPASSFILE=/dev/null timeout 60 "$WIREDUMP" dump -f "$work/netns.dump" \
    "host=$host port=$namespace_port user=$role password=$role dbname=$database" </dev/null 2>&1 >/dev/null
}

check_exposed_password_warning() {
  if ! command -v ip >/dev/null || ! ip netns list >/dev/null 2>&1; then
    fail "cleartext password warning" "ip netns is not available (install iproute2 and run as root)"
    return
  fi
  if ! start_namespace_server; then
    fail "cleartext password warning" "could not start a server in network namespace $namespace" \
      "$(tail -n 5 "$second_root/log/netns.log" 2>/dev/null)"
    return
  fi

  local output
  output=$(dump_in_namespace wiredump_password 192.0.2.10)
  if grep -q "warning: sending the password in cleartext to server at \"192.0.2.10\".*sslmode=require" <<<"$output"; then
    pass "cleartext password warning"
  else
    fail "cleartext password warning" "no warning for a cleartext password to 192.0.2.10" "$output"
  fi

  output=$(dump_in_namespace wiredump_md5 192.0.2.10)
  if grep -q "warning: sending an MD5 password hash" <<<"$output"; then
    pass "MD5 password warning"
  else
    fail "MD5 password warning" "no warning for an MD5 login to 192.0.2.10" "$output"
  fi

  output=$(dump_in_namespace wiredump 192.0.2.10; dump_in_namespace wiredump_password 127.0.0.1;
    dump_in_namespace wiredump_password "$second_root/run")
  if grep -q "warning" <<<"$output"; then
    fail "no warning for SCRAM, loopback or socket" "unexpected warning" "$output"
  else
    pass "no warning for SCRAM, loopback or socket"
  fi
}

# Dumps through the wiredump connection string CONNINFO, sends SIGINT once the COPY of table big
# has started, and checks that the server cancelled the COPY and that no file is left. The psql
# command after the first three arguments creates and drops big. SERVER_LOG, when readable, must
# show the cancel too.
check_cancel() {
  local name=$1 conninfo=$2 server_log=$3
  shift 3
  local archive=$work/cancelled.dump log=$work/cancel.log pid status waited=0 log_lines_before=0
  # About 200 MB of COPY text that zlib level 9 compresses slowly, so the COPY runs for seconds.
  if ! "$@" -c "CREATE TABLE big AS SELECT g, repeat(md5(g::text), 6) AS filler FROM generate_series(1, 1000000) g" \
    >"$work/big.log" 2>&1; then
    fail "$name" "could not create the large table: $(last_line_of "$work/big.log")"
    return
  fi
  [[ -r $server_log ]] && log_lines_before=$(wc -l <"$server_log")

  PGPASSFILE=/dev/null "$WIREDUMP" dump -v -j 1 -f "$archive" "$conninfo" </dev/null 2>"$log" &
  pid=$!
  until grep -qs "dumping contents of table public.big" "$log" || ((waited > 600)); do
    sleep 0.1
    waited=$((waited + 1))
  done
  sleep 1
  kill -INT "$pid"
  wait "$pid"
  status=$?

  local leftovers
  leftovers=$(find "$work" -maxdepth 1 -name 'cancelled.dump*' | tr '\n' ' ')
  if ((status == 0)); then
    fail "$name" "wiredump exited with status 0 after SIGINT" "$(tail -n 3 "$log")"
  elif [[ -n $leftovers ]]; then
    fail "$name" "files left behind: $leftovers"
  elif ! grep -q "canceling statement due to user request" "$log"; then
    fail "$name" "status $status, but the server did not report the cancel" "$(tail -n 4 "$log")"
  elif [[ -r $server_log ]] && ! tail -n +"$((log_lines_before + 1))" "$server_log" |
    grep -q "canceling statement due to user request"; then
    fail "$name" "the server log $server_log lacks the cancel"
  else
    pass "$name (status $status)"
  fi
  "$@" -c "DROP TABLE IF EXISTS big" >/dev/null 2>&1
}

# Starts MAJOR from the pg-matrix script on PORT unless it already runs, and sets matrix_port to
# the port it listens on. It runs in the suite's own shell, not in a command substitution, so that
# cleanup can stop every server it started.
matrix_port=
start_matrix_server() {
  local major=$1 wanted_port=$2 url
  if url=$("$matrix" url "$major" 2>/dev/null); then
    url=${url##*:}
    matrix_port=${url%%/*}
    return
  fi
  "$matrix" start "$major" "$wanted_port" >"$work/matrix-$major.log" 2>&1 || return 1
  started_matrix+=("$major")
  matrix_port=$wanted_port
}

check_queried_session_attributes() {
  local server_port=$1 login output
  login="host=127.0.0.1 port=$server_port user=wiredump password=wiredump dbname=postgres"
  if run_wiredump dump -f "$work/queried.dump" "$login target_session_attrs=read-write" 2>"$work/queried.log"; then
    pass "read-write queried on PostgreSQL 13"
  else
    fail "read-write queried on PostgreSQL 13" "$(last_line_of "$work/queried.log")"
  fi
  output=$(run_wiredump dump -f "$work/queried.dump" "$login target_session_attrs=standby" 2>&1)
  if grep -q "failed: server is not in hot standby mode" <<<"$output"; then
    pass "standby queried on PostgreSQL 13"
  else
    fail "standby queried on PostgreSQL 13" "expected the primary to be rejected" "$output"
  fi
}

check_protocol_versions() {
  if [[ ! -x $matrix ]]; then
    fail "protocol 3.2 with PostgreSQL 18" "no pg-matrix script at $matrix; set WIREDUMP_PG_MATRIX"
    return
  fi
  local major server_port output expected
  for major in 18 13; do
    expected="protocol 3.0"
    [[ $major == 18 ]] && expected="protocol 3.2"
    local wanted_port=$new_port
    [[ $major == 13 ]] && wanted_port=$old_port
    if ! start_matrix_server "$major" "$wanted_port"; then
      fail "max_protocol_version=latest with PostgreSQL $major" "$(last_line_of "$work/matrix-$major.log")"
      continue
    fi
    server_port=$matrix_port
    output=$(run_wiredump dump -v -f "$work/protocol-$major.dump" \
      "host=127.0.0.1 port=$server_port user=wiredump password=wiredump dbname=postgres max_protocol_version=latest" \
      2>&1)
    if grep -q "PostgreSQL $major\\..*, $expected" <<<"$output" && grep -q "archive complete" <<<"$output"; then
      pass "max_protocol_version=latest with PostgreSQL $major ($expected)"
    else
      fail "max_protocol_version=latest with PostgreSQL $major" "expected $expected" "$output"
    fi
    # PostgreSQL 13 does not report in_hot_standby, so target_session_attrs needs a query there.
    if [[ $major == 13 ]]; then
      check_queried_session_attributes "$server_port"
    fi
    # PostgreSQL 18 sends a 32-byte cancel key in protocol 3.2, which the CancelRequest must repeat.
    if [[ $major == 18 ]]; then
      check_cancel "SIGINT cancels with a protocol 3.2 key" \
        "host=127.0.0.1 port=$server_port user=wiredump password=wiredump dbname=postgres max_protocol_version=latest" \
        "" env PGPASSWORD=wiredump "$pg_bin/psql" -X -q -h 127.0.0.1 -p "$server_port" -U wiredump -d postgres
    fi
  done
}

if setup_databases >"$work/setup.log" 2>&1; then
  check_service_file
  check_host_list
  check_startup_options
  if start_second_server; then
    check_session_attributes
    check_exposed_password_warning
  else
    fail "second server" "could not start a second PostgreSQL 15 server on port $second_port" \
      "$(tail -n 3 "$work/second.log")"
  fi
  check_cancel "SIGINT cancels the COPY" "host=$socket_dir port=$port user=postgres dbname=$database" \
    "$(dirname "$socket_dir")/log/server-15.log" psql_on "$socket_dir" "$port" "$database"
  check_protocol_versions
  psql_on "$socket_dir" "$port" postgres -c "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1
else
  fail "setup" "could not create database $database: $(last_line_of "$work/setup.log")"
fi

echo "$passed passed, $failed failed"
((failed == 0))
