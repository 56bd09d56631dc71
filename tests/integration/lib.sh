# Helpers for roundtrip.sh and the suites: check reporting, timing, loading and describing the
# fixture databases, the text normalization that makes two dumps comparable, and the comparison of
# a source and a restored database. Sourced, not run. The fixture helpers run psql, createdb and
# pg_dump from PATH against PGHOST and PGPORT.
# shellcheck shell=bash

integration_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

passed=0
failed=0

# Prints "ok - NAME" and counts a pass.
pass() {
  passed=$((passed + 1))
  printf 'ok - %s\n' "$1"
}

# Prints "not ok - NAME: REASON" and counts a failure. Extra lines of detail follow as comments.
fail() {
  local name=$1 reason=$2
  failed=$((failed + 1))
  printf 'not ok - %s: %s\n' "$name" "$reason"
  shift 2
  local line
  for line in "$@"; do
    printf '#   %s\n' "$line"
  done
}

note() {
  printf '# %s\n' "$*"
}

now() {
  date +%s.%N
}

seconds_since() {
  awk -v start="$1" -v end="$(now)" 'BEGIN { printf "%.1f", end - start }'
}

# Prints the last non-empty line of a file, shortened, as the reason for a failed command.
last_line_of() {
  local text
  text=$(LC_ALL=C grep -a -v '^[[:space:]]*$' "$1" 2>/dev/null | tail -n 1 | cut -c 1-240)
  printf '%s' "${text:-no output}"
}

# Masks what differs in pg_dump and pg_restore SQL output between two runs over the same objects.
# That is the server and client versions in the header, and the random key of the \restrict and
# \unrestrict meta-commands that pg_dump 15.14 and later write.
# LC_ALL=C makes sed treat the text as bytes, because a dump of a LATIN1 database is not UTF-8.
normalize_sql() {
  LC_ALL=C sed -E \
    -e 's/^-- Dumped from database version .*/-- Dumped from database version (masked)/' \
    -e 's/^-- Dumped by pg_dump version .*/-- Dumped by pg_dump version (masked)/' \
    -e 's/^\\(un)?restrict .*/\\\1restrict (masked)/' \
    "$1"
}

# Prints pg_restore -l output without what differs between two dumps of the same objects: the
# archive's creation time, the server and pg_dump versions, and each entry's dump ID, catalog OID
# and object OID. The other header lines (format, archive version, compression, integer and
# offset sizes, entry count) stay, because wiredump's archive must match them.
normalize_toc_list() {
  LC_ALL=C sed -E \
    -e 's/^(; Archive created at).*/\1 (masked)/' \
    -e 's/^(;[[:space:]]+Dumped (from database|by pg_dump) version:).*/\1 (masked)/' \
    -e 's/^[0-9]+; [0-9]+ [0-9]+ //' \
    "$1"
}

# Prints the first lines of a unified diff with one line of context between two files, without
# the two file-name lines.
first_difference() {
  local lines=$3
  diff -U 1 "$1" "$2" | sed -n "3,$((lines + 2))p"
}

# createdb options of the current fixture, from a "-- createdb options: ..." line in its SQL file.
# The restored databases get the same options, because a database's encoding changes the bytes
# that the data checksums cover.
createdb_options=()

read_createdb_options() {
  local file=$integration_dir/fixtures/$1.sql
  local line
  createdb_options=()
  [[ -f $file ]] || return 0
  line=$(sed -n 's/^-- createdb options: //p' "$file" | head -n 1)
  read -r -a createdb_options <<<"$line"
}

recreate_database() {
  dropdb --if-exists "$1" 2>/dev/null
  createdb "${createdb_options[@]}" "$1"
}

# Prints fixture SQL for a server major. A block that starts with a line "-- server N and later:"
# and ends at the next blank line is blanked out on older servers. Its lines stay as empty
# comments, so psql's error messages keep the file's line numbers.
filter_fixture_sql() {
  local file=$1 server_major=$2
  awk -v major="$server_major" '
    /^-- server [0-9]+ and later:/ { skipping = (major < $3 + 0) }
    /^[[:space:]]*$/ { skipping = 0 }
    { print (skipping ? "--" : $0) }' "$file"
}

# Prints the headings of the blocks of a fixture that a server major cannot load.
fixture_blocks_skipped() {
  local file=$integration_dir/fixtures/$1.sql server_major=$2
  [[ -f $file ]] || return 0
  awk -v major="$server_major" '/^-- server [0-9]+ and later:/ && major < $3 + 0 {
    sub(/^-- /, "")
    if (!seen[$0]++) print
  }' "$file"
}

# Creates database DB and fills it from fixture NAME, an SQL file or a script. SERVER_MAJOR
# (default 15) leaves out the blocks of an SQL fixture that need a newer server.
load_fixture() {
  local name=$1 db=$2 log=$3 server_major=${4:-15}
  if [[ ! -f $integration_dir/fixtures/$name.sql && ! -x $integration_dir/fixtures/$name.sh ]]; then
    echo "fixture '$name' not found: no $integration_dir/fixtures/$name.sql and no executable $name.sh" >"$log"
    return 1
  fi
  read_createdb_options "$name"
  recreate_database "$db" >"$log" 2>&1 || return 1

  if [[ -f $integration_dir/fixtures/$name.sql ]]; then
    PGOPTIONS='-c client_min_messages=warning' \
      psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f - >>"$log" 2>&1 \
      < <(filter_fixture_sql "$integration_dir/fixtures/$name.sql" "$server_major")
  else
    PGDATABASE=$db "$integration_dir/fixtures/$name.sh" >>"$log" 2>&1
  fi
}

# Writes what must survive a restore: schema (pg_dump -s) and data snapshot, each normalized.
describe_database() {
  local db=$1 prefix=$2
  pg_dump -s -d "$db" -f "$prefix.schema.raw" 2>"$prefix.describe.log" || return 1
  normalize_sql "$prefix.schema.raw" >"$prefix.schema.sql"
  # Names print in UTF-8 whatever the database encoding. The checksums are computed by the
  # server over the bytes in the database encoding.
  PGCLIENTENCODING=UTF8 psql -X -A -t -F ' | ' -v ON_ERROR_STOP=1 -d "$db" -f "$integration_dir/snapshot.sql" \
    >"$prefix.snapshot" 2>>"$prefix.describe.log" || return 1
  LC_ALL=C grep -a -v '^sequence ' "$prefix.snapshot" >"$prefix.data"
  LC_ALL=C grep -a '^sequence ' "$prefix.snapshot" >"$prefix.sequences"
  return 0
}

# Compares one aspect of two described databases and reports it as one check.
compare_aspect() {
  local check=$1 source=$2 restored=$3 what=$4
  if cmp -s "$source" "$restored"; then
    pass "$check"
  else
    local -a detail
    mapfile -t detail < <(first_difference "$source" "$restored" 6)
    fail "$check" "$what differs between source and restored database (- source, + restored)" "${detail[@]}"
  fi
}

# Appends a heading and the first difference between two files to the array named by NOTES.
add_difference_note() {
  local -n notes=$1
  local heading=$2 expected=$3 actual=$4
  local line
  notes+=("$heading")
  while IFS= read -r line; do
    notes+=("  $line")
  done < <(first_difference "$expected" "$actual" 8)
}
