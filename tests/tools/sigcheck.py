#!/usr/bin/env python3
"""sigcheck.py: measures a signature block (GB/T 9704-2012 7.3.5) from a PDF.

In: MODE PDF [--orgs A,B,...] [--titles A,B,...] [--date TEXT] [--page N], or, to make the
negative controls, move IN.qdf OUT.qdf [--seal N|all] [--text-y Y] [--dx D] [--dy D]
[--blend MODE] (a QDF from qpdf --qdf; run fix-qdf on OUT): seal N (1-based, or all) moved
D pt right and down (its /GwSealN drawn under a cm), the text lines whose baseline is at
PDF y = Y moved D pt right, or every /BM /Multiply made /BM MODE.
Reads the page with `mutool draw -F trace` (every glyph's position and advance, every
image's rectangle and the blend mode of the group it is drawn in) and checks, for the layout
gbt9704 (A4, type area 28 mm from the left, 26 mm from the right, 37 mm from the top, 35 mm
from the bottom; 28 characters by 22 lines):
  joint  (7.3.5.1) one seal per organ, each drawn with Multiply; seals neither touch nor
         overlap; every seal inside the type area; each seal centred on its organ's name
         (the name's em box centred under it, its top on the seal's centre or at most 1 mm
         below); the last seal
         covers the last organ and the date (both below its centre, inside it); the date
         4 characters from the right; the first row's top within one line of the text above;
  plain  (7.3.5.2) the organs one a line in order, starts aligned, the longest 2 characters
         from the right, the date on the next line starting 2 characters right of them, one
         blank line above;
  stamp  (7.3.5.3) two blank lines above; each stamp (Multiply) 4 characters from the right,
         its title ending 2 characters left of it and vertically centred on it; the signers
         one a line; one blank line below the last stamp, the date 4 characters from the
         right;
  text   the date (--date) printed as given, on one line.
Prints what it measured; exit 0 when every check passes, 1 otherwise (with the reasons).
"""
import argparse
import subprocess
import sys
import xml.etree.ElementTree as ET

MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
LEFT, RIGHT = 28 * MM, (210 - 26) * MM
TOP, BOTTOM = 37 * MM, (297 - 35) * MM
CELL = (RIGHT - LEFT) / 28  # the grid's character cell
PITCH = (BOTTOM - TOP) / 22  # the grid's line pitch
TOL = 0.3 * MM


class Line:
    """A text item (a stretch of one fill_text): its string, left and right x, baseline (from
    the top)."""

    def __init__(self, glyphs, size):
        self.text = "".join(g[0] for g in glyphs)
        self.x0 = min(g[1] for g in glyphs)
        self.x1 = max(g[1] + g[3] * size for g in glyphs)
        self.base = PAGE_H - glyphs[0][2]
        self.size = size
        self.top = self.base - 0.88 * size  # the em box (ideographic: 880 / -120)
        self.bottom = self.base + 0.12 * size

    def __repr__(self):
        return f"{self.text!r} x {self.x0 / MM:.2f}-{self.x1 / MM:.2f} mm top {self.top / MM:.2f} mm"


class Image:
    def __init__(self, t, blend):
        a, _, _, d, e, f = (float(v) for v in t.split())
        self.x, self.y, self.w, self.h = e, f, a, d
        self.blend = blend
        self.cx, self.cy = e + a / 2, f + d / 2

    def __repr__(self):
        return (f"image x {self.x / MM:.2f} y {self.y / MM:.2f} w {self.w / MM:.2f} "
                f"h {self.h / MM:.2f} mm {self.blend}")


def read_page(pdf, page):
    xml = subprocess.run(["mutool", "draw", "-F", "trace", "-o", "-", pdf, str(page)],
                         capture_output=True, check=True).stdout
    lines, images, blends = [], [], ["Normal"]
    glyphs, size = [], 0.0
    for ev, el in ET.iterparse(__import__("io").BytesIO(xml), events=("start", "end")):
        if el.tag == "group":
            if ev == "start":
                blends.append(el.get("blendmode", "Normal"))
            else:
                blends.pop()
        elif el.tag == "fill_text" and ev == "start":
            glyphs = []
        elif el.tag == "span" and ev == "start":
            size = float(el.get("trm").split()[0])
        elif el.tag == "g" and ev == "start":
            glyphs.append((el.get("unicode"), float(el.get("x")), float(el.get("y")),
                           float(el.get("adv")), size))
        elif el.tag == "fill_text" and ev == "end" and glyphs:
            # one text object draws many items (src/paint/stream.c): an item ends where the
            # baseline or the size changes, or the next glyph stands more than half an em
            # after the pen (or before it)
            cur = []
            for g in glyphs:
                if cur and (abs(g[2] - cur[-1][2]) > 0.01 or g[4] != cur[-1][4]
                            or g[1] - (cur[-1][1] + cur[-1][3] * cur[-1][4]) > 0.5 * g[4]
                            or g[1] < cur[-1][1]):
                    lines.append(Line(cur, cur[0][4]))
                    cur = []
                cur.append(g)
            lines.append(Line(cur, cur[0][4]))
        elif el.tag == "fill_image" and ev == "start":
            images.append(Image(el.get("transform"), blends[-1]))
    return lines, images


class Checker:
    def __init__(self):
        self.fails = []

    def near(self, what, got, want, tol=TOL):
        ok = abs(got - want) <= tol
        print(f"{'ok ' if ok else 'BAD'} {what}: {got / MM:.2f} mm (want {want / MM:.2f} mm)")
        if not ok:
            self.fails.append(what)

    def true(self, what, ok, detail=""):
        print(f"{'ok ' if ok else 'BAD'} {what}{': ' + detail if detail else ''}")
        if not ok:
            self.fails.append(what)


def find(lines, text, c):
    m = [ln for ln in lines if ln.text == text]
    c.true(f"{text!r} is printed, once, on one line", len(m) == 1, f"{len(m)} found")
    return m[0] if m else None


def last_body_line(lines, below):
    """The text line just above y = below (the body's last line), page numbers aside."""
    above = [ln for ln in lines if ln.base < below - 1]
    return max(above, key=lambda ln: ln.base) if above else None


def joint(lines, images, orgs, date, c):
    names = [find(lines, o, c) for o in orgs]
    dt = find(lines, date, c)
    c.true("one seal per organ", len(images) == len(orgs), f"{len(images)} seals")
    if None in names or not dt or len(images) != len(orgs):
        return
    for im in images:
        print(im)
        c.true("seal drawn with the Multiply blend mode", im.blend == "Multiply", im.blend)
        c.true("seal inside the type area (left, right)",
               im.x >= LEFT - TOL and im.x + im.w <= RIGHT + TOL)
        c.true("seal inside the type area (top, bottom)",
               im.y >= TOP - TOL and im.y + im.h <= BOTTOM + TOL)
    for i, a in enumerate(images):
        for b in images[i + 1:]:
            gap = max(b.x - (a.x + a.w), a.x - (b.x + b.w), b.y - (a.y + a.h), a.y - (b.y + b.h))
            c.true("two seals neither touch nor overlap", gap > 0.5 * MM,
                   f"{gap / MM:.2f} mm apart")
    # the seal of each organ: the one whose centre is nearest the name's top middle
    for name in names:
        mid = (name.x0 + name.x1) / 2
        im = min(images, key=lambda s: abs(s.cx - mid) + abs(s.cy - name.top))
        c.near(f"{name.text}: the name centred under its seal", mid, im.cx)
        c.true(f"{name.text}: the name's top on its seal's centre (or at most 1 mm below)",
               im.cy - TOL <= name.top <= im.cy + 1 * MM,
               f"{(name.top - im.cy) / MM:.2f} mm below")
    last = min(images, key=lambda s: abs(s.cx - (names[-1].x0 + names[-1].x1) / 2)
               + abs(s.cy - names[-1].top))
    for what, ln in (("the last organ", names[-1]), ("the date", dt)):
        c.true(f"the last seal covers {what} (below its centre, inside it)",
               ln.top >= last.cy - TOL and ln.bottom <= last.y + last.h + TOL
               and last.x - TOL <= (ln.x0 + ln.x1) / 2 <= last.x + last.w + TOL)
    c.near("the date 4 characters from the right", dt.x1, RIGHT - 4 * CELL)
    top = min(s.y for s in images)
    body = last_body_line(lines, min(n.top for n in names) - 2 * PITCH)
    if body:
        gap = top - body.bottom
        c.true("the first row's top within one line of the text above", abs(gap) <= PITCH,
               f"{gap / MM:.2f} mm below its last line")
    rows = sorted({round(s.y, 1) for s in images})
    print(f"rows of seals: {len(rows)}")


def plain(lines, images, orgs, date, c):
    names = [find(lines, o, c) for o in orgs]
    dt = find(lines, date, c)
    if None in names or not dt:
        return
    c.true("no seal", not images, f"{len(images)} images")
    for a, b in zip(names, names[1:]):
        c.near(f"{b.text}: one line below {a.text}", b.base - a.base, PITCH)
        c.near(f"{b.text}: its start aligned with {a.text}'s", b.x0, a.x0)
    longest = max(names, key=lambda n: n.x1 - n.x0)
    if dt.x1 - dt.x0 <= longest.x1 - longest.x0:
        c.near("the longest organ 2 characters from the right", longest.x1, RIGHT - 2 * CELL)
        c.near("the date starts 2 characters right of the organs", dt.x0, names[0].x0 + 2 * CELL)
    else:
        c.near("the date 2 characters from the right", dt.x1, RIGHT - 2 * CELL)
        c.near("the organs start 2 characters left of the date", names[0].x0, dt.x0 - 2 * CELL)
    c.near("the date on the line after the last organ", dt.base - names[-1].base, PITCH)
    body = last_body_line(lines, names[0].top)
    if body:
        c.near("one blank line above the first organ", names[0].base - body.base, 2 * PITCH)


def stamp(lines, images, titles, date, c):
    ts = [find(lines, t, c) for t in titles]
    dt = find(lines, date, c)
    if None in ts or not dt:
        return
    for t in ts:
        on = [s for s in images if s.y <= (t.top + t.bottom) / 2 <= s.y + s.h]
        if not on:
            continue  # a signer without a stamp image: its name stands in the stamp's place
        s = on[0]
        print(s)
        c.true(f"{t.text}: the stamp drawn with the Multiply blend mode", s.blend == "Multiply")
        c.near(f"{t.text}: the stamp 4 characters from the right", s.x + s.w, RIGHT - 4 * CELL)
        c.near(f"{t.text}: the title ends 2 characters left of the stamp", t.x1, s.x - 2 * CELL)
        c.near(f"{t.text}: the title vertically centred on the stamp", (t.top + t.bottom) / 2, s.cy)
    c.true("a stamp for a signer", bool(images))
    for a, b in zip(ts, ts[1:]):
        c.near(f"{b.text}: one line below {a.text}", b.base - a.base, PITCH)
        c.near(f"{b.text}: its end aligned with {a.text}'s", b.x1, a.x1)
    body = last_body_line(lines, min([t.top for t in ts] + [s.y for s in images]))
    if body:
        c.near("two blank lines above the first signer", ts[0].base - body.base, 3 * PITCH)
    c.near("the date 4 characters from the right", dt.x1, RIGHT - 4 * CELL)
    low = max([ts[-1].bottom] + [s.y + s.h for s in images])
    gap = dt.top - low
    c.true("one blank line between the last stamp and the date",
           PITCH * 0.5 <= gap <= 2 * PITCH, f"{gap / MM:.2f} mm")
    c.near("the date two lines below the last title", dt.base - ts[-1].base, 2 * PITCH)


def move(argv):
    """The negative controls' edit of a QDF file (see the module's docstring)."""
    import re
    ap = argparse.ArgumentParser(prog="sigcheck.py move")
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--seal")
    ap.add_argument("--text-y", type=float)
    ap.add_argument("--dx", type=float, default=0.0)
    ap.add_argument("--dy", type=float, default=0.0)
    ap.add_argument("--blend")
    a = ap.parse_args(argv)
    s = open(a.src, "rb").read()
    n = 0
    if a.seal:
        name = rb"GwSeal\d+" if a.seal == "all" else b"GwSeal" + a.seal.encode()
        s, n = re.subn(rb"^/(" + name + rb") Do$",
                       lambda m: b"q 1 0 0 1 %.3f %.3f cm /%s Do Q" % (a.dx, -a.dy, m.group(1)),
                       s, flags=re.M)
    elif a.text_y is not None:
        # the item whose baseline is at Y: a text object's first Td is absolute, the others
        # relative (src/paint/stream.c): that item's Td moves by dx, the next Td back by dx
        out, x, y, back = [], 0.0, 0.0, False
        for line in s.split(b"\n"):
            m = re.fullmatch(rb"(-?[\d.]+) (-?[\d.]+) Td", line)
            if line == b"BT":
                x = y = 0.0
                back = False
            elif m:
                dx = float(m.group(1)) - (a.dx if back else 0.0)
                back = False
                x, y = x + float(m.group(1)), y + float(m.group(2))
                if abs(y - a.text_y) <= 0.01 and not n:
                    dx += a.dx
                    back, n = True, 1
                line = b"%.3f %s Td" % (dx, m.group(2))
            out.append(line)
        s = b"\n".join(out)
    elif a.blend:
        s, n = re.subn(rb"/BM /Multiply", b"/BM /" + a.blend.encode(), s)
    open(a.dst, "wb").write(s)
    print(f"{n} edits")
    return 0 if n else 1


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "move":
        return move(sys.argv[2:])
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=("joint", "plain", "stamp", "text"))
    ap.add_argument("pdf")
    ap.add_argument("--orgs", default="")
    ap.add_argument("--titles", default="")
    ap.add_argument("--date", required=True)
    ap.add_argument("--page", type=int, default=1)
    a = ap.parse_args()
    lines, images = read_page(a.pdf, a.page)
    c = Checker()
    if a.mode == "joint":
        joint(lines, images, a.orgs.split(","), a.date, c)
    elif a.mode == "plain":
        plain(lines, images, a.orgs.split(","), a.date, c)
    elif a.mode == "stamp":
        stamp(lines, images, a.titles.split(","), a.date, c)
    else:
        find(lines, a.date, c)
    if c.fails:
        print("FAILED: " + "; ".join(c.fails))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
