#!/usr/bin/env bash
# Estimates an upper bound on what reading two tables at once, over two connections, would gain
# over reading them one after the other, without building that feature into wiredump.
#
# It takes the two largest tables of the benchmark datasets (bench/datasets.sh):
# pgbench_accounts of the pgbench dataset and mixed_rows of the mixed one, about 480 MB of COPY
# text each. For each case it runs the two table reads one after the other and then both at
# once as two processes, BENCH_RUNS times (alternating which comes first), and prints the
# median wall times as a markdown table, then the CPU time of each table read:
#   psql COPY       psql -c "COPY ... TO STDOUT" > /dev/null: the server's COPY alone
#   wiredump -Z 0   wiredump dump -t TABLE -Z 0
#   -Z zstd:3       wiredump dump -t TABLE -Z zstd:3 with wiredump's default -j
#   wiredump -Z 9   wiredump dump -t TABLE -Z 9 with wiredump's default -j
#   -Z 9 -j 1       one compression thread per process, so the concurrent pair runs two
#                   threads, as one wiredump process with two connections and a thread each
#                   would
# wiredump's times include writing its manifest, as a dump does by default.
# The tables live in two databases, so the two processes cannot share a snapshot. Importing an
# exported snapshot costs one statement per connection, which these timings leave out.
#
# Usage: bench/two-connections.sh
# Environment (all optional): WIREDUMP, BENCH_RUNS (default 3), BENCH_OUT, and the dataset and
# server variables of bench/dump-vs-pg_dump.sh.
set -euo pipefail

bench_name=two-connections
# shellcheck source-path=SCRIPTDIR source=datasets.sh
source "$(dirname "$0")/datasets.sh"

wiredump=${WIREDUMP:-$repo/build/wiredump}
runs=${BENCH_RUNS:-3}
out=${BENCH_OUT:-/tmp/wiredump-bench-out}/two-connections

[[ -x $wiredump ]] || die "wiredump binary $wiredump not found; build it or set WIREDUMP"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found; install the Debian package \"time\""
check_count BENCH_RUNS "$runs"

start_bench_server
trap stop_bench_server EXIT
ensure_dataset pgbench
ensure_dataset mixed
mkdir -p "$out"

pgbench_database=$(dataset_database pgbench)
mixed_database=$(dataset_database mixed)

clock_ticks=$(getconf CLK_TCK)

# Reads one of the two tables with the tool of a case and appends the CPU seconds it cost to a
# file: the server backend's for psql COPY, the wiredump process's otherwise. $1 is accounts or
# mixed, $2 the CPU file, then the case.
read_table() {
  local table=$1 cpu_file=$2 database=$pgbench_database
  [[ $table == mixed ]] && database=$mixed_database
  local relation=pgbench_accounts
  [[ $table == mixed ]] && relation=mixed_rows
  shift 2

  # The backend reads its own CPU time from /proc after the COPY, since it exits with the
  # session. COPY TO STDOUT writes where \o points.
  case $1 in
    copy)
      psql -At -d "$database" -v relation="$relation" -v ticks="$clock_ticks" >>"$cpu_file" <<'SQL'
\o /dev/null
COPY :"relation" TO STDOUT;
\o
SELECT round((split_part(stat, ' ', 14)::numeric + split_part(stat, ' ', 15)::numeric) / :ticks, 2)
FROM pg_read_file('/proc/self/stat') AS stat;
SQL
      ;;
    *)
      /usr/bin/time -f '%U %S' -o "$out/$table.time" "$wiredump" dump "$@" -t "$relation" -f "$out/$table.dump" \
        "$database" && awk '{ printf "%.2f\n", $1 + $2 }' "$out/$table.time" >>"$cpu_file"
      ;;
  esac || die "reading $relation with \"$*\" failed"
}

now() { date +%s.%N; }
elapsed() { awk -v start="$1" -v end="$(now)" 'BEGIN { printf "%.2f\n", end - start }'; }

# Reads both tables one after the other and appends the wall times to the files $1.accounts,
# $1.mixed and $1.sequential, and the CPU times to $1.accounts_cpu and $1.mixed_cpu. The other
# arguments give the case.
read_sequentially() {
  local prefix=$1
  shift
  local first_started second_started
  first_started=$(now)
  read_table accounts "$prefix.accounts_cpu" "$@"
  elapsed "$first_started" >>"$prefix.accounts"
  second_started=$(now)
  read_table mixed "$prefix.mixed_cpu" "$@"
  elapsed "$second_started" >>"$prefix.mixed"
  elapsed "$first_started" >>"$prefix.sequential"
}

# Reads both tables at once and appends the wall time to the file $1.concurrent.
read_concurrently() {
  local prefix=$1
  shift
  local started first second
  started=$(now)
  read_table accounts /dev/null "$@" &
  first=$!
  read_table mixed /dev/null "$@" &
  second=$!
  wait "$first" || die "the concurrent read of pgbench_accounts in case \"$*\" failed"
  wait "$second" || die "the concurrent read of mixed_rows in case \"$*\" failed"
  elapsed "$started" >>"$prefix.concurrent"
}

cases=("psql COPY|copy" "wiredump -Z 0|-Z 0" "wiredump -Z zstd:3|-Z zstd:3" "wiredump -Z 9|-Z 9"
  "wiredump -Z 9 -j 1|-Z 9 -j 1")
rm -f "$out"/case*.*
load_before=$(load_average)
for ((run = 1; run <= runs; run++)); do
  for index in "${!cases[@]}"; do
    read -r -a arguments <<<"${cases[index]#*|}"
    log "run $run of $runs: ${cases[index]%%|*} (load average $(load_average))"
    # Odd runs start with the sequential reads and even runs with the concurrent ones.
    if ((run % 2)); then
      read_sequentially "$out/case$index" "${arguments[@]}"
      read_concurrently "$out/case$index" "${arguments[@]}"
    else
      read_concurrently "$out/case$index" "${arguments[@]}"
      read_sequentially "$out/case$index" "${arguments[@]}"
    fi
  done
done
load_after=$(load_average)

printf 'Results of bench/two-connections.sh, %s: medians of %s runs, wall seconds.\n' \
  "$(date -u '+%Y-%m-%d %H:%M UTC')" "$runs"
printf 'Load average before: %s; after: %s. %s CPUs.\n\n' "$load_before" "$load_after" "$(nproc)"
printf '| case | pgbench_accounts | mixed_rows | one after the other | both at once | at once / one after the other |\n'
printf '| --- | ---: | ---: | ---: | ---: | ---: |\n'
for index in "${!cases[@]}"; do
  prefix=$out/case$index
  accounts=$(median <"$prefix.accounts")
  mixed=$(median <"$prefix.mixed")
  sequential=$(median <"$prefix.sequential")
  concurrent=$(median <"$prefix.concurrent")
  printf '| %s | %.2f | %.2f | %.2f | %.2f | %.2f |\n' "${cases[index]%%|*}" "$accounts" "$mixed" "$sequential" \
    "$concurrent" "$(awk -v a="$concurrent" -v b="$sequential" 'BEGIN { print a / b }')"
done

printf '\nCPU seconds of one table read (medians of the reads one after the other): the server\n'
printf 'backend for psql COPY, the wiredump process (user+sys) otherwise.\n\n'
printf '| case | pgbench_accounts | mixed_rows |\n'
printf '| --- | ---: | ---: |\n'
for index in "${!cases[@]}"; do
  prefix=$out/case$index
  printf '| %s | %.2f | %.2f |\n' "${cases[index]%%|*}" "$(median <"$prefix.accounts_cpu")" \
    "$(median <"$prefix.mixed_cpu")"
done
rm -f "$out"/*.dump "$out"/*.manifest.json "$out"/*.time
