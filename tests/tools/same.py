#!/usr/bin/env python3
"""same.py: do two PDFs show the same pages? (issue 14: the output unchanged in what matters)

In:  same.py BASE.pdf NEW.pdf [--only pages,text,glyphs,pixels] [--dpi 100] [--tmp DIR]
Out: one line per check, "ok   CHECK ..." or "FAIL CHECK: the first differences"; exit 0 when
     every check chosen passes, 1 when one fails, 2 on a usage error or a tool that failed.

The checks (python3 stdlib; the external tools are poppler's and mupdf's, as in the suite):
- pages:  the same page count (pdfinfo).
- text:   the same text, byte for byte, from `pdftotext` (reading order). `pdftotext -layout` is
          compared too but only reported (a note, not a failure): it places words on a
          character grid, and a shift of the whole page by 0.005 pt (within the tolerance
          below) already changed the spaces it puts between a table's columns (measured on
          the sample: line 66 of page 3's table), so it cannot be held to byte equality.
- glyphs: every glyph drawn, from `mutool draw -F trace`, matched one to one between the files,
          page by page: same Unicode text, font (its name without the subset tag ABCDEF+, which
          is random per subset), size matrix, painting (fill, stroke, clip, invisible) and
          colour, and the same origin within TOL = 0.01 pt in x and in y. The glyph ids are not
          compared (a subsetter may renumber them) and neither is the order of drawing (a
          writer may group text differently): each glyph of BASE is matched to an unused glyph
          of NEW with the same key within TOL, so every glyph must have its twin and no glyph
          may be left over.
- pixels: every page rendered by pdftoppm at --dpi (100) in 8-bit grey. A pixel "differs" when
          its grey level is more than LEVELS = 64 from that of the same pixel AND of each of its
          eight neighbours in the other render (both ways); a page passes when at most
          MAX_PIXELS = 16 pixels differ. Why, measured on the sample (tests/tools/same_alter.py
          and layouts with margins a few thousandths of a point apart):
          - Splash (poppler's rasteriser) draws a glyph at one of four sub-pixel x offsets:
            a glyph moved by 0.01 or 0.02 pt may shift its image by a quarter pixel, changing
            edge pixels by up to a quarter of the grey range, 64 levels (86 pixels over 48,
            none over 64).
          - Splash snaps thin strokes (stroke adjustment) and text baselines to whole pixels:
            the whole page moved by 0.009 pt left, or 0.003 pt down, put some table rules one
            pixel over, i.e. hundreds of pixels differing by up to 255 levels, although every
            glyph was within 0.009 pt. mutool's renderer did the same (up to 244 levels). A
            one-pixel neighbourhood absorbs that; positions finer than a pixel are the glyph
            check's job (0.01 pt), not this one's.
          What this check does catch: a missing rule (676 pixels), two glyphs exchanged (170),
          a text item moved by 1 pt (625), a page missing; anything drawn differently that is
          not a glyph (rules, seals, images, colours). MAX_PIXELS leaves room for a rounding
          step on a few pixels, far below what a real change makes.
"""
import os
import re
import subprocess
import sys
import tempfile
from xml.etree import ElementTree

TOL = 0.01  # pt: the "same glyph positions within 0.01 pt"
LEVELS = 64  # grey levels (of 255) a pixel may differ by (anti-aliasing), see above
MAX_PIXELS = 16  # pixels per page that may differ by more than LEVELS, see above
CHECKS = ("pages", "text", "glyphs", "pixels")


def run(args):
    r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: exit {r.returncode}: {r.stderr.decode(errors='replace')[:300]}")
    return r.stdout


def pages(path):
    m = re.search(rb"^Pages:\s+(\d+)", run(["pdfinfo", path]), re.M)
    return int(m.group(1)) if m else -1


def check_pages(a, b, tmp):
    na, nb = pages(a), pages(b)
    return (na == nb), f"{na} pages" if na == nb else f"{na} pages against {nb}"


def check_text(a, b, tmp):
    ta, tb = run(["pdftotext", a, "-"]), run(["pdftotext", b, "-"])
    if ta != tb:
        la, lb = ta.decode().splitlines(), tb.decode().splitlines()
        for i, (x, y) in enumerate(zip(la + [""] * len(lb), lb + [""] * len(la))):
            if x != y:
                return False, f"pdftotext: line {i + 1}: {x!r} against {y!r}"
    note = ""
    if run(["pdftotext", "-layout", a, "-"]) != run(["pdftotext", "-layout", b, "-"]):
        note = " (note: pdftotext -layout differs; not a failure, see same.py's header)"
    return True, f"pdftotext identical ({len(ta)} bytes){note}"


def glyphs(path, tmp):
    """Per page, a list of (key, x, y) of every glyph mutool's trace device reports."""
    out = os.path.join(tmp, os.path.basename(path) + ".trace.xml")
    run(["mutool", "draw", "-q", "-F", "trace", "-o", out, path])
    result = []
    page = None
    op = None
    span = None
    for event, el in ElementTree.iterparse(out, events=("start", "end")):
        if event == "start":
            if el.tag == "page":
                page = []
                result.append(page)
            elif el.tag.endswith("_text"):
                op = (el.tag, el.get("colorspace", ""), el.get("color", ""))
            elif el.tag == "span":
                font = re.sub(r"^[A-Z]{6}\+", "", el.get("font", ""))
                trm = " ".join(f"{float(v):.3f}" for v in el.get("trm", "").split())
                span = (font, trm, el.get("wmode", ""))
            elif el.tag == "g":
                page.append((op + span + (el.get("unicode", ""),), float(el.get("x")), float(el.get("y"))))
        elif el.tag == "page":
            el.clear()
    return result


def check_glyphs(a, b, tmp):
    ga, gb = glyphs(a, tmp), glyphs(b, tmp)
    if len(ga) != len(gb):
        return False, f"{len(ga)} pages against {len(gb)}"
    total = worst = 0
    for n, (pa, pb) in enumerate(zip(ga, gb), 1):
        pool = {}
        for key, x, y in pb:
            pool.setdefault(key, []).append((x, y))
        for key, x, y in pa:
            cands = pool.get(key, [])
            best = None
            for i, (bx, by) in enumerate(cands):
                d = max(abs(bx - x), abs(by - y))
                if best is None or d < best[0]:
                    best = (d, i)
            if best is None or best[0] > TOL:
                near = "" if best is None else f"; nearest same glyph {best[0]:.4f} pt away"
                return False, (f"page {n}: {key[-1]!r} ({key[3]} {key[4]}, {key[0]}) at ({x}, {y}) "
                               f"has no twin within {TOL} pt{near}")
            worst = max(worst, best[0])
            cands.pop(best[1])
            total += 1
        left = [(k[-1], xy) for k, v in pool.items() for xy in v]
        if left:
            return False, f"page {n}: {len(left)} glyph(s) only in the second file, e.g. {left[0]!r}"
    return True, f"{total} glyphs on {len(ga)} pages, each within {TOL} pt (largest offset {worst:.4f} pt)"


def pgm(path):
    data = open(path, "rb").read()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    w, h = int(m.group(1)), int(m.group(2))
    return w, h, data[m.end() :]


def unexplained(da, db, w, h):
    """(pixels that differ by more than LEVELS from every pixel within one pixel of them in the
    other image, looked at both ways; the largest plain difference). Only the rows that differ
    are looked at pixel by pixel."""
    over = big = 0
    for r in range(h):
        ra, rb = da[r * w : (r + 1) * w], db[r * w : (r + 1) * w]
        if ra == rb:
            continue
        for c in range(w):
            p, q = ra[c], rb[c]
            d = abs(p - q)
            if d <= LEVELS:
                big = max(big, d)
                continue
            big = max(big, d)
            for v, other in ((p, db), (q, da)):
                if not any(
                    abs(v - other[y * w + x]) <= LEVELS
                    for y in range(max(r - 1, 0), min(r + 2, h))
                    for x in range(max(c - 1, 0), min(c + 2, w))
                ):
                    over += 1
                    break
    return over, big


def check_pixels(a, b, tmp, dpi):
    files = {}
    for tag, path in (("a", a), ("b", b)):
        prefix = os.path.join(tmp, "px-" + tag)
        run(["pdftoppm", "-r", str(dpi), "-gray", path, prefix])
        files[tag] = sorted(f for f in os.listdir(tmp) if f.startswith("px-" + tag + "-"))
    if len(files["a"]) != len(files["b"]):
        return False, f"{len(files['a'])} pages rendered against {len(files['b'])}"
    worst = (0, 0, 0)  # (pixels over LEVELS, largest difference, page)
    for n, (fa, fb) in enumerate(zip(files["a"], files["b"]), 1):
        wa, ha, da = pgm(os.path.join(tmp, fa))
        wb, hb, db = pgm(os.path.join(tmp, fb))
        os.remove(os.path.join(tmp, fa))
        os.remove(os.path.join(tmp, fb))
        if (wa, ha) != (wb, hb):
            return False, f"page {n}: {wa}x{ha} pixels against {wb}x{hb}"
        if da == db:
            continue
        over, big = unexplained(da, db, wa, ha)
        worst = max(worst, (over, big, n))
        if over > MAX_PIXELS:
            return False, (f"page {n}: {over} pixels differ by more than {LEVELS} grey levels from "
                           f"their neighbours in the other render (at most {MAX_PIXELS} may; "
                           f"largest difference {big})")
    return True, (f"{len(files['a'])} pages at {dpi} dpi; worst page {worst[2] or '-'}: "
                  f"{worst[0]} pixels over {LEVELS} levels from their neighbours, largest difference {worst[1]}")


def main(argv):
    args = argv[1:]
    only, dpi, tmp = list(CHECKS), 100, None
    files = []
    while args:
        x = args.pop(0)
        if x == "--only" and args:
            only = args.pop(0).split(",")
        elif x == "--dpi" and args:
            dpi = int(args.pop(0))
        elif x == "--tmp" and args:
            tmp = args.pop(0)
        else:
            files.append(x)
    if len(files) != 2 or any(c not in CHECKS for c in only):
        print("usage: same.py BASE.pdf NEW.pdf [--only pages,text,glyphs,pixels] [--dpi 100] [--tmp DIR]", file=sys.stderr)
        return 2
    a, b = files
    failed = False
    with tempfile.TemporaryDirectory(dir=tmp) as t:
        for c in only:
            try:
                if c == "pixels":
                    ok, msg = check_pixels(a, b, t, dpi)
                else:
                    ok, msg = globals()["check_" + c](a, b, t)
            except (RuntimeError, OSError, ElementTree.ParseError) as e:
                print(f"same.py: {c}: {e}", file=sys.stderr)
                return 2
            print(f"{'ok  ' if ok else 'FAIL'} {c}: {msg}")
            failed |= not ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
