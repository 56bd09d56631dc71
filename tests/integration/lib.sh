# Helpers for roundtrip.sh and the suites: check reporting, timing, the text normalization that
# makes two dumps comparable, and the comparison of a source and a restored database. Sourced,
# not run.
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

# Prints the first lines of a unified diff with one line of context between two files, without
# the two file-name lines.
first_difference() {
  local lines=$3
  diff -U 1 "$1" "$2" | sed -n "3,$((lines + 2))p"
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
