#!/usr/bin/env bash
# Builds the static release binary and runs it in a chroot that holds the files of the container
# image (scripts/make-image-root.sh), /etc/hosts and a password file, as the image's user
# (uid 65532). There it dumps a database of the test server over TCP, with the host name
# localhost resolved through the chroot's /etc/hosts and the password read from the user's
# ~/.pgpass, and the stock pg_restore restores the archive. It also checks that --output-dir
# names the archive YYYYMMDD-HHMM.dump and that a second run in the same minute keeps the first
# archive unless --force is given.
#
# Needs root for chroot, and the running test server (scripts/pg-test-server.sh start 15 PORT).
# Without root it prints a "# skipped" line and "0 passed, 0 failed".
#
# Environment (all optional):
#   WIREDUMP                  the wiredump of the build under test; the static binary is built
#                             in its build directory (default: build/wiredump)
#   WIREDUMP_TEST_PORT        port of the test server (default 25434)
#   WIREDUMP_RELEASE_BINARY   a static wiredump to test instead of building one
#   WIREDUMP_RELEASE_DIR      build directory for scripts/build-release.sh, used when the
#                             directory of WIREDUMP is not a CMake build directory
#   WIREDUMP_PG_ROOT, WIREDUMP_PG_PASSWORD   as for scripts/pg-test-server.sh
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib.sh
source "$here/../lib.sh"

port=${WIREDUMP_TEST_PORT:-25434}
password=${WIREDUMP_PG_PASSWORD:-wiredump}
server_script=$repo/scripts/pg-test-server.sh
source_db=wiredump_test_chroot_source
restored_db=wiredump_test_chroot_restored

finish() {
  echo "$passed passed, $failed failed"
  ((failed == 0))
  exit
}

if [[ $(id -u) != 0 ]]; then
  note "skipped: chroot needs root"
  finish
fi

bin=$("$server_script" bin 15 2>&1) || {
  fail "setup: client tools" "$bin"
  finish
}
export PATH="$bin:$PATH"
socket_dir=$("$server_script" socket-dir)
export PGHOST=$socket_dir PGPORT=$port PGUSER=postgres
unset PGDATABASE PGPASSWORD PGSERVICE PGSSLMODE PGOPTIONS

work=$(mktemp -d "${TMPDIR:-/tmp}/wiredump-chroot.XXXXXX")
root=$work/root

# Step 1: the release binary. The target wiredump_static links the objects that the build of
# $WIREDUMP already compiled, so in that build directory it costs one link of a few seconds.
# Elsewhere scripts/build-release.sh compiles everything a second time.
start=$(now)
wiredump_build=$(dirname "${WIREDUMP:-$repo/build/wiredump}")
if [[ -n ${WIREDUMP_RELEASE_BINARY:-} ]]; then
  release=$WIREDUMP_RELEASE_BINARY
elif [[ -f $wiredump_build/CMakeCache.txt ]]; then
  release=$work/wiredump
  if ! cmake --build "$wiredump_build" --parallel 2 --target wiredump_static >"$work/build.log" 2>&1 ||
    ! strip -o "$release" "$wiredump_build/wiredump-static"; then
    fail "release build" "$(last_line_of "$work/build.log") (log: $work/build.log)"
    finish
  fi
elif ! release=$("$repo/scripts/build-release.sh" 2>"$work/build.log" | tail -n 1) || [[ ! -x $release ]]; then
  fail "release build" "$(last_line_of "$work/build.log") (log: $work/build.log)"
  finish
fi
if file -b "$release" | grep -q 'statically linked'; then
  pass "release build is static ($(stat -c %s "$release") bytes, $(seconds_since "$start") s)"
else
  fail "release build is static" "$release: $(file -b "$release")"
fi

# Step 2: the chroot, with the files of the container image. The suite adds what the container
# runtime would provide, /etc/hosts, and limits nsswitch.conf to the "files" service, so a host
# name can come only from /etc/hosts and no DNS query is ever sent.
if ! "$repo/scripts/make-image-root.sh" "$root" "$release" >"$work/image.log" 2>&1; then
  fail "setup: image files" "$(last_line_of "$work/image.log")"
  finish
fi
printf '127.0.0.1\tlocalhost\n' >"$root/etc/hosts"
sed -i 's/^hosts:.*/hosts: files/' "$root/etc/nsswitch.conf"
# No HOME in the environment below: wiredump finds /home/wiredump through /etc/passwd, as in the
# image.
printf 'localhost:%s:*:wiredump:%s\n' "$port" "$password" >"$root/home/wiredump/.pgpass"
chown 65532:65532 "$root/home/wiredump/.pgpass"
chmod 600 "$root/home/wiredump/.pgpass"

shared_objects=$(find "$root" -name '*.so*' | head -n 1)
if [[ -z $shared_objects ]]; then
  pass "chroot holds no shared library"
else
  fail "chroot holds no shared library" "found $shared_objects"
fi

recreate_database() {
  dropdb --if-exists "$1" && createdb "$1"
}

# Runs wiredump inside the chroot as the image's user, with an empty environment, so only the
# chroot's files count.
chroot_command=$(command -v chroot)
run_in_chroot() {
  timeout --kill-after=10 300 env -i "$chroot_command" --userspec=65532:65532 "$root" /wiredump "$@"
}

dump_options=(-h localhost -p "$port" -U wiredump -w -j 2)

# Step 3: a dump through the chroot's /etc/hosts and ~/.pgpass, restored and compared.
if ! recreate_database "$source_db" >"$work/load.log" 2>&1 ||
  ! psql -X -q -v ON_ERROR_STOP=1 -d "$source_db" -f "$integration_dir/fixtures/copy_edge_values.sql" \
    >>"$work/load.log" 2>&1; then
  fail "setup: load fixture" "$(last_line_of "$work/load.log")"
  finish
fi

start=$(now)
if run_in_chroot dump "${dump_options[@]}" -f /backups/explicit.dump "$source_db" 2>"$work/dump.log"; then
  pass "chroot dump via localhost and .pgpass ($(seconds_since "$start") s)"
else
  fail "chroot dump via localhost and .pgpass" "exit status $?: $(last_line_of "$work/dump.log")"
fi

if [[ -s $root/backups/explicit.dump ]] &&
  recreate_database "$restored_db" >"$work/restore.log" 2>&1 &&
  timeout --kill-after=10 300 pg_restore --exit-on-error -d "$restored_db" "$root/backups/explicit.dump" \
    >>"$work/restore.log" 2>&1; then
  pass "pg_restore of chroot archive"
  if describe_database "$source_db" "$work/source" && describe_database "$restored_db" "$work/restored"; then
    compare_aspect "chroot archive: schema matches" "$work/source.schema.sql" "$work/restored.schema.sql" \
      "pg_dump -s output"
    compare_aspect "chroot archive: data matches" "$work/source.data" "$work/restored.data" \
      "row count or row checksum"
  else
    fail "chroot archive: describe databases" "$(last_line_of "$work/restored.describe.log")"
  fi
else
  fail "pg_restore of chroot archive" "$(last_line_of "$work/restore.log")"
fi

# Step 4: without localhost in /etc/hosts the name must not resolve, which shows that the
# successful dump above read the chroot's file.
cp "$root/etc/hosts" "$work/hosts"
: >"$root/etc/hosts"
run_in_chroot dump "${dump_options[@]}" -f /backups/unresolved.dump "$source_db" 2>"$work/unresolved.log"
status=$?
if ((status == 1)) && grep -q 'could not translate host name "localhost"' "$work/unresolved.log"; then
  pass "chroot without hosts entry fails"
else
  fail "chroot without hosts entry fails" "exit status $status: $(last_line_of "$work/unresolved.log")"
fi
cp "$work/hosts" "$root/etc/hosts"

# Step 5: --output-dir names, and no replacement without --force. Both runs must fall in one
# minute, so a start in the last 15 seconds of a minute waits for the next one.
seconds=$(date +%-S)
if ((seconds >= 45)); then
  sleep $((61 - seconds))
fi
mkdir -p "$root/backups/daily"
chown 65532:65532 "$root/backups/daily"
before=$(TZ=UTC date +%Y%m%d-%H%M)
run_in_chroot dump "${dump_options[@]}" --output-dir /backups/daily "$source_db" 2>"$work/daily1.log"
status=$?
after=$(TZ=UTC date +%Y%m%d-%H%M)
# Each archive has its manifest beside it, so only the .dump files are counted.
list_archives() {
  find "$root/backups/daily" -maxdepth 1 -name '*.dump' -printf '%f\n' | sort
}
mapfile -t archives < <(list_archives)
if ((status == 0)) && ((${#archives[@]} == 1)) &&
  [[ ${archives[0]} == "$before.dump" || ${archives[0]} == "$after.dump" ]] &&
  [[ -f $root/backups/daily/${archives[0]}.manifest.json ]]; then
  pass "output dir names archive ${archives[0]}"
else
  fail "output dir names archive" "exit status $status, archives: ${archives[*]:-none}, expected $before.dump and its manifest" \
    "$(last_line_of "$work/daily1.log")"
fi

first=${archives[0]:-missing}
cp "$root/backups/daily/$first" "$work/first.dump" 2>/dev/null
run_in_chroot dump "${dump_options[@]}" --output-dir /backups/daily "$source_db" 2>"$work/daily2.log"
status=$?
if ((status == 1)) && grep -q 'already exists' "$work/daily2.log" &&
  cmp -s "$work/first.dump" "$root/backups/daily/$first"; then
  pass "second run in same minute keeps first archive"
else
  fail "second run in same minute keeps first archive" "exit status $status: $(last_line_of "$work/daily2.log")"
fi

run_in_chroot dump "${dump_options[@]}" --output-dir /backups/daily --force "$source_db" 2>"$work/daily3.log"
status=$?
mapfile -t archives < <(list_archives)
if ((status == 0)) && [[ ${archives[*]} == "$first" ]]; then
  pass "force replaces archive of same minute"
else
  fail "force replaces archive of same minute" "exit status $status, files: ${archives[*]:-none}" \
    "$(last_line_of "$work/daily3.log")"
fi

if ((failed == 0)); then
  dropdb --if-exists "$source_db" >/dev/null 2>&1
  dropdb --if-exists "$restored_db" >/dev/null 2>&1
  rm -rf "$work"
else
  note "files kept in $work"
fi
finish
