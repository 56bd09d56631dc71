# Checks of "wiredump list" and "wiredump verify" for roundtrip.sh, run on every archive the suite
# writes: the listing must equal "pg_restore -l" byte for byte, verify must pass, and verify must
# fail on a truncated copy. Sourced, not run.
# shellcheck shell=bash
# shellcheck disable=SC2154 # wiredump and dump_timeout are set by roundtrip.sh

# Runs the list and verify checks on ARCHIVE, writing their output next to it. LABEL names the
# checks.
list_verify() {
  local label=$1 archive=$2
  local base=${archive%.dump}

  [[ -s $archive ]] || return 0

  if ! timeout --kill-after=10 "$dump_timeout" pg_restore -l "$archive" >"$base.pg_restore.list" \
    2>"$base.pg_restore.list.log"; then
    fail "$label: pg_restore -l" "$(last_line_of "$base.pg_restore.list.log")"
    return 0
  fi

  if ! "${wiredump[@]}" list "$archive" >"$base.list" 2>"$base.list.log"; then
    fail "$label: wiredump list" "$(last_line_of "$base.list.log")"
  elif cmp -s "$base.pg_restore.list" "$base.list"; then
    pass "$label: wiredump list equals pg_restore -l"
  else
    local -a difference
    mapfile -t difference < <(first_difference "$base.pg_restore.list" "$base.list" 6)
    fail "$label: wiredump list equals pg_restore -l" "the listings differ (- pg_restore, + wiredump)" \
      "${difference[@]}"
  fi

  if ! "${wiredump[@]}" list - <"$archive" >"$base.stdin.list" 2>"$base.list.log"; then
    fail "$label: wiredump list from standard input" "$(last_line_of "$base.list.log")"
  elif cmp -s "$base.pg_restore.list" "$base.stdin.list"; then
    pass "$label: wiredump list from standard input"
  else
    fail "$label: wiredump list from standard input" "the listing differs from pg_restore -l"
  fi

  if "${wiredump[@]}" verify "$archive" >"$base.verify" 2>"$base.verify.log"; then
    pass "$label: wiredump verify ($(tail -n 2 "$base.verify" | head -n 1))"
  else
    fail "$label: wiredump verify" "$(grep -m 1 '^problem: ' "$base.verify" || last_line_of "$base.verify.log")"
  fi

  # Cutting the archive at two thirds of its size ends it inside the TOC or the data area.
  local size truncated=$base.truncated
  size=$(stat -c %s "$archive")
  head -c $((size * 2 / 3)) "$archive" >"$truncated"
  "${wiredump[@]}" verify "$truncated" >"$truncated.verify" 2>"$truncated.verify.log"
  local status=$?
  if ((status == 1)); then
    pass "$label: wiredump verify fails on truncated copy"
  else
    fail "$label: wiredump verify fails on truncated copy" "exit status $status, expected 1"
  fi
  rm -f "$truncated"
}
