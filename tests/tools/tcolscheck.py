#!/usr/bin/env python3
"""tcolscheck.py: measures table cells in a gongwen --trace (issue 12, points 6 and 7).

In: a trace file (`page`, `text X Y W SIZE FONT "TEXT"`, `rule X1 Y1 X2 Y2 LW` lines, points);
runs that touch on one baseline (a change of font inside a line) are joined into one text.
A text item's cell is found from the drawn rules: the nearest vertical rules left and right of
the item's centre whose span covers its baseline. Out: one line per command, exit 1 on failure.

  tcolscheck.py align TRACE TEXT left|right|center [PAD]
      every text item that is exactly TEXT sits in its cell as said: left = PAD (default 1 mm)
      from the cell's left rule, right = PAD from its right rule, center = equal gaps
  tcolscheck.py whole TRACE TEXT [SIZE]
      TEXT (a number) is drawn on one line: one text item contains it whole, and no item
      holds a proper leading part of it (a broken "1234/56"); with SIZE, at that size (pt)
  tcolscheck.py inside TRACE [PAD]
      no text item of a table runs into its cell's padding (PAD, default 1 mm) or past its
      rules: a glyph wider than its column, a number wider than its column
"""
import re
import sys

EPS = 0.02  # points: the trace prints 1/1000 pt
LINE = re.compile(r'^text (\S+) (\S+) (\S+) (\S+) (\S+) "(.*)"$')


def load(path):
    pages = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("page "):
            pages.append({"texts": [], "vrules": []})
        elif line.startswith("text ") and pages:
            m = LINE.match(line)
            if m:
                x, y, w, size = (float(m.group(i)) for i in range(1, 5))
                texts = pages[-1]["texts"]
                # a run in another font on the same line, touching the one before ("1,234.5"
                # then "‰"): one piece of text
                if texts and abs(texts[-1][1] - y) < EPS and \
                        abs(texts[-1][0] + texts[-1][2] - x) < 0.05:
                    p = texts.pop()
                    texts.append((p[0], y, x + w - p[0], p[3], p[4] + m.group(6)))
                else:
                    texts.append((x, y, w, size, m.group(6)))
        elif line.startswith("rule ") and pages:
            x1, y1, x2, y2 = (float(v) for v in line.split()[1:5])
            if abs(x1 - x2) < EPS:
                pages[-1]["vrules"].append((x1, min(y1, y2), max(y1, y2)))
    return pages


def cell_of(page, t):
    """The left and right rules of the cell holding text item t, or None outside a table."""
    x, y, w = t[0], t[1], t[2]
    c = x + w / 2
    left = [r[0] for r in page["vrules"] if r[1] - EPS <= y <= r[2] + EPS and r[0] <= c]
    right = [r[0] for r in page["vrules"] if r[1] - EPS <= y <= r[2] + EPS and r[0] >= c]
    if not left or not right:
        return None
    return max(left), min(right)


def cmd_align(path, text, want, pad=2.835):
    found = 0
    for n, page in enumerate(load(path), 1):
        for t in page["texts"]:
            if t[4] != text:
                continue
            cell = cell_of(page, t)
            if not cell:
                print(f"FAIL {text!r} on page {n} is not in a table cell")
                return 1
            gl, gr = t[0] - cell[0], cell[1] - (t[0] + t[2])
            got = ("left" if abs(gl - pad) < 0.05 and gr > gl + 0.5 else
                   "right" if abs(gr - pad) < 0.05 and gl > gr + 0.5 else
                   "center" if abs(gl - gr) < 0.05 else "none")
            if got != want:
                print(f"FAIL {text!r} on page {n}: {got} (gaps {gl:.3f} and {gr:.3f} pt), want {want}")
                return 1
            found += 1
    if not found:
        print(f"FAIL no text item {text!r}")
        return 1
    print(f"ok {text!r}: {want} ({found} item{'s' if found > 1 else ''})")
    return 0


def cmd_whole(path, text, size=None):
    whole, broken = [], []
    # the number as a whole token: "34,567" is not found inside "1,234,567"
    token = re.compile(r"(?<![0-9,.+\-])" + re.escape(text) + r"(?![0-9,.%‰])")
    for n, page in enumerate(load(path), 1):
        for t in page["texts"]:
            if token.search(t[4]):
                whole.append((n, t))
            elif any(t[4].endswith(text[:k]) for k in range(1, len(text))) and \
                    any(c.isdigit() for c in t[4]):
                broken.append((n, t))
    if not whole:
        pieces = ", ".join(repr(t[4]) for _, t in broken) or "none"
        print(f"FAIL {text!r} is not drawn whole on one line (pieces: {pieces})")
        return 1
    for n, t in whole:
        if size is not None and abs(t[3] - size) > EPS:
            print(f"FAIL {text!r} on page {n} is set in {t[3]} pt, want {size}")
            return 1
    print(f"ok {text!r} drawn whole ({', '.join(f'{t[3]:g} pt' for _, t in whole)})")
    return 0


def cmd_inside(path, pad=2.835):
    bad = []
    for n, page in enumerate(load(path), 1):
        for t in page["texts"]:
            cell = cell_of(page, t)
            if cell and (t[0] < cell[0] + pad - EPS or t[0] + t[2] > cell[1] - pad + EPS):
                bad.append(f"{t[4]!r} on page {n} ({t[0]:.3f}..{t[0] + t[2]:.3f}, "
                           f"cell {cell[0]:.3f}..{cell[1]:.3f})")
    if bad:
        print("FAIL text in its cell's padding or past its rules: " + "; ".join(bad[:5]))
        return 1
    print("ok every table text inside its cell's padding")
    return 0


def main(argv):
    if len(argv) >= 5 and argv[1] == "align":
        return cmd_align(argv[2], argv[3], argv[4], *(float(v) for v in argv[5:6]))
    if len(argv) >= 4 and argv[1] == "whole":
        return cmd_whole(argv[2], argv[3], *(float(v) for v in argv[4:5]))
    if len(argv) in (3, 4) and argv[1] == "inside":
        return cmd_inside(argv[2], *(float(v) for v in argv[3:4]))
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
