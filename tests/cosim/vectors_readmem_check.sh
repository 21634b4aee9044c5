#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# lumen-vectors --format readmemb / readmemh against its text output (which
# vectors.* checks against the standard's tables): the same symbols, as the
# words $readmemb / $readmemh load into the RTL's port layout. 8b/10b:
# symbol_o[9:0] is the text's bits as written ('a', sent first, is bit 9).
# 64b/66b: {data_o, header_o} has the first bit sent in bit 0, so its
# binary digits are the text's, reversed.
#   vectors_readmem_check.sh LUMEN_VECTORS ENCODING IN
set -u
vectors="$1" enc="$2" in="$3"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for f in text readmemb readmemh; do
  "$vectors" --encoding "$enc" --in "$in" --out "$work/$f" --format "$f" || exit 1
done
python3 - "$enc" "$work" <<'PY'
import sys
enc, work = sys.argv[1], sys.argv[2]
text = [l.split()[0] for l in open(f"{work}/text")]
memb = [l.strip() for l in open(f"{work}/readmemb")]
memh = [l.strip() for l in open(f"{work}/readmemh")]
width = 10 if enc == "8b10b" else 66
assert len(text) == len(memb) == len(memh) > 0
for i, (t, b, h) in enumerate(zip(text, memb, memh)):
    want = t if enc == "8b10b" else t[::-1]
    assert b == want, (i, t, b)
    assert len(b) == width and int(h, 16) == int(b, 2) and len(h) == (width + 3) // 4, (i, b, h)
print(f"{len(text)} {enc} words agree")
PY
