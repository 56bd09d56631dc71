# Login checks for roundtrip.sh: a dump as each TCP role of scripts/pg-test-server.sh, the URI
# and keyword/value forms of -d, and rejected passwords. Sourced, not run.
# shellcheck shell=bash
# shellcheck disable=SC2154 # work, port and dump_host are set by roundtrip.sh

# Runs wiredump with a wrong PASSWORD, or none if it is empty, and expects a non-zero exit
# status. When EXPECTED is not empty, standard error must contain it.
check_rejected_login() {
  local label=$1 password=$2 expected=$3
  shift 3
  local dir=$work/${label// /_}
  local status
  mkdir -p "$dir"

  run_wiredump "$password" -f "$dir/wiredump.dump" "$@" </dev/null >"$dir/dump.out" 2>"$dir/dump.log"
  status=$?

  if ((status == 0)); then
    fail "$label" "wiredump exited with status 0 although the login must fail"
  elif ((status == 124 || status == 137)); then
    fail "$label" "$(dump_failure "$status" "$dir/dump.log")"
  elif [[ -n $expected ]] && ! grep -a -qF -- "$expected" "$dir/dump.log"; then
    fail "$label" "exit status $status, but standard error lacks '$expected': $(last_line_of "$dir/dump.log")"
  else
    pass "$label"
  fi
}

# Dumps DB as each login role and restores every archive. DB must already be described as a
# fixture's source database.
check_logins() {
  local db=$1
  local role method
  local -a login

  for role in wiredump wiredump_md5 wiredump_password; do
    case $role in
      wiredump) method=SCRAM-SHA-256 ;;
      wiredump_md5) method=MD5 ;;
      wiredump_password) method="cleartext password" ;;
    esac
    mapfile -t login < <(tcp_login_options "$role")
    roundtrip "login $method" "$db" "$(password_for "$role")" file "${login[@]}" "$db"
  done

  # A URI over IPv6 loopback, with the password in PGPASSWORD. Containers may run without IPv6,
  # and then the URI names 127.0.0.1 instead.
  if grep -q '^0\{31\}1 ' /proc/net/if_inet6 2>/dev/null; then
    roundtrip "login URI over ::1" "$db" "$(password_for wiredump_md5)" file -w \
      -d "postgresql://wiredump_md5@[::1]:$port/$db"
  else
    note "no IPv6 loopback address on this machine, so the URI login uses 127.0.0.1"
    roundtrip "login URI over 127.0.0.1" "$db" "$(password_for wiredump_md5)" file -w \
      -d "postgresql://wiredump_md5@127.0.0.1:$port/$db"
  fi

  roundtrip "login keyword/value string" "$db" "$(password_for wiredump_password)" file -w \
    -d "host=$dump_host port=$port user=wiredump_password dbname=$db"

  for role in wiredump wiredump_md5 wiredump_password; do
    mapfile -t login < <(tcp_login_options "$role")
    check_rejected_login "login wrong password ($role)" "not-the-password" \
      "password authentication failed for user \"$role\"" "${login[@]}" "$db"
  done

  # With -w and no password, wiredump must fail instead of prompting. The wording of this error
  # comes from the client, so only the exit status is checked.
  mapfile -t login < <(tcp_login_options wiredump)
  check_rejected_login "login no password with -w" "" "" "${login[@]}" "$db"
}
