#!/usr/bin/env bash
# Logs in to the PostgreSQL 15 test server over TCP with passwords that are hard to pass on
# intact, from each source wiredump reads them. SCRAM passwords that SASLprep changes log in as
# set and in their prepared form, and passwords with control characters log in as raw bytes.
# Other passwords need percent-encoding in a URI, quotes and backslashes in a keyword/value
# string, or escapes in the password file, and the MD5 and cleartext methods get non-ASCII
# passwords. A password typed at the prompt runs on a terminal that script(1) provides. Each login is a full dump of a small database that "wiredump verify" must accept.
# A wrong password must fail with the server's message and without the password in the output.
#
# The MD5 and cleartext methods are tied to the roles wiredump_md5 and wiredump_password in the
# test server's pg_hba.conf, so this suite changes their passwords and restores the stored
# hashes when it ends.
#
# Environment:
#   WIREDUMP             the wiredump binary (required)
#   WIREDUMP_TEST_PORT   port of the running PostgreSQL 15 test server (required)
# Prints "ok - NAME" or "not ok - NAME: REASON" per check and ends with "N passed, M failed".
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
# shellcheck source-path=SCRIPTDIR source=../lib.sh
source "$here/../lib.sh"

: "${WIREDUMP:?set WIREDUMP to the wiredump binary}"
port=${WIREDUMP_TEST_PORT:?set WIREDUMP_TEST_PORT to the port of the running test server}
socket_dir=$("$repo/scripts/pg-test-server.sh" socket-dir)
pg_bin=/usr/lib/postgresql/15/bin
database=wiredump_test_passwords
md5_role=wiredump_md5
cleartext_role=wiredump_password
# A dump of the small database takes well under a second, so a hung login fails long before CI
# would stop the whole run.
run_timeout=30

work=$(mktemp -d "${TMPDIR:-/tmp}/wiredump-passwords.XXXXXX")
roles=()
saved_hashes=()

psql_superuser() {
  PGOPTIONS='-c client_min_messages=warning' "$pg_bin/psql" -X -q -A -t -v ON_ERROR_STOP=1 \
    -h "$socket_dir" -p "$port" -U postgres "$@"
}

# Stores the saved hashes again, forgetting each one that is back in place.
restore_hashes() {
  local i status=0
  for i in "${!saved_hashes[@]}"; do
    # ALTER ROLE stores a value that is already an md5 or SCRAM hash as it is.
    if psql_superuser -d postgres -v role="${saved_hashes[i]%%=*}" -v hash="${saved_hashes[i]#*=}" \
      >/dev/null 2>&1 <<<"SELECT format('ALTER ROLE %I PASSWORD %L', :'role', :'hash') \\gexec"; then
      unset 'saved_hashes[i]'
    else
      status=1
    fi
  done
  return "$status"
}

cleanup() {
  local role
  restore_hashes
  psql_superuser -d postgres -c "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1
  for role in "${roles[@]}"; do
    psql_superuser -d postgres -c "DROP ROLE IF EXISTS $role" >/dev/null 2>&1
  done
  [[ -n ${WIREDUMP_KEEP_WORK:-} ]] || rm -rf "$work"
}
trap cleanup EXIT

# Sets the password of ROLE, hashed as ENCRYPTION (scram-sha-256 or md5), creating the role if
# needed. The password travels as a psql variable, so no quoting of its bytes is needed here.
set_password() {
  local role=$1 encryption=$2 password=$3
  psql_superuser -d postgres -v role="$role" -v encryption="$encryption" -v password="$password" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('GRANT pg_read_all_data TO %I', :'role') \gexec
SELECT set_config('password_encryption', :'encryption', false);
SELECT format('ALTER ROLE %I PASSWORD %L', :'role', :'password') \gexec
SQL
}

# Creates a SCRAM role that this suite drops when it ends.
create_scram_role() {
  roles+=("$1")
  set_password "$1" scram-sha-256 "$2" >/dev/null
}

# Keeps the stored hash of a test server role, to restore it when the suite ends.
save_hash() {
  local role=$1 hash
  hash=$(psql_superuser -d postgres -c "SELECT rolpassword FROM pg_authid WHERE rolname = '$role'") || return 1
  [[ -n $hash ]] || return 1
  saved_hashes+=("$role=$hash")
}

create_database() {
  psql_superuser -d postgres -c "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database" >/dev/null &&
    psql_superuser -d "$database" >/dev/null <<'SQL'
CREATE TABLE notes (id int PRIMARY KEY, body text);
INSERT INTO notes SELECT g, 'note ' || g FROM generate_series(1, 50) g;
SQL
}

# Text to type at the password prompt. While it is set, run_dump passes -W in place of -w and
# runs wiredump on a new terminal, whose output is in $work/stderr.
unset prompt_input

# Types $prompt_input at the terminal once wiredump has written its prompt. The prompt comes
# after echo is off, so the typed password never shows in the terminal's output.
type_at_prompt() {
  for _ in $(seq 100); do
    grep -a -q 'Password: ' "$work/stderr" 2>/dev/null && break
    sleep 0.1
  done
  printf '%s\n' "$prompt_input"
}

# Runs "wiredump dump" of the test database with the given environment settings (NAME=VALUE),
# then "--", then the connection string. The environment has no password source except the ones
# given, because HOME and PGPASSFILE point at files that do not exist.
run_dump() {
  local -a settings=()
  while [[ $1 != -- ]]; do
    settings+=("$1")
    shift
  done
  shift
  rm -f "$work/out.dump" "$work/out.dump.manifest.json" "$work/stdout" "$work/stderr"
  local -a clean_environment=(env -u PGPASSWORD -u PGUSER -u PGHOST -u PGPORT -u PGDATABASE -u PGSERVICE
    HOME="$work/home" PGPASSFILE="$work/no-such-file" "${settings[@]}")

  if [[ -z ${prompt_input+set} ]]; then
    timeout --kill-after=5 "$run_timeout" "${clean_environment[@]}" \
      "$WIREDUMP" dump -w -f "$work/out.dump" -d "$1" </dev/null >"$work/stdout" 2>"$work/stderr"
    return
  fi

  # script(1) from util-linux gives wiredump a terminal and, with -e, returns its exit status.
  : >"$work/stdout"
  local command
  command=$(printf '%q ' "$WIREDUMP" dump -W -f "$work/out.dump" -d "$1")
  type_at_prompt | timeout --kill-after=5 "$run_timeout" "${clean_environment[@]}" SHELL=/bin/bash \
    script -q -e -c "$command" /dev/null >"$work/stderr" 2>&1
}

# Checks that a dump with these settings succeeds and that its archive passes verify.
check_login() {
  local name=$1
  shift
  run_dump "$@"
  local status=$?
  if ((status != 0)); then
    fail "$name" "exit status $status: $(last_line_of "$work/stderr")"
  elif ! "$WIREDUMP" verify "$work/out.dump" >"$work/verify.out" 2>&1; then
    fail "$name" "verify rejected the archive: $(last_line_of "$work/verify.out")"
  else
    pass "$name"
  fi
}

# Checks that a dump with these settings fails with exit status 1 and the server's message, and
# that none of the SECRET texts appears in its output.
check_rejected() {
  local name=$1 secrets=$2
  shift 2
  run_dump "$@"
  local status=$? secret
  if ((status != 1)); then
    fail "$name" "exit status $status, expected 1: $(last_line_of "$work/stderr")"
    return
  fi
  if ! grep -a -q 'password authentication failed' "$work/stderr"; then
    fail "$name" "standard error lacks the server's message: $(last_line_of "$work/stderr")"
    return
  fi
  while IFS= read -r secret; do
    if grep -a -q -F -- "$secret" "$work/stdout" "$work/stderr"; then
      fail "$name" "the output contains the password text '$secret'"
      return
    fi
  done <<<"$secrets"
  pass "$name"
}

tcp="host=127.0.0.1 port=$port dbname=$database"

mkdir -p "$work/home"
if ! create_database; then
  fail "create the test database" "psql failed on the socket in $socket_dir"
  printf '%d passed, %d failed\n' "$passed" "$failed"
  exit 1
fi

# SASLprep maps U+2168 (ROMAN NUMERAL NINE) to "IX" by NFKC, U+00A0 (NO-BREAK SPACE) to a space
# and U+00AD (SOFT HYPHEN) to nothing. The server stores the secret of the prepared password, so
# the password as set and its prepared form both log in.
create_scram_role wiredump_pw_roman 'Ⅸ'
check_login "scram roman numeral as set" PGPASSWORD='Ⅸ' -- "$tcp user=wiredump_pw_roman"
check_login "scram roman numeral prepared" PGPASSWORD='IX' -- "$tcp user=wiredump_pw_roman"

create_scram_role wiredump_pw_spaces $'no\u00a0break soft\u00adhyphen'
check_login "scram no-break space as set" PGPASSWORD=$'no\u00a0break soft\u00adhyphen' -- \
  "$tcp user=wiredump_pw_spaces"
check_login "scram no-break space prepared" PGPASSWORD='no break softhyphen' -- "$tcp user=wiredump_pw_spaces"

# SASLprep maps a lone soft hyphen to an empty string. PostgreSQL treats that as a SASLprep
# failure, so client and server both hash the raw bytes.
create_scram_role wiredump_pw_empty $'\u00ad'
check_login "scram empty after mapping" PGPASSWORD=$'\u00ad' -- "$tcp user=wiredump_pw_empty"

# PostgreSQL copies an ASCII password as it is, control characters included. With a non-ASCII
# character as well, SASLprep rejects the control character, and client and server both hash the
# raw bytes, so the NFKC form of U+2168 no longer logs in.
create_scram_role wiredump_pw_control_ascii $'tab\there\x01'
check_login "scram ascii control characters" PGPASSWORD=$'tab\there\x01' -- "$tcp user=wiredump_pw_control_ascii"

create_scram_role wiredump_pw_control $'\u00e9\x01\u2168'
check_login "scram control character raw bytes" PGPASSWORD=$'\u00e9\x01\u2168' -- "$tcp user=wiredump_pw_control"
check_rejected "scram control character not prepared" 'IX' PGPASSWORD=$'\u00e9\x01IX' -- \
  "$tcp user=wiredump_pw_control"

# The password has "@", ":", "/", "%", "#", "?", a space and a non-ASCII letter, each of which
# the URI must percent-encode.
create_scram_role wiredump_pw_uri 'p@ss:w/rd%#? ü'
check_login "uri percent-encoded password" -- \
  "postgresql://wiredump_pw_uri:p%40ss%3Aw%2Frd%25%23%3F%20%C3%BC@127.0.0.1:$port/$database"

create_scram_role wiredump_pw_quote "it's a \\ test"
check_login "keyword value quote and backslash" -- "$tcp user=wiredump_pw_quote password='it\\'s a \\\\ test'"

# In the password file, "\:" is a colon and "\\" a backslash.
create_scram_role wiredump_pw_file 'col:on\back\:slash'
printf '127.0.0.1:%s:%s:wiredump_pw_file:col\\:on\\\\back\\\\\\:slash\n' "$port" "$database" >"$work/pgpass"
chmod 600 "$work/pgpass"
check_login "password file escapes" PGPASSFILE="$work/pgpass" -- "$tcp user=wiredump_pw_file"

# The MD5 hash covers the raw bytes, and the cleartext method sends them as they are.
if save_hash "$md5_role" && set_password "$md5_role" md5 'pässwörd Ⅸ' >/dev/null; then
  check_login "md5 non-ascii password" PGPASSWORD='pässwörd Ⅸ' -- "$tcp user=$md5_role"
else
  fail "md5 non-ascii password" "could not set the password of $md5_role"
fi
if save_hash "$cleartext_role" && set_password "$cleartext_role" scram-sha-256 'klartext ü Ⅸ' >/dev/null; then
  check_login "cleartext non-ascii password" PGPASSWORD='klartext ü Ⅸ' -- "$tcp user=$cleartext_role"
else
  fail "cleartext non-ascii password" "could not set the password of $cleartext_role"
fi

# A password typed at the prompt goes through SASLprep like any other.
if command -v script >/dev/null; then
  prompt_input=$'no\u00a0break soft\u00adhyphen'
  check_login "prompt password as set" -- "$tcp user=wiredump_pw_spaces"
  prompt_input='no break softhyphen'
  check_login "prompt prepared password" -- "$tcp user=wiredump_pw_spaces"
  prompt_input='Wrong-Prompt-ü-42'
  check_rejected "wrong password prompt" "$prompt_input" -- "$tcp user=wiredump_pw_spaces"
  unset prompt_input
else
  fail "prompt password as set" "script(1) not found; install util-linux"
fi

wrong='Wrong-Secret-ü-42'
check_rejected "wrong password environment" "$wrong" PGPASSWORD="$wrong" -- "$tcp user=wiredump_pw_roman"
check_rejected "wrong password keyword value" "$wrong" -- "$tcp user=wiredump_pw_roman password='$wrong'"
check_rejected "wrong password uri" "$wrong"$'\n''Wrong-Secret-%C3%BC-42' -- \
  "postgresql://wiredump_pw_roman:Wrong-Secret-%C3%BC-42@127.0.0.1:$port/$database"
check_rejected "wrong password md5" "$wrong" PGPASSWORD="$wrong" -- "$tcp user=$md5_role"
check_rejected "wrong password cleartext" "$wrong" PGPASSWORD="$wrong" -- "$tcp user=$cleartext_role"

# Other suites log in as these roles with their own passwords.
if restore_hashes; then
  pass "restore test server passwords"
else
  fail "restore test server passwords" "ALTER ROLE failed for: ${saved_hashes[*]%%=*}"
fi

printf '%d passed, %d failed\n' "$passed" "$failed"
((failed == 0))
