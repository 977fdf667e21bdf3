#!/usr/bin/env python3
"""paracheck.py: measures the 主体's paragraph forms (issue 11, part D) from a PDF.

In: a PDF set with the gbt9704 layout (type area 28 mm from the left, 26 mm from the right,
lines 28.99 pt apart), a check and its arguments. The characters come from MuPDF's structured
text (`mutool draw -F stext`: font name, size, origin, advance); a line is the characters of
one page on one baseline; page numbers ("— N —") are left out. Out: exit 0, or 1 with what was measured. Tolerance 0.5 pt.

  align PDF TEXT left|center|right   the line that is exactly TEXT sits so in the type area
  face PDF TEXT FONT                 every character of TEXT (in one line) is in a FONT face
  runin PDF HEAD FONT1 REST FONT2    HEAD (FONT1) and then REST (FONT2) on one line, touching
  split PDF TEXT                     TEXT runs over a line end (its first characters end a
                                     full line, the rest start the next line)
  block PDF FIRST LAST X             the lines from the one starting with FIRST to the one
                                     ending with LAST all start at X (pt from the page's left)
  startx PDF TEXT X                  the line starting with TEXT starts at X
  hang PDF TEXT                      the line after the one holding TEXT (on the next page when
                                     TEXT's is a page's last) starts at TEXT's x
  below PDF A B N                    the line starting with B is N grid lines below the line
                                     ending with A, on the same page (em box tops compared)
  bolder PDF_BOLD PDF_PLAIN          page 1 of PDF_BOLD has at least 3 % more ink, and its
                                     trace strokes text (render mode 2) where the other's not
"""
import html
import os
import re
import subprocess
import sys
import tempfile

LEFT = 79.370  # 28 mm
RIGHT = 595.276 - 73.701  # 210 mm - 26 mm
PITCH = (841.890 - 104.882 - 99.213) / 22
TOL = 0.5


def lines(pdf):
    xml = subprocess.run(["mutool", "draw", "-F", "stext", "-o", "-", pdf],
                         capture_output=True, check=True, text=True).stdout
    out = {}
    for pno, page in enumerate(re.findall(r"<page .*?</page>", xml, re.S), 1):
        for font, size, body in re.findall(r'<font name="([^"]*)" size="([\d.]+)">(.*?)</font>',
                                           page, re.S):
            for q, x, y, c in re.findall(
                    r'<char quad="([^"]*)" x="([-\d.]+)" y="([-\d.]+)"[^>]*c="([^"]*)"', body):
                x1 = float(q.split()[2])
                key = (pno, round(float(y), 1))
                out.setdefault(key, []).append((float(x), x1, html.unescape(c), font,
                                                float(size)))
    res = []
    for (pno, y), chars in sorted(out.items()):
        chars.sort()
        text = "".join(c[2] for c in chars).strip()
        if re.fullmatch(r"— \d+ —", text):
            continue  # the page number
        # the em box top: the baseline is 0.88 em below it (build.c)
        res.append({"page": pno, "y": y, "top": y - 0.88 * chars[0][4], "chars": chars,
                    "text": text, "x0": chars[0][0], "x1": chars[-1][1]})
    return res


def find(ls, text, how="in"):
    for i, ln in enumerate(ls):
        t = ln["text"]
        if (how == "in" and text in t) or (how == "eq" and t == text) or \
                (how == "start" and t.startswith(text)) or (how == "end" and t.endswith(text)):
            return i
    sys.exit(f"no line {'with' if how == 'in' else how} {text!r}")


def near(a, b):
    return abs(a - b) <= TOL


def occurrence(ln, text):
    """The characters of text's first occurrence in line ln."""
    s = "".join(c[2] for c in ln["chars"])
    k = s.index(text)
    return ln["chars"][k:k + len(text)]


def main():
    cmd, a = sys.argv[1], sys.argv[2:]
    if cmd == "bolder":
        return bolder(a[0], a[1])
    ls = lines(a[0])
    if cmd == "align":
        ln = ls[find(ls, a[1], "eq")]
        want = {"left": (ln["x0"], LEFT), "right": (ln["x1"], RIGHT),
                "center": ((ln["x0"] + ln["x1"]) / 2, (LEFT + RIGHT) / 2)}[a[2]]
        if not near(*want):
            sys.exit(f"{a[1]!r} is not {a[2]}-aligned: {want[0]:.3f}, want {want[1]:.3f}")
    elif cmd == "face":
        ln = ls[find(ls, a[1])]
        bad = [c for c in occurrence(ln, a[1]) if a[2] not in c[3]]
        if bad:
            sys.exit(f"{''.join(c[2] for c in bad)!r} in {bad[0][3]}, not {a[2]}")
    elif cmd == "runin":
        ln = ls[find(ls, a[1] + a[3][:1])]
        head, rest = occurrence(ln, a[1]), occurrence(ln, a[3][:1])
        s = "".join(c[2] for c in ln["chars"])
        rest = ln["chars"][s.index(a[1]) + len(a[1])]
        if any(a[2] not in c[3] for c in head):
            sys.exit(f"the head {a[1]!r} is not all in {a[2]}")
        if a[4] not in rest[3]:
            sys.exit(f"{rest[2]!r} after the head is in {rest[3]}, not {a[4]}")
        if not near(rest[0], head[-1][1]):
            sys.exit(f"the text after the head starts at {rest[0]:.3f}, the head ends at "
                     f"{head[-1][1]:.3f}")
    elif cmd == "split":
        text = a[1]
        for i, ln in enumerate(ls[:-1]):
            nxt = ls[i + 1]
            for k in range(1, len(text)):
                if ln["text"].endswith(text[:k]) and nxt["text"].startswith(text[k:]):
                    if not near(ln["x1"], RIGHT):
                        sys.exit(f"the line ending {text[:k]!r} ends at {ln['x1']:.3f}")
                    return
        sys.exit(f"{text!r} does not run over a line end")
    elif cmd == "block":
        i, j = find(ls, a[1], "start"), find(ls, a[2], "end")
        if j < i:
            sys.exit("the last line comes before the first")
        for ln in ls[i:j + 1]:
            if not near(ln["x0"], float(a[3])):
                sys.exit(f"{ln['text'][:8]!r} starts at {ln['x0']:.3f}, want {a[3]}")
    elif cmd == "startx":
        ln = ls[find(ls, a[1], "start")]
        if not near(ln["x0"], float(a[2])):
            sys.exit(f"{a[1]!r} starts at {ln['x0']:.3f}, want {a[2]}")
    elif cmd == "hang":
        i = find(ls, a[1])
        x = occurrence(ls[i], a[1])[0][0]
        if i + 1 >= len(ls):
            sys.exit(f"no line after the one with {a[1]!r}")
        if not near(ls[i + 1]["x0"], x):
            sys.exit(f"the line after {a[1]!r} starts at {ls[i + 1]['x0']:.3f}, "
                     f"the text at {x:.3f}")
    elif cmd == "below":
        p, q = ls[find(ls, a[1], "end")], ls[find(ls, a[2], "start")]
        n = (q["top"] - p["top"]) / PITCH
        if p["page"] != q["page"] or abs(n - float(a[3])) > TOL / PITCH:
            sys.exit(f"{a[2]!r} is {n:.3f} lines below {a[1]!r} (page {p['page']}, "
                     f"{q['page']}), want {a[3]}")
    else:
        sys.exit(f"unknown check {cmd}")


def ink(pdf):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-gray", "-r", "150", "-f", "1", "-l", "1", pdf,
                        f"{tmp}/p"], check=True)
        pgm = [f for f in os.listdir(tmp) if f.endswith(".pgm")][0]
        data = open(f"{tmp}/{pgm}", "rb").read()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    return sum(1 for b in data[m.end():] if b < 128)


def strokes(pdf):
    tr = subprocess.run(["mutool", "draw", "-F", "trace", "-o", "-", pdf, "1"],
                        capture_output=True, check=True, text=True).stdout
    return tr.count("<stroke_text")


def bolder(bold, plain):
    ib, ip = ink(bold), ink(plain)
    sb, sp = strokes(bold), strokes(plain)
    if ib < ip * 1.03:
        sys.exit(f"ink {ib} with bold, {ip} without: not bolder")
    if sb == 0 or sp != 0:
        sys.exit(f"stroked text runs: {sb} with bold, {sp} without")


if __name__ == "__main__":
    sys.exit(main())
