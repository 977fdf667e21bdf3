#!/usr/bin/env python3
"""same.py: do two PDFs show the same pages? (issue 14: the output unchanged in what matters)

In:  same.py BASE.pdf NEW.pdf [--only pages,text,glyphs,pixels] [--dpi 100] [--tmp DIR]
Out: one line per check, "ok   CHECK ..." or "FAIL CHECK: the first differences"; exit 0 when
     every check chosen passes, 1 when one fails, 2 on a usage error or a tool that failed.

The checks (python3 stdlib; the external tools are poppler's and mupdf's, as in the suite):
- pages:  the same page count (pdfinfo).
- text:   the same text, byte for byte, from `pdftotext` in its reading-order mode and with
          -layout (which places words by their positions, so spacing changes would show).
- glyphs: every glyph drawn, from `mutool draw -F trace`, matched one to one between the files,
          page by page: same Unicode text, font (its name without the subset tag ABCDEF+, which
          is random per subset), size matrix, painting (fill, stroke, clip, invisible) and
          colour, and the same origin within TOL = 0.01 pt in x and in y. The glyph ids are not
          compared (a subsetter may renumber them) and neither is the order of drawing (a
          writer may group text differently): each glyph of BASE is matched to an unused glyph
          of NEW with the same key within TOL, so every glyph must have its twin and no glyph
          may be left over.
- pixels: every page rendered by pdftoppm at --dpi (100) in 8-bit grey. A pixel "differs" when
          its grey levels differ by more than LEVELS = 64; a page passes when at most
          MAX_PIXELS = 16 pixels differ. Why: poppler's rasteriser (Splash) draws a glyph at one
          of four sub-pixel x offsets (quarter pixels), so moving a glyph by even 0.01 pt can
          shift its image by a quarter pixel, changing edge pixels by up to a quarter of the
          grey range, 64 levels: that is the anti-aliasing allowed. Measured on the sample's
          page 1 with the title's first text item moved (tests/tools/same_alter.py move=D):
          0.01 pt and 0.02 pt: at most 64 levels (86 pixels over 48, none over 64); 0.1 pt: one
          pixel at 65; 0.2 pt: 109 pixels over 64 (fails); 0.3 pt: 527 (fails). A missing
          rule (0.5 pt wide, hundreds of pixels long): 678 pixels over 64, up to 255; two
          glyphs exchanged: 255 pixels. MAX_PIXELS leaves room for a rounding step of a few
          edge pixels, far below what a real change makes. Note that Splash rounds text to
          whole pixels vertically: a baseline moved across a pixel boundary fails here even
          within 0.01 pt (the pages would then not be pixel-identical at 100 dpi).
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
    for mode in ([], ["-layout"]):
        ta = run(["pdftotext", *mode, a, "-"])
        tb = run(["pdftotext", *mode, b, "-"])
        if ta != tb:
            la, lb = ta.decode().splitlines(), tb.decode().splitlines()
            for i, (x, y) in enumerate(zip(la + [""] * len(lb), lb + [""] * len(la))):
                if x != y:
                    return False, f"pdftotext {' '.join(mode) or '(reading order)'}: line {i + 1}: {x!r} against {y!r}"
    return True, f"pdftotext and pdftotext -layout identical ({len(ta)} bytes)"


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
        over = big = 0
        for r in range(ha):  # only the rows that differ are looked at pixel by pixel
            ra, rb = da[r * wa : (r + 1) * wa], db[r * wa : (r + 1) * wa]
            if ra != rb:
                for p, q in zip(ra, rb):
                    d = abs(p - q)
                    big = max(big, d)
                    over += d > LEVELS
        worst = max(worst, (over, big, n))
        if over > MAX_PIXELS:
            return False, (f"page {n}: {over} pixels differ by more than {LEVELS} grey levels "
                           f"(at most {MAX_PIXELS} may; largest difference {big})")
    return True, (f"{len(files['a'])} pages at {dpi} dpi; worst page {worst[2] or '-'}: "
                  f"{worst[0]} pixels over {LEVELS} levels, largest difference {worst[1]}")


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
