#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# lumen-cosim --inject-error CYCLE: the run fails (exit 1) with exactly one
# mismatch, at the encoder, named by cycle and lane, whose expected and got
# symbols differ in one bit; the same run without the flag passes, so the
# failure is the injected bit and nothing else. A cycle past the run is a
# usage error (exit 2), and so is one that is not a number.
#   inject_error_test.sh LUMEN_COSIM
set -u
cosim="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1
fail() { echo "FAIL: $*"; exit 1; }

# encoding lanes backpressure cycle
for run in "8b10b 4 0 57" "64b66b 8 0 123" "8b10b 16 0.3 40"; do
  set -- $run
  enc=$1 lanes=$2 bp=$3 cycle=$4
  args=(--encoding "$enc" --lanes "$lanes" --words 300 --seed 5 --backpressure "$bp")
  "$cosim" "${args[@]}" > "$work/clean.txt" || fail "$run: the clean run fails: $(cat "$work/clean.txt")"
  "$cosim" "${args[@]}" --inject-error "$cycle" --json "$work/r.json" > "$work/out.txt" 2>&1
  rc=$?
  [ $rc -eq 1 ] || fail "$run: exit $rc, expected 1: $(cat "$work/out.txt")"
  grep -q '^verdict: FAIL (NOT bit-exact, timing agrees)$' "$work/out.txt" ||
    fail "$run: no FAIL verdict: $(cat "$work/out.txt")"
  python3 - "$enc" "$cycle" "$bp" "$work/r.json" "$work/out.txt" <<'PY' || exit 1
import json, re, sys
enc, cycle, bp, path, out = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4], open(sys.argv[5]).read()
r = json.load(open(path))
m = r["first_mismatch"]
assert r["mismatches"] == 1, r["mismatches"]
assert m["where"] == "encoder" and m["lane"] == 0, m
# Without back-pressure a symbol shows at every edge once the stream runs:
# the flip lands on the cycle asked for; with it, on the next symbol shown.
assert (m["cycle"] == cycle) if bp == 0 else (cycle <= m["cycle"] < cycle + 50), (m, cycle)
assert r["inject_error"]["cycle"] == m["cycle"] and r["inject_error"]["requested_cycle"] == cycle
def value(symbol):
    if enc == "8b10b":
        return int(re.fullmatch(r"([01]{6}) ([01]{4})", symbol).expand(r"\1\2"), 2)
    return int(re.fullmatch(r"sync [01]{2} payload ([0-9a-f ]+)", symbol).group(1).replace(" ", ""), 16)
diff = value(m["expected"]) ^ value(m["got"])
assert bin(diff).count("1") == 1, (m["expected"], m["got"])
line = (f"first mismatch: cycle {m['cycle']}, lane 0, encoder: input {m['input']}, "
        f"expected {m['expected']}, got {m['got']}")
assert line in out, (line, out)
assert f"injected error: bit 0 of lane 0 flipped in the encoder symbol of cycle {m['cycle']}" in out
print(f"{enc}: cycle {m['cycle']} lane 0: expected {m['expected']}, got {m['got']}")
PY
done

# Bad values: one line on stderr, exit 2, before the run.
for bad in 300 1000000 -1 x 1.5; do
  "$cosim" --words 300 --inject-error "$bad" > "$work/out.txt" 2> "$work/err.txt"
  rc=$?
  [ $rc -eq 2 ] || fail "--inject-error $bad: exit $rc, expected 2"
  [ "$(wc -l < "$work/err.txt")" -eq 1 ] && grep -q '^lumen-cosim: error: .*inject-error' "$work/err.txt" ||
    fail "--inject-error $bad: stderr: $(cat "$work/err.txt")"
  [ -s "$work/out.txt" ] && fail "--inject-error $bad: ran: $(cat "$work/out.txt")"
done
echo "inject-error: ok"
