#!/usr/bin/env python3
"""tablepos.py: two renderings lay out their tables identically (from gongwen's --trace).

Usage: tablepos.py A.trace B.trace

Out: exit 0 when
  (1) the table text of A and B is identical: every trace line "text X Y W SIZE FONT "T"" that
      lies inside a table (a vertical rule stands at or left of X and one at or right of X + W,
      both reaching the baseline Y: a cell's side borders, as textcheck.py's trace_text reads
      it) is the same in both, on the same page, in the same order (x, y, width, size, font,
      text);
  (2) the rules ("rule X1 Y1 X2 Y2 WIDTH" lines) are identical, page by page;
  (3) there is table text at all (A holds at least one table).
The text outside the tables may differ. On a difference, the first few differing lines are
printed.
"""
import re
import sys

TEXT_RE = re.compile(r'text (\S+) (\S+) (\S+) \S+ \S+ ".*"$')


def read(path):
    """[(page, rule lines, table text lines)], lines as written in the trace."""
    pages = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("page "):
            pages.append((line.split()[1], [], []))
        elif line.startswith("rule "):
            pages[-1][1].append(line)
        elif line.startswith("text "):
            pages[-1][2].append(line)
    out = []
    for page, rules, texts in pages:
        vr = []
        for r in rules:
            x1, y1, x2, y2 = (float(v) for v in r.split()[1:5])
            if abs(x1 - x2) < 0.01:
                vr.append((x1, min(y1, y2), max(y1, y2)))
        inside = []
        for t in texts:
            m = TEXT_RE.match(t)
            if not m:
                raise SystemExit(f"tablepos: {path}: unreadable trace line: {t}")
            x, y, w = float(m.group(1)), float(m.group(2)), float(m.group(3))
            left = any(rx <= x + 0.01 and y0 <= y <= y1 for rx, y0, y1 in vr)
            right = any(rx >= x + w - 0.01 and y0 <= y <= y1 for rx, y0, y1 in vr)
            if left and right:
                inside.append(t)
        out.append((page, rules, inside))
    return out


def flat(pages, k):
    return [f"page {p[0]}: {line}" for p in pages for line in p[k]]


def diff(what, a, b):
    if a == b:
        return []
    i = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
    msg = [f"{what} differ at line {i + 1} ({len(a)} in A, {len(b)} in B):"]
    msg += [f"  A: {a[j] if j < len(a) else '(none)'}\n  B: {b[j] if j < len(b) else '(none)'}"
            for j in range(i, min(i + 3, max(len(a), len(b))))]
    return msg


def main():
    if len(sys.argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    a, b = read(sys.argv[1]), read(sys.argv[2])
    ta, tb = flat(a, 2), flat(b, 2)
    ra, rb = flat(a, 1), flat(b, 1)
    bad = diff("table text lines", ta, tb) + diff("rules", ra, rb)
    if not ta:
        bad.append("no table text in A")
    if bad:
        print("\n".join(bad))
        return 1
    print(f"ok: {len(ta)} table text lines and {len(ra)} rules identical, "
          f"on page(s) {','.join(sorted(set(p[0] for p in a if p[2]), key=int))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
