#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The platforms' GTKWave save files, parsed: the window they open on holds
# the first traffic (found here from the VCD itself, independently of the
# tracer) or is the one --trace-window names; counters are analog step plots
# and flags wires; the link's events (CRC errors, NAKs, replays, transmit
# queue depth) are there and the CRC errors of a lossy link show in the VCD;
# groups balance, and a 64-GPU pod opens with one section and one module
# group expanded. Bad --trace-window values exit 2 with one line.
#   trace_gtkw_test.sh LUMEN_P2P LUMEN_POD
set -u
p2p="$1" pod="$2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$p2p" --quiet --set link.ber=1e-6 --set workload.bytes=262144 --vcd "$work/lossy.vcd" || fail "lumen-p2p --vcd"
"$p2p" --quiet --set workload.bytes=262144 --vcd "$work/window.vcd" --trace-window 20:22.5 || fail "lumen-p2p --trace-window"
"$pod" --quiet --set pod.gpus=64 --set workload.collective_bytes=65536 --vcd "$work/pod.vcd" ||
  fail "lumen-pod --vcd"

python3 - "$work" <<'PY' || exit 1
import math, re, sys
work = sys.argv[1]

def save_file(path):
    """[timestart], the window's span from the zoom line, and the entries:
    (flags, text) for each @ line and the line after it."""
    lines = open(path).read().splitlines()
    start = next(int(l.split()[1]) for l in lines if l.startswith("[timestart]"))
    zoom = next(float(l[1:].split()[0]) for l in lines if l.startswith("*"))
    assert next(l for l in lines if l.startswith("[dumpfile]")).endswith('.vcd"'), path
    entries, flags = [], None
    for l in lines:
        if l.startswith("@"):
            flags = int(l[1:], 16)
        elif flags is not None and not l.startswith("["):
            entries.append((flags, l))
    # GTKWave draws 2^-zoom ps per pixel over the 1050-pixel wave pane.
    return start, 2 ** -zoom * 1050, entries

def vcd_changes(path, leaf):
    """Times at which a signal named leaf changes, from the VCD."""
    codes, times, now, defs = set(), [], 0, True
    for l in open(path):
        if defs:
            w = l.split()
            if w[:1] == ["$var"] and w[4] == leaf: codes.add(w[3])
            if "$enddefinitions" in l: defs = False
            continue
        if l.startswith("#"): now = int(l[1:]); continue
        w = l.split()
        code = w[1] if l[0] in "br" else l[1:].strip()
        if code in codes: times.append((now, w[0] if l[0] in "br" else l[0]))
    return times

GROUP_BEGIN, GROUP_END, CLOSED, ANALOG_STEP = 0x800000, 0x1000000, 0x400000, 0x8000
def check_groups(entries):
    stack, opened = [], 0
    for flags, text in entries:
        if flags & GROUP_BEGIN:
            stack.append(text); opened += not flags & CLOSED
        elif flags & GROUP_END:
            assert stack and stack.pop() == text, ("unbalanced group", text)
        elif not flags & 0x20000:
            assert stack, ("signal outside a group", text)
    assert not stack, stack
    return opened

# The lossy link: window on the first busy edge, counters analog, events there.
start, span, entries = save_file(f"{work}/lossy.gtkw")
busy = [t for t, v in vcd_changes(f"{work}/lossy.vcd", "busy") if v == "1"]
assert busy, "no busy edge in the VCD"
assert start <= busy[0] < start + span, (start, span, busy[0])
assert 4.5e6 < span < 5.5e6, span
signals = {t.split("SystemC.")[1].split("[")[0]: f for f, t in entries if "SystemC." in t}
for leaf in ["credits_request", "credits_response", "replay_flits", "lanes_active",
             "tx_queue_depth", "crc_errors", "naks", "replays", "outstanding", "queue_depth"]:
    found = [f for n, f in signals.items() if n.endswith("." + leaf)]
    assert found and all(f & ANALOG_STEP for f in found), (leaf, found)
for leaf in ["busy", "training"]:
    found = [f for n, f in signals.items() if n.endswith("." + leaf)]
    assert found and not any(f & ANALOG_STEP for f in found), (leaf, found)
assert vcd_changes(f"{work}/lossy.vcd", "crc_errors"), "no CRC error in a link at BER 1e-6"
assert check_groups(entries) >= 2

# --trace-window 20:22.5
start, span, entries = save_file(f"{work}/window.gtkw")
assert start == 20_000_000 and abs(span - 2.5e6) < 1, (start, span)

# 64 GPUs in 4 planes: sections per tier and plane; one section and one module
# group of it open, the rest closed.
start, span, entries = save_file(f"{work}/pod.gtkw")
assert check_groups(entries) == 2, "expanded groups"
sections = [t[1:] for f, t in entries if f & GROUP_BEGIN and not t.startswith("-pod.")]
assert sections[:2] == ["tier gpu_switch, plane 0", "tier gpu_switch, plane 1"], sections
assert sections[-1] == "gpus", sections
names = [t for f, t in entries if "SystemC." in t]
assert len(names) == len(set(names)) and sum("_link.a_to_b.busy" in n for n in names) == 256
print(f"ok: {len(names)} pod signals, {len(sections)} sections")
PY

# Bad windows: one line, exit 2, before the run.
for bad in 5:1 3:3 abc -1:3 1:inf 1: :2 1e9:1e10 1:1e300 nan:3; do
  "$p2p" --vcd "$work/bad.vcd" --trace-window "$bad" > "$work/out" 2> "$work/err"
  rc=$?
  [ $rc -eq 2 ] && [ "$(wc -l < "$work/err")" -eq 1 ] && grep -q "trace-window" "$work/err" ||
    fail "--trace-window $bad: exit $rc: $(cat "$work/err")"
done
"$p2p" --trace-window 1:2 > "$work/out" 2> "$work/err"
[ $? -eq 2 ] && grep -q "needs --vcd" "$work/err" || fail "--trace-window without --vcd"
echo "trace-gtkw: ok"
