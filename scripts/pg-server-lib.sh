# Steps that scripts/pg-test-server.sh and scripts/pg-matrix.sh share. Sourced, not run. The
# sourcing script defines root (data, sockets and logs), run_user, server_bin MAJOR, log, die and
# write_config DATA_DIRECTORY, which writes postgresql.conf and pg_hba.conf.
# shellcheck shell=bash
# shellcheck disable=SC2154 # root and run_user are set by the sourcing script

# Runs a command as the server's owner, because postgres refuses to run as root.
as_run_user() {
  if [[ $(id -u) == 0 ]]; then
    (cd / && runuser -u "$run_user" -- "$@")
  else
    (cd / && "$@")
  fi
}

# Creates the data, socket and log folders, and the run user when running as root.
prepare_root() {
  ((${#root} <= 80)) || die "server root '$root' is too long for a unix socket path; set WIREDUMP_PG_ROOT to a shorter path"
  mkdir -p "$root/data" "$root/run" "$root/log"

  if [[ $(id -u) == 0 ]]; then
    if ! id -u "$run_user" >/dev/null 2>&1; then
      useradd --system --user-group --home-dir /nonexistent --no-create-home \
        --shell /usr/sbin/nologin "$run_user"
      log "created OS user $run_user"
    fi
    chown "$run_user:" "$root/data" "$root/run" "$root/log"
  fi

  chmod 700 "$root/data"
  chmod 755 "$root" "$root/run" "$root/log"
}

# Runs initdb for a major into a new, empty data directory.
init_cluster() {
  local major=$1 bin=$2
  local data=$root/data/$major
  rm -rf "$data"
  mkdir -p "$data"
  chmod 700 "$data"
  [[ $(id -u) == 0 ]] && chown "$run_user:" "$data"

  # The superuser gets no password: it logs in over the trusted unix socket only.
  as_run_user "$bin/initdb" -D "$data" -U postgres -E UTF8 --no-locale \
    --auth-local=trust --auth-host=reject >"$root/log/initdb-$major.log" 2>&1 \
    || die "initdb for major $major failed; see $root/log/initdb-$major.log"

  write_config "$data"
  [[ $(id -u) == 0 ]] && chown "$run_user:" "$data/postgresql.conf" "$data/pg_hba.conf"
  return 0
}

# Succeeds when some socket listens on TCP port $1, on any IPv4 or IPv6 address.
port_in_use() {
  local hex table
  local -a tables=()
  hex=$(printf '%04X' "$1")
  # /proc/net/tcp6 is missing where the kernel runs without IPv6.
  for table in /proc/net/tcp /proc/net/tcp6; do
    [[ -r $table ]] && tables+=("$table")
  done
  awk -v suffix=":$hex" 'FNR > 1 && $4 == "0A" && substr($2, length($2) - 4) == suffix { found = 1 }
    END { exit !found }' "${tables[@]}"
}

# Prints the port of the running server of a major version, or fails if none runs.
running_port() {
  local major=$1
  local data=$root/data/$major
  local bin
  [[ -f $data/postmaster.pid ]] || return 1
  bin=$(server_bin "$major") || return 1
  as_run_user "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1 || return 1
  sed -n 4p "$data/postmaster.pid"
}

# Runs COMMAND MAJOR for one major, or for each major with a data directory when given "all".
for_each_major() {
  local command=$1 major=${2:-}
  local dir
  if [[ $major == all ]]; then
    for dir in "$root"/data/*/; do
      [[ -d $dir ]] && "$command" "$(basename "$dir")"
    done
    return 0
  fi
  is_major "$major" || die "usage: ${command#cmd_} MAJOR|all"
  "$command" "$major"
}

# Stops the server of a major with a fast shutdown, if it runs.
cmd_stop() {
  local major=$1
  local bin
  if ! running_port "$major" >/dev/null; then
    log "server $major is not running"
    return 0
  fi
  bin=$(server_bin "$major")
  as_run_user "$bin/pg_ctl" -D "$root/data/$major" -m fast -w -t 60 stop >/dev/null
  log "server $major stopped"
}

cmd_reset() {
  cmd_stop "$1"
  rm -rf "${root:?}/data/$1"
  log "server $1 data directory removed"
}
