#!/usr/bin/env bash
# usage: find_package_test.sh BUILD_DIR CONSUMER_SOURCE_DIR [CXX_FLAGS]
set -euo pipefail
build=$1
consumer=$2
flags=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"
test -f "$work/prefix/include/pond/core/scheduler.hpp"
test -f "$work/prefix/lib/cmake/pond/pondConfig.cmake"
test -x "$work/prefix/bin/pond"
cmake -S "$consumer" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" > "$work/configure.log"
cmake --build "$work/build" > "$work/build.log"
output=$("$work/build/consumer")
echo "$output"
grep -q "elites" <<< "$output"
"$work/prefix/bin/pond" --version | grep -q "pond"
echo "1 passed, 0 failed"
