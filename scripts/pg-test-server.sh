#!/usr/bin/env bash
# Starts and stops throwaway PostgreSQL servers for wiredump's integration tests.
#
# Usage: pg-test-server.sh start MAJOR PORT   initdb if needed, start on 127.0.0.1, ::1 and a
#                                             unix socket; prints the SCRAM login URL
#        pg-test-server.sh stop MAJOR|all     fast shutdown of one server or of every one
#        pg-test-server.sh reset MAJOR|all    stop and delete the data directory
#        pg-test-server.sh url MAJOR          SCRAM login URL of a running server
#        pg-test-server.sh bin MAJOR          directory with that major's psql, pg_dump, pg_restore
#        pg-test-server.sh socket-dir         directory of the unix sockets
#
# Only major 15 exists for now, from Debian 12's postgresql-15 package. Pick a PORT below 32768:
# a port in Linux's ephemeral range can be held by a client socket in TIME-WAIT, and the server
# then fails to bind it.
#
# Logins. The unix socket trusts every role, and the superuser is "postgres". Over TCP:
#   wiredump           SCRAM-SHA-256, superuser
#   wiredump_md5       MD5: stored as an md5 hash, and an md5 line in pg_hba.conf
#   wiredump_password  cleartext: a "password" line in pg_hba.conf
# The two non-SCRAM roles are members of pg_read_all_data. That lets them dump tables without
# row-level security policies, but not large objects. Each password equals the role name unless
# WIREDUMP_PG_PASSWORD sets one password for all three.
#
# Environment (all optional):
#   WIREDUMP_PG_ROOT      data, socket and log root (default /tmp/wiredump-pg, kept short
#                         because a unix socket path may not exceed 107 bytes)
#   WIREDUMP_PG_RUN_USER  OS user that runs the servers when this script runs as root; created
#                         if missing (default wiredump-pg)
#   WIREDUMP_PG_PASSWORD  password for the three TCP login roles
set -euo pipefail

root=${WIREDUMP_PG_ROOT:-/tmp/wiredump-pg}
run_user=${WIREDUMP_PG_RUN_USER:-wiredump-pg}
scram_user=wiredump
md5_user=wiredump_md5
password_user=wiredump_password

log() { printf 'pg-test-server: %s\n' "$*" >&2; }
die() { printf 'pg-test-server: error: %s\n' "$*" >&2; exit 1; }

is_major() { [[ $1 =~ ^[0-9]+$ ]]; }

# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/pg-server-lib.sh"

password_for() { printf '%s' "${WIREDUMP_PG_PASSWORD:-$1}"; }

# Directory with initdb, pg_ctl and postgres for a major version.
# Servers of other majors, and clients 17 and 18, are started through scripts/pg-matrix.sh.
server_bin() {
  local major=$1
  local dir=/usr/lib/postgresql/$major/bin
  [[ -x $dir/postgres ]] || return 1
  echo "$dir"
}

client_bin() {
  local major=$1
  local dir=/usr/lib/postgresql/$major/bin
  [[ -x $dir/pg_dump && -x $dir/pg_restore && -x $dir/psql ]] || return 1
  echo "$dir"
}

write_config() {
  local data=$1
  cat >>"$data/postgresql.conf" <<EOF

# wiredump test server: loopback and a private unix socket only, and no durability, because
# every database on it is rebuilt by the tests.
listen_addresses = '127.0.0.1, ::1'
unix_socket_directories = '$root/run'
password_encryption = 'scram-sha-256'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 40
log_min_messages = warning
log_connections = off
EOF

  # pg_hba.conf is read top-down and the first matching line wins, so the per-role lines come
  # before the catch-all SCRAM lines.
  cat >"$data/pg_hba.conf" <<EOF
# TYPE  DATABASE  USER                ADDRESS        METHOD
local   all       all                                trust
host    all       $md5_user        127.0.0.1/32   md5
host    all       $md5_user        ::1/128        md5
host    all       $password_user   127.0.0.1/32   password
host    all       $password_user   ::1/128        password
host    all       all                 127.0.0.1/32   scram-sha-256
host    all       all                 ::1/128        scram-sha-256
EOF
}

# Creates or updates the three TCP login roles. Rerunning it resets their passwords.
create_login_roles() {
  local major=$1 port=$2
  local psql
  psql=$(client_bin "$major")/psql || die "psql of major $major not found"

  PGOPTIONS='-c client_min_messages=warning' "$psql" -X -q -h "$root/run" -p "$port" -U postgres -d postgres \
    -v ON_ERROR_STOP=1 \
    -v scram_user="$scram_user" -v scram_password="$(password_for "$scram_user")" \
    -v md5_user="$md5_user" -v md5_password="$(password_for "$md5_user")" \
    -v password_user="$password_user" -v password_password="$(password_for "$password_user")" \
    >/dev/null <<'EOF'
SELECT format('CREATE ROLE %I LOGIN', r)
  FROM unnest(ARRAY[:'scram_user', :'md5_user', :'password_user']) AS r
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) \gexec
SELECT format('ALTER ROLE %I SUPERUSER', :'scram_user') \gexec
SELECT format('GRANT pg_read_all_data TO %I, %I', :'md5_user', :'password_user') \gexec

SET password_encryption = 'scram-sha-256';
SELECT format('ALTER ROLE %I PASSWORD %L', :'scram_user', :'scram_password') \gexec
SELECT format('ALTER ROLE %I PASSWORD %L', :'password_user', :'password_password') \gexec

-- An md5 line in pg_hba.conf quietly upgrades to SCRAM when the stored hash is SCRAM, so the
-- MD5 role must have its password hashed as md5 to test the md5 exchange.
SET password_encryption = 'md5';
SELECT format('ALTER ROLE %I PASSWORD %L', :'md5_user', :'md5_password') \gexec
EOF
}

login_url() {
  local port=$1
  echo "postgresql://$scram_user:$(password_for "$scram_user")@127.0.0.1:$port/postgres"
}

cmd_start() {
  local major=${1:-} port=${2:-}
  local bin data current started
  if ! is_major "$major" || [[ ! $port =~ ^[0-9]+$ ]]; then
    die "usage: start MAJOR PORT"
  fi
  bin=$(server_bin "$major") \
    || die "PostgreSQL $major server not found in /usr/lib/postgresql/$major/bin; run scripts/install-deps.sh"
  data=$root/data/$major
  started=$(date +%s.%N)

  prepare_root
  if current=$(running_port "$major"); then
    [[ $current == "$port" ]] || die "server $major already runs on port $current; stop it first with: $0 stop $major"
    log "server $major already running on port $port"
  else
    port_in_use "$port" && die "TCP port $port is already in use; choose another port below 32768"
    [[ -s $data/PG_VERSION ]] || init_cluster "$major" "$bin"

    as_run_user "$bin/pg_ctl" -D "$data" -l "$root/log/server-$major.log" -w -t 60 \
      -o "-p $port" start >/dev/null \
      || { tail -n 20 "$root/log/server-$major.log" >&2; die "server $major failed to start on port $port"; }
  fi

  create_login_roles "$major" "$port"
  log "server $major ($("$bin/postgres" --version)) listens on 127.0.0.1:$port, [::1]:$port and $root/run" \
    "(ready in $(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s)"
  login_url "$port"
}

cmd_url() {
  local major=${1:-}
  local port
  is_major "$major" || die "usage: url MAJOR"
  port=$(running_port "$major") || die "server $major is not running; start it with: $0 start $major PORT"
  login_url "$port"
}

cmd_bin() {
  local major=${1:-}
  is_major "$major" || die "usage: bin MAJOR"
  client_bin "$major" \
    || die "client tools of PostgreSQL $major not found in /usr/lib/postgresql/$major/bin; run scripts/install-deps.sh"
}

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

command=${1:-help}
shift || true
case $command in
  start) cmd_start "$@" ;;
  stop) for_each_major cmd_stop "$@" ;;
  reset) for_each_major cmd_reset "$@" ;;
  url) cmd_url "$@" ;;
  bin) cmd_bin "$@" ;;
  socket-dir) echo "$root/run" ;;
  help | -h | --help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
esac
