#!/usr/bin/env bash
# Compares "wiredump dump" with the real "pg_dump -Fc" on a local PostgreSQL 15 server that this
# script starts (scripts/pg-test-server.sh: 127.0.0.1, ::1 and a unix socket).
#
# It builds three datasets once, one database each (see bench/datasets.sh): pgbench tables,
# one table of mixed column types, and many small tables. For each dataset and each mode it dumps
# the database BENCH_RUNS times with each tool, alternating, and takes the medians of wall time,
# user+sys CPU time and peak RSS of the dumping process (from /usr/bin/time) and of the archive
# size. The CPU time of the PostgreSQL backend is counted for neither tool. wiredump's times
# include writing its manifest (FILE.manifest.json), which it does by default and pg_dump
# does not do.
#
# Modes, and the pg_dump each is compared with:
#   z9    wiredump dump -Z9           pg_dump 15 -Fc -Z9
#   z0    wiredump dump -Z0           pg_dump 15 -Fc -Z0
#   zstd  wiredump dump -Z zstd:3     pg_dump 17 -Fc --compress=zstd:3, because pg_dump 15 has no
#                                     zstd; client 17 from scripts/pg-matrix.sh dumps server 15
# wiredump compresses with one thread per CPU unless WIREDUMP_JOBS sets -j, and pg_dump with one.
#
# Before the timed runs of a dataset, one untimed pg_dump -Z0 reads every table once, so both
# tools find the tables in the page cache. After the runs of each mode, pg_restore -l reads
# every wiredump archive, and pg_restore 17 --data-only turns the first archive of each tool
# into SQL. The two texts, without comment lines and \restrict keys, must have the same SHA-256.
#
# Standard output gets one markdown table of the results, which is also saved as
# BENCH_OUT/results.md. Progress goes to standard error.
#
# Usage: bench/dump-vs-pg_dump.sh             build what is missing, dump, print the table
#        bench/dump-vs-pg_dump.sh --datasets  only build what is missing, and leave the server
#                                             running
# Environment (all optional):
#   WIREDUMP             wiredump binary (default build/wiredump; build it with
#                        -DCMAKE_BUILD_TYPE=Release)
#   WIREDUMP_JOBS        value of wiredump's -j (default: not given, so one thread per CPU)
#   BENCH_DATASETS       datasets to dump (default "pgbench mixed tables")
#   BENCH_MODES          modes to measure (default "z9 libdeflate z0 zstd")
#   BENCH_RUNS           dumps per tool, dataset and mode (default 3)
#   BENCH_PGBENCH_SCALE  pgbench scale (default 50)
#   BENCH_MIXED_ROWS     rows of mixed_rows (default 1000000)
#   BENCH_TABLES         number of small tables (default 2000)
#   BENCH_CHECK          0 skips the pg_restore checks
#   BENCH_PORT           server port (default 26500)
#   WIREDUMP_PG_ROOT     server data and socket root (default /tmp/wiredump-bench)
#   BENCH_OUT            directory for archives, timings and results (default /tmp/wiredump-bench-out)
#   BENCH_KEEP_SERVER    1 leaves the server running at the end
set -euo pipefail

bench_name=dump-vs-pg_dump
# shellcheck source-path=SCRIPTDIR source=datasets.sh
source "$(dirname "$0")/datasets.sh"

wiredump=${WIREDUMP:-$repo/build/wiredump}
runs=${BENCH_RUNS:-3}
datasets=${BENCH_DATASETS:-pgbench mixed tables}
modes=${BENCH_MODES:-z9 libdeflate z0 zstd}
out=${BENCH_OUT:-/tmp/wiredump-bench-out}
check=${BENCH_CHECK:-1}

[[ -x $wiredump ]] || die "wiredump binary $wiredump not found; build it or set WIREDUMP"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found; install the Debian package \"time\""
check_count BENCH_RUNS "$runs"
for mode in $modes; do
  [[ $mode == z9 || $mode == libdeflate || $mode == z0 || $mode == zstd ]] \
    || die "unknown mode \"$mode\" in BENCH_MODES; use z9, libdeflate, z0 or zstd"
done
for dataset in $datasets; do dataset_database "$dataset" >/dev/null; done

# pg_dump 17 writes the zstd archives and pg_restore 17 reads every archive, because
# pg_restore 15 cannot read archive version 1.15 and later.
client17=
if [[ " $modes " == *" zstd "* || $check == 1 ]]; then
  client17=$("$repo/scripts/pg-matrix.sh" bin 17 2>/dev/null) \
    || die "pg_dump 17 not found; run scripts/pg-matrix.sh install, or set BENCH_MODES=\"z9 z0\" BENCH_CHECK=0"
fi

start_bench_server
if [[ ${1:-} == --datasets ]]; then
  for dataset in $datasets; do ensure_dataset "$dataset"; done
  exit 0
fi
[[ $# == 0 ]] || die "unknown argument \"$1\"; the only option is --datasets"
trap stop_bench_server EXIT
for dataset in $datasets; do ensure_dataset "$dataset"; done

jobs_option=()
[[ -n ${WIREDUMP_JOBS:-} ]] && jobs_option=(-j "$WIREDUMP_JOBS")
jobs_text=${WIREDUMP_JOBS:+-j $WIREDUMP_JOBS}
jobs_text=${jobs_text:-"-j $(nproc) (default)"}

# Sets pg_dump_command and wiredump_command to the dump commands of a mode, without -f and the
# database name, and pg_dump_label and wiredump_label to how the table names them. -j does
# nothing at -Z0, so that label leaves it out.
set_mode_commands() {
  case $1 in
    z9)
      pg_dump_command=("$server_bin/pg_dump" -Fc -Z9)
      wiredump_command=("$wiredump" dump -Z9 "${jobs_option[@]}")
      wiredump_label="wiredump -Z9, $jobs_text"
      ;;
    libdeflate)
      # Not the same level: libdeflate's level 6 writes archives close to zlib's level 9
      # in size (6% smaller to 4% larger on these datasets), so this compares about one size.
      pg_dump_command=("$server_bin/pg_dump" -Fc -Z9)
      wiredump_command=("$wiredump" dump -Z6 --deflate=libdeflate "${jobs_option[@]}")
      wiredump_label="wiredump -Z6 --deflate=libdeflate, $jobs_text"
      ;;
    z0)
      pg_dump_command=("$server_bin/pg_dump" -Fc -Z0)
      wiredump_command=("$wiredump" dump -Z0 "${jobs_option[@]}")
      wiredump_label="wiredump -Z0"
      ;;
    zstd)
      pg_dump_command=("$client17/pg_dump" -Fc --compress=zstd:3)
      wiredump_command=("$wiredump" dump -Z zstd:3 "${jobs_option[@]}")
      wiredump_label="wiredump -Z zstd:3, $jobs_text"
      ;;
  esac
  local version
  version=$("${pg_dump_command[0]}" --version | awk '{ print $3 }')
  pg_dump_label="pg_dump $version ${pg_dump_command[*]:1}"
}

# Runs one dump under /usr/bin/time, which writes: wall seconds, user seconds, system seconds,
# peak RSS in KiB.
timed_dump() {
  local time_file=$1 archive=$2 database=$3
  shift 3
  /usr/bin/time -f '%e %U %S %M' -o "$time_file" "$@" -f "$archive" "$database" \
    || die "$* -f $archive $database failed"
}

# Sets wall, wall_range, cpu, rss_mb and size_mb of one tool from its runs in directory $1.
summarize() {
  local prefix=$1/$2
  wall=$(awk '{ print $1 }' "$prefix".*.time | median | xargs printf '%.2f')
  wall_range=$(awk '{ print $1 }' "$prefix".*.time | sort -g | sed -n '1p;$p' | paste -sd- -)
  cpu=$(awk '{ print $2 + $3 }' "$prefix".*.time | median | xargs printf '%.2f')
  rss_mb=$(awk '{ print $4 / 1024 }' "$prefix".*.time | median | xargs printf '%.1f')
  size_mb=$(stat -c %s "$prefix".*.dump | awk '{ print $1 / 1e6 }' | median | xargs printf '%.2f')
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

# Prints the SHA-256 of an archive's table data as pg_restore 17 writes it as SQL, without what
# differs between two tools' archives of the same data: comments (versions, dump ids) and the
# random key of \restrict and \unrestrict.
data_checksum() {
  "$client17/pg_restore" --data-only -f - "$1" \
    | LC_ALL=C grep -v -e '^--' -e '^\\restrict ' -e '^\\unrestrict ' | sha256sum | cut -d' ' -f1
}

# Checks the archives of one dataset and mode, and sets check_result for the table.
check_archives() {
  local directory=$1
  local archive
  for archive in "$directory"/wiredump.*.dump; do
    timeout 300 "$client17/pg_restore" -l "$archive" >/dev/null || die "pg_restore -l failed on $archive"
  done
  local pg_dump_sum wiredump_sum
  pg_dump_sum=$(data_checksum "$directory/pg_dump.1.dump")
  wiredump_sum=$(data_checksum "$directory/wiredump.1.dump")
  [[ $pg_dump_sum == "$wiredump_sum" ]] \
    || die "the data in $directory/wiredump.1.dump differs from $directory/pg_dump.1.dump (pg_restore --data-only)"
  check_result="same data"
}

results=$out/results.md
mkdir -p "$out"
: >"$results.rows"

# Dumps one dataset in one mode BENCH_RUNS times per tool and appends its rows to the table.
measure() {
  local dataset=$1 mode=$2
  local database directory
  database=$(dataset_database "$dataset")
  directory=$out/$dataset-$mode
  rm -rf "$directory"
  mkdir -p "$directory"
  set_mode_commands "$mode"
  local load_before
  load_before=$(load_average)

  # Odd runs start with pg_dump and even runs with wiredump, so neither always comes second.
  local run
  for ((run = 1; run <= runs; run++)); do
    log "$dataset $mode run $run of $runs (load average $(load_average))"
    if ((run % 2)); then
      timed_dump "$directory/pg_dump.$run.time" "$directory/pg_dump.$run.dump" "$database" "${pg_dump_command[@]}"
      timed_dump "$directory/wiredump.$run.time" "$directory/wiredump.$run.dump" "$database" "${wiredump_command[@]}"
    else
      timed_dump "$directory/wiredump.$run.time" "$directory/wiredump.$run.dump" "$database" "${wiredump_command[@]}"
      timed_dump "$directory/pg_dump.$run.time" "$directory/pg_dump.$run.dump" "$database" "${pg_dump_command[@]}"
    fi
  done
  local load_after
  load_after=$(load_average)

  check_result="not checked"
  [[ $check == 1 ]] && check_archives "$directory"

  summarize "$directory" pg_dump
  local pg_wall=$wall pg_range=$wall_range pg_cpu=$cpu pg_rss=$rss_mb pg_size=$size_mb
  summarize "$directory" wiredump
  local loads="${load_before%% *} / ${load_after%% *}"

  {
    printf '| %s | %s | %s | %s (%s) | %s | %s | %s | %s | %s |\n' "$dataset" "$mode" "$pg_dump_label" \
      "$pg_wall" "$pg_range" "$pg_cpu" "$pg_rss" "$pg_size" "$loads" "$check_result"
    printf '| | | %s | %s (%s) | %s | %s | %s | | |\n' "$wiredump_label" "$wall" "$wall_range" "$cpu" \
      "$rss_mb" "$size_mb"
    printf '| | | **ratio** wiredump / pg_dump | **%s** | **%s** | **%s** | **%s** | | |\n' \
      "$(ratio "$wall" "$pg_wall")" "$(ratio "$cpu" "$pg_cpu")" "$(ratio "$rss_mb" "$pg_rss")" \
      "$(ratio "$size_mb" "$pg_size")"
  } >>"$results.rows"

  # The archives of every dataset and mode together would need several GB, so only the
  # timings stay.
  rm -f "$directory"/*.dump "$directory"/*.manifest.json
}

dataset_lines=()
for dataset in $datasets; do
  dataset_lines+=("- $dataset: $(describe_dataset "$dataset")")
  log "$dataset: warming the page cache with one untimed pg_dump -Z0"
  "$server_bin/pg_dump" -Fc -Z0 -d "$(dataset_database "$dataset")" >/dev/null
  for mode in $modes; do measure "$dataset" "$mode"; done
done

cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
memory_gb=$(awk '/^MemTotal/ { printf "%.0f", $2 / 1024 / 1024 }' /proc/meminfo)
{
  printf 'Results of bench/dump-vs-pg_dump.sh, %s. Medians of %s runs per tool; the wall\n' "$(date -u '+%Y-%m-%d %H:%M UTC')" "$runs"
  printf 'column gives the range of the runs in brackets. Server: PostgreSQL %s on the same\n' \
    "$(psql -d postgres -Atc 'SHOW server_version' | cut -d' ' -f1)"
  printf 'machine (%s CPUs, %s, %s GB of memory), reached over its unix socket.\n' "$(nproc)" "$cpu_model" "$memory_gb"
  printf 'Load is the 1-minute load average before / after the runs of each dataset and mode.\n\n'
  printf '%s\n' "${dataset_lines[@]}"
  printf '\n| dataset | mode | tool | wall (s) | user+sys (s) | peak RSS (MB) | archive (MB) | load | data check |\n'
  printf '| --- | --- | --- | ---: | ---: | ---: | ---: | --- | --- |\n'
  cat "$results.rows"
} >"$results"
rm -f "$results.rows"
cat "$results"
