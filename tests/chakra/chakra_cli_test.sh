#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# workload.kind = chakra from the command line, on lumen-pod and
# lumen-fabric: a trace of one ALL_REDUCE per rank takes the same time as
# workload.kind = allreduce of the same bytes (the same programs on the same
# buffers' planes); bad traces and traces that do not fit the platform exit
# 2 with one line naming the file (and node) before anything runs; the same
# seed gives the same JSON.
# usage: chakra_cli_test.sh LUMEN_POD LUMEN_FABRIC LUMEN_CHAKRA_GEN
# shellcheck source=../cli/cli_check.sh
source "$(dirname "$0")/../cli/cli_check.sh" "$1"
fabric="$2" gen="$3"

"$gen" --pattern allreduce --ranks 8 --bytes 2097152 --out "$work/ar" >/dev/null
"$gen" --pattern overlap --ranks 8 --bytes 1048576 --gzip --int-type uint64 --out "$work/ov" >/dev/null
"$gen" --pattern allreduce --ranks 4 --bytes 1024 --out "$work/r4" >/dev/null

# The workload's own time_us (a chakra run's comes after its calls' own).
time_of() { grep '"time_us"' "$1" | tail -1 | sed 's/.*: *//; s/,.*//'; }
for platform in "$exe" "$fabric"; do
  name=$(basename "$platform")
  sets=(--set link.ber=0)
  [ "$platform" = "$fabric" ] && sets+=(--set fabric.gpus=8 --set fabric.gpus_per_leaf=4)
  "$platform" "${sets[@]}" --quiet --json "$work/direct.json" \
    --set workload.kind=allreduce --set workload.collective_bytes=2097152 \
    || { echo "FAIL $name allreduce run"; failures=$((failures+1)); }
  "$platform" "${sets[@]}" --quiet --json "$work/trace.json" \
    --set workload.kind=chakra --set "workload.trace=$work/ar" \
    || { echo "FAIL $name chakra run"; failures=$((failures+1)); }
  direct=$(time_of "$work/direct.json") traced=$(time_of "$work/trace.json")
  # The trace's collective starts a few delta cycles later at most: 0.1 %.
  if awk -v a="$direct" -v b="$traced" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a > 0 && d <= 1e-3 * a) }'; then
    echo "ok   $name: trace all-reduce $traced us, kind=allreduce $direct us"
  else
    echo "FAIL $name: trace all-reduce $traced us, kind=allreduce $direct us"; failures=$((failures+1))
  fi
  grep -q '"words_wrong": 0' "$work/trace.json" || { echo "FAIL $name: words wrong"; failures=$((failures+1)); }
  "$platform" "${sets[@]}" --quiet --json "$work/ov.json" --set workload.kind=chakra \
    --set "workload.trace=$work/ov" \
    && grep -q '"exposed_communication_us"' "$work/ov.json" && echo "ok   $name: gzip overlap trace" \
    || { echo "FAIL $name: gzip overlap trace"; failures=$((failures+1)); }
done

"$exe" --quiet --json "$work/s1.json" --set workload.kind=chakra --set "workload.trace=$work/ov"
"$exe" --quiet --json "$work/s2.json" --set workload.kind=chakra --set "workload.trace=$work/ov"
if diff <(grep -v wall_time_s "$work/s1.json") <(grep -v wall_time_s "$work/s2.json") >/dev/null; then
  echo "ok   same trace and seed, same JSON"
else echo "FAIL same trace and seed gave different JSON"; failures=$((failures+1)); fi

expect_error "no trace prefix" "needs workload.trace" --set workload.kind=chakra
expect_error "fewer ranks than GPUs" "rank 4 has no trace" --set workload.kind=chakra --set "workload.trace=$work/r4"
expect_error "more ranks than GPUs" "more ranks than the 2 GPUs" --set workload.kind=chakra \
  --set "workload.trace=$work/ar" --set pod.gpus=2
head -c 20 "$work/ar.3.et" > "$work/cut.3.et"
for r in 0 1 2 4 5 6 7; do cp "$work/ar.$r.et" "$work/cut.$r.et"; done
expect_error "truncated trace" "cut.3.et: truncated" --set workload.kind=chakra --set "workload.trace=$work/cut"
cp "$work/ov.0.et.gz" "$work/gz.0.et.gz"
printf 'not gzip' | dd of="$work/gz.0.et.gz" bs=1 seek=12 conv=notrunc 2>/dev/null
for r in 1 2 3 4 5 6 7; do cp "$work/ov.$r.et.gz" "$work/gz.$r.et.gz"; done
expect_error "corrupt gzip" "gz.0.et.gz: gzip" --set workload.kind=chakra --set "workload.trace=$work/gz"
expect_error "no comm_groups file" "workload.comm_groups" --set workload.kind=chakra \
  --set "workload.trace=$work/ar" --set "workload.comm_groups=$work/none.json"
exe="$fabric" expect_error "fabric rank count" "rank 8 has no trace" --set workload.kind=chakra --set "workload.trace=$work/ar"
[ "$failures" -eq 0 ]
