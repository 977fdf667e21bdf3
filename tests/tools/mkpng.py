#!/usr/bin/env python3
"""mkpng.py: writes test PNGs without any imaging library.

In: OUT.png [--16]. Out: a 200x200 RGBA seal-like image (a red ring and a red star on
transparency), 8 bits per channel, or 16 bits with --16 (which gongwen must refuse).
"""
import math
import struct
import sys
import zlib


def chunk(kind, data):
    c = struct.pack(">I", len(data)) + kind + data
    return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def main():
    out, deep = sys.argv[1], "--16" in sys.argv
    n = 200
    rows = []
    for y in range(n):
        row = bytearray([0])
        for x in range(n):
            r = math.hypot(x - 99.5, y - 99.5)
            a = math.atan2(y - 99.5, x - 99.5)
            star = r < 40 * (0.55 + 0.45 * abs(math.cos(2.5 * (a + math.pi / 2))))
            on = 86 <= r <= 97 or star
            px = (220, 20, 20, 200) if on else (255, 255, 255, 0)
            for v in px:
                row += struct.pack(">H", v * 257) if deep else bytes([v])
        rows.append(bytes(row))
    ihdr = struct.pack(">IIBBBBB", n, n, 16 if deep else 8, 6, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
    open(out, "wb").write(png)


if __name__ == "__main__":
    main()
