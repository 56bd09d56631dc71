# Restore and differential checks for suites/matrix.sh. Sourced, not run.
# shellcheck shell=bash
# shellcheck disable=SC2154 # work, client_dir, dump_timeout and PGPORT are set by matrix.sh

matrix_total=0
matrix_same_sql=0
matrix_toc_total=0
matrix_same_toc=0
declare -a matrix_notes=()

# pg_restore 17 and later send "SET transaction_timeout = 0" at the start of every restore, and
# servers before 17 reject that setting. Such a restore must show this one error and no other.
expects_transaction_timeout_error() {
  local server_major=$1 client_major=$2
  ((client_major >= 17 && server_major < 17))
}

# Fails with a reason unless a restore log holds only the expected transaction_timeout error.
check_restore_errors() {
  local log=$1 status=$2
  local errors
  errors=$(grep -c '^pg_restore: error:' "$log")
  ((status == 0 && errors == 0)) && return 0
  if ((errors == 1)) && grep -q '^pg_restore: error: .*unrecognized configuration parameter "transaction_timeout"' "$log"; then
    return 0
  fi
  printf '%s errors, the first one: %s' "$errors" "$(grep -m 1 -v 'transaction_timeout' "$log" | cut -c 1-200)"
  return 1
}

# Prints the aspects in which two described databases differ, with the first difference.
describe_differences() {
  local source=$1 restored=$2
  local aspect
  for aspect in schema.sql data sequences; do
    cmp -s "$source.$aspect" "$restored.$aspect" && continue
    printf '%s differs (- source, + restored)\n' "${aspect%.sql}"
    first_difference "$source.$aspect" "$restored.$aspect" 6
    return
  done
}

# Restores the fixture's wiredump archive with the pg_restore of CLIENT_MAJOR into a new database
# and compares that database with the source, as one check.
restore_and_check() {
  local label=$1 server_major=$2 client_major=$3 dir=$4
  local check="$label: pg_restore $client_major"
  local db=wiredump_matrix_restored
  local log=$dir/restore-$client_major.log
  local -a options=(--exit-on-error)
  local status reason
  expects_transaction_timeout_error "$server_major" "$client_major" && options=()

  recreate_database "$db" >"$log" 2>&1 || { fail "$check" "createdb failed: $(last_line_of "$log")"; return; }
  timeout --kill-after=10 "$dump_timeout" "${client_dir[$client_major]}/pg_restore" --no-password \
    "${options[@]}" -d "$db" "$dir/wiredump.dump" >>"$log" 2>&1
  status=$?
  if ((${#options[@]} > 0 && status != 0)); then
    fail "$check" "exit status $status: $(last_line_of "$log") (log: $log)"
    return
  fi
  if ! reason=$(check_restore_errors "$log" "$status"); then
    fail "$check" "$reason (log: $log)"
    return
  fi

  if ! describe_database "$db" "$dir/restored-$client_major"; then
    fail "$check" "describe restored: $(last_line_of "$dir/restored-$client_major.describe.log")"
    return
  fi
  local -a differences
  mapfile -t differences < <(describe_differences "$dir/source" "$dir/restored-$client_major")
  if ((${#differences[@]} > 0)); then
    fail "$check" "${differences[0]}" "${differences[@]:1}"
    note "$check: restored database $db kept for inspection until the next fixture"
    return
  fi
  dropdb --if-exists "$db" >/dev/null 2>&1
  pass "$check"
}

# Counts a pair whose two normalized files are equal in the variable named by COUNTER, and notes
# the first difference of any other pair.
count_equal_pair() {
  local -n counter=$1
  local heading=$2 expected=$3 actual=$4
  if cmp -s "$expected" "$actual"; then
    counter=$((counter + 1))
  else
    add_difference_note matrix_notes "$heading" "$expected" "$actual"
  fi
}

# Masks what pg_dump 17 and 18 write differently from pg_dump 15 for the same server, because
# wiredump writes what pg_dump 15 writes. Differences that come from the server stay visible.
# - pg_dump 15 writes two spaces before TO and FROM in ALTER DEFAULT PRIVILEGES, and 17 one.
# - pg_dump 17 writes large objects as "BLOB METADATA" entries, grouped by owner, with one
#   "BLOBS" data entry per group, which archive version 1.16 needs. pg_dump 15 writes one "BLOB"
#   entry per large object and one "BLOBS" data entry. Every entry of a large object, with its
#   comment and ACL, is left out of both sides. The restore checks compare the large objects.
normalize_pg_dump_version_sql() {
  normalize_sql "$1" |
    LC_ALL=C sed -E 's/^(ALTER DEFAULT PRIVILEGES .* ON [A-Z ]+[A-Z])  (TO|FROM) /\1 \2 /' |
    LC_ALL=C awk '
      function flush_separator() { if (pending && !skipping) print "--"; pending = 0 }
      pending && /^-- (Data for )?Name: / {
        skipping = ($0 ~ /; Type: (BLOB|BLOB METADATA|BLOBS);/ || $0 ~ /^-- Name: LARGE OBJECT /)
      }
      /^--$/ { flush_separator(); pending = 1; next }
      { flush_separator(); if (!skipping) print }
      END { flush_separator() }'
}

# Dumps SOURCE_DB with the pg_dump that matches the server and compares pg_restore's SQL for that
# archive with the SQL for wiredump's archive, both printed by the same pg_restore. For servers
# up to 15 it compares pg_restore -l too, because pg_dump 15 writes the same archive version 1.14
# as wiredump. pg_dump 17 and 18 write 1.16, with large objects in other entries.
compare_with_pg_dump() {
  local label=$1 server_major=$2 source_db=$3 dir=$4
  local tool
  matrix_total=$((matrix_total + 1))

  if ! PGPASSWORD=$login_password pg_dump -h 127.0.0.1 -p "$PGPORT" -U wiredump -w \
    -F c -Z 9 -f "$dir/pg_dump.dump" "$source_db" 2>"$dir/pg_dump.log"; then
    matrix_notes+=("$label: pg_dump failed: $(last_line_of "$dir/pg_dump.log")")
    return
  fi
  for tool in pg_dump wiredump; do
    if ! timeout --kill-after=10 "$dump_timeout" pg_restore -C -f "$dir/$tool.sql" "$dir/$tool.dump" \
      2>"$dir/$tool.sql.log"; then
      matrix_notes+=("$label: pg_restore -f of the $tool archive failed: $(last_line_of "$dir/$tool.sql.log")")
      return
    fi
    if ((server_major >= 16)); then
      normalize_pg_dump_version_sql "$dir/$tool.sql" >"$dir/$tool.normalized.sql"
    else
      normalize_sql "$dir/$tool.sql" >"$dir/$tool.normalized.sql"
    fi
  done
  count_equal_pair matrix_same_sql "$label: first SQL difference (- pg_dump, + wiredump):" \
    "$dir/pg_dump.normalized.sql" "$dir/wiredump.normalized.sql"

  ((server_major <= 15)) || return 0
  matrix_toc_total=$((matrix_toc_total + 1))
  for tool in pg_dump wiredump; do
    pg_restore -l "$dir/$tool.dump" >"$dir/$tool.toc" 2>>"$dir/$tool.sql.log"
    normalize_toc_list "$dir/$tool.toc" >"$dir/$tool.toc.normalized"
  done
  count_equal_pair matrix_same_toc "$label: first pg_restore -l difference (- pg_dump, + wiredump):" \
    "$dir/pg_dump.toc.normalized" "$dir/wiredump.toc.normalized"
}

report_matrix_differential() {
  local line
  note "differential: $matrix_same_sql of $matrix_total (server, fixture) pairs give identical pg_restore SQL for wiredump and the matching pg_dump"
  if ((matrix_toc_total > 0)); then
    note "differential: $matrix_same_toc of $matrix_toc_total pairs on servers up to 15 give identical pg_restore -l output"
  fi
  for line in "${matrix_notes[@]}"; do
    note "differential: $line"
  done
}
