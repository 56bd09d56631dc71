#!/usr/bin/env bash
# Checks "wiredump list" and "wiredump verify" on archives of wiredump and of the real pg_dump 15,
# 17 and 18, verify's failures on damaged archives, and the manifest: verify --against a restored
# database. Everything runs against one small database on the PostgreSQL 15 test server.
#
# Environment:
#   WIREDUMP               the wiredump binary (required)
#   WIREDUMP_TEST_PORT     port of the running PostgreSQL 15 test server (required)
#   WIREDUMP_PG_MATRIX     pg-matrix.sh that provides the pg_dump 17 and 18 clients (default:
#                          scripts/pg-matrix.sh in the repository)
# Prints "ok - NAME" or "not ok - NAME: REASON" per check and ends with "N passed, M failed".
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
# shellcheck source=../lib.sh
source "$repo/tests/integration/lib.sh"

wiredump=${WIREDUMP:?set WIREDUMP to the wiredump binary}
port=${WIREDUMP_TEST_PORT:?set WIREDUMP_TEST_PORT to the port of the running test server}
matrix=${WIREDUMP_PG_MATRIX:-$repo/scripts/pg-matrix.sh}
socket=$("$repo/scripts/pg-test-server.sh" socket-dir)
bin15=/usr/lib/postgresql/15/bin
source_db=wiredump_test_archive_tools
restored_db=wiredump_test_archive_tools_restored
work=$(mktemp -d "${TMPDIR:-/tmp}/wiredump-archive-tools.XXXXXX")
# Long enough for the small fixture; a hung pg_restore or verify fails instead of stalling CI.
limit=60

psql_run() {
  local database=$1
  shift
  PGOPTIONS="-c client_min_messages=warning" "$bin15/psql" -X -q -v ON_ERROR_STOP=1 -h "$socket" -p "$port" -U postgres -d "$database" "$@"
}

cleanup() {
  psql_run postgres -c "DROP DATABASE IF EXISTS $source_db" -c "DROP DATABASE IF EXISTS $restored_db" \
    >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

# Runs wiredump verify with the given arguments, keeping its standard output in $work/verify.out
# and its messages in $work/verify.err. Returns verify's exit status.
run_verify() {
  timeout --kill-after=5 "$limit" "$wiredump" verify "$@" >"$work/verify.out" 2>"$work/verify.err"
}

first_problem() {
  grep -a -m 1 '^problem: ' "$work/verify.out"
}

# Prints "dump_id offset" for every entry with data, in TOC order, from verify --json.
block_offsets() {
  "$wiredump" verify --json --no-manifest "$1" | grep -o '"dump_id":[0-9]*,"desc":"[^"]*"[^}]*"block_offset":[0-9]*' |
    sed -E 's/"dump_id":([0-9]*),.*"block_offset":([0-9]*)/\1 \2/'
}

# Overwrites the byte at OFFSET of FILE with its complement.
flip_byte() {
  local file=$1 offset=$2 value
  value=$(od -An -tu1 -j "$offset" -N 1 "$file" | tr -d ' ')
  printf "\\$(printf '%03o' $((255 - value)))" | dd of="$file" bs=1 seek="$offset" conv=notrunc status=none
}

# Copies bytes FROM (inclusive) to TO (exclusive) of FILE to standard output.
byte_range() {
  tail -c +"$(($2 + 1))" "$1" | head -c "$(($3 - $2))"
}

create_fixture() {
  psql_run postgres -c "DROP DATABASE IF EXISTS $source_db" -c "DROP DATABASE IF EXISTS $restored_db" \
    -c "CREATE DATABASE $source_db" -c "CREATE DATABASE $restored_db" >/dev/null &&
    psql_run "$source_db" >/dev/null <<'SQL'
CREATE TABLE items (id int PRIMARY KEY, name text, price numeric(10, 2), added date);
INSERT INTO items SELECT g, 'item ' || g, g * 1.25, date '2026-01-01' + g FROM generate_series(1, 300) g;
CREATE TABLE empty_table (a int);
CREATE SCHEMA "Other Schema";
CREATE TABLE "Other Schema"."Odd, Name" (note text, flag boolean);
INSERT INTO "Other Schema"."Odd, Name" VALUES (E'tab\there', true), (E'line\nbreak', false), ('\.', NULL);
CREATE SEQUENCE counter START 42;
SELECT nextval('counter');
CREATE VIEW cheap_items AS SELECT id, name FROM items WHERE price < 10;
SELECT lo_from_bytea(0, 'large object bytes');
SQL
}

# --- (a) list equals pg_restore -l, and verify passes ------------------------------------------

# Checks ARCHIVE with wiredump list against PG_RESTORE -l and runs verify. LABEL names the checks.
check_listing() {
  local label=$1 archive=$2 pg_restore=$3
  if ! timeout --kill-after=5 "$limit" "$pg_restore" -l "$archive" >"$archive.expected" 2>"$archive.log"; then
    fail "$label: pg_restore -l" "$(last_line_of "$archive.log")"
  elif ! "$wiredump" list "$archive" >"$archive.list" 2>"$archive.log"; then
    fail "$label: wiredump list" "$(last_line_of "$archive.log")"
  elif cmp -s "$archive.expected" "$archive.list"; then
    pass "$label: wiredump list equals pg_restore -l"
  else
    local -a difference
    mapfile -t difference < <(first_difference "$archive.expected" "$archive.list" 6)
    fail "$label: wiredump list equals pg_restore -l" "the listings differ (- pg_restore, + wiredump)" \
      "${difference[@]}"
  fi

  if run_verify "$archive"; then
    pass "$label: wiredump verify ($(grep '^total: ' "$work/verify.out"))"
  else
    fail "$label: wiredump verify" "$(first_problem || last_line_of "$work/verify.err")"
  fi
}

# Dumps the fixture with PG_DUMP and each -Z value given, then checks each archive.
check_pg_dump() {
  local major=$1 bin=$2
  shift 2
  local compression archive
  for compression in "$@"; do
    archive=$work/pg_dump$major-$compression.dump
    if ! timeout --kill-after=5 "$limit" "$bin/pg_dump" -h "$socket" -p "$port" -U postgres -Fc \
      -Z "$compression" -f "$archive" "$source_db" 2>"$archive.log"; then
      fail "pg_dump $major -Z $compression" "$(last_line_of "$archive.log")"
      continue
    fi
    check_listing "pg_dump $major -Z $compression" "$archive" "$bin/pg_restore"
  done
}

check_all_producers() {
  local archive=$work/wiredump.dump
  if "$wiredump" dump -h "$socket" -p "$port" -U postgres -f "$archive" "$source_db" 2>"$archive.log"; then
    check_listing "wiredump -Z9" "$archive" "$bin15/pg_restore"
  else
    fail "wiredump dump" "$(last_line_of "$archive.log")"
  fi

  # pg_dump 15 accepts only zlib levels for -Z; "none", lz4 and zstd came with 16.
  check_pg_dump 15 "$bin15" 0 9

  local major bin
  for major in 17 18; do
    if ! bin=$("$matrix" bin "$major" 2>"$work/matrix.log") || [[ ! -x $bin/pg_dump ]]; then
      fail "pg_dump $major" "$matrix bin $major gave no pg_dump: $(last_line_of "$work/matrix.log")"
      continue
    fi
    check_pg_dump "$major" "$bin" none gzip lz4 zstd
  done
}

# --- (b) the corruption matrix ------------------------------------------------------------------

# Cuts ARCHIVE at every 1% of its length. Verify must fail each time, and name the first entry
# whose block the cut damages, or report the header or TOC when the cut is before the data.
check_truncations() {
  local label=$1 archive=$2 size data_start percent cut expected id offset
  size=$(stat -c %s "$archive")
  local -a ids=() offsets=()
  while read -r id offset; do
    ids+=("$id")
    offsets+=("$offset")
  done < <(block_offsets "$archive")
  data_start=${offsets[0]}

  local wrong=() cut_file=$work/cut.dump
  for ((percent = 0; percent < 100; percent++)); do
    cut=$((size * percent / 100))
    head -c "$cut" "$archive" >"$cut_file"
    if run_verify --no-manifest "$cut_file"; then
      wrong+=("cut at $cut of $size bytes passed verification")
      continue
    fi
    if ((cut < data_start)); then
      grep -q 'could not read the header and TOC' "$work/verify.err" ||
        wrong+=("cut at $cut (in the TOC): $(last_line_of "$work/verify.err")")
      continue
    fi
    # The first damaged block is the first one that does not end by the cut.
    expected=""
    for ((i = 0; i < ${#ids[@]}; i++)); do
      local end=$size
      ((i + 1 < ${#ids[@]})) && end=${offsets[i + 1]}
      if ((end > cut)); then
        expected=${ids[i]}
        break
      fi
    done
    first_problem | grep -q "TOC entry $expected (" ||
      wrong+=("cut at $cut: expected TOC entry $expected, got: $(first_problem)")
  done

  if ((${#wrong[@]} == 0)); then
    pass "$label: verify fails at every 1% cut, naming the damaged entry"
  else
    fail "$label: verify fails at every 1% cut, naming the damaged entry" "${#wrong[@]} of 100 cuts wrong" \
      "${wrong[@]:0:5}"
  fi
}

# Prints the dump id and block offset of the TABLE DATA entry of "items".
items_block() {
  "$wiredump" verify --json --no-manifest "$1" |
    grep -o '"dump_id":[0-9]*,"desc":"TABLE DATA","namespace":"public","tag":"items"[^}]*"block_offset":[0-9]*' |
    sed -E 's/"dump_id":([0-9]*),.*"block_offset":([0-9]*)/\1 \2/'
}

# Runs verify on FILE, which must fail with a first problem containing TEXT.
expect_failure() {
  local label=$1 file=$2 text=$3
  shift 3
  run_verify "$@" "$file"
  local status=$?
  if ((status != 1)); then
    fail "$label" "verify exited with status $status, expected 1"
  elif ! grep -aq '^problem: ' "$work/verify.out" && grep -qF -- "$text" "$work/verify.err"; then
    pass "$label"
  elif grep -a '^problem: ' "$work/verify.out" | grep -aqF -- "$text"; then
    pass "$label"
  else
    fail "$label" "no problem names \"$text\"" "$(first_problem || last_line_of "$work/verify.err")"
  fi
}

check_corruptions() {
  local compressed=$work/small-z9.dump plain=$work/small-z0.dump piped=$work/small-pipe.dump
  local id offset
  if ! "$wiredump" dump -h "$socket" -p "$port" -U postgres -f "$compressed" "$source_db" 2>"$work/dump.log" ||
    ! "$wiredump" dump -h "$socket" -p "$port" -U postgres -Z0 -f "$plain" "$source_db" 2>>"$work/dump.log" ||
    ! "$wiredump" dump -h "$socket" -p "$port" -U postgres "$source_db" 2>>"$work/dump.log" | cat >"$piped"; then
    fail "corruption matrix: dumps" "$(last_line_of "$work/dump.log")"
    return
  fi

  check_truncations "zlib archive" "$compressed"
  check_truncations "uncompressed archive" "$plain"
  check_truncations "archive from a pipe" "$piped"

  # A flipped byte inside the compressed data of "items" breaks its zlib stream.
  read -r id offset < <(items_block "$compressed")
  cp "$compressed" "$work/flip-data.dump"
  flip_byte "$work/flip-data.dump" $((offset + 40))
  expect_failure "flipped data byte names its entry" "$work/flip-data.dump" "TOC entry $id (TABLE DATA public.items)" \
    --no-manifest

  # In uncompressed data, a changed digit still parses, so only the manifest catches it.
  read -r id offset < <(items_block "$plain")
  cp "$plain" "$work/flip-digit.dump"
  cp "$plain.manifest.json" "$work/flip-digit.dump.manifest.json"
  local digit_offset
  digit_offset=$(grep -abo 'item 150' "$work/flip-digit.dump" | head -n 1 | cut -d: -f1)
  printf '7' | dd of="$work/flip-digit.dump" bs=1 seek=$((digit_offset + 5)) conv=notrunc status=none
  if run_verify --no-manifest "$work/flip-digit.dump"; then
    pass "changed digit passes the structural checks"
  else
    fail "changed digit passes the structural checks" "$(first_problem)"
  fi
  expect_failure "changed digit fails the manifest, naming the table" "$work/flip-digit.dump" \
    "table public.items (dump id $id) has different data in the archive"

  # A flipped byte in the TOC: the tag of the TABLE DATA entry of "items", which the structural
  # checks cannot tell from another name. Perl (in Debian's essential perl-base) finds the bytes,
  # because grep cannot match a NUL.
  local tag_offset
  cp "$plain" "$work/flip-toc.dump"
  cp "$plain.manifest.json" "$work/flip-toc.dump.manifest.json"
  tag_offset=$(perl -0777 -ne 'print index($_, "items\x00\x0a\x00\x00\x00TABLE DATA")' "$plain")
  flip_byte "$work/flip-toc.dump" "$tag_offset"
  expect_failure "flipped TOC byte fails the manifest" "$work/flip-toc.dump" "the manifest records table public.items"
  # A flipped byte in a string length makes the TOC unreadable.
  cp "$plain" "$work/flip-length.dump"
  flip_byte "$work/flip-length.dump" $((tag_offset - 2))
  expect_failure "flipped TOC length fails" "$work/flip-length.dump" "could not read the header and TOC"

  # The archive from a pipe has no data offsets, so a block can be dropped without rewriting the
  # TOC. Dropping the block of "items" must name that entry.
  local -a ids=() offsets=()
  while read -r id offset; do
    ids+=("$id")
    offsets+=("$offset")
  done < <(block_offsets "$piped")
  read -r id offset < <(items_block "$piped")
  local next=""
  for ((i = 0; i < ${#ids[@]}; i++)); do
    [[ ${ids[i]} == "$id" ]] && next=${offsets[i + 1]:-$(stat -c %s "$piped")}
  done
  { head -c "$offset" "$piped"; tail -c +"$((next + 1))" "$piped"; } >"$work/missing-block.dump"
  expect_failure "missing data block names its entry" "$work/missing-block.dump" \
    "TOC entry $id (TABLE DATA public.items) has data, but no data block was found" --no-manifest

  # Two zlib streams in one member: the chunks of "empty_table"'s block appended to those of
  # "items". pg_restore 15 loops forever on this; verify must stop with an error.
  local empty_id empty_offset empty_next
  read -r empty_id empty_offset < <("$wiredump" verify --json --no-manifest "$piped" |
    grep -o '"dump_id":[0-9]*,"desc":"TABLE DATA","namespace":"public","tag":"empty_table"[^}]*"block_offset":[0-9]*' |
    sed -E 's/"dump_id":([0-9]*),.*"block_offset":([0-9]*)/\1 \2/')
  for ((i = 0; i < ${#ids[@]}; i++)); do
    [[ ${ids[i]} == "$empty_id" ]] && empty_next=${offsets[i + 1]:-$(stat -c %s "$piped")}
  done
  {
    head -c "$((next - 5))" "$piped"
    byte_range "$piped" $((empty_offset + 6)) $((empty_next - 5))
    tail -c +"$((next - 5 + 1))" "$piped"
  } >"$work/two-streams.dump"
  expect_failure "two zlib streams in one member name the entry" "$work/two-streams.dump" \
    "TOC entry $id (TABLE DATA public.items): " --no-manifest
}

# --- (c) the manifest against a restored database -----------------------------------------------

check_manifest_against_database() {
  local archive=$work/restore.dump conninfo="host=$socket port=$port user=postgres dbname=$restored_db"
  if ! "$wiredump" dump -h "$socket" -p "$port" -U postgres -f "$archive" "$source_db" 2>"$work/dump.log"; then
    fail "manifest: dump" "$(last_line_of "$work/dump.log")"
    return
  fi
  if [[ -s $archive.manifest.json ]]; then
    pass "manifest: written beside the archive"
  else
    fail "manifest: written beside the archive" "$archive.manifest.json is missing or empty"
  fi

  if ! timeout --kill-after=5 "$limit" "$bin15/pg_restore" --exit-on-error -h "$socket" -p "$port" -U postgres \
    -d "$restored_db" "$archive" 2>"$work/restore.log"; then
    fail "manifest: pg_restore" "$(last_line_of "$work/restore.log")"
    return
  fi

  if run_verify --against "$conninfo" "$archive"; then
    pass "manifest: verify --against the restored database ($(grep -c '^against: ' "$work/verify.out") objects)"
  else
    fail "manifest: verify --against the restored database" "$(first_problem || last_line_of "$work/verify.err")"
  fi

  psql_run "$restored_db" -c "UPDATE \"Other Schema\".\"Odd, Name\" SET flag = true WHERE note = '\\.'"
  expect_failure "manifest: one changed row fails, naming the table" "$archive" \
    "table Other Schema.Odd, Name (dump id" --against "$conninfo"
  grep -q 'the database differs from the manifest' "$work/verify.err" ||
    fail "manifest: message blames the database" "$(last_line_of "$work/verify.err")"

  psql_run "$restored_db" -c "SELECT lo_put(oid, 0, 'L') FROM pg_largeobject_metadata" >/dev/null
  expect_failure "manifest: a changed large object fails, naming it" "$archive" \
    "has different bytes in the database" --against "$conninfo"

  psql_run "$restored_db" -c "DROP TABLE empty_table"
  expect_failure "manifest: a dropped table is reported" "$archive" \
    "table public.empty_table (dump id" --against "$conninfo"

  # Standard output gets a manifest only with --manifest. A redirect to a file is seekable, so
  # its TOC is rewritten and the hash is taken by reading the file back. A pipe is hashed as
  # written.
  "$wiredump" dump -h "$socket" -p "$port" -U postgres --manifest "$work/seekable.json" "$source_db" \
    >"$work/seekable.dump" 2>"$work/dump.log"
  if run_verify --manifest "$work/seekable.json" "$work/seekable.dump"; then
    pass "manifest: --manifest for standard output redirected to a file"
  else
    fail "manifest: --manifest for standard output redirected to a file" \
      "$(first_problem || last_line_of "$work/verify.err")"
  fi
  "$wiredump" dump -h "$socket" -p "$port" -U postgres --manifest "$work/piped.json" "$source_db" \
    2>"$work/dump.log" | cat >"$work/piped.dump"
  if run_verify --manifest "$work/piped.json" - <"$work/piped.dump"; then
    pass "manifest: --manifest for a pipe, verified from standard input"
  else
    fail "manifest: --manifest for a pipe, verified from standard input" \
      "$(first_problem || last_line_of "$work/verify.err")"
  fi

  # --against over TCP with SCRAM, the password in a URI, against the unchanged source database.
  local url
  url=$("$repo/scripts/pg-test-server.sh" url 15)
  if run_verify --against "${url%/*}/$source_db" "$archive"; then
    pass "manifest: verify --against the source database through a URI"
  else
    fail "manifest: verify --against the source database through a URI" \
      "$(first_problem || last_line_of "$work/verify.err")"
  fi

  cp "$archive" "$work/flip-whole.dump"
  cp "$archive.manifest.json" "$work/flip-whole.dump.manifest.json"
  # Byte 60 is inside the header's database name, which no other check reads.
  flip_byte "$work/flip-whole.dump" 60
  expect_failure "manifest: flipped byte fails the whole-archive hash" "$work/flip-whole.dump" \
    "the archive's XXH3-128 hash is "
}

start=$(now)
if create_fixture; then
  check_all_producers
  check_corruptions
  check_manifest_against_database
else
  fail "archive tools fixture" "could not create the databases on port $port"
fi
note "archive tools suite took $(seconds_since "$start") s"
echo "$passed passed, $failed failed"
((failed == 0))
