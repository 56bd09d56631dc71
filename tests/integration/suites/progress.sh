#!/usr/bin/env bash
# Checks the progress display of "wiredump dump": the JSON lines of --progress=json, the
# one-line display on a terminal, and silence when standard error is not a terminal.
#
# Needs the running PostgreSQL 15 test server of scripts/test.sh (WIREDUMP_TEST_PORT); it
# creates and drops its own database there. Ends with "N passed, M failed".
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source-path=SCRIPTDIR/..
source "$here/lib.sh"

read -r -a wiredump <<<"${WIREDUMP:-$repo/build/wiredump}"
server_script=$repo/scripts/pg-test-server.sh
if ! bin=$("$server_script" bin 15); then
  fail "setup" "no PostgreSQL 15 client tools"
  echo "$passed passed, $failed failed"
  exit 1
fi
export PATH="$bin:$PATH"
PGHOST=$("$server_script" socket-dir)
export PGHOST PGPORT=${WIREDUMP_TEST_PORT:-25434} PGUSER=postgres
unset PGDATABASE PGPASSWORD PGSERVICE PGSSLMODE PGOPTIONS

work=$(mktemp -d "${TMPDIR:-/tmp}/wiredump-progress.XXXXXX")
db=wiredump_progress
finish() {
  dropdb --if-exists "$db" 2>/dev/null
  echo "$passed passed, $failed failed"
  ((failed == 0)) && rm -rf "$work"
  ((failed == 0))
}

# Two tables, one of them large enough for several progress reports.
if ! { dropdb --if-exists "$db" && createdb "$db" && psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "
      CREATE TABLE wide AS SELECT i, repeat(md5(i::text), 8) AS filler FROM generate_series(1, 60000) i;
      CREATE TABLE \"Small Table\" AS SELECT i FROM generate_series(1, 7) i;
      ANALYZE;"; } >"$work/setup.log" 2>&1; then
  fail "setup" "$(last_line_of "$work/setup.log")"
  finish
  exit
fi

# The JSON lines: one start event, a table and a table_done event per table with the right row
# counts, and a done event with the totals.
"${wiredump[@]}" dump --progress=json -f "$work/json.dump" "$db" 2>"$work/json.err"
status=$?
json=$work/json.err
archive_bytes=$(stat -c %s "$work/json.dump" 2>/dev/null)
if ((status != 0)); then
  fail "--progress=json dump" "exit status $status: $(last_line_of "$json")"
elif [[ $(grep -c '^{"event":"start","tables":2,' "$json") != 1 ]]; then
  fail "--progress=json start event" "no single start event for 2 tables" "$(head -n 1 "$json")"
elif ! grep -q '^{"event":"table_done","table":"public.wide","bytes":[0-9]*,"rows":60000}$' "$json" ||
  ! grep -q '^{"event":"table_done","table":"public.\\"Small Table\\"","bytes":14,"rows":7}$' "$json"; then
  fail "--progress=json table events" "row counts or names differ" "$(grep table_done "$json")"
elif grep '^{"event":"progress"' "$json" | grep -v -q '"table":"public.wide",.*"bytes_per_second":'; then
  # A progress event comes at most once a second, so a fast machine may write none.
  fail "--progress=json progress events" "a progress event without its fields"
elif ! grep -q '^{"event":"done","tables":2,"bytes":[0-9]*,"rows":60007,"archive_bytes":'"$archive_bytes"',' "$json"; then
  fail "--progress=json done event" "totals differ from the archive of $archive_bytes bytes" "$(tail -n 1 "$json")"
elif grep -v -q '^{"event":' "$json"; then
  fail "--progress=json lines" "a line that is not an event" "$(grep -v '^{"event":' "$json" | head -n 1)"
else
  pass "--progress=json writes start, table, table_done and done events with the row counts"
fi

# Standard error is a file here, so the default display stays silent.
"${wiredump[@]}" dump -f "$work/quiet.dump" "$db" 2>"$work/quiet.err"
status=$?
if ((status != 0)) || [[ -s $work/quiet.err ]]; then
  fail "default progress without a terminal" "exit status $status, stderr: $(last_line_of "$work/quiet.err")"
else
  pass "no progress display when standard error is not a terminal"
fi

# script(1) gives the dump a terminal, so the default display draws its line and the summary.
if ! command -v script >/dev/null; then
  fail "progress on a terminal" "script(1) from util-linux is not installed"
else
  printf -v command '%q ' "${wiredump[@]}" dump -f "$work/tty.dump" "$db"
  script -q -e -c "$command" /dev/null >"$work/tty.out" 2>&1
  status=$?
  if ((status != 0)); then
    fail "progress on a terminal" "exit status $status: $(last_line_of "$work/tty.out")"
  elif ! grep -q $'\r\\[2/2\\] public.wide ' "$work/tty.out" ||
    ! grep -q 'wiredump: dumped 2 tables, 60007 rows, .* of data in [0-9]*:[0-9][0-9]; archive ' "$work/tty.out"; then
    fail "progress on a terminal" "no table line or summary" "$(tr '\r' '\n' <"$work/tty.out" | tail -n 3)"
  else
    pass "a terminal shows the table line and a summary"
  fi
fi

"${wiredump[@]}" dump --progress=bar -f "$work/bad.dump" "$db" 2>"$work/bad.err"
status=$?
if ((status == 2)) && grep -q 'invalid progress display "bar": use auto, json or none' "$work/bad.err" &&
  [[ ! -e $work/bad.dump ]]; then
  pass "--progress with an unknown value is a usage error"
else
  fail "--progress=bar" "exit status $status: $(last_line_of "$work/bad.err")"
fi

finish
