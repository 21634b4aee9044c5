#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Command-line contract of lumen-fabric (as lumen-pod's): the embedded
# default runs and passes; bad input gives one line naming the key and exit
# 2 before anything runs; the same seed gives the same results JSON.
# shellcheck source=../cli/cli_check.sh
source "$(dirname "$0")/../cli/cli_check.sh" "$1"

"$exe" --quiet --json "$work/default.json"; rc=$?
if [ "$rc" -eq 0 ] && grep -q '"passed": true' "$work/default.json"; then echo "ok   the default runs and passes"
else echo "FAIL the default: exit $rc"; failures=$((failures+1)); fi

expect_error "edges without a file" "fabric.file" --set fabric.topology=edges
expect_error "a missing topology file" "fabric.file $work/none.json" --set fabric.topology=edges --set fabric.file="$work/none.json"
expect_error "odd fat-tree radix" "fabric.k = 5" --set fabric.topology=fat_tree --set fabric.k=5
expect_error "a tier link without lanes" "tiers.leaf_spine.link.lanes" --set tiers.leaf_spine.link.lanes=0
expect_error "a TP group across leaves" "llm.placement = tp_inner" --set workload.kind=llm_step --set llm.tp=16 --set llm.pp=2
expect_error "replicas uneven over leaves" "llm.dp_algorithm = hierarchical" --set fabric.gpus=24 --set workload.kind=llm_step --set llm.tp=2 --set llm.pp=2 --set llm.dp=6 --set llm.dp_algorithm=hierarchical
expect_error "hierarchical is for all-reduce" "workload.algorithm = hierarchical" --set workload.algorithm=hierarchical --set workload.kind=pattern
expect_error "copper beyond its reach" "tiers.leaf_spine.length_m" --set tiers.leaf_spine.preset=copper-224g --set tiers.leaf_spine.length_m=20
expect_error "a fault on no link" 'faults[0].link = "nolink"' --set 'faults=[{"at_us": 0, "event": "link_down", "link": "nolink"}]'

small=(--set workload.kind=pattern --set workload.pattern=uniform --set workload.arrival=poisson
       --set workload.bytes=65536 --set link.ber=1e-6 --set fabric.gpus=8 --set fabric.gpus_per_leaf=4
       --set fabric.spines=2 --set fabric.uplinks_per_spine=1)
run_json a "${small[@]}" --seed 5
run_json b "${small[@]}" --seed 5
expect_same_json "small run" a b
for key in '"latency_by_hops"' '"bisection_GBps"' '"diameter_hops"' '"accepted_load"'; do
  grep -q "$key" "$work/a.json" || { echo "FAIL results JSON lacks $key"; failures=$((failures+1)); }
done

expect_error "sizes not in chunks" "size 8 B of allgather on 8 GPUs" --sizes 8:64:2 --set workload.kind=allgather --set fabric.gpus=8 --set fabric.gpus_per_leaf=4
"$exe" --sizes 4K:256K:8 --set workload.kind=allgather --set fabric.gpus=8 --set fabric.gpus_per_leaf=4 \
  --json "$work/sizes.json" >"$work/sizes.txt" || { echo "FAIL sizes run"; failures=$((failures+1)); }
rows=$(grep -cE '^ +[0-9]+ +[0-9]+ +uint64 +none +-1 .* 0$' "$work/sizes.txt")
[ "$rows" -eq 3 ] && echo "ok   --sizes prints a row per size" || { echo "FAIL $rows table rows, want 3"; failures=$((failures+1)); }
[ "$(grep -c '"size_bytes"' "$work/sizes.json")" -eq 3 ] && echo "ok   workload.sizes holds every size" \
  || { echo "FAIL workload.sizes lacks sizes"; failures=$((failures+1)); }

[ "$failures" -eq 0 ]
