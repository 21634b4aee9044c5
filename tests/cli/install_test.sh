#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# `cmake --install` into a fresh prefix gives every executable, each
# answering --version as "NAME VERSION"; an installed lumen-compare finds
# the platforms beside it. (GTKWave save files are written beside each VCD
# by the executables themselves: none is installed.)
#   install_test.sh BUILD_DIR VERSION
set -u
build="$1" version="$2"
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
failures=0
cmake --install "$build" --prefix "$prefix" >/dev/null || { echo "FAIL cmake --install"; exit 1; }
count=0
for exe in "$prefix"/bin/*; do
  name=$(basename "$exe")
  out=$("$exe" --version 2>&1); rc=$?
  if [ "$rc" -eq 0 ] && [ "$out" = "$name $version" ]; then echo "ok   $name --version: $out"
  else echo "FAIL $name --version: exit $rc: $out"; failures=$((failures+1)); fi
  count=$((count+1))
done
for name in lumen-p2p lumen-pod lumen-fabric lumen-compare lumen-sweep lumen-chakra-gen \
  lumen-bench-p2p lumen-bench-soak; do
  [ -x "$prefix/bin/$name" ] || { echo "FAIL $name not installed"; failures=$((failures+1)); }
done
(cd "$prefix" && bin/lumen-compare --presets microled-default --set workload.bytes=65536 --quiet) \
  && echo "ok   installed lumen-compare runs the installed lumen-p2p" \
  || { echo "FAIL installed lumen-compare"; failures=$((failures+1)); }
echo "$count executables installed"
[ "$failures" -eq 0 ]
