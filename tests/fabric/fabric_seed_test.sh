#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# lumen-fabric's reproducibility on fat trees: the same seed gives the same
# results JSON (all but the wall time) for k=4 (16 GPUs) and k=8 (128 GPUs),
# two separate processes each; and another seed gives other results, so the
# comparison can fail (bit errors, whose lanes and times the seed places,
# cost replays).
# shellcheck source=../cli/cli_check.sh
source "$(dirname "$0")/../cli/cli_check.sh" "$1"

# The seed itself is in the JSON: drop it too, so that only what it drew counts.
strip() { grep -v '"wall_time_s"\|"seed"' "$1"; }
fat_tree() {
  local k=$1 seed=$2 out=$3 gpus=$(($1 * $1 * $1 / 4))
  # An all-to-all touches every pair; 64 B per pair keeps k=8 to seconds.
  "$exe" --set fabric.topology=fat_tree --set fabric.k="$k" --set workload.kind=alltoall \
    --set workload.collective_bytes=$((gpus * 64)) --set link.ber=1e-4 --quiet \
    --seed "$seed" --json "$out" || { echo "FAIL k=$k seed $seed: exit $?"; failures=$((failures+1)); }
}
for k in 4 8; do
  fat_tree $k 7 "$work/k${k}a.json"
  fat_tree $k 7 "$work/k${k}b.json"
  grep -q '"lost": 0' "$work/k${k}a.json" && echo "ok   k=$k nothing lost" || { echo "FAIL k=$k lost requests"; failures=$((failures+1)); }
  if diff <(strip "$work/k${k}a.json") <(strip "$work/k${k}b.json") >/dev/null; then echo "ok   k=$k same seed, same JSON"
  else echo "FAIL k=$k same seed gave different JSON"; failures=$((failures+1)); fi
done
fat_tree 4 8 "$work/k4c.json"
if diff <(strip "$work/k4a.json") <(strip "$work/k4c.json") >/dev/null; then echo "FAIL another seed gave the same JSON"; failures=$((failures+1))
else echo "ok   another seed, other results"; fi
[ "$failures" -eq 0 ]
