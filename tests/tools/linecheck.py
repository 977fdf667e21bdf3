#!/usr/bin/env python3
"""linecheck.py: measures the line breaking of a rendered PDF or --trace (issue 12, part D).

In: a PDF (read with `mutool draw -F stext`, every character's origin) or a --trace file.
Out: one line per finding on stdout; exit 0 when the rule holds, 1 when not, 2 on bad use.

  linecheck.py stretch PDF [SIZE]   no line at SIZE pt (default 16) is stretched by more than
                                    half a cell + 0.5 pt in all (the blank that a line-end
                                    mark's half cell leaves, GB/T 15834-2011 5.1.10): the sum
                                    over its pairs of CJK characters of how much further apart
                                    they are than the cell (the most common distance between
                                    two CJK origins)
  linecheck.py squeezed PDF N [SIZE] at least N marks are set closer than the cell - 0.25 pt
                                    (squeezed: a mark's blank half removed inside a line)
  linecheck.py lone PDF [SIZE]      no line at SIZE pt holds a single character (marks aside)
  linecheck.py title TRACE WORD...  every WORD lies whole on one line of the title (the
                                    trace's text at 22 pt, lines grouped by their y)
  linecheck.py lineend TRACE TEXT   some line at 16 pt ends with TEXT (e.g. a URL's "gov.")
Python 3 standard library only.
"""
import collections
import html
import re
import subprocess
import sys

TOL = 0.25
PUNCT = set("。，、；：？！．”’）〕】》〉」』～·—…（〔【《〈「『“‘")


def chars(pdf, size):
    out = subprocess.run(["mutool", "draw", "-F", "stext", "-o", "-", pdf],
                         capture_output=True, text=True, check=True).stdout
    page, cur, res = 0, None, []
    for ln in out.splitlines():
        if ln.startswith("<page "):
            page += 1
        m = re.match(r'<font name="[^"]*" size="([0-9.]+)"', ln)
        if m:
            cur = float(m.group(1))
        m = re.search(r'x="([0-9.]+)" y="([0-9.]+)".* c="([^"]*)"', ln)
        if m and cur is not None and abs(cur - size) < 0.01 and html.unescape(m.group(3)).strip():
            res.append((page, round(float(m.group(2)), 1), float(m.group(1)),
                        html.unescape(m.group(3))))
    return res


def lines(pdf, size):
    by = collections.OrderedDict()
    for page, y, x, c in chars(pdf, size):
        by.setdefault((page, y), []).append((x, c))
    return [(k, sorted(v)) for k, v in by.items()]


def cjk(c):
    return len(c) == 1 and ord(c) >= 0x2E80


def cell_of(ls, size):
    gaps = collections.Counter()
    for _, cs in ls:
        for (x1, c1), (x2, c2) in zip(cs, cs[1:]):
            if cjk(c1) and cjk(c2) and c1 not in PUNCT and x2 - x1 <= size + 0.01:
                gaps[round(x2 - x1, 2)] += 1
    if not gaps:
        return None
    return gaps.most_common(1)[0][0]


def text(cs):
    return "".join(c for _, c in cs)


def main(a):
    if len(a) < 2:
        print(__doc__)
        return 2
    cmd = a[0]
    if cmd in ("stretch", "squeezed", "lone"):
        size = float(a[3] if cmd == "squeezed" and len(a) > 3 else
                     a[2] if cmd != "squeezed" and len(a) > 2 else 16)
        ls = lines(a[1], size)
        if not ls:
            print("no text at %g pt" % size)
            return 1
        cell = cell_of(ls, size)
        if cell is None:
            print("no two CJK characters a cell apart at %g pt" % size)
            return 1
        bad = 0
        if cmd == "stretch":
            for (page, y), cs in ls:
                extra = sum(max(0, x2 - x1 - cell) for (x1, c1), (x2, c2) in zip(cs, cs[1:])
                            if cjk(c1) and cjk(c2))
                if extra > cell / 2 + 0.5:
                    bad += 1
                    print("stretched by %.2f pt: page %d y %.1f: %s" % (extra, page, y, text(cs)))
            return 1 if bad else 0
        if cmd == "squeezed":
            n = 0
            for (page, y), cs in ls:
                for (x1, c1), (x2, c2) in zip(cs, cs[1:]):
                    if c1 in PUNCT and x2 - x1 < cell - TOL:
                        n += 1
            print("%d squeezed marks (cell %.2f pt)" % (n, cell))
            return 0 if n >= int(a[2]) else 1
        for (page, y), cs in ls:
            if sum(1 for _, c in cs if c not in PUNCT and c.strip()) <= 1:
                bad += 1
                print("a line of one character: page %d y %.1f: %s" % (page, y, text(cs)))
        return 1 if bad else 0
    if cmd in ("title", "lineend"):
        by = collections.OrderedDict()
        want = "22.000" if cmd == "title" else "16.000"
        for ln in open(a[1], encoding="utf-8"):
            f = ln.split(" ", 6)
            if f[0] == "page":
                page = f[1]
            if f[0] == "text" and f[4] == want:
                t = f[6].strip()
                by.setdefault((page, f[2]), []).append((float(f[1]), t[1:-1]))
        ts = ["".join(t for _, t in sorted(v)) for v in by.values()]
        if cmd == "lineend":
            return 0 if any(t.endswith(a[2]) for t in ts) else 1
        bad = 0
        for w in a[2:]:
            if not any(w in t for t in ts):
                bad += 1
                print("split: %s in %s" % (w, " / ".join(ts)))
        return 1 if bad else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
