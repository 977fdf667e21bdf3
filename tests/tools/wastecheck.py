#!/usr/bin/env python3
"""wastecheck.py: measures the pages of a gongwen --trace (issue 12, points 1 to 4).

In: a trace (gongwen render ... --trace FILE). Out: "ok ..." lines, or "FAIL ..." lines and exit 1.
Python 3 standard library only.

  wastecheck.py waste TRACE... [--max PCT]
      Every page has one line "waste page=N empty=E grid=G reason=R" (E and G in 1/1000 pt) right
      after its "page" line; no page but the last is more than PCT % (25) of its grid empty unless
      R names a forcing rule (anything but "fill"); the numbers are sane (0 <= E <= G).
  wastecheck.py rows TRACE --body RE --label RE [--x-max PT] [--keep N] [--min N]
      Table rows by their first-column texts (runs left of x-max): a header or label row (--label)
      is followed on its page by N (--keep, 2) body rows (--body), or by all the body rows before
      the next label; every page that holds body rows holds at least --min (2) of them.
  wastecheck.py together TRACE RE...
      The runs matching each RE all lie on one page (a row group or sub-group kept whole).
  wastecheck.py onpage TRACE N RE [absent]
      A run matching RE is on page N (or, with "absent", none is).
"""
import re
import sys

FORCING_NOT = {"fill"}


def pages_of(path):
    """[(number, waste dict or None, [(x, y, text)])]"""
    pages = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("page "):
                pages.append([int(line.split()[1]), None, [], len(pages)])
            elif line.startswith("waste "):
                kv = dict(p.split("=", 1) for p in line.split()[1:])
                if pages[-1][1] is not None or pages[-1][2]:
                    pages[-1][1] = "misplaced"
                else:
                    pages[-1][1] = kv
            elif line.startswith("text "):
                m = re.match(r'text (\S+) (\S+) \S+ \S+ \S+ "(.*)"', line)
                if m:
                    t = m.group(3).replace('\\"', '"').replace("\\\\", "\\")
                    pages[-1][2].append((float(m.group(1)), float(m.group(2)), t))
    return pages


def waste(args):
    mx = 25.0
    if "--max" in args:
        i = args.index("--max")
        mx = float(args[i + 1])
        del args[i:i + 2]
    bad = 0
    for path in args:
        pages = pages_of(path)
        if not pages:
            print(f"FAIL {path}: no pages")
            bad += 1
            continue
        worst = []
        for k, (num, w, _, _) in enumerate(pages):
            last = k == len(pages) - 1
            if w is None or w == "misplaced":
                print(f"FAIL {path}: page {num} has {'a misplaced' if w else 'no'} waste line")
                bad += 1
                continue
            try:
                e, g, why = int(w["empty"]), int(w["grid"]), w["reason"]
            except (KeyError, ValueError):
                print(f"FAIL {path}: page {num}: malformed waste line {w}")
                bad += 1
                continue
            if int(w.get("page", -1)) != num or not 0 <= e <= g or g <= 0:
                print(f"FAIL {path}: page {num}: waste line {w} does not fit the page")
                bad += 1
                continue
            if last != (why == "last"):
                print(f"FAIL {path}: page {num}: reason {why} ({'the' if last else 'not the'} last page)")
                bad += 1
            pct = 100.0 * e / g
            if not last and pct > mx:
                if why in FORCING_NOT:
                    print(f"FAIL {path}: page {num} is {pct:.1f} % empty ({e / 1000:.3f} pt) "
                          f"with no forcing rule (reason={why})")
                    bad += 1
                else:
                    worst.append(f"page {num} {pct:.0f} % {why}")
        if not bad:
            extra = f"; forced: {', '.join(worst)}" if worst else ""
            print(f"ok {path}: {len(pages)} pages, none but the last more than {mx:g} % empty "
                  f"without a forcing rule{extra}")
    return bad


def opt(args, name, default=None):
    if name in args:
        i = args.index(name)
        v = args[i + 1]
        del args[i:i + 2]
        return v
    return default


def rows(args):
    body = re.compile(opt(args, "--body"))
    label = re.compile(opt(args, "--label"))
    xmax = float(opt(args, "--x-max", "1e9"))
    keep = int(opt(args, "--keep", "2"))
    least = int(opt(args, "--min", "2"))
    pages = pages_of(args[0])
    seq = []  # (page, kind) in document order
    for num, _, runs, _ in pages:
        for x, y, t in sorted(runs, key=lambda r: (r[1], r[0])):
            if x > xmax:
                continue
            if label.search(t):
                seq.append((num, "L", t))
            elif body.search(t):
                seq.append((num, "B", t))
    bad = 0
    nbody = sum(1 for s in seq if s[1] == "B")
    if nbody == 0:
        print("FAIL rows: no body rows found")
        return 1
    for i, (num, kind, t) in enumerate(seq):
        if kind != "L":
            continue
        want = 0
        for s in seq[i + 1:]:
            if s[1] == "L":
                break
            want += 1
        want = min(want, keep)
        got = 0
        for s in seq[i + 1:]:
            if s[0] != num or s[1] == "L":
                break
            got += 1
        if got < want:
            print(f"FAIL rows: page {num}: \"{t}\" is followed by {got} body row(s) on its page, "
                  f"not {want}")
            bad += 1
    per = {}
    for num, kind, _ in seq:
        if kind == "B":
            per[num] = per.get(num, 0) + 1
    for num, n in sorted(per.items()):
        if n < min(least, nbody):
            print(f"FAIL rows: page {num} holds {n} body row(s) of the table, fewer than {least}")
            bad += 1
    if not bad:
        print(f"ok rows: {nbody} body rows on pages {sorted(per)} ({', '.join(str(per[p]) for p in sorted(per))}); "
              f"every header/label row with {keep} body rows on its page; at least {least} a page")
    return bad


def together(args):
    pages = pages_of(args[0])
    bad = 0
    for rx in args[1:]:
        r = re.compile(rx)
        on = sorted({num for num, _, runs, _ in pages for _, _, t in runs if r.search(t)})
        if not on:
            print(f"FAIL together: nothing matches {rx}")
            bad += 1
        elif len(on) > 1:
            print(f"FAIL together: {rx} is on pages {on}")
            bad += 1
        else:
            print(f"ok together: {rx} on page {on[0]}")
    return bad


def onpage(args):
    path, num, rx = args[0], int(args[1]), re.compile(args[2])
    absent = len(args) > 3 and args[3] == "absent"
    found = any(rx.search(t) for n, _, runs, _ in pages_of(path) if n == num for _, _, t in runs)
    if found == absent:
        print(f"FAIL onpage: {args[2]} {'is' if found else 'is not'} on page {num}")
        return 1
    print(f"ok onpage: {args[2]} {'not ' if absent else ''}on page {num}")
    return 0


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    mode, args = sys.argv[1], sys.argv[2:]
    fn = {"waste": waste, "rows": rows, "together": together, "onpage": onpage}.get(mode)
    if not fn:
        print(__doc__)
        return 2
    return 1 if fn(args) else 0


if __name__ == "__main__":
    sys.exit(main())
