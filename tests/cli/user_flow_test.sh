#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# What a user meets beyond the option contract: --verbose's log lines, no
# kernel notes, a preset that survives --print-config and --config, a trace
# filter that matches nothing, a JSON that appears whole, the names in help
# and summary.
#   user_flow_test.sh LUMEN_P2P LUMEN_POD
# shellcheck source=cli_check.sh
source "$(dirname "$0")/cli_check.sh" "$1"
pod="$2"
small=(--set workload.bytes=262144)
long=(--set workload.bytes=1048576) # runs past the faults at 2, 4 and 6 us
check() { # check "what" command...: the command must succeed
  local what="$1"; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; failures=$((failures+1)); fi
}

# --verbose: one line per link event, [LEVEL time] module: message, on stderr.
faults='faults=[{"at_us": 2, "event": "lane_down", "lane": 3, "direction": "a_to_b"},
  {"at_us": 4, "event": "link_down", "direction": "b_to_a"},
  {"at_us": 6, "event": "link_up", "direction": "b_to_a"}]'
"$exe" "${long[@]}" --set "$faults" --verbose >"$work/v.out" 2>"$work/v.err"
check "--verbose keeps stdout for the summary" grep -q '^LumenLink p2p' "$work/v.out"
check "--verbose: stdout has no log line" bash -c "! grep -q '^\[INFO' '$work/v.out'"
check "--verbose: training at 0" grep -Eq '^\[INFO 0\.000000 us\] p2p\.[a-z0-9_.]*a_to_b: trained: [0-9]+ of [0-9]+ lanes active' "$work/v.err"
check "--verbose: lane death" grep -Eq '^\[INFO 2\.000000 us\] p2p\.[a-z0-9_.]*a_to_b: lane 3 died$' "$work/v.err"
check "--verbose: retraining" grep -Eq '^\[INFO 2\.000000 us\] [a-z0-9_.]*a_to_b: retraining: ([0-9]+) of \1 lanes active, [0-9]+ spares left, .*, for 1000 ns$' "$work/v.err"
check "--verbose: link down" grep -Eq '^\[INFO 4\.000000 us\] [a-z0-9_.]*b_to_a: link down \(fault\)$' "$work/v.err"
check "--verbose: link up" grep -Eq '^\[INFO 6\.000000 us\] [a-z0-9_.]*b_to_a: link up \(fault cleared\)$' "$work/v.err"
check "--verbose: retrained" grep -Eq '^\[INFO 7\.000000 us\] [a-z0-9_.]*b_to_a: link up: retrained to [0-9]+ lanes$' "$work/v.err"
bad=$(grep -vcE '^\[(INFO|WARNING) [0-9]+\.[0-9]{6} us\] [a-z0-9_.]+: ' "$work/v.err")
check "--verbose: every stderr line is a log line ($bad are not)" [ "$bad" -eq 0 ]
# A NAK storm: a BER that rejects a flit every few hundred ns (512 Gb/s:
# 15 bit errors per us; one NAK per round trip at most).
"$exe" "${small[@]}" --set link.ber=3e-5 --verbose >/dev/null 2>"$work/storm.err"
check "--verbose: NAK storm" grep -Eq '\] [a-z0-9_.]+: NAK storm: 8 NAKs in [0-9]\.[0-9]{3} us \(BER 3e-05 on [0-9]+ lanes\)' "$work/storm.err"
# Logging changes no result.
"$exe" "${long[@]}" --set "$faults" --quiet --json "$work/quiet.json"
"$exe" "${long[@]}" --set "$faults" --verbose --json "$work/verbose.json" >/dev/null 2>&1
strip() { grep -v '"wall_time_s"' "$1"; }
check "--verbose changes no result" diff -q <(strip "$work/quiet.json") <(strip "$work/verbose.json")
"$exe" "${long[@]}" --set "$faults" 2>"$work/plain.err" >/dev/null
check "without --verbose nothing is logged" [ ! -s "$work/plain.err" ]

# The kernel's notes (W571 "no activity", which an LLM step's idle
# stretches raised between progress slices) never reach a user; the
# progress line shows the share done and the time left. `script` gives the
# run a terminal, where progress is on; 15 s of the step are enough.
timeout 15 script -qec "'$pod' --set workload.kind=llm_step --set llm.layers=2" /dev/null \
  >"$work/llm.tty" 2>&1
check "llm_step on a terminal: no kernel note" bash -c "! grep -aEq 'W571|no activity|/OSCI/|IEEE_Std' '$work/llm.tty'"
check "llm_step progress: share done and time left" \
  bash -c "tr '\r' '\n' <'$work/llm.tty' | grep -aEq ' [1-9][0-9.]* % done  about +[0-9]+ (s|min|h) left '"

# The resolved config records its preset; --config of it runs that preset
# (over 2 m: the platform's geometry, within copper's reach).
"$exe" --preset copper-224g --set link.length_m=2 --print-config >"$work/copper.json"
check "--print-config records the preset" grep -q '"preset": "copper-224g"' "$work/copper.json"
"$exe" --config "$work/copper.json" "${small[@]}" --json "$work/copper-run.json" >"$work/copper.out"
check "--config of it reports copper-224g" grep -q 'preset copper-224g' "$work/copper.out"
check "... in the JSON too" grep -q '^  "preset": "copper-224g"' "$work/copper-run.json"
# A file naming only the preset gets the preset's link values.
echo '{"link": {"preset": "copper-224g", "length_m": 2}}' >"$work/only-preset.json"
"$exe" --config "$work/only-preset.json" --print-config >"$work/only.json"
check "a file's link.preset applies the preset's defaults" diff -q "$work/copper.json" "$work/only.json"
"$exe" --config "$work/copper.json" --preset microled-default --print-config | grep -q '"preset": "microled-default"'
check "--preset overrides the file's" [ $? -eq 0 ]
expect_error "unknown preset in --set" "link.preset" --set link.preset=abacus

# A trace filter that keeps no signal is a usage error, before the run.
expect_error "--trace-filter matching nothing" "--trace-filter 'nothing*'" \
  --vcd "$work/none.vcd" --trace-filter 'nothing*'
check "... leaves no VCD" [ ! -e "$work/none.vcd" ] && [ ! -e "$work/none.gtkw" ]

# The JSON appears whole at the end: not before, and never half.
# Job control on, so that the background run does not ignore SIGINT.
set -m
"$exe" --set workload.bytes=268435456 --quiet --json "$work/big.json" & pid=$!
set +m
sleep 1
check "no JSON while the run goes on" [ ! -e "$work/big.json" ]
kill -INT "$pid"; wait "$pid"
check "Ctrl-C leaves no JSON" [ ! -e "$work/big.json" ]
check "... and no partial file" bash -c "! ls '$work' | grep -q partial"

# Names: retrains in the link table, one [workload] block, the capacity name.
"$exe" "${long[@]}" --set "$faults" --json "$work/names.json" >"$work/names.out"
check "link table shows retrains" grep -Eq '^  link +lanes .* retry +retrain +energy uJ' "$work/names.out"
check "p2p gpu_payload_capacity_GBps" grep -q '"gpu_payload_capacity_GBps"' "$work/names.json"
check "p2p keeps link_payload_capacity_GBps" grep -q '"link_payload_capacity_GBps"' "$work/names.json"
check "lumen-pod --help has one [workload]" [ "$("$pod" --help | grep -c '^  \[workload\]$')" -eq 1 ]
check "usage names the program" bash -c "'$exe' --help | head -3 | grep -q '^Usage: lumen-p2p '"
check "summary prints p50/p90/p99/p99.9" grep -Eq 'p50 [0-9.]+ ns  p90 [0-9.]+ ns  p99 [0-9.]+ ns  p99\.9 [0-9.]+ ns' "$work/names.out"
python3 - "$work/names.json" <<'PY' && echo "ok   latency histogram sums to completed" || { echo "FAIL latency histogram"; exit 1; }
import json, sys
r = json.load(open(sys.argv[1]))
h = r["latency_ns"]["histogram"]
assert sum(h["counts"]) == r["transactions"]["completed"], (sum(h["counts"]), r["transactions"])
assert len(h["edges_ns"]) == len(h["counts"]) + 1 and h["bins_per_decade"] == 10
e = h["edges_ns"]
assert all(abs(e[i + 1] / e[i] - 10 ** 0.1) < 1e-9 for i in range(len(e) - 1))
lat = r["latency_ns"]
assert lat["p50"] <= lat["p90"] <= lat["p99"] <= lat["p99_9"] <= lat["max"]
assert e[0] <= lat["p50"] and lat["max"] < e[-1]
PY
[ $? -eq 0 ] || failures=$((failures+1))
[ "$failures" -eq 0 ]
