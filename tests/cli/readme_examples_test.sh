#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Every command the README shows (and docs/*.md) runs and succeeds, from a
# scratch folder laid out as the repository (build/bin, examples, traces),
# so an example a user copies is never a broken one. Synopsis lines (with
# [options]), GTKWave and cmake commands are skipped: they are for people, as
# are blocks opened as ```sh needs-slurm (they need a Slurm cluster; the Slurm
# back end is tested on a one-node Slurm by tests/tools/slurm_sweep_test.sh).
# NOT_BUILT names the executables this build leaves out (lumen-cosim without
# LUMEN_COSIM): their commands are skipped and counted, and no other.
# usage: readme_examples_test.sh SOURCE_DIR BIN_DIR [NOT_BUILT]
set -uo pipefail
src=$1 bin=$2 not_built=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/build"
ln -s "$bin" "$work/build/bin"
for d in examples traces tests; do ln -s "$src/$d" "$work/$d"; done

# Commands of the ```sh blocks, backslash continuations joined.
commands=$(awk '
  /^```sh needs-slurm/ { inblock = 0; next }
  /^```sh/ { inblock = 1; next }
  /^```/ { inblock = 0; next }
  inblock {
    line = $0
    if (sub(/\\[ \t]*$/, "", line)) { pending = pending line; next }
    print pending line; pending = ""
  }' "$src/README.md" "$src"/docs/*.md | grep -E '^ *build/bin/' | grep -v '\[' | grep -v 'bench-')

failures=0 count=0 repeated=0 skipped=0
declare -A seen
cd "$work" || exit 1
while IFS= read -r cmd; do
  cmd=${cmd%%&& gtkwave*}
  # A command shown twice (README and docs/, other spacing or comment) runs
  # once: the second run would test nothing new.
  key=$(sed -E 's/[[:space:]]+#.*$//; s/[[:space:]]+/ /g; s/ $//' <<<"$cmd")
  if [ -n "${seen[$key]:-}" ]; then
    repeated=$((repeated + 1))
    continue
  fi
  seen[$key]=1
  for exe in $not_built; do
    if [[ " $cmd " == *" build/bin/$exe "* ]]; then
      echo "skip $cmd ($exe is not built)"
      skipped=$((skipped + 1))
      continue 2
    fi
  done
  count=$((count + 1))
  if out=$(bash -c "$cmd" 2>&1 </dev/null); then
    echo "ok   $cmd"
  else
    echo "FAIL $cmd"
    echo "$out" | tail -3
    failures=$((failures + 1))
  fi
done <<<"$commands"
echo "$count examples ($repeated shown twice, run once; $skipped of executables not built), $failures failed"
[ "$count" -gt 10 ] && [ "$failures" -eq 0 ]
