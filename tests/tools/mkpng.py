#!/usr/bin/env python3
"""mkpng.py: writes test PNGs without any imaging library.

In: OUT.png [--16] [--kind KIND] [--depth N] [--trns] [--interlace] [--samples PREFIX].
Out: a 200x200 seal-like image (a red ring and a red star on transparency). By default
RGBA, 8 bits per channel, or 16 bits with --16. --kind rgba, rgb, gray, gray-alpha or
palette; --depth the bits per sample the kind allows (palette 1/2/4/8, gray 1/2/4/8/16,
others 8/16); --trns a tRNS chunk (palette: the paper fully, the ink partly transparent;
gray, rgb: the paper's colour transparent); --interlace Adam7. With --samples PREFIX it
also writes what a decoder that expands everything to 8 bits must give: PREFIX.pix (gray or
RGB samples, rows top to bottom) and, when some pixel is not opaque, PREFIX.alpha.
"""
import argparse
import math
import struct
import zlib

N = 200
# Adam7 passes: x start, y start, x step, y step (PNG specification, section 8.2)
ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))


def chunk(kind, data):
    c = struct.pack(">I", len(data)) + kind + data
    return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def ink(x, y):
    r = math.hypot(x - 99.5, y - 99.5)
    a = math.atan2(y - 99.5, x - 99.5)
    star = r < 40 * (0.55 + 0.45 * abs(math.cos(2.5 * (a + math.pi / 2))))
    return 86 <= r <= 97 or star


def design(kind, depth, trns):
    """The file's samples per pixel for ink and paper, the PLTE/tRNS chunk data, and the
    decoded 8-bit (colour, alpha) for ink and paper."""
    top = (1 << depth) - 1
    scale = 255 // top if depth < 8 else 1
    plte = trns_data = b""
    if kind == "rgba":
        on, off = (220, 20, 20, 200), (255, 255, 255, 0)
        dec = (((220, 20, 20), 200), ((255, 255, 255), 0))
    elif kind == "rgb":
        on, off = (220, 20, 20), (255, 255, 255)
        dec = (((220, 20, 20), 255), ((255, 255, 255), 0 if trns else 255))
        if trns:
            trns_data = struct.pack(">HHH", *(v * 257 if depth == 16 else v for v in off))
    elif kind == "gray-alpha":
        on, off = (60, 200), (255, 0)
        dec = (((60,), 200), ((255,), 0))
    elif kind == "gray":
        g = {1: 0, 2: 1, 4: 4}.get(depth, 60)  # decodes to 0, 85, 68, 60
        on, off = (g,), (top if depth < 8 else 255,)
        dec = (((g * scale,), 255), ((255,), 0 if trns else 255))
        if trns:
            trns_data = struct.pack(">H", off[0] * 257 if depth == 16 else off[0])
    else:  # palette: index 0 paper, index 1 ink
        on, off = (1,), (0,)
        plte = bytes((255, 255, 255, 220, 20, 20))
        dec = (((220, 20, 20), 200 if trns else 255), ((255, 255, 255), 0 if trns else 255))
        if trns:
            trns_data = bytes((0, 200))
    if depth == 16 and kind != "palette":
        on = tuple(v * 257 for v in on)
        off = tuple(v * 257 for v in off)
    return on, off, plte, trns_data, dec


def pack_row(values, depth):
    """One filtered scanline (filter type 0) of samples at depth bits."""
    out = bytearray([0])
    if depth == 16:
        for v in values:
            out += struct.pack(">H", v)
    elif depth == 8:
        out += bytes(values)
    else:
        acc = nbits = 0
        for v in values:
            acc = (acc << depth) | v
            nbits += depth
            if nbits == 8:
                out.append(acc)
                acc = nbits = 0
        if nbits:
            out.append(acc << (8 - nbits))
    return bytes(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--16", dest="deep", action="store_true")
    ap.add_argument("--kind", default="rgba", choices=("rgba", "rgb", "gray", "gray-alpha", "palette"))
    ap.add_argument("--depth", type=int)
    ap.add_argument("--trns", action="store_true")
    ap.add_argument("--interlace", action="store_true")
    ap.add_argument("--samples")
    a = ap.parse_args()
    depth = a.depth or (16 if a.deep else 8)
    ctype = {"gray": 0, "rgb": 2, "palette": 3, "gray-alpha": 4, "rgba": 6}[a.kind]
    on, off, plte, trns_data, dec = design(a.kind, depth, a.trns)
    px = [[on if ink(x, y) else off for x in range(N)] for y in range(N)]

    def rows(xs, ys, dx, dy):
        return b"".join(pack_row([v for x in range(xs, N, dx) for v in px[y][x]], depth) for y in range(ys, N, dy))

    if a.interlace:
        raw = b"".join(rows(*p) for p in ADAM7 if p[0] < N and p[1] < N)
    else:
        raw = rows(0, 0, 1, 1)
    ihdr = struct.pack(">IIBBBBB", N, N, depth, ctype, 0, 0, 1 if a.interlace else 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
    if plte:
        png += chunk(b"PLTE", plte)
    if trns_data:
        png += chunk(b"tRNS", trns_data)
    png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    open(a.out, "wb").write(png)
    if a.samples:
        colour = bytearray()
        alpha = bytearray()
        for y in range(N):
            for x in range(N):
                c, al = dec[0] if ink(x, y) else dec[1]
                colour += bytes(c)
                alpha.append(al)
        open(a.samples + ".pix", "wb").write(colour)
        if any(v != 255 for v in alpha):
            open(a.samples + ".alpha", "wb").write(alpha)


if __name__ == "__main__":
    main()
