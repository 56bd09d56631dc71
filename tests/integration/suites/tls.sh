#!/usr/bin/env bash
# TLS checks: every sslmode against a TLS server and a plain one, server certificate and host
# name checks, client certificates, CRLs, channel binding, a full dump over TLS that pg_restore
# restores, and sslnegotiation=direct against PostgreSQL 17.
#
# Starts its own PostgreSQL 15 with ssl=on on 127.0.0.1 and ::1 (WIREDUMP_TLS_TEST_PORT, default
# 25441) and stops it at the end. The plain server is the main test server on WIREDUMP_TEST_PORT,
# with its SCRAM role "wiredump". For the direct case it starts server 17 with scripts/pg-matrix.sh
# on WIREDUMP_TLS_DIRECT_PORT (default 25442), turns ssl on through ALTER SYSTEM, and restores
# the setting afterwards.
#
# Environment:
#   WIREDUMP, WIREDUMP_TEST_PORT  the binary and the running plain test server (required)
#   WIREDUMP_TLS_TEST_PORT        port of this suite's TLS server (default 25441)
#   WIREDUMP_TLS_DIRECT_PORT      port for server 17 (default 25442)
#   WIREDUMP_PG_MATRIX            pg-matrix.sh to use (default scripts/pg-matrix.sh)
#   WIREDUMP_PG_RUN_USER          OS user that runs the server when this runs as root
#                                 (default wiredump-pg, as in scripts/pg-test-server.sh)
#   WIREDUMP_TEST_TIMEOUT         seconds before one wiredump run is stopped (default 120)
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib.sh
source "$repo/tests/integration/lib.sh"

: "${WIREDUMP:?set WIREDUMP to the wiredump binary}"
: "${WIREDUMP_TEST_PORT:?set WIREDUMP_TEST_PORT to the port of the running test server}"
tls_port=${WIREDUMP_TLS_TEST_PORT:-25441}
direct_port=${WIREDUMP_TLS_DIRECT_PORT:-25442}
matrix=${WIREDUMP_PG_MATRIX:-$repo/scripts/pg-matrix.sh}
run_user=${WIREDUMP_PG_RUN_USER:-wiredump-pg}
run_timeout=${WIREDUMP_TEST_TIMEOUT:-120}
pg_bin=/usr/lib/postgresql/15/bin
password=tls_secret

work=$(mktemp -d "${TMPDIR:-/tmp}/wiredump-tls.XXXXXX")
chmod 755 "$work"
pki=$work/pki
server=$work/server
logs=$work/logs
mkdir -p "$logs"
started_direct=false
direct_configured=false
direct_data=
suite_start=$(now)

# Runs a command as the server's OS user: PostgreSQL refuses to run as root.
as_server() {
  if [[ $(id -u) == 0 ]]; then
    runuser -u "$run_user" -- "$@"
  else
    "$@"
  fi
}

psql_tls() {
  "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$server" -p "$tls_port" -U postgres "$@"
}

# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
  if $direct_configured; then
    psql_direct -c "ALTER SYSTEM RESET ssl" -c "ALTER SYSTEM RESET ssl_cert_file" \
      -c "ALTER SYSTEM RESET ssl_key_file" -c "SELECT pg_reload_conf()" >/dev/null 2>&1
    rm -f "$direct_data/wiredump-tls-test.crt" "$direct_data/wiredump-tls-test.key"
  fi
  if $started_direct; then
    "$matrix" stop 17 >/dev/null 2>&1
  fi
  if [[ -f $server/data/postmaster.pid ]]; then
    as_server "$pg_bin/pg_ctl" -D "$server/data" -m fast -w stop >/dev/null 2>&1
  fi
  if ((failed == 0)); then
    rm -rf "$work"
  else
    note "logs kept in $work"
  fi
}
trap cleanup EXIT

finish() {
  note "tls suite took $(seconds_since "$suite_start") s"
  printf '%d passed, %d failed\n' "$passed" "$failed"
  ((failed == 0))
  exit
}

# ---------------------------------------------------------------- set-up

start_tls_server() {
  if [[ $(id -u) == 0 ]] && ! id -u "$run_user" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$run_user" || return 1
  fi
  mkdir -p "$server"
  [[ $(id -u) == 0 ]] && chown "$run_user:" "$server"
  as_server "$pg_bin/initdb" -D "$server/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
    >"$logs/initdb.log" 2>&1 || return 1

  # The server reads its key only when the file belongs to it and others cannot read it.
  cp "$pki/server.crt" "$pki/server.key" "$pki/ca.crt" "$server/data/"
  chmod 600 "$server/data/server.key"
  [[ $(id -u) == 0 ]] && chown "$run_user:" "$server/data/server.crt" "$server/data/server.key" "$server/data/ca.crt"

  cat >>"$server/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1,::1'
port = $tls_port
unix_socket_directories = '$server'
ssl = on
ssl_cert_file = 'server.crt'
ssl_key_file = 'server.key'
ssl_ca_file = 'ca.crt'
password_encryption = 'scram-sha-256'
log_connections = on
EOF
  # The first matching line wins. plain_only may log in only without TLS, tls_cert_user only
  # with a client certificate, and everyone else only over TLS.
  cat >"$server/data/pg_hba.conf" <<EOF
local     all  all            trust
hostssl   all  plain_only     127.0.0.1/32  reject
hostnossl all  plain_only     127.0.0.1/32  scram-sha-256
hostnossl all  all            127.0.0.1/32  reject
hostnossl all  all            ::1/128       reject
hostssl   all  tls_cert_user  127.0.0.1/32  cert
hostssl   all  tls_cert_user  ::1/128       cert
hostssl   all  all            127.0.0.1/32  scram-sha-256
hostssl   all  all            ::1/128       scram-sha-256
EOF
  as_server "$pg_bin/pg_ctl" -D "$server/data" -l "$server/data/server.log" -w -t 60 start \
    >"$logs/pg_ctl.log" 2>&1 || return 1

  psql_tls -d postgres >"$logs/roles.log" 2>&1 <<EOF
CREATE ROLE tls_user LOGIN SUPERUSER PASSWORD '$password';
CREATE ROLE plain_only LOGIN SUPERUSER PASSWORD '$password';
CREATE ROLE tls_cert_user LOGIN SUPERUSER;
CREATE DATABASE tls_source;
CREATE DATABASE tls_restored;
EOF
}

# The home directories that hold ~/.postgresql: one empty, one with the client certificate as
# the default files, one whose default root.crt is the wrong CA.
make_homes() {
  mkdir -p "$work/home-empty" "$work/home-cert/.postgresql" "$work/home-wrong-root/.postgresql"
  cp "$pki/client.crt" "$work/home-cert/.postgresql/postgresql.crt"
  cp "$pki/client.key" "$work/home-cert/.postgresql/postgresql.key"
  chmod 600 "$work/home-cert/.postgresql/postgresql.key"
  cp "$pki/other-ca.crt" "$work/home-wrong-root/.postgresql/root.crt"
  cp "$pki/client.key" "$work/loose.key"
  chmod 644 "$work/loose.key"
}

# ---------------------------------------------------------------- checks

# Runs one dump of database "postgres" with connection string CONN and HOME=HOME_DIR.
# EXPECT is "ok" or "fail"; for "fail", standard error must contain TEXT.
# Further arguments are extra environment settings (NAME=VALUE).
check_connect() {
  local name=$1 expect=$2 text=$3 home=$4 conn=$5
  shift 5
  local log=$logs/${name//[^A-Za-z0-9]/_}.log
  local status

  timeout --kill-after=10 "$run_timeout" env HOME="$home" PGPASSWORD="$password" PGCONNECT_TIMEOUT=20 "$@" \
    "$WIREDUMP" dump -w -f "$work/out.dump" -d "$conn" </dev/null >"$log" 2>&1
  status=$?

  if [[ $expect == ok ]]; then
    if ((status == 0)); then
      pass "$name"
    else
      fail "$name" "exit status $status: $(last_line_of "$log")"
    fi
    return
  fi
  if ((status == 0)); then
    fail "$name" "the connection succeeded, and it must fail"
  elif ((status == 124 || status == 137)); then
    fail "$name" "timed out after $run_timeout s: $(last_line_of "$log")"
  elif ! grep -a -qF -- "$text" "$log"; then
    fail "$name" "exit status $status, but standard error lacks '$text': $(last_line_of "$log")"
  else
    pass "$name"
  fi
}

# Checks that the TLS server's last "connection authorized" log line for USER has (yes) or
# lacks (no) "SSL enabled", and contains TEXT when it is given.
check_last_session() {
  local name=$1 user=$2 ssl=$3 text=${4:-}
  local line
  line=$(grep -a "connection authorized: user=$user " "$server/data/server.log" | tail -n 1)
  if [[ -z $line ]]; then
    fail "$name" "the server log has no authorized connection for $user"
  elif [[ $ssl == yes && $line != *"SSL enabled"* ]] || [[ $ssl == no && $line == *"SSL enabled"* ]]; then
    fail "$name" "expected SSL $ssl in: $line"
  elif [[ -n $text && $line != *"$text"* ]]; then
    fail "$name" "expected '$text' in: $line"
  else
    pass "$name"
  fi
}

tls_conn() {
  printf 'host=localhost port=%s user=tls_user dbname=postgres %s' "$tls_port" "$*"
}

plain_conn() {
  printf 'host=127.0.0.1 port=%s user=wiredump password=wiredump dbname=postgres %s' "$WIREDUMP_TEST_PORT" "$*"
}

check_sslmodes() {
  local empty=$work/home-empty root="sslrootcert=$pki/ca.crt"

  check_connect "tls server sslmode=disable" fail "no encryption" "$empty" "$(tls_conn sslmode=disable)"
  check_connect "tls server sslmode=allow" ok "" "$empty" "$(tls_conn sslmode=allow)"
  check_last_session "tls server allow retried with TLS" tls_user yes
  check_connect "tls server sslmode=prefer" ok "" "$empty" "$(tls_conn sslmode=prefer)"
  check_last_session "tls server prefer used TLS" tls_user yes
  check_connect "tls server default sslmode" ok "" "$empty" "$(tls_conn)"
  check_connect "tls server sslmode=require" ok "" "$empty" "$(tls_conn sslmode=require)"
  check_connect "tls server sslmode=verify-ca" ok "" "$empty" "$(tls_conn sslmode=verify-ca "$root")"
  check_connect "tls server sslmode=verify-full" ok "" "$empty" "$(tls_conn sslmode=verify-full "$root")"
  check_connect "tls server verify-ca without root file" fail 'root certificate file' "$empty" \
    "$(tls_conn sslmode=verify-ca)"

  check_connect "plain server sslmode=disable" ok "" "$empty" "$(plain_conn sslmode=disable)"
  check_connect "plain server sslmode=allow" ok "" "$empty" "$(plain_conn sslmode=allow)"
  check_connect "plain server sslmode=prefer" ok "" "$empty" "$(plain_conn sslmode=prefer)"
  local mode
  for mode in require verify-ca verify-full; do
    check_connect "plain server sslmode=$mode" fail "does not support TLS" "$empty" \
      "$(plain_conn "sslmode=$mode" "$root")"
  done

  # prefer retries without TLS when the server rejects the TLS session; require never does.
  check_connect "prefer falls back to plain text" ok "" "$empty" \
    "host=127.0.0.1 port=$tls_port user=plain_only dbname=postgres sslmode=prefer"
  check_last_session "prefer fallback session is plain" plain_only no
  check_connect "require does not fall back" fail "rejects connection" "$empty" \
    "host=127.0.0.1 port=$tls_port user=plain_only dbname=postgres sslmode=require"
  # A TLS set-up failure (here an unsafe key file) counts as a failed TLS attempt too.
  check_connect "prefer falls back after TLS set-up failure" ok "" "$empty" \
    "host=127.0.0.1 port=$tls_port user=plain_only dbname=postgres sslmode=prefer sslcert=$pki/client.crt sslkey=$work/loose.key"
  # When both attempts fail, the message keeps the first attempt's server error too.
  check_connect "prefer reports both attempts" fail '"plain_only", database "postgres", SSL encryption' "$empty" \
    "host=127.0.0.1 port=$tls_port user=plain_only password=wrong dbname=postgres sslmode=prefer"
  check_connect "prefer reports last attempt" fail 'password authentication failed for user "plain_only"' \
    "$empty" "host=127.0.0.1 port=$tls_port user=plain_only password=wrong dbname=postgres sslmode=prefer"

  check_connect "PGSSLMODE=require on plain server" fail "does not support TLS" "$empty" "$(plain_conn)" \
    PGSSLMODE=require
  check_connect "PGSSLMODE=verify-full from environment" ok "" "$empty" "$(tls_conn)" \
    PGSSLMODE=verify-full PGSSLROOTCERT="$pki/ca.crt"
}

check_server_certificate() {
  local empty=$work/home-empty root="sslrootcert=$pki/ca.crt"

  check_connect "verify-full wrong CA" fail "other-ca.crt" "$empty" \
    "$(tls_conn sslmode=verify-full "sslrootcert=$pki/other-ca.crt")"
  check_connect "verify-full wrong CA reason" fail "server certificate verification failed" "$empty" \
    "$(tls_conn sslmode=verify-full "sslrootcert=$pki/other-ca.crt")"
  check_connect "verify-full via 127.0.0.1" ok "" "$empty" \
    "host=127.0.0.1 port=$tls_port user=tls_user dbname=postgres sslmode=verify-full $root"
  check_connect "verify-full via ::1" ok "" "$empty" \
    "host=::1 port=$tls_port user=tls_user dbname=postgres sslmode=verify-full $root"
  # hostaddr gives the address, so the .invalid name is never looked up.
  check_connect "verify-full host name mismatch" fail 'does not match host name "db.invalid"' "$empty" \
    "host=db.invalid hostaddr=127.0.0.1 port=$tls_port user=tls_user dbname=postgres sslmode=verify-full $root"
  check_connect "verify-full IP address mismatch" fail 'does not match host name "127.0.0.2"' "$empty" \
    "host=127.0.0.2 hostaddr=127.0.0.1 port=$tls_port user=tls_user dbname=postgres sslmode=verify-full $root"
  check_connect "verify-ca ignores host name" ok "" "$empty" \
    "host=db.invalid hostaddr=127.0.0.1 port=$tls_port user=tls_user dbname=postgres sslmode=verify-ca $root"

  check_connect "require checks default root.crt" fail "root.crt" "$work/home-wrong-root" \
    "$(tls_conn sslmode=require)"
  check_connect "sslcrl revoking the server" fail "certificate revoked" "$empty" \
    "$(tls_conn sslmode=verify-full "$root" "sslcrl=$pki/crl-server-revoked.pem")"
  check_connect "sslcrl revoking nothing" ok "" "$empty" \
    "$(tls_conn sslmode=verify-full "$root" "sslcrl=$pki/crl-empty.pem")"
  check_connect "sslcrl missing file" fail "crl-missing.pem" "$empty" \
    "$(tls_conn sslmode=verify-full "$root" "sslcrl=$pki/crl-missing.pem")"

  check_connect "TLS 1.2 maximum" ok "" "$empty" "$(tls_conn sslmode=require ssl_max_protocol_version=TLSv1.2)"
  check_last_session "TLS 1.2 maximum used" tls_user yes "protocol=TLSv1.2"
  check_connect "TLS 1.3 minimum" ok "" "$empty" "$(tls_conn sslmode=require ssl_min_protocol_version=TLSv1.3)"
  check_last_session "TLS 1.3 minimum used" tls_user yes "protocol=TLSv1.3"
  check_connect "sslnegotiation=direct on server 15" fail "needs PostgreSQL 17 or later" "$empty" \
    "$(tls_conn sslmode=require sslnegotiation=direct)"
}

check_client_certificates() {
  local empty=$work/home-empty root="sslrootcert=$pki/ca.crt"
  local cert="host=localhost port=$tls_port user=tls_cert_user dbname=postgres sslmode=verify-full $root"

  check_connect "client certificate login" ok "" "$empty" "$cert sslcert=$pki/client.crt sslkey=$pki/client.key"
  check_last_session "client certificate session" tls_cert_user yes
  check_connect "client certificate from home" ok "" "$work/home-cert" "$cert"
  check_connect "client certificate missing" fail "certificate" "$empty" "$cert"
  check_connect "client certificate disabled" fail "certificate" "$work/home-cert" "$cert sslcertmode=disable"
  check_connect "sslcertmode=require with certificate" ok "" "$work/home-cert" "$cert sslcertmode=require"
  # The server has ssl_ca_file, so it requests a certificate from every client.
  check_connect "sslcertmode=require without certificate" fail "without a client certificate" "$empty" \
    "$(tls_conn sslmode=verify-full "$root" sslcertmode=require)"
  check_connect "named certificate file missing" fail "nothing.crt" "$empty" \
    "$cert sslcert=$pki/nothing.crt sslkey=$pki/client.key"
  check_connect "key file readable by others" fail "has group or world access" "$empty" \
    "$cert sslcert=$pki/client.crt sslkey=$work/loose.key"
  check_connect "key of another certificate" fail "does not match private key" "$empty" \
    "$cert sslcert=$pki/client.crt sslkey=$pki/server.key"

  local encrypted="$cert sslcert=$pki/client.crt sslkey=$pki/client-encrypted.key"
  check_connect "encrypted key with sslpassword" ok "" "$empty" "$encrypted sslpassword=tls-key-passphrase"
  check_connect "encrypted key without sslpassword" fail "give its passphrase with sslpassword" "$empty" \
    "$encrypted"
  check_connect "encrypted key wrong sslpassword" fail "could not load private key file" "$empty" \
    "$encrypted sslpassword=wrong"
}

check_channel_binding() {
  local empty=$work/home-empty root="sslrootcert=$pki/ca.crt"

  check_connect "channel_binding=require over TLS" ok "" "$empty" \
    "$(tls_conn sslmode=verify-full "$root" channel_binding=require)"
  check_connect "channel_binding=require without TLS" fail "channel binding is required" "$empty" \
    "$(plain_conn sslmode=disable channel_binding=require)"
  check_connect "channel_binding=require with cert login" fail "channel binding is required" "$empty" \
    "host=localhost port=$tls_port user=tls_cert_user dbname=postgres sslmode=verify-full $root sslcert=$pki/client.crt sslkey=$pki/client.key channel_binding=require"
  check_connect "PGCHANNELBINDING=require without TLS" fail "channel binding is required" "$empty" \
    "$(plain_conn sslmode=disable)" PGCHANNELBINDING=require
  check_connect "channel_binding=disable over TLS" ok "" "$empty" "$(tls_conn sslmode=require channel_binding=disable)"
}

# Dumps tls_source over TLS, restores it with pg_restore, and compares the archive's SQL with
# pg_dump's and the restored rows with the source.
check_dump_over_tls() {
  local dir=$work/dump log
  mkdir -p "$dir"
  psql_tls -d tls_source >"$logs/source.log" 2>&1 <<'EOF'
CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL, price numeric(10, 2));
INSERT INTO items SELECT n, 'item ' || n, n * 1.25 FROM generate_series(1, 20000) AS n;
CREATE INDEX items_name ON items (name);
CREATE VIEW cheap_items AS SELECT id, name FROM items WHERE price < 10;
EOF

  log=$dir/wiredump.log
  if ! timeout --kill-after=10 "$run_timeout" env HOME="$work/home-empty" PGPASSWORD="$password" \
    "$WIREDUMP" dump -v -w -f "$dir/wiredump.dump" \
    -d "host=localhost port=$tls_port user=tls_user dbname=tls_source sslmode=verify-full sslrootcert=$pki/ca.crt channel_binding=require" \
    </dev/null >"$log" 2>&1; then
    fail "dump over TLS" "$(last_line_of "$log")"
    return
  fi
  pass "dump over TLS"
  if grep -q '^wiredump: connected to .*, encrypted with TLS$' "$log"; then
    pass "verbose log says the dump used TLS"
  else
    fail "verbose log says the dump used TLS" "no 'encrypted with TLS' in the -v log" "$(grep 'connected to' "$log")"
  fi

  "$pg_bin/pg_dump" -Fc -h "$server" -p "$tls_port" -U postgres -f "$dir/pg_dump.dump" tls_source 2>"$dir/pg_dump.log"
  "$pg_bin/pg_restore" -f "$dir/wiredump.sql" "$dir/wiredump.dump" 2>"$dir/restore-sql.log"
  "$pg_bin/pg_restore" -f "$dir/pg_dump.sql" "$dir/pg_dump.dump" 2>>"$dir/restore-sql.log"
  normalize_sql "$dir/wiredump.sql" >"$dir/wiredump.norm.sql"
  normalize_sql "$dir/pg_dump.sql" >"$dir/pg_dump.norm.sql"
  if cmp -s "$dir/wiredump.norm.sql" "$dir/pg_dump.norm.sql"; then
    pass "TLS dump matches pg_dump"
  else
    fail "TLS dump matches pg_dump" "the SQL differs" "$(first_difference "$dir/pg_dump.norm.sql" "$dir/wiredump.norm.sql" 6)"
  fi

  if ! timeout --kill-after=10 "$run_timeout" "$pg_bin/pg_restore" --exit-on-error -h "$server" -p "$tls_port" \
    -U postgres -d tls_restored "$dir/wiredump.dump" >"$dir/restore.log" 2>&1; then
    fail "pg_restore of TLS dump" "$(last_line_of "$dir/restore.log")"
    return
  fi
  local query="SELECT count(*), sum(hashtext(items::text)) FROM items"
  local source restored
  source=$(psql_tls -d tls_source -At -c "$query")
  restored=$(psql_tls -d tls_restored -At -c "$query")
  if [[ -n $source && $source == "$restored" ]]; then
    pass "pg_restore of TLS dump"
  else
    fail "pg_restore of TLS dump" "rows differ: source $source, restored $restored"
  fi
}

psql_direct() {
  PGPASSWORD=wiredump "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$direct_port" -U wiredump \
    -d postgres "$@"
}

# sslnegotiation=direct needs server 17. The server runs as pg-matrix's own user, so its
# certificate and key go into its data directory with that owner.
check_direct_negotiation() {
  if [[ ! -x $matrix ]]; then
    note "skipped sslnegotiation=direct: $matrix is missing"
    return
  fi
  if ! "$matrix" url 17 >/dev/null 2>&1; then
    if ! "$matrix" start 17 "$direct_port" >"$logs/matrix.log" 2>&1; then
      fail "start server 17" "$(last_line_of "$logs/matrix.log")"
      return
    fi
    started_direct=true
  fi
  direct_port=$("$matrix" url 17 | sed -E 's/.*:([0-9]+)\/.*/\1/')

  local owner
  direct_data=$(psql_direct -At -c "SHOW data_directory") || {
    fail "configure TLS on server 17" "could not query server 17 on port $direct_port"
    return
  }
  owner=$(stat -c %U "$direct_data")
  cp "$pki/server.crt" "$direct_data/wiredump-tls-test.crt"
  cp "$pki/server.key" "$direct_data/wiredump-tls-test.key"
  chmod 600 "$direct_data/wiredump-tls-test.key"
  chown "$owner:" "$direct_data/wiredump-tls-test.crt" "$direct_data/wiredump-tls-test.key" 2>/dev/null
  direct_configured=true
  if ! psql_direct -c "ALTER SYSTEM SET ssl_cert_file = 'wiredump-tls-test.crt'" \
    -c "ALTER SYSTEM SET ssl_key_file = 'wiredump-tls-test.key'" -c "ALTER SYSTEM SET ssl = on" \
    -c "SELECT pg_reload_conf()" >"$logs/direct-config.log" 2>&1 ||
    [[ $(psql_direct -At -c "SHOW ssl") != on ]]; then
    fail "configure TLS on server 17" "$(last_line_of "$logs/direct-config.log")"
    return
  fi

  local base="host=localhost port=$direct_port user=wiredump password=wiredump dbname=postgres"
  check_connect "sslnegotiation=direct on server 17" ok "" "$work/home-empty" \
    "$base sslnegotiation=direct sslmode=verify-full sslrootcert=$pki/ca.crt channel_binding=require"
  check_connect "sslnegotiation=postgres on server 17" ok "" "$work/home-empty" \
    "$base sslnegotiation=postgres sslmode=verify-full sslrootcert=$pki/ca.crt"
  check_connect "PGSSLNEGOTIATION=direct needs strong sslmode" fail "sslnegotiation=direct" "$work/home-empty" \
    "$base" PGSSLNEGOTIATION=direct
  # Server 17 has no ssl_ca_file, so it never requests a client certificate.
  check_connect "sslcertmode=require on server 17" fail "did not request a client certificate" "$work/home-cert" \
    "$base sslmode=verify-full sslrootcert=$pki/ca.crt sslcertmode=require"
}

# ---------------------------------------------------------------- main

if ! "$repo/scripts/tls-test-pki.sh" "$pki" >"$logs/pki.log" 2>&1; then
  fail "make test certificates" "$(last_line_of "$logs/pki.log")"
  finish
fi
if ! start_tls_server; then
  fail "start TLS server" "see $logs and $server/data/server.log"
  finish
fi
make_homes

check_sslmodes
check_server_certificate
check_client_certificates
check_channel_binding
check_dump_over_tls
check_direct_negotiation

# Every failure above printed its message; none may contain a password or passphrase.
if grep -a -rlE "$password|tls-key-passphrase" "$logs" >"$work/leaks.txt"; then
  fail "no password in messages" "found in $(tr '\n' ' ' <"$work/leaks.txt")"
else
  pass "no password in messages"
fi
finish
