#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Command-line contract of lumen-pod (DESIGN.md, "Command line contract"):
# bad input gives one line naming the key and exit 2 before anything runs;
# the same seed gives the same results JSON; results carry every link
# direction, every switch and the workload's figures.
# shellcheck source=../cli/cli_check.sh
source "$(dirname "$0")/../cli/cli_check.sh" "$1"

expect_error "more GPUs than switch ports" "pod.gpus = 65 exceeds switch.ports = 64" --set pod.gpus=65
expect_error "zero planes" "pod.planes = 0" --set pod.planes=0
expect_error "injection rate 0" "workload.injection_rate" --set workload.kind=pattern --set workload.injection_rate=0
expect_error "injection rate above 1" "workload.injection_rate" --set workload.kind=pattern --set workload.injection_rate=1.01
expect_error "collective larger than memory" "workload.collective_bytes" --set workload.collective_bytes=17179869184
expect_error "unknown pattern" "workload.pattern" --set workload.kind=pattern --set workload.pattern=tornado
expect_error "unknown workload" "workload.kind" --set workload.kind=allreduce_fast
expect_error "pattern needs 2^k GPUs" "workload.pattern = transpose" --set workload.kind=pattern --set workload.pattern=transpose --set pod.gpus=6
expect_error "collective not in words" "workload.collective_bytes" --set workload.collective_bytes=1000
expect_error "llm degrees" "llm.tp" --set workload.kind=llm_step --set llm.tp=3
expect_error "pattern injection overflowing the clock" "workload.injection_rate = 1e-300" --set workload.kind=pattern --set workload.injection_rate=1e-300
expect_error "host bandwidth" "host.pcie_GBps = 1e-12 is out of range; allowed: [0.001" --set host.pcie_GBps=1e-12
expect_error "switch clock" "switch.core_clock_ghz = 1e-12 is out of range; allowed: [0.001" --set switch.core_clock_ghz=1e-12
expect_error "compute rate" "llm.tflops = 1e-300 is out of range; allowed: [0.001" --set workload.kind=llm_step --set llm.tflops=1e-300
expect_error "fault on no link" 'faults[0].link = "gpu3_plane9_link" names no link' --set 'faults=[{"at_us": 1, "event": "link_down", "link": "gpu3_plane9_link"}]'
expect_error "llm tp x pp x dp" "llm.dp = 2 is 16 GPUs, not pod.gpus = 8" --set workload.kind=llm_step --set llm.dp=2
expect_error "llm dp of zero" "llm.dp = 0" --set workload.kind=llm_step --set llm.dp=0
expect_error "unknown llm schedule" "llm.schedule" --set workload.kind=llm_step --set llm.schedule=interleaved
expect_error "hierarchical gradients on one level" "llm.dp_algorithm = hierarchical" --set workload.kind=llm_step --set llm.tp=2 --set llm.dp=2 --set llm.dp_algorithm=hierarchical
expect_error "straddling requests" "pod.interleave_bytes" --set workload.kind=pattern --set workload.request_bytes=3000
expect_error "sizes not MIN:MAX:FACTOR" "--sizes '64:1M' is not MIN:MAX:FACTOR; allowed" --sizes 64:1M
expect_error "sizes not numbers" "--sizes 'a:1M:2' is not MIN:MAX:FACTOR" --sizes a:1M:2
expect_error "sizes of an unknown unit" "--sizes '64:1T:2'" --sizes 64:1T:2
expect_error "sizes MIN above MAX" "MIN = 1048576, MAX = 65536" --sizes 1M:64K:2
expect_error "sizes FACTOR below 2" "FACTOR = 1" --sizes 64:1M:1
expect_error "sizes not in words" "size 100 B of broadcast on 8 GPUs is not a whole number of 8-byte words" --sizes 100:1000:2 --set workload.kind=broadcast
expect_error "sizes not in chunks" "size 8 B of allreduce on 8 GPUs does not split into 8 equal chunks" --sizes 8:128M:2
expect_error "sizes of a pattern" "sizes are for a collective, not workload.kind = pattern" --sizes 64:1M:2 --set workload.kind=pattern
expect_error "sizes larger than memory" "size 17179869184 B needs" --sizes 1G:16G:2

small=(--set workload.kind=pattern --set workload.pattern=uniform --set workload.arrival=poisson
       --set workload.bytes=131072 --set link.ber=1e-6 --set pod.gpus=4 --set pod.planes=2)
run_json a "${small[@]}" --seed 5
run_json b "${small[@]}" --seed 5
run_json c "${small[@]}" --seed 6
expect_same_json "small run" a b
expect_other_json "small run" a c
# A trace or the log is a view: it may not change the run (the kernel's
# same-time order is part of it, so neither may add an event).
run_json traced "${small[@]}" --seed 5 --vcd "$work/traced.vcd"
run_json logged "${small[@]}" --seed 5 --verbose 2>/dev/null
expect_same_json "small run with --vcd" a traced
expect_same_json "small run with --verbose" a logged
# 4 GPUs x 2 planes x 2 directions, 2 switches.
links=$(grep -c '"name": "pod.gpu[0-9]*_plane[0-9]*_link.\(a_to_b\|b_to_a\)"' "$work/a.json")
[ "$links" -eq 16 ] && echo "ok   every link direction reported" || { echo "FAIL $links link entries, want 16"; failures=$((failures+1)); }
switches=$(grep -c '"name": "pod.switch[0-9]*"' "$work/a.json")
[ "$switches" -eq 2 ] && echo "ok   every switch reported" || { echo "FAIL $switches switch entries, want 2"; failures=$((failures+1)); }
for key in '"offered_load"' '"accepted_load"' '"pj_per_bit"' '"issued"'; do
  grep -q "$key" "$work/a.json" || { echo "FAIL results JSON lacks $key"; failures=$((failures+1)); }
done

# A training step with every kind of traffic, twice: the same JSON.
step=(--set workload.kind=llm_step --set llm.schedule=1f1b --set llm.tp=2 --set llm.pp=2 --set llm.dp=2
      --set llm.layers=2 --set llm.hidden=256 --set llm.sequence=64 --set llm.micro_batches=3 --set link.ber=1e-6)
run_json s1 "${step[@]}"
run_json s2 "${step[@]}"
expect_same_json "a training step" s1 s2
for key in '"bubble_us"' '"dp_comm_us"' '"tokens_per_s"' '"peak_inflight_micro_batches": 2'; do
  grep -q "$key" "$work/s1.json" || { echo "FAIL step JSON lacks $key"; failures=$((failures+1)); }
done

"$exe" --set workload.collective_bytes=1048576 --json "$work/ar.json" --quiet || { echo "FAIL all-reduce run"; failures=$((failures+1)); }
for key in '"algbw_GBps"' '"busbw_GBps"' '"time_us"' '"words_wrong": 0'; do
  grep -q "$key" "$work/ar.json" || { echo "FAIL all-reduce JSON lacks $key"; failures=$((failures+1)); }
done

# A sweep: nccl-tests' table, one row per size, all checked, in one run.
"$exe" --sizes 64K:1M:4 --set link.ber=0 --json "$work/sizes.json" >"$work/sizes.txt" || { echo "FAIL sizes run"; failures=$((failures+1)); }
rows=$(grep -cE '^ +[0-9]+ +[0-9]+ +uint64 +sum +-1 .* 0$' "$work/sizes.txt")
[ "$rows" -eq 3 ] && echo "ok   --sizes prints a row per size" || { echo "FAIL $rows table rows, want 3"; failures=$((failures+1)); }
grep -q '^# Avg bus bandwidth *: [0-9.]*$' "$work/sizes.txt" && echo "ok   --sizes prints the average bus bandwidth" \
  || { echo "FAIL no average bus bandwidth line"; failures=$((failures+1)); }
[ "$(grep -c '"size_bytes"' "$work/sizes.json")" -eq 3 ] && echo "ok   workload.sizes holds every size" \
  || { echo "FAIL workload.sizes lacks sizes"; failures=$((failures+1)); }

"$exe" --help | grep -q 'switch.queueing' && echo "ok   --help lists keys" \
  || { echo "FAIL --help lacks config keys"; failures=$((failures+1)); }

# Lanes lost mid-run: CRC and replay keep every byte, the run passes.
"$exe" --set workload.collective_bytes=4194304 --quiet --json "$work/lanes.json" \
  --set 'faults=[{"at_us": 5, "event": "lane_down", "count": 3}]'; rc=$?
if [ "$rc" -eq 0 ] && grep -q '"words_wrong": 0' "$work/lanes.json"; then echo "ok   lanes down mid-run, nothing lost"
else echo "FAIL lanes down mid-run: exit $rc"; failures=$((failures+1)); fi
# A link that goes down for good strands the collective: exit 1, and the
# results name the link and count what was lost.
# A link down before traffic starts: requests take the other planes.
"$exe" --set workload.collective_bytes=4194304 --quiet --json "$work/rerouted.json" \
  --set 'faults=[{"at_us": 0, "event": "link_down", "link": "gpu3_plane1_link"}]'; rc=$?
if [ "$rc" -eq 0 ] && grep -q '"lost": 0' "$work/rerouted.json"; then
  echo "ok   a link down from the start is routed around"
else echo "FAIL link down from the start: exit $rc"; failures=$((failures+1)); fi
# A link that dies for good with requests inside it: the GPUs send them again
# over the other planes, nothing is lost, and the results name the link and
# count the copies; the same seed gives the same results, faults and all.
down=(--set workload.collective_bytes=4194304 --quiet
      --set 'faults=[{"at_us": 50, "event": "link_down", "link": "gpu3_plane1_link"}]')
"$exe" "${down[@]}" --json "$work/down.json"; rc=$?
"$exe" "${down[@]}" --json "$work/down2.json"; rc2=$?
if [ "$rc" -eq 0 ] && grep -q '"lost": 0' "$work/down.json" && grep -q '"name": "pod.gpu3_plane1_link.a_to_b"' "$work/down.json" \
   && grep -q '"reissued": [1-9]' "$work/down.json"; then
  echo "ok   link down: nothing lost, copies counted, the link named"
else echo "FAIL link down: exit $rc"; failures=$((failures+1)); fi
if [ "$rc2" -eq 0 ] && diff <(strip "$work/down.json") <(strip "$work/down2.json") >/dev/null; then
  echo "ok   link down: same seed, same JSON"
else echo "FAIL link down: the same seed gave different JSON"; failures=$((failures+1)); fi
# Both of a GPU's links die: no path left, exit 1 naming the GPUs and the cause.
"$exe" --set workload.kind=pattern --set workload.bytes=1048576 --set pod.gpus=4 --set pod.planes=2 \
  --set gpu.retry_timeout_us=5 --quiet --json "$work/nopath.json" \
  --set 'faults=[{"at_us": 5, "event": "link_down", "link": "gpu3_plane0_link"}, {"at_us": 5, "event": "link_down", "link": "gpu3_plane1_link"}]'; rc=$?
if [ "$rc" -eq 1 ] && grep -q 'no path left: gpu0 cannot reach gpu3.*link_down event at 5 us' "$work/nopath.json" \
   && grep -q '"mismatches": 0' "$work/nopath.json" && ! grep -q '"lost": 0' "$work/nopath.json"; then
  echo "ok   no path left: exit 1, the GPUs and the cause named, lost counted, no mismatch"
else echo "FAIL no path left: exit $rc"; failures=$((failures+1)); fi

# A run that cannot finish in its time limit fails with exit 1.
"$exe" --set sim.max_time_us=1 --quiet; rc=$?
[ "$rc" -eq 1 ] && echo "ok   timeout exits 1" || { echo "FAIL timeout exit $rc"; failures=$((failures+1)); }

[ "$failures" -eq 0 ]
