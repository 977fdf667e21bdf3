#!/usr/bin/env python3
"""headcheck.py: measures the 版头 of page 1 of a PDF (GB/T 9704-2012 7.2, 10.1-10.3).

In: a PDF written by gongwen and what to check. Out: one line per failed check ("FAIL ...")
and exit 1, or exit 0. Everything is measured from `mutool draw -F trace` (text with its
colour, font matrix and glyph positions; stroked paths with their width and colour), never
from gongwen's own trace.

The 标志 is the red text of page 1 (red: R >= 0.8, G and B <= 0.5); its em box top is the
baseline minus 0.88 em (the ideographic em box gongwen sets every line in). Checks:
  --issuer-top MM     the 标志's em top MM (+-1) below the type area's top
                      (--letter: below the page's top)
  --centred           the 标志 centred in the type area (+-0.5 mm), never wider than it
  --compressed        the 标志 drawn with a horizontal scale below 1 (and not wider)
  --stack N           N stacked organ lines with one suffix to their right, vertically
                      centred on the stack (+-0.5 mm)
  --rule LEN          one red rule LEN (+-0.3) mm long, 4 (+-0.5) mm below the em bottom of
                      the text line right above it (the 发文字号); --letter: red double rules
                      LEN long, thick over thin 4 mm below the 标志, thin over thick 20 mm
                      above the page's bottom
  --line TEXT=N       a text starting with TEXT flush left on grid line N (+-0.5 mm)
  --signers N         "签发人：" and N names in a 楷 face, the block flush right 1 字 in; the
                      发文字号 1 字 in from the left on the last name's line
  --no-number-page1   no page number (a line of digits in the bottom margin) on page 1
The page geometry defaults to gbt9704: --top 37 --left 28 --width 156 --height 225 --lines
22 --chars 28 (millimetres).
"""
import argparse
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

MM = 72 / 25.4


def trace(pdf, page):
    out = subprocess.run(["mutool", "draw", "-F", "trace", "-o", "-", pdf, str(page)],
                         capture_output=True, check=True).stdout
    return ET.fromstring(out)


def is_red(el):
    c = [float(x) for x in el.get("color", "0").split()]
    return el.get("colorspace") == "DeviceRGB" and len(c) == 3 and c[0] >= 0.8 and \
        c[1] <= 0.5 and c[2] <= 0.5


def runs(root, page_h):
    """Text runs: one per span, with its glyphs; y from the page's top (baseline)."""
    out = []
    for ft in root.iter("fill_text"):
        for sp in ft.iter("span"):
            trm = [float(x) for x in sp.get("trm").split()]
            gs = [(g.get("unicode"), float(g.get("x")), page_h - float(g.get("y")),
                   float(g.get("adv"))) for g in sp.iter("g")]
            # one text object draws many runs (src/paint/stream.c), and mutool's span goes on
            # across them while font and size stay: a run ends where the baseline changes
            # or the next glyph stands more than half an em after the pen
            pieces, cur = [], []
            for g in gs:
                if cur and (abs(g[2] - cur[-1][2]) > 0.01
                            or g[1] - (cur[-1][1] + cur[-1][3] * trm[0]) > 0.5 * trm[3]
                            or g[1] < cur[-1][1]):
                    pieces.append(cur)
                    cur = []
                cur.append(g)
            if cur:
                pieces.append(cur)
            for gs in pieces:
                x0 = gs[0][1]
                x1 = max(g[1] + g[3] * trm[0] for g in gs)
                out.append({"text": "".join(g[0] for g in gs), "x0": x0, "x1": x1,
                            "base": gs[0][2], "size": trm[3], "scale": trm[0] / trm[3],
                            "font": sp.get("font"), "red": is_red(ft)})
    return out


def lines_of(runs_):
    """Runs grouped by baseline (0.1 pt), left to right, top to bottom."""
    by = {}
    for r in runs_:
        by.setdefault(round(r["base"], 1), []).append(r)
    res = []
    for base in sorted(by):
        rs = sorted(by[base], key=lambda r: r["x0"])
        res.append({"base": base, "text": "".join(r["text"] for r in rs), "x0": rs[0]["x0"],
                    "x1": max(r["x1"] for r in rs), "size": max(r["size"] for r in rs),
                    "runs": rs})
    return res


def strokes(root, page_h):
    out = []
    for sp in root.iter("stroke_path"):
        pts = [(float(p.get("x")), page_h - float(p.get("y"))) for p in sp
               if p.tag in ("moveto", "lineto")]
        for a, b in zip(pts[::2], pts[1::2]):
            out.append({"x0": min(a[0], b[0]), "x1": max(a[0], b[0]), "y": (a[1] + b[1]) / 2,
                        "lw": float(sp.get("linewidth")), "red": is_red(sp),
                        "horizontal": abs(a[1] - b[1]) < 0.01})
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pdf")
    for k, v in (("top", 37), ("left", 28), ("width", 156), ("height", 225)):
        ap.add_argument("--" + k, type=float, default=v)
    ap.add_argument("--lines", type=int, default=22)
    ap.add_argument("--chars", type=int, default=28)
    ap.add_argument("--letter", action="store_true")
    ap.add_argument("--issuer-top", type=float)
    ap.add_argument("--centred", action="store_true")
    ap.add_argument("--compressed", action="store_true")
    ap.add_argument("--stack", type=int)
    ap.add_argument("--rule", type=float)
    ap.add_argument("--line", action="append", default=[])
    ap.add_argument("--signers", type=int)
    ap.add_argument("--no-number-page1", action="store_true")
    a = ap.parse_args()

    root = trace(a.pdf, 1)
    page = root.find("page")
    mb = [float(x) for x in page.get("mediabox").split()]
    page_h = mb[3]
    top, left = a.top * MM, a.left * MM
    width, height = a.width * MM, a.height * MM
    pitch = height / a.lines
    cell = width / a.chars
    rs = runs(root, page_h)
    fails = []

    def fail(msg):
        fails.append(msg)

    red = [r for r in rs if r["red"]]
    if any(v is not None and v is not False for v in
           (a.issuer_top, a.stack)) or a.centred or a.compressed:
        if not red:
            fail("no red text on page 1 (the 发文机关标志)")
    if red:
        em_top = min(r["base"] - 0.88 * r["size"] for r in red)
        em_bottom = max(r["base"] + 0.12 * r["size"] for r in red)
        x0 = min(r["x0"] for r in red)
        x1 = max(r["x1"] for r in red)
        if a.issuer_top is not None:
            ref = 0 if a.letter else top
            got = (em_top - ref) / MM
            if abs(got - a.issuer_top) > 1:
                fail(f"the 标志's em top is {got:.2f} mm below the "
                     f"{'page' if a.letter else 'type area'}'s top, want {a.issuer_top} +-1")
        if a.centred:
            off = ((x0 + x1) / 2 - (left + width / 2)) / MM
            if abs(off) > 0.5:
                fail(f"the 标志 is {off:+.2f} mm off the type area's centre (+-0.5)")
        if a.centred or a.compressed:
            if x0 < left - 0.05 or x1 > left + width + 0.05:
                fail(f"the 标志 spans {(x0 - left) / MM:.2f} to {(x1 - left) / MM:.2f} mm "
                     f"of a type area {a.width} mm wide")
        if a.compressed and not all(r["scale"] < 0.999 for r in red):
            fail("the 标志 is not drawn compressed (horizontal scale 1)")
        if a.stack:
            # the suffix is the rightmost run; the organs every other line's runs
            suffix = max(red, key=lambda r: r["x1"])
            organ_runs = [r for r in red if r is not suffix]
            bases = sorted({round(r["base"], 1) for r in organ_runs})
            if len(bases) != a.stack:
                fail(f"{len(bases)} organ lines in the 标志, want {a.stack}")
            elif organ_runs:
                s_top = min(r["base"] - 0.88 * r["size"] for r in organ_runs)
                s_bot = max(r["base"] + 0.12 * r["size"] for r in organ_runs)
                mid = (suffix["base"] - 0.88 * suffix["size"] + suffix["base"] +
                       0.12 * suffix["size"]) / 2
                if abs(mid - (s_top + s_bot) / 2) > 0.5 * MM:
                    fail(f"the suffix \"{suffix['text']}\" is centred "
                         f"{(mid - (s_top + s_bot) / 2) / MM:+.2f} mm off the stack's middle")
                if suffix["x0"] < max(r["x1"] for r in organ_runs) - 0.01:
                    fail("the suffix is not to the right of the organs")
    if a.rule is not None:
        st = [s for s in strokes(root, page_h) if s["red"] and s["horizontal"]]
        if a.letter:
            upper = sorted([s for s in st if s["y"] < page_h / 2], key=lambda s: s["y"])
            lower = sorted([s for s in st if s["y"] >= page_h / 2], key=lambda s: s["y"])
            if len(upper) != 2 or len(lower) != 2:
                fail(f"{len(upper)} red rules in the upper half and {len(lower)} in the lower "
                     "half of page 1, want 2 and 2")
            else:
                for s in upper + lower:
                    if abs((s["x1"] - s["x0"]) / MM - a.rule) > 0.3:
                        fail(f"a red rule is {(s['x1'] - s['x0']) / MM:.2f} mm long, "
                             f"want {a.rule} +-0.3")
                if not upper[0]["lw"] > upper[1]["lw"]:
                    fail("the upper double rule is not thick over thin")
                if not lower[0]["lw"] < lower[1]["lw"]:
                    fail("the lower double rule is not thin over thick")
                if red:
                    gap = (upper[0]["y"] - em_bottom) / MM
                    if abs(gap - 4) > 0.5:
                        fail(f"the double rule is {gap:.2f} mm below the 标志, want 4 +-0.5")
                up = (page_h - lower[1]["y"]) / MM
                if abs(up - 20) > 0.5:
                    fail(f"the lower double rule is {up:.2f} mm above the page's bottom, "
                         "want 20 +-0.5")
        else:
            if len(st) != 1:
                fail(f"{len(st)} red rules on page 1, want 1")
            else:
                s = st[0]
                length = (s["x1"] - s["x0"]) / MM
                if abs(length - a.rule) > 0.3:
                    fail(f"the red rule is {length:.2f} mm long, want {a.rule} +-0.3")
                above = [ln for ln in lines_of([r for r in rs if not r["red"]])
                         if ln["base"] < s["y"]]
                if not above:
                    fail("no text line above the red rule")
                else:
                    ln = above[-1]
                    gap = (s["y"] - (ln["base"] + 0.12 * ln["size"])) / MM
                    if abs(gap - 4) > 0.5:
                        fail(f"the red rule is {gap:.2f} mm below the em bottom of "
                             f"\"{ln['text']}\", want 4 +-0.5")
    black = lines_of([r for r in rs if not r["red"]])
    for spec in a.line:
        text, n = spec.rsplit("=", 1)
        want = top + (int(n) - 1) * pitch
        hit = [ln for ln in black if ln["text"].startswith(text)]
        if not hit:
            fail(f"no line starting with \"{text}\"")
            continue
        ln = hit[0]
        got = ln["base"] - 0.88 * ln["size"]
        if abs(got - want) > 0.5 * MM or abs(ln["x0"] - left) > 0.1 * MM:
            fail(f"\"{text}\" has its em top {(got - top) / MM:.2f} mm below the type area's "
                 f"top and starts {(ln['x0'] - left) / MM:.2f} mm in; want grid line {n} "
                 f"({(want - top) / MM:.2f} mm), flush left")
    if a.signers is not None:
        lab = [ln for ln in black if "签发人：" in ln["text"]]
        if not lab:
            fail("no \"签发人：\" on page 1")
        else:
            ln = lab[0]
            lab_run = [r for r in ln["runs"] if "签发人" in r["text"]][0]
            names = [r for ln2 in black for r in ln2["runs"]
                     if "Kai" in r["font"] and ln2["base"] >= ln["base"] - 0.1]
            nnames = sum(len(re.findall(r"\S+", r["text"])) for r in names)
            if "Kai" in lab_run["font"] or "Fang" not in lab_run["font"]:
                fail(f"\"签发人：\" is in {lab_run['font']}, want 仿宋")
            if nnames != a.signers:
                fail(f"{nnames} names in a 楷 face, want {a.signers}")
            if names:
                right = max(r["x1"] for r in names)
                off = (left + width - cell - right) / MM
                if abs(off) > 0.5:
                    fail(f"the 签发人 block ends {off:.2f} mm left of 1 字 in from the "
                         "right edge, want 0 +-0.5")
                last = max(r["base"] for r in names)
                num = [ln2 for ln2 in black if abs(ln2["base"] - last) < 0.1 and
                       abs(ln2["x0"] - (left + cell)) < 0.1 * MM]
                if not num:
                    fail("no 发文字号 1 字 in from the left on the last 签发人 line")
    if a.no_number_page1:
        bottom = top + height
        for ln in black:
            if ln["base"] - 0.88 * ln["size"] > bottom and re.search(r"\d", ln["text"]):
                fail(f"page 1 has a page number: \"{ln['text']}\"")
    for f in fails:
        print("FAIL " + f)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
