#!/usr/bin/env python3
"""mkseals.py: draws the sample seals and signature stamp without any imaging library.

In: the output folder (default: this script's folder). Out: seal-1.png, seal-2.png,
seal-3.png (three distinct round red organ seals, 420x420 RGBA: a ring, a five-pointed
star, a band of marks standing for the organ's name along the ring, a bar for the seal's
use below the star; each seal differs in its ring, star and marks) and stamp.png (a 240x96
signature stamp: a red frame around a scribble). Ink is the red of a seal pad,
#d7141a, with soft edges (alpha), paper transparent. Deterministic: same bytes every run.
"""
import math
import os
import struct
import sys
import zlib

RED = (0xD7, 0x14, 0x1A)


def png(path, w, h, alpha):
    """Writes an RGBA PNG of ink RED with the given alpha (a function of x, y in [0, 1])."""
    rows = bytearray()
    for y in range(h):
        rows.append(0)
        for x in range(w):
            a = alpha(x, y)
            rows += bytes(RED) + bytes([max(0, min(255, int(round(a * 255))))])

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))
    with open(path, "wb") as f:
        f.write(data)


def cover(inside, x, y, n=3):
    """The share of pixel (x, y) inside a shape, by n x n supersampling."""
    k = 0
    for i in range(n):
        for j in range(n):
            k += inside(x + (i + 0.5) / n, y + (j + 0.5) / n)
    return k / (n * n)


def star_polygon(radius):
    """The ten corners of a five-pointed star of the given radius, one point up."""
    pts = []
    for k in range(10):
        r = radius if k % 2 == 0 else radius * 0.382
        a = math.pi / 2 + k * math.pi / 5
        pts.append((r * math.cos(a), r * math.sin(a)))
    return pts


def in_polygon(pts, u, v):
    """Even-odd rule."""
    inside = False
    for i in range(len(pts)):
        (x1, y1), (x2, y2) = pts[i], pts[i - 1]
        if (y1 > v) != (y2 > v) and u < x1 + (v - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def seal(ring, star, marks, bar, tilt):
    """A round seal of radius 1 centred at 0, v upwards: ring width, star radius, marks
    along the ring over the top (count, standing for the organ's name), bar half-width (0
    for none), the marks' start angle."""
    pts = star_polygon(star)

    def inside(u, v):
        r = math.hypot(u, v)
        if 1 - ring <= r <= 1:
            return True
        if in_polygon(pts, u, v):
            return True
        if 0.64 <= r <= 0.84 - ring:
            span = math.radians(230)
            t = math.pi / 2 - math.atan2(v, u) + span / 2 + tilt  # 0 at the left end
            t %= 2 * math.pi
            if t <= span:
                cell = span / marks
                f = (t % cell) / cell
                if 0.14 < f < 0.86:
                    return True
        if bar and abs(u) < bar and -0.58 < v < -0.50:
            return True
        return False
    return inside


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    n = 420
    designs = [  # ring, star, marks, bar, tilt
        (0.055, 0.30, 9, 0.30, 0.0),
        (0.075, 0.26, 12, 0.22, 0.05),
        (0.045, 0.33, 7, 0.36, -0.04),
    ]
    for i, d in enumerate(designs, 1):
        shape = seal(*d)
        # y grows downwards in the image, upwards in the seal
        png(os.path.join(out, f"seal-{i}.png"), n, n,
            lambda x, y, s=shape: cover(lambda a, b: s(2 * a / n - 1, 1 - 2 * b / n), x, y))

    w, h = 240, 96

    def stamp(x, y):
        fx, fy = x / w, y / h
        frame = (fx < 0.03 or fx > 0.97 or fy < 0.075 or fy > 0.925)
        # a scribble: a sum of sines across the frame, two strokes
        t = (x - 24) / (w - 48)
        if 0 <= t <= 1:
            for k, ph in ((1, 0.0), (2, 1.3)):
                c = 0.5 + 0.28 * math.sin(2 * math.pi * (2.5 * t + ph)) * (0.6 + 0.4 * k / 2)
                if abs(fy - c) < 0.055:
                    return True
        return frame

    png(os.path.join(out, "stamp.png"), w, h, lambda x, y: cover(stamp, x, y, 2))


if __name__ == "__main__":
    main()
