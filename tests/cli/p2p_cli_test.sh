#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Command-line contract of lumen-p2p, as a user meets it: bad input gives one
# line naming the key and exit 2 before anything runs; the same seed gives the
# same results JSON; VCD and JSON land where asked.
# shellcheck source=../cli/cli_check.sh
source "$(dirname "$0")/cli_check.sh" "$1"

expect_error "unknown key" "link.lanez" --set link.lanez=3
expect_error "out of range" "link.lanes = 0 is out of range" --set link.lanes=0
expect_error "wrong type" "not a number" --set link.ber=often
expect_error "bad choice" "8b10b | 64b66b" --set link.encoding=8b9b
expect_error "injection rate" "workload.injection_rate" --set workload.injection_rate=1.5
expect_error "unknown option" "--frobnicate" --frobnicate
expect_error "missing file" "$work/none.json" --config "$work/none.json"
expect_error "directory as config" "config file '$work' is a directory" --config "$work"
printf '{\n  "link": {"lanes": 64,,}\n}\n' > "$work/bad.json"
expect_error "malformed file" "bad.json:2:" --config "$work/bad.json"
printf '{"link": {"lanes": "many"}}\n' > "$work/type.json"
expect_error "wrong type in file" "link.lanes" --config "$work/type.json"
expect_error "cross-key check" "link.rx_buffer_flits" --set workload.request_bytes=4096 --set link.rx_buffer_flits=8 --set link.rtt_buffers=false
expect_error "unwritable json" "--json" --json /nonexistent/dir/out.json
expect_error "bad preset" "--preset" --preset warp-drive

expect_error "reach" "reach link.reach_m = 2" --preset copper-224g --set link.length_m=3
expect_error "dead lane number" "link.dead_lanes has lane 400" --set 'link.dead_lanes=[1,400]'
expect_error "fault event" "faults[0].event" --set 'faults=[{"at_us": 1, "event": "explode"}]'
expect_error "fault time" "faults[1].at_us" --set 'faults=[{"at_us": 1, "event": "link_down"}, {"event": "link_up"}]'
expect_error "fault after the time limit" "faults[0].at_us = 200000; allowed: a time in us, 0 .. 100000 (sim.max_time_us)" --set 'faults=[{"at_us": 200000, "event": "link_down"}]'
expect_error "fault after a set limit" "faults[1].at_us = 51" --set sim.max_time_us=50 --set 'faults=[{"at_us": 50, "event": "link_down"}, {"at_us": 51, "event": "link_up"}]'
expect_error "posted writes and a retry timeout" "gpu.retry_timeout_us = 5 with workload.op = write_posted" --set workload.op=write_posted --set gpu.retry_timeout_us=5
expect_error "posted writes and a dying link" "faults[0].event = link_down with workload.op = write_posted" --set workload.op=write_posted --set 'faults=[{"at_us": 1, "event": "link_down"}]'
expect_error "lane_ber length" "link.lane_ber has 2 values" --set 'link.lane_ber=[1e-9, 1e-9]'
expect_error "hopeless BER" "crosses whole with probability 0.0632" --set link.ber=1e-3
expect_error "double overflow" "link.ber = 1e400 is out of range" --set link.ber=1e400
expect_error "int64 overflow" "link.lanes" --set link.lanes=99999999999999999999999
# Values in a type's range that the model cannot honour: the time they give
# would overflow the 64-bit picosecond clock.
expect_error "injection overflowing the clock" "workload.injection_rate = 1e-300: injecting workload.bytes" --set workload.injection_rate=1e-300
expect_error "offered load overflowing the clock" "workload.offered_GBps = 1e-300" --set workload.offered_GBps=1e-300
expect_error "memory bandwidth" "memory.bandwidth_GBps = 1e-300 is out of range; allowed: [0.001" --set memory.bandwidth_GBps=1e-300
expect_error "lane rate" "link.lane_rate_gbps = 1e-12 is out of range; allowed: [0.001" --set link.lane_rate_gbps=1e-12
expect_error "fault on no link" 'faults[0].link = "gpu7_link" names no link of the platform' --set 'faults=[{"at_us": 1, "event": "lane_down", "link": "gpu7_link"}]'
# A run the time limit stops is a timeout, not a deadlock: events were left.
out=$("$exe" --set memory.bandwidth_GBps=0.001 --set sim.max_time_us=20 2>&1)
case "$out" in *"timeout: workload not done after sim.max_time_us = 20"*) echo "ok   time limit named" ;;
  *) echo "FAIL time limit not named: $(grep verdict <<<"$out")"; failures=$((failures+1)) ;; esac
printf '{"link": {"lanes": %s}}\n' "$(printf '1%.0s' {1..400})" > "$work/digits.json"
deep=$(printf '[%.0s' {1..100000})
expect_error "deep --set" "--set faults: too deeply nested" --set "faults=$deep"
printf '{"faults": %s}\n' "$deep" > "$work/deep.json"
expect_error "deep file" "deep.json:1:" --config "$work/deep.json"
expect_error "400 digits in a file" "digits.json: link.lanes = 1111" --config "$work/digits.json"
printf '{"link": {"lanes": 3, "lanes": 4}}\n' > "$work/dup.json"
expect_error "duplicate key" "dup.json: duplicate key 'link.lanes'" --config "$work/dup.json"

# Every preset validates and runs to a pass on a small workload.
for preset in $("$exe" --help | sed -n 's/^  \([a-z0-9-]*\): .*/\1/p'); do
  if "$exe" --preset "$preset" --set link.length_m=1 --set workload.bytes=262144 --quiet --json "$work/$preset.json"; then
    grep -q "\"preset\": \"$preset\"" "$work/$preset.json" && echo "ok   preset $preset" \
      || { echo "FAIL preset $preset not in JSON"; failures=$((failures+1)); }
  else echo "FAIL preset $preset did not pass"; failures=$((failures+1)); fi
done
[ -f "$work/optics-800g-pluggable.json" ] && [ -f "$work/microled-lightbundle.json" ] \
  || { echo "FAIL presets missing from --help"; failures=$((failures+1)); }

expect_error "vcd extension" "must name a .vcd file" --vcd "$work/run"
[ ! -e "$work/run" ] && echo "ok   no stray file for a bad --vcd" || { echo "FAIL stray --vcd file"; failures=$((failures+1)); }
# --version names the executable; --json - writes the JSON (only) on stdout.
case "$("$exe" --version)" in "lumen-p2p "[0-9]*) echo "ok   --version" ;;
  *) echo "FAIL --version"; failures=$((failures+1)) ;; esac
"$exe" --set workload.bytes=4096 --json - 2>/dev/null > "$work/stdout.json"
grep -q '"passed": true' "$work/stdout.json" && [ "$(head -c1 "$work/stdout.json")" = "{" ] \
  && echo "ok   --json - on stdout" || { echo "FAIL --json -"; failures=$((failures+1)); }
# A failed run under --quiet still says why, on one line of stderr.
out=$("$exe" --quiet --set sim.max_time_us=0.5 2>&1 >/dev/null); rc=$?
[ "$rc" -eq 1 ] && case "$out" in *"FAIL: timeout"*"sim.max_time_us"*) true ;; *) false ;; esac \
  && echo "ok   --quiet failure verdict: $out" || { echo "FAIL --quiet failure: $rc $out"; failures=$((failures+1)); }

small=(--set workload.bytes=262144 --set workload.arrival=poisson --set link.ber=1e-6)
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
# Every executable restarts itself once for huge heap pages; the pages a
# model's state sits on may not change it either.
LUMEN_HUGE_PAGES=0 run_json small_pages "${small[@]}" --seed 5
expect_same_json "small run on 4 KiB pages" a small_pages
for key in '"issued"' '"throughput_GBps"' '"p99"' '"energy_pj"' '"pj_per_bit"' '"link_power_w"' '"crc_errors"'; do
  grep -q "$key" "$work/a.json" || { echo "FAIL results JSON lacks $key"; failures=$((failures+1)); }
done

"$exe" --set workload.bytes=65536 --vcd "$work/run.vcd" --trace-filter '*a_to_b*' --quiet
if grep -q 'scope module a_to_b' "$work/run.vcd" && grep -q ' busy ' "$work/run.vcd" && ! grep -q 'b_to_a' "$work/run.vcd"; then echo "ok   VCD with filter"
else echo "FAIL VCD missing or filter ignored"; failures=$((failures+1)); fi

"$exe" --print-config --set link.lanes=128 | grep -q '"lanes": 128' && echo "ok   --print-config" \
  || { echo "FAIL --print-config"; failures=$((failures+1)); }
"$exe" --help | grep -q 'link.lane_rate_gbps' && echo "ok   --help lists keys" \
  || { echo "FAIL --help lacks config keys"; failures=$((failures+1)); }

# A run that cannot finish in its time limit fails with exit 1.
"$exe" --set sim.max_time_us=1 --quiet; rc=$?
[ "$rc" -eq 1 ] && echo "ok   timeout exits 1" || { echo "FAIL timeout exit $rc"; failures=$((failures+1)); }

[ "$failures" -eq 0 ]
