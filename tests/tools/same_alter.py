#!/usr/bin/env python3
"""same_alter.py: a deliberately altered copy of a PDF, to prove that same.py's checks fail.

In:  same_alter.py IN.pdf OUT.pdf HOW
     HOW is one of:
       move=D    the first text item's x (its `1 0 0 1 x y Tm`) moved by D pt (e.g. 0.02)
       swap      the first two glyph codes of the first multi-glyph TJ array exchanged
                 (changed text: "铜峡" for "峡铜")
       norule    the first stroked path painted with `n` (no paint) instead of `S`: a rule
                 missing
Out: OUT.pdf, written by qpdf --qdf (streams uncompressed, PDF 32000-1 7.3.8) after the edit
     and fix-qdf (which rewrites the /Length entries and the cross-reference table); exit 1
     when IN.pdf has nothing to alter (the message says what was not found).
The input is expected to be gongwen's output at the baseline commit (tests/run.d/91-same.sh):
its content streams have one `... Tm [...] TJ` line per text item and rules as
`x y m` / `x y l` lines ending with a line `S`.
"""
import re
import subprocess
import sys
import tempfile


def main(argv):
    if len(argv) != 4:
        print("usage: same_alter.py IN.pdf OUT.pdf move=D|swap|norule", file=sys.stderr)
        return 2
    src, dst, how = argv[1:]
    with tempfile.NamedTemporaryFile(suffix=".pdf") as q:
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable", src, q.name], check=True)
        data = open(q.name, "rb").read()
    if how.startswith("move="):
        d = float(how[5:])
        m = re.search(rb"1 0 0 1 ([-0-9.]+) ([-0-9.]+) Tm", data)
        if not m:
            print("same_alter.py: no Tm found", file=sys.stderr)
            return 1
        x = float(m.group(1)) + d
        data = data[: m.start(1)] + f"{x:.5f}".encode() + data[m.end(1) :]
    elif how == "swap":
        m = re.search(rb"\[(<[0-9a-f]{4}>)(\s*-?[0-9.]*\s*)(<[0-9a-f]{4}>)", data)
        if not m or m.group(1) == m.group(3):
            print("same_alter.py: no TJ with two hex glyph codes found", file=sys.stderr)
            return 1
        data = data[: m.start(1)] + m.group(3) + m.group(2) + m.group(1) + data[m.end(3) :]
    elif how == "norule":
        m = re.search(rb" l\nS\n", data)
        if not m:
            print("same_alter.py: no stroked path found", file=sys.stderr)
            return 1
        data = data[: m.start() + 3] + b"n" + data[m.start() + 4 :]
    else:
        print(f"same_alter.py: unknown alteration {how!r}", file=sys.stderr)
        return 2
    with tempfile.NamedTemporaryFile(suffix=".pdf") as e:
        e.write(data)
        e.flush()
        with open(dst, "wb") as out:
            subprocess.run(["fix-qdf", e.name], stdout=out, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
