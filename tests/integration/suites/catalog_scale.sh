#!/usr/bin/env bash
# Catalog reads at scale and the server's lock table limit, on a PostgreSQL 15 server that this
# suite starts and stops itself. It listens only on a unix socket in a directory of its own, with
# max_connections = 5 and max_locks_per_transaction = 10, so its shared lock table holds a few
# hundred locks.
#
# - A dump of 500 tables, each with a serial sequence, must fail before writing anything, with
#   a message that names max_locks_per_transaction, the number of relations and a value that
#   works. At max_locks_per_transaction = 20 the tables fit but their sequences do not, and the
#   dump must fail the same way, while a schema-only dump, which reads no sequence values,
#   succeeds. The server restarted with the suggested value must then dump the database.
# - The server logs every statement of the dump (log_statement = all for one role). A database
#   of 10 tables and one of 500 must get the same catalog statements. Only the COPY statements,
#   one per table, the batched LOCK TABLE statements and the reads of sequence values, 100
#   sequences a statement, may grow with the number of tables.
#
# Environment:
#   WIREDUMP   the wiredump binary (required)
# Prints "ok - NAME" or "not ok - NAME: REASON" per check and ends with "N passed, M failed".
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
# shellcheck source-path=SCRIPTDIR
source "$here/../lib.sh"

: "${WIREDUMP:?set WIREDUMP to the wiredump binary}"
pg_bin=/usr/lib/postgresql/15/bin
run_user=${WIREDUMP_PG_RUN_USER:-wiredump-pg}
# The server opens no TCP port, so this number only names its socket file.
port=5432
small_tables=10
large_tables=500
suite_start=$(now)

work=$(mktemp -d "${TMPDIR:-/tmp}/wiredump-scale.XXXXXX")
# The server's data, socket and log folders, as scripts/pg-server-lib.sh lays them out. A short
# root, because a unix socket path may not exceed 107 bytes.
root=/tmp/wd-scale-$$
data=$root/data/15
socket_dir=$root/run
server_log=$root/log/server.log

# What scripts/pg-server-lib.sh needs from the script that sources it.
log() { printf '%s\n' "$*"; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}
write_config() {
  cat >>"$1/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$socket_dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 5
autovacuum = off
log_line_prefix = '%p '
EOF
}
# shellcheck source-path=SCRIPTDIR/../../..
source "$repo/scripts/pg-server-lib.sh"

# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
  if [[ -f $data/postmaster.pid ]]; then
    as_run_user "$pg_bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1
  fi
  rm -rf "$root"
  if ((failed == 0)); then
    rm -rf "$work"
  else
    note "logs kept in $work"
  fi
}
trap cleanup EXIT

finish() {
  note "catalog scale suite took $(seconds_since "$suite_start") s"
  printf '%d passed, %d failed\n' "$passed" "$failed"
  ((failed == 0))
  exit
}

psql_on() {
  local db=$1
  shift
  "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$socket_dir" -p "$port" -U postgres -d "$db" "$@"
}

# Runs wiredump against the suite's server as ROLE, with a time limit and standard input closed.
run_wiredump() {
  local role=$1
  shift
  timeout 120 env -u PGSERVICE -u PGOPTIONS -u PGPASSWORD PGHOST="$socket_dir" PGPORT="$port" PGUSER="$role" \
    "$WIREDUMP" "$@" </dev/null
}

# Starts (or restarts) the server with a max_locks_per_transaction.
start_server() {
  local max_locks=$1
  as_run_user "$pg_bin/pg_ctl" -D "$data" -l "$server_log" -w -t 60 \
    -o "-p $port -c max_locks_per_transaction=$max_locks" start >>"$work/pg_ctl.log" 2>&1
}

stop_server() {
  as_run_user "$pg_bin/pg_ctl" -D "$data" -m fast -w -t 60 stop >>"$work/pg_ctl.log" 2>&1
}

# A new cluster whose lock table is small: max_locks_per_transaction times the number of server
# processes that may take locks, plus some spare shared memory. die exits the subshell only.
create_server() {
  (prepare_root && init_cluster 15 "$pg_bin") >"$work/initdb.log" 2>&1 || return 1
  start_server 10 || return 1

  # Only the sessions of scale_counter log their statements, so the log shows the dump alone.
  psql_on postgres -c "CREATE ROLE scale_counter LOGIN SUPERUSER" \
    -c "ALTER ROLE scale_counter SET log_statement = 'all'" >"$work/setup.log" 2>&1 || return 1
  local db count
  for count in "$small_tables" "$large_tables"; do
    db=scale_$count
    psql_on postgres -c "CREATE DATABASE $db" >>"$work/setup.log" 2>&1 &&
      psql_on "$db" -v table_count="$count" -f "$repo/tests/integration/setup/many_tables.sql" \
        >>"$work/setup.log" 2>&1 || return 1
  done
}

# ---------------------------------------------------------------- lock table overflow

suggested_value=

# Passes check NAME if the output folder DIR of a failed dump is empty.
check_nothing_written() {
  local dir=$1 name=$2 left
  left=$(ls -A "$dir")
  if [[ -z $left ]]; then
    pass "$name"
  else
    fail "$name" "found: $(echo "$left" | tr '\n' ' ')"
  fi
}

check_lock_overflow_to_file() {
  local out=$work/overflow status message
  mkdir -p "$out"
  run_wiredump postgres dump -f "$out/large.dump" "scale_$large_tables" 2>"$work/overflow.err"
  status=$?
  message=$(grep -m 1 'max_locks_per_transaction' "$work/overflow.err")
  # 500 tables, the customer table and one sequence per item table.
  local relations=$((2 * large_tables + 1))

  if ((status == 0)); then
    fail "lock table overflow fails the dump" "exit status 0 on a server with max_locks_per_transaction = 10"
    return
  fi
  pass "lock table overflow fails the dump (status $status)"

  if [[ $message == *"could not lock the $relations relations to dump"*"max_locks_per_transaction = 10"* ]]; then
    pass "overflow message names the setting and $relations relations"
  else
    fail "overflow message names the setting and $relations relations" "$(last_line_of "$work/overflow.err")"
  fi

  if [[ $message =~ set\ max_locks_per_transaction\ to\ at\ least\ ([0-9]+) ]]; then
    suggested_value=${BASH_REMATCH[1]}
    pass "overflow message suggests max_locks_per_transaction = $suggested_value"
  else
    fail "overflow message suggests a value" "no \"at least N\" in: $(last_line_of "$work/overflow.err")"
  fi

  check_nothing_written "$out" "overflow leaves no archive, temporary file or manifest"
}

check_lock_overflow_to_stdout() {
  local status bytes
  run_wiredump postgres dump -f - "scale_$large_tables" >"$work/overflow.stdout" 2>"$work/overflow-stdout.err"
  status=$?
  bytes=$(stat -c %s "$work/overflow.stdout")
  if ((status == 0)); then
    fail "overflow with -f - fails" "exit status 0"
  elif ! grep -q 'max_locks_per_transaction to at least' "$work/overflow-stdout.err"; then
    fail "overflow with -f - fails" "no advice: $(last_line_of "$work/overflow-stdout.err")"
  elif ((bytes != 0)); then
    fail "overflow with -f - writes nothing" "$bytes bytes on standard output"
  else
    pass "overflow with -f - fails and writes nothing to standard output"
  fi
}

# At max_locks_per_transaction = 20 the lock table holds the tables but not their sequences as
# well, so the dump fails later, while it reads sequence values, and must still write nothing.
# A schema-only dump reads no sequence values and so needs no lock on any sequence.
check_overflow_at_sequences() {
  local out=$work/overflow-20 status message
  mkdir -p "$out"
  if ! { stop_server && start_server 20; }; then
    fail "overflow at sequences" "the server did not restart with max_locks_per_transaction = 20" \
      "$(tail -n 3 "$server_log")"
    return
  fi

  run_wiredump postgres dump -f "$out/large.dump" "scale_$large_tables" 2>"$work/overflow-20.err"
  status=$?
  message=$(grep -m 1 'max_locks_per_transaction' "$work/overflow-20.err")
  local relations=$((2 * large_tables + 1))
  if ((status == 0)); then
    fail "overflow at sequences fails the dump" "exit status 0 on a server with max_locks_per_transaction = 20"
  elif [[ $message == *"could not lock the $relations relations to dump"*"max_locks_per_transaction = 20"*"at least "* ]]; then
    pass "overflow at sequences names the setting, $relations relations and a value"
  else
    fail "overflow at sequences names the setting, $relations relations and a value" \
      "$(last_line_of "$work/overflow-20.err")"
  fi

  check_nothing_written "$out" "overflow at sequences leaves no archive, temporary file or manifest"

  if run_wiredump postgres dump -s -f "$out/schema.dump" "scale_$large_tables" 2>"$work/schema-20.err"; then
    pass "schema-only dump locks no sequence and succeeds at max_locks_per_transaction = 20"
  else
    fail "schema-only dump succeeds at max_locks_per_transaction = 20" "$(last_line_of "$work/schema-20.err")"
  fi
}

check_suggested_value_works() {
  if [[ -z $suggested_value ]]; then
    fail "suggested value works" "no value was suggested"
    return
  fi
  if ! { stop_server && start_server "$suggested_value"; }; then
    fail "suggested value works" "the server did not restart with max_locks_per_transaction = $suggested_value" \
      "$(tail -n 3 "$server_log")"
    return
  fi

  local archive=$work/large.dump status entries
  run_wiredump postgres dump -f "$archive" "scale_$large_tables" 2>"$work/suggested.err"
  status=$?
  if ((status != 0)); then
    fail "suggested value works" "dump failed with max_locks_per_transaction = $suggested_value: $(last_line_of "$work/suggested.err")"
    return
  fi
  if ! "$pg_bin/pg_restore" -l "$archive" >"$work/large.list" 2>"$work/large.list.err"; then
    fail "suggested value works" "pg_restore -l failed: $(last_line_of "$work/large.list.err")"
    return
  fi
  entries=$(grep -c ' TABLE public item_' "$work/large.list")
  if ((entries == large_tables)); then
    pass "dump succeeds at max_locks_per_transaction = $suggested_value and pg_restore -l lists $entries tables"
  else
    fail "suggested value works" "pg_restore -l lists $entries item tables, expected $large_tables"
  fi
}

# ---------------------------------------------------------------- statement counts

# Dumps database DB as scale_counter and writes the statements the server logged for it to FILE,
# one a line: the first line of each statement.
log_dump_statements() {
  local db=$1 file=$2 first_line
  first_line=$(($(wc -l <"$server_log") + 1))
  run_wiredump scale_counter dump -f "$work/$db.dump" "$db" 2>"$work/$db.err" || return 1
  tail -n "+$first_line" "$server_log" | sed -n -E 's/^[0-9]+ LOG:  statement: //p' >"$file"
}

check_statement_counts() {
  local small=$work/statements-small large=$work/statements-large
  if ! log_dump_statements "scale_$small_tables" "$small" || ! log_dump_statements "scale_$large_tables" "$large"; then
    fail "statement counts" "a dump as scale_counter failed: $(last_line_of "$work/scale_$large_tables.err")"
    return
  fi

  # Per-object statements: COPY, LOCK TABLE, and the reads of sequence values, which can only be
  # read from each sequence relation (SELECT OID::pg_catalog.oid AS seqoid, ... FROM the_sequence).
  local per_object='^(COPY |LOCK TABLE |SELECT [0-9]+::pg_catalog\.oid AS seqoid)'
  local file copies locks others sequence_reads
  for file in "$small" "$large"; do
    grep -v -E "$per_object" "$file" >"$file.catalog"
  done
  others=$(wc -l <"$small.catalog")
  note "statements for $small_tables and $large_tables tables: $(wc -l <"$small") and $(wc -l <"$large");" \
    "LOCK TABLE: $(grep -c '^LOCK TABLE ' "$small") and $(grep -c '^LOCK TABLE ' "$large");" \
    "sequence values: $(grep -c ' AS seqoid, ' "$small") and $(grep -c ' AS seqoid, ' "$large")"

  # Statements differ in their OIDs and OID lists, so each is compared by its first 100
  # characters with the numbers masked. That is enough to distinguish the catalog queries.
  for file in "$small" "$large"; do
    sed -E 's/[0-9]+/N/g' "$file.catalog" | cut -c 1-100 | sort >"$file.shapes"
  done
  if cmp -s "$small.shapes" "$large.shapes"; then
    pass "same $others catalog statements for $small_tables and $large_tables tables"
  else
    local -a detail
    mapfile -t detail < <(first_difference "$small.shapes" "$large.shapes" 6 | cut -c 1-160)
    fail "same catalog statements for $small_tables and $large_tables tables" \
      "$(wc -l <"$small.catalog") against $(wc -l <"$large.catalog") (- small, + large)" "${detail[@]}"
  fi

  copies=$(grep -c '^COPY ' "$large")
  if ((copies == large_tables + 1)); then
    pass "one COPY per table ($copies)"
  else
    fail "one COPY per table" "$copies COPY statements for $((large_tables + 1)) tables"
  fi

  # 500 sequences in statements of 100.
  sequence_reads=$(grep -c ' AS seqoid, ' "$large")
  if ((sequence_reads == (large_tables + 99) / 100)); then
    pass "sequence values of $large_tables sequences in $sequence_reads statements"
  else
    fail "sequence values in batches of 100" "$sequence_reads statements for $large_tables sequences"
  fi

  # wiredump names many tables in one LOCK TABLE statement, where pg_dump sends one per table.
  locks=$(grep '^LOCK TABLE ' "$large" | grep -o -E 'public\.(item_[0-9]+|customer)' | sort -u | wc -l)
  if ((locks == large_tables + 1)); then
    pass "LOCK TABLE names all $locks tables in $(grep -c '^LOCK TABLE ' "$large") statement(s)"
  else
    fail "LOCK TABLE names every table" "$locks of $((large_tables + 1)) tables locked"
  fi
}

if ! create_server; then
  fail "setup" "$(last_line_of "$work/setup.log") $(last_line_of "$work/initdb.log")"
  finish
fi
note "setup took $(seconds_since "$suite_start") s"

check_lock_overflow_to_file
check_lock_overflow_to_stdout
check_overflow_at_sequences
check_suggested_value_works
check_statement_counts
finish
