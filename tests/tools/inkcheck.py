#!/usr/bin/env python3
"""inkcheck.py: every visible character of a PDF leaves ink on the rendered page.

Text extraction cannot see a blank glyph (a wrong code, a lost composite part), so this
check looks at pixels. In: PDF. For each character that MuPDF's structured text reports
(`mutool draw -F stext`: position, size, character), the page rendered by poppler
(`pdftoppm -gray -r 150`) must have dark pixels inside the middle 80 % of the character's
advance and its em box. Out: exit 0 and a count, or the characters without ink.
"""
import html
import re
import subprocess
import sys
import tempfile
import os

DPI = 150


def read_pgm(path):
    with open(path, "rb") as f:
        data = f.read()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    w, h = int(m.group(1)), int(m.group(2))
    return w, h, data[m.end():]


def main():
    pdf = sys.argv[1]
    xml = subprocess.run(["mutool", "draw", "-F", "stext", "-o", "-", pdf],
                         capture_output=True, check=True, text=True).stdout
    checked, blank = 0, []
    with tempfile.TemporaryDirectory() as tmp:
        for pno, page in enumerate(re.findall(r"<page .*?</page>", xml, re.S), 1):
            subprocess.run(["pdftoppm", "-gray", "-r", str(DPI), "-f", str(pno), "-l", str(pno),
                            pdf, f"{tmp}/p"], check=True)
            pgm = [f for f in os.listdir(tmp) if f.endswith(".pgm")][0]
            w, h, px = read_pgm(f"{tmp}/{pgm}")
            os.remove(f"{tmp}/{pgm}")
            for font in re.findall(r'<font name="[^"]*" size="([\d.]+)">(.*?)</font>', page, re.S):
                size = float(font[0])
                chars = re.findall(r'<char quad="([^"]*)" x="([\d.]+)" y="([\d.]+)"[^>]*c="([^"]*)"', font[1])
                for i, (quad, x, y, c) in enumerate(chars):
                    c = html.unescape(c)
                    if c.isspace():
                        continue
                    q = [float(v) for v in quad.split()]
                    x0, x1 = q[0], q[2]
                    if i + 1 < len(chars) and abs(float(chars[i + 1][2]) - float(y)) < 0.01:
                        x1 = min(x1, float(chars[i + 1][1]))
                    y0, y1 = float(y) - 0.88 * size, float(y) + 0.12 * size
                    a, b = x0 + 0.1 * (x1 - x0), x1 - 0.1 * (x1 - x0)
                    s = DPI / 72.0
                    ink = 0
                    for py in range(max(0, int(y0 * s)), min(h, int(y1 * s) + 1)):
                        row = px[py * w:(py + 1) * w]
                        ink += sum(1 for v in row[max(0, int(a * s)):min(w, int(b * s) + 1)] if v < 160)
                    checked += 1
                    if ink == 0:
                        blank.append(f"page {pno}: U+{ord(c):04X} '{c}' at x={x} y={y}")
    if blank or checked == 0:
        print("characters without ink:" if blank else "no characters found")
        for b in blank[:20]:
            print("  " + b)
        return 1
    print(f"ok: {checked} characters all have ink")
    return 0


if __name__ == "__main__":
    sys.exit(main())
