# Failure checks for roundtrip.sh: wiredump must exit non-zero and name the cause when the output
# file cannot be created, the database does not exist or nothing listens on the port. Sourced,
# not run.
# shellcheck shell=bash
# shellcheck disable=SC2154 # work, port and dump_host are set by roundtrip.sh

# Runs wiredump with the remaining arguments and expects a non-zero exit status and standard
# error containing EXPECTED, compared without regard to case.
check_failure() {
  local label=$1 expected=$2
  shift 2
  local dir=$work/${label// /_}
  local status
  mkdir -p "$dir"

  run_wiredump "$(password_for wiredump)" "$@" </dev/null >"$dir/dump.out" 2>"$dir/dump.log"
  status=$?

  if ((status == 0)); then
    fail "$label" "wiredump exited with status 0 although it must fail"
  elif ((status == 124 || status == 137)); then
    fail "$label" "$(dump_failure "$status" "$dir/dump.log")"
  elif ! grep -a -qiF -- "$expected" "$dir/dump.log"; then
    fail "$label" "exit status $status, but standard error lacks '$expected': $(last_line_of "$dir/dump.log")"
  else
    pass "$label"
  fi
}

# Runs the failure checks. DB is any fixture database, for the checks that need a valid one.
check_failures() {
  local db=$1
  local -a login
  mapfile -t login < <(tcp_login_options wiredump)

  local missing_dir=$work/no-such-directory
  check_failure "error output file not creatable" "$missing_dir/out.dump" \
    -f "$missing_dir/out.dump" "${login[@]}" "$db"

  # The server reports a missing database, and its message must reach the user.
  check_failure "error database does not exist" 'database "wiredump_no_such_database" does not exist' \
    "${login[@]}" -f "$work/no-database.dump" wiredump_no_such_database

  # Nothing normally listens on port 1 of the loopback address, so the connection is refused at
  # once. A machine that does run a service there fails this check.
  check_failure "error connection refused" "refused" \
    -h "$dump_host" -p 1 -U wiredump -w -f "$work/refused.dump" "$db"
}
