#!/usr/bin/env bash
# Builds every libFuzzer target in fuzz/ with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer, and runs each one for a short fixed time, so the
# targets keep building and a crash that is easy to reach shows up in every run.
# Longer campaigns: run a target from build-fuzz/fuzz/ by hand with -max_total_time.
#
# Environment (all optional):
#   WIREDUMP_FUZZ_BUILD_DIR  build directory (default: build-fuzz/ in the repository)
#   WIREDUMP_FUZZ_SECONDS    seconds per target (default 10)
# Prints "ok - NAME" or "not ok - NAME: REASON" per target and ends with
# "N passed, M failed". Exits 1 if any target failed to build or found a crash.
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${WIREDUMP_FUZZ_BUILD_DIR:-$repo/build-fuzz}
seconds=${WIREDUMP_FUZZ_SECONDS:-10}
passed=0
failed=0

report() {
  if [[ $1 == ok ]]; then
    passed=$((passed + 1))
    printf 'ok - %s\n' "$2"
  else
    failed=$((failed + 1))
    printf 'not ok - %s: %s\n' "$2" "$3"
  fi
}

if ! CXX=clang++ cmake -S "$repo" -B "$build" -G Ninja -DWIREDUMP_BUILD_FUZZ=ON \
  -DWIREDUMP_BUILD_TESTS=OFF >/dev/null || ! cmake --build "$build" --parallel 2 >/dev/null; then
  report fail "fuzz targets build" "configure or build in $build failed; rerun cmake --build $build"
  echo "$passed passed, $failed failed"
  exit 1
fi
report ok "fuzz targets build"

for source in "$repo"/fuzz/*.cpp; do
  target=$(basename "$source" .cpp)
  corpus=$(mktemp -d "${TMPDIR:-/tmp}/wiredump-$target.XXXXXX")
  seeds=()
  # The archive reader starts from real pg_dump archives, and every target from its own seeds in
  # fuzz/corpus/<target>/ when there are any.
  if [[ $target == fuzz_archive_reader ]]; then
    seeds+=("$repo/tests/data/archives")
  fi
  if [[ -d $repo/fuzz/corpus/$target ]]; then
    seeds+=("$repo/fuzz/corpus/$target")
  fi
  log="$corpus.log"
  if "$build/fuzz/$target" -max_total_time="$seconds" -rss_limit_mb=2048 \
    "$corpus" "${seeds[@]}" >"$log" 2>&1; then
    # libFuzzer ends with "Done N runs in S second(s)".
    runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -n 1)
    report ok "$target ($seconds s, ${runs:-0} runs)"
    rm -f "$log"
  else
    report fail "$target" "libFuzzer found a failure; log in $log, reproducer in the working directory"
  fi
  rm -rf "$corpus"
done

echo "$passed passed, $failed failed"
((failed == 0))
