#!/usr/bin/env bash
# Runs the whole test suite: configure and build, the unit tests under ctest, then the
# integration suite (tests/integration/roundtrip.sh) against a PostgreSQL 15 test server that
# this script starts and stops, then each script in tests/integration/suites/. The last line is
# "N passed, M failed", counting the build, each unit test, the server start and each integration
# check. Exits 1 if any of them failed.
#
# Environment (all optional):
#   WIREDUMP_BUILD_DIR        build directory (default: build/ in the repository)
#   WIREDUMP_TEST_PORT        port of the test server (default 25434; keep it below 32768)
#   WIREDUMP_TEST_SKIP_BUILD  1 skips the build and the unit tests, to test the integration
#                             harness alone, for example with WIREDUMP set to the stand-in
#                             tests/integration/standin/wiredump-via-pg_dump.sh
#   WIREDUMP                  dump command for the integration suite (default: the built binary)
#   and the variables that tests/integration/roundtrip.sh and scripts/pg-test-server.sh read.
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${WIREDUMP_BUILD_DIR:-$repo/build}
port=${WIREDUMP_TEST_PORT:-25434}
major=15
server_script=$repo/scripts/pg-test-server.sh
wiredump_given=${WIREDUMP:+yes}
export WIREDUMP=${WIREDUMP:-$build/wiredump}
export WIREDUMP_TEST_PORT=$port

passed=0
failed=0
build_failed=false
phase_times=()

now() {
  date +%s.%N
}

record_time() {
  phase_times+=("$1 $(awk -v start="$2" -v end="$(now)" 'BEGIN { printf "%.1f", end - start }') s")
}

check() {
  if [[ $1 == ok ]]; then
    passed=$((passed + 1))
    printf 'ok - %s\n' "$2"
  else
    failed=$((failed + 1))
    printf 'not ok - %s: %s\n' "$2" "$3"
  fi
}

# Reads "N passed, M failed" from the last line of a file into the totals.
add_summary_line() {
  local line
  line=$(tail -n 1 "$1")
  if [[ $line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    passed=$((passed + BASH_REMATCH[1]))
    failed=$((failed + BASH_REMATCH[2]))
  else
    check fail "$2" "no 'N passed, M failed' line at the end of its output"
  fi
}

build_and_unit_test() {
  local start log
  start=$(now)
  if cmake -S "$repo" -B "$build" -G Ninja -DWIREDUMP_BUILD_TESTS=ON >/dev/null &&
    cmake --build "$build" --parallel 2; then
    check ok "build"
  else
    check fail "build" "configure or build in $build failed; see the compiler output above"
    build_failed=true
    record_time "build" "$start"
    return
  fi
  record_time "build" "$start"

  start=$(now)
  log=$(mktemp "${TMPDIR:-/tmp}/wiredump-ctest.XXXXXX")
  ctest --test-dir "$build" --output-on-failure --timeout 300 2>&1 | tee "$log"
  # ctest ends with "X% tests passed, F tests failed out of T", or with "No tests were found!!!".
  if [[ $(cat "$log") =~ ([0-9]+)\ tests\ failed\ out\ of\ ([0-9]+) ]]; then
    failed=$((failed + BASH_REMATCH[1]))
    passed=$((passed + BASH_REMATCH[2] - BASH_REMATCH[1]))
  elif ! grep -q 'No tests were found' "$log"; then
    check fail "unit tests" "ctest printed no 'tests failed out of' line; see its output above"
  fi
  rm -f "$log"
  record_time "unit tests" "$start"

  start=$(now)
  log=$(mktemp "${TMPDIR:-/tmp}/wiredump-fuzz.XXXXXX")
  "$repo/scripts/fuzz-smoke.sh" | tee "$log"
  add_summary_line "$log" "fuzz targets"
  rm -f "$log"
  record_time "fuzz targets" "$start"
}

started_server=false
stop_server() {
  if [[ $started_server == true ]]; then
    "$server_script" stop "$major" || true
  fi
}
trap stop_server EXIT

suite_started=$(now)

if [[ ${WIREDUMP_TEST_SKIP_BUILD:-0} == 1 ]]; then
  echo "# build and unit tests skipped (WIREDUMP_TEST_SKIP_BUILD=1)"
else
  build_and_unit_test
fi

start=$(now)
server_log=$(mktemp "${TMPDIR:-/tmp}/wiredump-server.XXXXXX")
if running_url=$("$server_script" url "$major" 2>/dev/null); then
  # Test against the running server on whatever port it has, and leave it running.
  port=${running_url##*:}
  port=${port%%/*}
  export WIREDUMP_TEST_PORT=$port
  echo "# using the PostgreSQL $major test server that already runs on port $port"
  check ok "test server"
elif "$server_script" start "$major" "$port" >"$server_log" 2>&1; then
  started_server=true
  check ok "test server"
else
  check fail "test server" "$(tail -n 1 "$server_log")"
fi
rm -f "$server_log"
record_time "server start" "$start"

start=$(now)
if [[ $build_failed == true && -z $wiredump_given ]]; then
  # A binary left over from an earlier build would test old code.
  check fail "integration suite" "not run because the build failed"
else
  integration_log=$(mktemp "${TMPDIR:-/tmp}/wiredump-integration.XXXXXX")
  "$repo/tests/integration/roundtrip.sh" | tee "$integration_log"
  add_summary_line "$integration_log" "integration suite"
  rm -f "$integration_log"
fi
record_time "integration suite" "$start"

# Each further suite is one script in tests/integration/suites/. It gets the same environment as
# the round trip, starts and stops any other server it needs, and ends with "N passed, M failed".
for suite in "$repo"/tests/integration/suites/*.sh; do
  [[ -e $suite ]] || continue
  name=${suite##*/}
  name=${name%.sh}
  start=$(now)
  if [[ $build_failed == true && -z $wiredump_given ]]; then
    check fail "$name suite" "not run because the build failed"
  else
    suite_log=$(mktemp "${TMPDIR:-/tmp}/wiredump-suite.XXXXXX")
    "$suite" | tee "$suite_log"
    add_summary_line "$suite_log" "$name suite"
    rm -f "$suite_log"
  fi
  record_time "$name suite" "$start"
done

start=$(now)
stop_server
started_server=false
record_time "server stop" "$start"

for entry in "${phase_times[@]}"; do
  echo "# time: $entry"
done
echo "# time: total $(awk -v start="$suite_started" -v end="$(now)" 'BEGIN { printf "%.1f", end - start }') s"
echo "$passed passed, $failed failed"
((failed == 0))
