#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# lumen-cosim --vcd writes a save file for each dump: parsed here, every
# signal it names is declared in its VCD (read here, independently), every
# lane of the run has its group, the testbench's puts the reference's
# expected symbol right after the RTL's, and with a mismatch the window and
# marker sit on its cycle.
#   cosim_gtkw_test.sh LUMEN_COSIM
set -u
cosim="$1"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1

"$cosim" --encoding 8b10b --lanes 16 --words 200 --vcd "$work/e8.vcd" --inject-error 100 > /dev/null
[ $? -eq 1 ] || { echo "FAIL: --inject-error run did not exit 1"; exit 1; }
"$cosim" --encoding 64b66b --lanes 4 --words 200 --vcd "$work/e64.vcd" > /dev/null ||
  { echo "FAIL: 64b66b run"; exit 1; }
"$cosim" --encoding 8b10b --lanes 1 --words 50 --vcd "$work/e1.vcd" > /dev/null ||
  { echo "FAIL: 1-lane run"; exit 1; }

python3 - "$work" <<'PY'
import sys
work = sys.argv[1]

def declared(vcd):
    """Signal names as GTKWave forms them: scopes, name, range."""
    names, scopes = set(), []
    words = open(vcd).read().split("$enddefinitions")[0].split()
    i = 0
    while i < len(words):
        w = words[i]
        if w == "$scope": scopes.append(words[i + 2]); i += 3; continue
        if w == "$upscope": scopes.pop()
        if w == "$var":
            name, rng = words[i + 4], words[i + 5]
            names.add(".".join(scopes + [name]) + ("" if rng == "$end" else rng))
        i += 1
    return names

def entries(gtkw):
    out, flags, header = [], None, {}
    for l in open(gtkw).read().splitlines():
        if l.startswith("@"): flags = int(l[1:], 16)
        elif l.startswith("*"): header["marker"] = int(l[1:].split()[1])
        elif l.startswith("[timestart]"): header["start"] = int(l.split()[1])
        elif flags is not None and not l.startswith("["): out.append((flags, l))
    return header, out

def check(stem, lanes, tb, enc, mismatch_cycle=None):
    vcd = f"{work}/{stem}{'_tb' if tb else ''}.vcd"
    header, es = entries(vcd[:-4] + ".gtkw")
    names = declared(vcd)
    signals = [t for f, t in es if not f & 0x1800000 and t != "-"]
    missing = [s for s in signals if s not in names]
    assert not missing, (vcd, missing)
    groups = [t[1:] for f, t in es if f & 0x800000]
    assert [g for g in groups if g.startswith("Lane ")] == [f"Lane {l}" for l in range(lanes)], groups
    if tb:
        for l in range(lanes):
            rtl = next(i for i, s in enumerate(signals)
                       if s.startswith(f"SystemC.xactor.{'symbol_o' if enc == 8 else 'enc_data_o'}_{l}["))
            assert signals[rtl + 1].startswith(f"SystemC.scoreboard.expected_{l}["), signals[rtl:rtl + 2]
    if mismatch_cycle is None:
        assert header["start"] == 0 and header["marker"] == -1, header
    else:
        assert header["marker"] == mismatch_cycle * 1000, header
        assert header["start"] < header["marker"], header
    return len(signals)

n = [check("e8", 16, tb, 8, 100) for tb in (False, True)]
n += [check("e64", 4, tb, 64) for tb in (False, True)]
n += [check("e1", 1, tb, 8) for tb in (False, True)]
print("ok: signals per save file", n)
PY
