# Differential checks for roundtrip.sh: wiredump's archive against pg_dump's archive of the same
# database. The results are printed as comments and never fail the run. Sourced, not run.
# shellcheck shell=bash
# shellcheck disable=SC2154 # work, port and dump_host are set by roundtrip.sh

differential_total=0
differential_same_sql=0
differential_same_toc=0
declare -a differential_notes=()

# Adds the first difference between two files to the notes, under a heading.
note_first_difference() {
  add_difference_note differential_notes "$@"
}

# Dumps SOURCE_DB with pg_dump -Fc -Z9 and compares pg_restore's SQL and TOC list for that archive
# with those for wiredump's archive in the fixture's work directory.
differential() {
  local name=$1 source_db=$2
  local dir=$work/$name
  local start

  [[ -s $dir/wiredump.dump ]] || return 0
  differential_total=$((differential_total + 1))

  start=$(now)
  if ! PGPASSWORD=$(password_for wiredump) pg_dump -h "$dump_host" -p "$port" -U wiredump -w \
    -F c -Z 9 -f "$dir/pg_dump.dump" "$source_db" 2>"$dir/pg_dump.log"; then
    differential_notes+=("$name: pg_dump failed: $(last_line_of "$dir/pg_dump.log")")
    return 0
  fi
  record_time "pg_dump (differential)" "$start"

  local tool
  for tool in pg_dump wiredump; do
    # pg_restore loops forever on a data member with bytes after its zlib stream, so a
    # broken archive must fail here instead of stopping the suite.
    if ! timeout --kill-after=10 "$dump_timeout" \
      pg_restore -f "$dir/$tool.restore.sql" "$dir/$tool.dump" 2>"$dir/$tool.restore-sql.log" ||
      ! pg_restore -l "$dir/$tool.dump" >"$dir/$tool.toc" 2>>"$dir/$tool.restore-sql.log"; then
      differential_notes+=("$name: pg_restore of the $tool archive to SQL failed: $(last_line_of "$dir/$tool.restore-sql.log")")
      return 0
    fi
    normalize_sql "$dir/$tool.restore.sql" >"$dir/$tool.restore.normalized.sql"
    normalize_toc_list "$dir/$tool.toc" >"$dir/$tool.toc.normalized"
  done

  if cmp -s "$dir/pg_dump.restore.normalized.sql" "$dir/wiredump.restore.normalized.sql"; then
    differential_same_sql=$((differential_same_sql + 1))
  else
    note_first_difference "$name: first SQL difference (- pg_dump, + wiredump):" \
      "$dir/pg_dump.restore.normalized.sql" "$dir/wiredump.restore.normalized.sql"
  fi

  if cmp -s "$dir/pg_dump.toc.normalized" "$dir/wiredump.toc.normalized"; then
    differential_same_toc=$((differential_same_toc + 1))
  else
    note_first_difference "$name: first TOC list difference (- pg_dump, + wiredump):" \
      "$dir/pg_dump.toc.normalized" "$dir/wiredump.toc.normalized"
  fi
}

report_differential() {
  local line
  if ((differential_total == 0)); then
    note "differential: not run, because wiredump wrote no archive"
    return
  fi
  note "differential: $differential_same_sql of $differential_total fixtures give identical pg_restore SQL for wiredump and pg_dump -Fc -Z9 (header versions and \\restrict keys masked)"
  note "differential: $differential_same_toc of $differential_total fixtures give identical pg_restore -l output (time, versions, dump IDs and OIDs masked)"
  for line in "${differential_notes[@]}"; do
    note "differential: $line"
  done
}
