#!/usr/bin/env python3
"""flowcheck.py: measures the 附件 pages, the 版记 and the page numbers of a gongwen PDF.

In: a command and a PDF. Out: nothing and exit 0 when the check holds; the reason on stderr
and exit 1 otherwise. Everything is measured from the PDF: rules (width, position) from
`mutool draw -F trace`, words (position, text) from `pdftotext -bbox`. Lengths in mm; the
page geometry is gbt9704's unless given (--top/--bottom/--left/--right margins, --lines).

  record PDF            GB/T 9704-2012 7.4 on the last page: first and last rule --outer mm
                        (0.35), those between --inner mm (0.25), +-0.05; all as wide as the
                        type area (+-0.3); the last on the type area's bottom edge (+-0.3); the
                        印发 line (the words between the last two rules) starts 1 字 from the
                        left and ends 1 字 from the right (1 字 = the line's text size, +-10 %)
  even PDF              the 版记 is on the last page, and that page's number is even
  blank PDF --expect yes|no   a blank page (nothing on it) is right before the 版记 page
  numbers PDF [--absent 3,4]  every page carries "N" (in its number line below the type
                        area) with N its page number, except the pages listed, which carry none
  attach PDF --page N --label L --title T   page N: L flush left on line 1 of the type area,
                        T (its first line) centred on line 3
  header PDF --pages A-B --text W   the word W opens the type area of each page A..B
                        (a repeated table header)
"""
import argparse
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

PT = 72 / 25.4  # points per mm


def fail(msg):
    print(f"flowcheck: {msg}", file=sys.stderr)
    sys.exit(1)


def words(pdf):
    """Per page (1-based list index 0 = page 1): [(xmin, ymin, xmax, ymax, text)] in pt."""
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, check=True).stdout
    out = re.sub(rb"<!DOCTYPE[^>]*>", b"", out)
    root = ET.fromstring(out)
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    pages = []
    for pg in root.iter("{http://www.w3.org/1999/xhtml}page"):
        ws = []
        for w in pg.findall("h:word", ns):
            ws.append((float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")),
                       float(w.get("yMax")), w.text or ""))
        pages.append(ws)
    return pages


def rules(pdf, page, height):
    """Stroked straight lines of a page: [(x0, y0, x1, y1, width)] in pt, y from the top."""
    out = subprocess.run(["mutool", "draw", "-F", "trace", "-o", "-", pdf, str(page)],
                         capture_output=True, check=True).stdout.decode()
    res = []
    for m in re.finditer(r'<stroke_path linewidth="([^"]+)"[^>]*>(.*?)</stroke_path>', out, re.S):
        lw = float(m.group(1))
        pts = [(float(x), float(y)) for x, y in re.findall(r'<(?:moveto|lineto) x="([^"]+)" y="([^"]+)"/>', m.group(2))]
        for a, b in zip(pts, pts[1:]):
            res.append((a[0], height - a[1], b[0], height - b[1], lw))
    return res


def npages(pdf):
    out = subprocess.run(["pdfinfo", pdf], capture_output=True, check=True).stdout.decode()
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def geometry(a):
    g = dict(w=210 * PT, h=297 * PT, top=a.top * PT, bottom=(297 - a.bottom) * PT,
             left=a.left * PT, right=(210 - a.right) * PT)
    g["pitch"] = (g["bottom"] - g["top"]) / a.lines
    return g


def record_rules(a, g, page):
    """The 版记's rules on page: the horizontal ones as wide as the type area, top down, but a
    table's (a vertical rule ends on it or crosses it: a table's row rules are drawn merged
    into one line as wide as the table, src/paint/stream.c)."""
    all_rules = rules(a.pdf, page, g["h"])
    vert = [r for r in all_rules if abs(r[0] - r[2]) < 0.01 and abs(r[1] - r[3]) >= 0.01]

    def in_table(r):
        return any(min(v[1], v[3]) - 0.01 <= r[1] <= max(v[1], v[3]) + 0.01
                   and min(r[0], r[2]) - 0.01 <= v[0] <= max(r[0], r[2]) + 0.01 for v in vert)
    rs = [r for r in all_rules if abs(r[1] - r[3]) < 0.01
          and abs(min(r[0], r[2]) - g["left"]) < 0.3 * PT and abs(max(r[0], r[2]) - g["right"]) < 0.3 * PT
          and not in_table(r)]
    return sorted(rs, key=lambda r: r[1])


def cmd_record(a, g):
    n = npages(a.pdf)
    rs = record_rules(a, g, n)
    if len(rs) < 2:
        fail(f"page {n}: {len(rs)} rule(s) as wide as the type area, want 2 or more")
    for i, r in enumerate(rs):
        want = a.outer if i in (0, len(rs) - 1) else a.inner
        got = r[4] / PT
        if abs(got - want) > 0.05:
            fail(f"page {n}: rule {i + 1} of {len(rs)} is {got:.3f} mm wide, want {want} +-0.05")
    last = rs[-1][1] / PT
    if abs(last - g["bottom"] / PT) > 0.3:
        fail(f"page {n}: the last rule is {last:.2f} mm from the page top, want {g['bottom'] / PT:.2f} +-0.3")
    lo, hi = rs[-2][1], rs[-1][1]
    line = [w for w in words(a.pdf)[n - 1] if w[1] > lo and w[3] < hi]
    if not line:
        fail(f"page {n}: no words between the last two rules (the 印发 line)")
    size = max(w[3] - w[1] for w in line)
    left = min(w[0] for w in line) - g["left"]
    right = g["right"] - max(w[2] for w in line)
    for side, gap in (("left", left), ("right", right)):
        if abs(gap - size) > 0.1 * size:
            fail(f"page {n}: the 印发 line is {gap / PT:.2f} mm from the type area's {side} edge, "
                 f"want 1 字 ({size / PT:.2f} mm) +-10 %")


def cmd_even(a, g):
    n = npages(a.pdf)
    if len(record_rules(a, g, n)) < 2:
        fail(f"the last page ({n}) has no 版记 rules")
    if n % 2:
        fail(f"the 版记 is on page {n}, an odd page")


def blank_page(a, g, ws, p):
    return not ws[p - 1] and not rules(a.pdf, p, g["h"])


def cmd_blank(a, g):
    n = npages(a.pdf)
    ws = words(a.pdf)
    got = n >= 2 and blank_page(a, g, ws, n - 1)
    if got != (a.expect == "yes"):
        fail(f"page {n - 1} (before the 版记 page {n}) is {'blank' if got else 'not blank'}, want "
             f"{'a blank page' if a.expect == 'yes' else 'none'}")
    for p in range(1, n - 1):
        if blank_page(a, g, ws, p):
            fail(f"page {p} is blank")


def cmd_numbers(a, g):
    absent = {int(x) for x in a.absent.split(",") if x} if a.absent else set()
    ws = words(a.pdf)
    for p, pw in enumerate(ws, 1):
        below = [w for w in pw if w[1] > g["bottom"]]
        nums = [w[4] for w in below if re.fullmatch(r"\d+", w[4])]
        if p in absent and below:
            fail(f"page {p} carries a page number ({' '.join(w[4] for w in below)}), want none")
        if p not in absent and nums != [str(p)]:
            fail(f"page {p} carries {nums or 'no page number'}, want {p}")


def cmd_attach(a, g):
    ws = words(a.pdf)
    if a.page > len(ws):
        fail(f"no page {a.page}")
    pw = ws[a.page - 1]
    lab = [w for w in pw if w[4] == a.label]
    if not lab:
        fail(f"page {a.page}: no word \"{a.label}\"")
    w = lab[0]
    if abs(w[0] - g["left"]) > 0.5 or abs(w[1] - g["top"]) > 1:
        fail(f"page {a.page}: \"{a.label}\" at x {(w[0] - g['left']) / PT:.2f} mm, y "
             f"{(w[1] - g['top']) / PT:.2f} mm from the type area's top left, want 0, 0 (line 1, flush left)")
    if any(o[1] < w[1] - 1 for o in pw):
        fail(f"page {a.page}: text above \"{a.label}\"")
    tw = [o for o in pw if o[4] and a.title.startswith(o[4])]
    if not tw:
        fail(f"page {a.page}: no title \"{a.title}\"")
    t = tw[0]
    line3 = g["top"] + 2 * g["pitch"]
    if abs(t[1] - line3) > 1:
        fail(f"page {a.page}: the title's top is {(t[1] - g['top']) / g['pitch'] + 1:.2f} lines down, want line 3")
    mid = (g["left"] + g["right"]) / 2
    if abs((t[0] + t[2]) / 2 - mid) > 0.5 * PT:
        fail(f"page {a.page}: the title's centre is {((t[0] + t[2]) / 2 - mid) / PT:.2f} mm off the type area's")


def cmd_header(a, g):
    ws = words(a.pdf)
    lo, hi = (int(x) for x in a.pages.split("-"))
    for p in range(lo, hi + 1):
        if p > len(ws) or not ws[p - 1]:
            fail(f"no page {p} or nothing on it")
        body = [w for w in ws[p - 1] if w[1] < g["bottom"]]
        first = min(body, key=lambda w: (round(w[1]), w[0]))
        top = [w for w in body if abs(w[1] - first[1]) < 3]
        if not any(w[4] == a.text for w in top):
            fail(f"page {p}: the first line holds {[w[4] for w in top]}, not \"{a.text}\"")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["record", "even", "blank", "numbers", "attach", "header"])
    ap.add_argument("pdf")
    ap.add_argument("--top", type=float, default=37)
    ap.add_argument("--bottom", type=float, default=35)
    ap.add_argument("--left", type=float, default=28)
    ap.add_argument("--right", type=float, default=26)
    ap.add_argument("--lines", type=int, default=22)
    ap.add_argument("--outer", type=float, default=0.35)
    ap.add_argument("--inner", type=float, default=0.25)
    ap.add_argument("--expect", choices=["yes", "no"])
    ap.add_argument("--absent")
    ap.add_argument("--page", type=int)
    ap.add_argument("--label")
    ap.add_argument("--title")
    ap.add_argument("--pages")
    ap.add_argument("--text")
    a = ap.parse_args()
    g = geometry(a)
    globals()["cmd_" + a.cmd](a, g)


if __name__ == "__main__":
    main()
