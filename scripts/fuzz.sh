#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs one fuzz target (fuzz/TARGET.cpp) under libFuzzer for SECONDS.
# usage: scripts/fuzz.sh TARGET SECONDS [libFuzzer options...]
#   scripts/fuzz.sh config 3600          # an hour on the config loader
#   scripts/fuzz.sh vectors 60 -jobs=2   # two processes
# Builds build-fuzz/ with clang first (BUILD_DIR overrides the folder). The
# corpus grows in build-fuzz/corpus/TARGET, seeded from fuzz/corpus/TARGET;
# an input that fails is written to build-fuzz/artifacts/TARGET/: copy it
# into fuzz/regressions/TARGET/ and fix the parser (docs/testing.md).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 2 ]; then
  echo "usage: scripts/fuzz.sh TARGET SECONDS [libFuzzer options...]; targets:" \
    "$(cd fuzz && ls ./*.cpp | sed 's|^\./||; s|\.cpp$||' | tr '\n' ' ')" >&2
  exit 2
fi
target=$1 seconds=$2
shift 2
if [ ! -f "fuzz/$target.cpp" ]; then
  echo "scripts/fuzz.sh: no fuzz target '$target' (fuzz/$target.cpp)" >&2
  exit 2
fi
case $seconds in '' | *[!0-9]*)
  echo "scripts/fuzz.sh: SECONDS = '$seconds'; allowed: a whole number of seconds" >&2
  exit 2 ;;
esac

build=${BUILD_DIR:-build-fuzz}
if [ ! -f "$build/CMakeCache.txt" ]; then
  CXX=clang++ CC=clang cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DLUMEN_FUZZ=ON \
    -DLUMEN_COSIM=OFF -DLUMEN_TESTS=OFF >/dev/null
fi
cmake --build "$build" -j"$(nproc)" --target "fuzz-$target" >/dev/null

corpus=$build/corpus/$target artifacts=$build/artifacts/$target
mkdir -p "$corpus" "$artifacts"
# New inputs go to the first folder; the seeds and past failures are read only.
dirs=("$corpus" "fuzz/corpus/$target")
[ -d "fuzz/regressions/$target" ] && dirs+=("fuzz/regressions/$target")
"$build/fuzz/fuzz-$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=4096 -print_final_stats=1 -artifact_prefix="$artifacts/" "$@" "${dirs[@]}"
