#!/usr/bin/env bash
# Builds the release binary: one statically linked wiredump that needs no shared library, so it
# runs from an empty container image or a chroot. docs/release-build.md explains what is linked
# statically, how host names are resolved, and what that means for redistribution.
#
# Usage: scripts/build-release.sh
# Builds the CMake target wiredump_static without the tests, strips it, and prints the path of
# the result, BUILD/wiredump, on its last line.
#
# Environment (all optional):
#   WIREDUMP_RELEASE_DIR   build directory (default: build-release/ in the repository)
#   WIREDUMP_RELEASE_JOBS  parallel compile jobs (default 2)
#   CMAKE_CXX_COMPILER_LAUNCHER, for example ccache, is passed to CMake when set.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${WIREDUMP_RELEASE_DIR:-$repo/build-release}
jobs=${WIREDUMP_RELEASE_JOBS:-2}

# RelWithDebInfo is the build type that the test suite tests, and strip removes the debug
# information afterwards.
configure=(-S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
  -DWIREDUMP_BUILD_TESTS=OFF -DWIREDUMP_BUILD_FUZZ=OFF -DWIREDUMP_BUILD_BENCH=OFF)
if [[ -n ${CMAKE_CXX_COMPILER_LAUNCHER:-} ]]; then
  configure+=("-DCMAKE_CXX_COMPILER_LAUNCHER=$CMAKE_CXX_COMPILER_LAUNCHER")
fi

cmake "${configure[@]}" >/dev/null
# glibc's linker warnings about getaddrinfo, getpwuid and dlopen in a static binary are expected:
# docs/release-build.md explains why they do not matter for the environments the binary targets.
cmake --build "$build" --parallel "$jobs" --target wiredump_static

binary=$build/wiredump
strip -o "$binary" "$build/wiredump-static"
if ! file "$binary" | grep -q 'statically linked'; then
  echo "build-release: error: $binary is not statically linked: $(file -b "$binary")" >&2
  exit 1
fi
echo "$binary"
