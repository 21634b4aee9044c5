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
check() { # check "what" command...: the command must succeed
  local what="$1"; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; failures=$((failures+1)); fi
}

# --verbose: one line per link event, [LEVEL time] module: message, on stderr.
faults='faults=[{"at_us": 2, "event": "lane_down", "lane": 3, "direction": "a_to_b"},
  {"at_us": 4, "event": "link_down", "direction": "b_to_a"},
  {"at_us": 6, "event": "link_up", "direction": "b_to_a"}]'
"$exe" "${small[@]}" --set "$faults" --verbose >"$work/v.out" 2>"$work/v.err"
check "--verbose keeps stdout for the summary" grep -q '^LumenLink p2p' "$work/v.out"
check "--verbose: stdout has no log line" bash -c "! grep -q '^\[INFO' '$work/v.out'"
check "--verbose: training at 0" grep -Eq '^\[INFO 0\.000000 us\] p2p\.[a-z0-9_.]*a_to_b: trained: 400 of 400 lanes' "$work/v.err"
check "--verbose: lane death" grep -Eq '^\[INFO 2\.000000 us\] p2p\.[a-z0-9_.]*a_to_b: lane 3 died$' "$work/v.err"
check "--verbose: retraining" grep -Eq '^\[INFO 2\.000000 us\] [a-z0-9_.]*a_to_b: retraining: 400 of 400 lanes active, 39 spares left' "$work/v.err"
check "--verbose: link down" grep -Eq '^\[INFO 4\.000000 us\] [a-z0-9_.]*b_to_a: link down \(fault\)$' "$work/v.err"
check "--verbose: link up" grep -Eq '^\[INFO 6\.000000 us\] [a-z0-9_.]*b_to_a: link up \(fault cleared\)$' "$work/v.err"
check "--verbose: retrained" grep -Eq '^\[INFO 7\.000000 us\] [a-z0-9_.]*b_to_a: link up: retrained to 400 lanes$' "$work/v.err"
bad=$(grep -vcE '^\[(INFO|WARNING) [0-9]+\.[0-9]{6} us\] [a-z0-9_.]+: ' "$work/v.err")
check "--verbose: every stderr line is a log line ($bad are not)" [ "$bad" -eq 0 ]
# A NAK storm: a BER that rejects many flits in a microsecond.
"$exe" "${small[@]}" --set link.ber=1e-6 --verbose >/dev/null 2>"$work/storm.err"
check "--verbose: NAK storm" grep -Eq '\] [a-z0-9_.]+: NAK storm: 8 NAKs in 0\.[0-9]{3} us \(BER 1e-06 on 400 lanes\)' "$work/storm.err"
# Logging changes no result.
"$exe" "${small[@]}" --set "$faults" --quiet --json "$work/quiet.json"
"$exe" "${small[@]}" --set "$faults" --verbose --json "$work/verbose.json" >/dev/null 2>&1
strip() { grep -v '"wall_time_s"' "$1"; }
check "--verbose changes no result" diff -q <(strip "$work/quiet.json") <(strip "$work/verbose.json")
"$exe" "${small[@]}" --set "$faults" 2>"$work/plain.err" >/dev/null
check "without --verbose nothing is logged" [ ! -s "$work/plain.err" ]

# The kernel's notes (W571 "no activity") never reach a user.
"$pod" --set workload.kind=llm_step --quiet --verbose >"$work/llm.out" 2>"$work/llm.err"
check "llm_step: no kernel note" bash -c "! grep -Eq 'W571|no activity|/OSCI/|IEEE_Std' '$work/llm.out' '$work/llm.err'"

# The resolved config records its preset; --config of it runs that preset.
"$exe" --preset copper-224g --print-config >"$work/copper.json"
check "--print-config records the preset" grep -q '"preset": "copper-224g"' "$work/copper.json"
"$exe" --config "$work/copper.json" "${small[@]}" --json "$work/copper-run.json" >"$work/copper.out"
check "--config of it reports copper-224g" grep -q 'preset copper-224g' "$work/copper.out"
check "... in the JSON too" grep -q '^  "preset": "copper-224g"' "$work/copper-run.json"
# A file naming only the preset gets the preset's link values.
echo '{"link": {"preset": "copper-224g"}}' >"$work/only-preset.json"
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
"$exe" --set workload.bytes=1073741824 --quiet --json "$work/big.json" & pid=$!
sleep 1
check "no JSON while the run goes on" [ ! -e "$work/big.json" ]
kill -INT "$pid"; wait "$pid"
check "Ctrl-C leaves no JSON" [ ! -e "$work/big.json" ]
check "... and no partial file" bash -c "! ls '$work' | grep -q partial"

# Names: retrains in the link table, one [workload] block, the capacity name.
"$exe" "${small[@]}" --set "$faults" --json "$work/names.json" >"$work/names.out"
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
