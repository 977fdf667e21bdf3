#!/usr/bin/env python3
"""pdfstreams.py: what a gongwen PDF's page content streams hold (issue 14, point 1).

In: a PDF written by gongwen (plain objects, no object streams: libharu writes none).
Out (stdout): one line of figures: pages, the pages' content-stream bytes (compressed, as
stored) in total and per page, the uncompressed bytes per page, and counts of operators.
With --check, also the structure the stream writer promises, one line per failure, and
exit status 1 when any fails:
  - no number with more than 3 decimals;
  - Tf only where the font or size changes (the text state persists across BT/ET, and is
    saved and restored by q/Q: PDF 32000-1 8.4.1, 9.3.1);
  - no TJ array of 3 or more glyphs (2-byte codes in hexadecimal strings, as gongwen
    writes them) with one and the same non-zero adjustment between every two of them (a
    uniform grid spacing belongs in Tc, 9.3.2);
  - --max-page-bytes N: the compressed content streams average at most N bytes per page.
--raw FILE instead of a PDF checks FILE as one uncompressed content stream (the test
feeds it broken streams to show each check can fail).
python3 standard library only (zlib for FlateDecode).
"""
import re
import sys
import zlib

OBJ = re.compile(rb"(?<![0-9])(\d+) 0 obj")


def objects(data):
    """Object number -> (start of its body, end) byte offsets."""
    found = [(int(m.group(1)), m.end()) for m in OBJ.finditer(data)]
    out = {}
    for i, (n, start) in enumerate(found):
        end = found[i + 1][1] if i + 1 < len(found) else len(data)
        out[n] = (start, end)
    return out


def body(data, objs, n):
    s, e = objs[n]
    k = data.find(b"endobj", s)
    return data[s : k if k >= 0 else e]


def stream(data, objs, n):
    """(dictionary bytes, stored stream bytes) of stream object n."""
    s, e = objs[n]
    k = data.find(b"stream", s)
    d = data[s:k]
    m = re.search(rb"/Length\s+(\d+)(\s+0\s+R)?", d)
    length = int(m.group(1))
    if m.group(2):
        length = int(body(data, objs, length).split()[0])
    p = k + len(b"stream")
    if data[p : p + 2] == b"\r\n":
        p += 2
    else:
        p += 1
    return d, data[p : p + length]


def decode(d, raw):
    return zlib.decompress(raw) if b"FlateDecode" in d else raw


TOKEN = re.compile(rb"<[0-9A-Fa-f]*>|\[|\]|/[^\s/\[\]<>()]+|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'\"*]+|\([^)]*\)")
NUMBER = re.compile(rb"[-+]?(?:\d+\.?\d*|\.\d+)$")


def check_page(text, failures, where):
    stack = []
    font = None
    operands = []
    array = None
    counts = {}
    for m in TOKEN.finditer(text):
        t = m.group(0)
        if t == b"[":
            array = []
            continue
        if t == b"]":
            operands.append(array)
            array = None
            continue
        if array is not None:
            array.append(t)
            continue
        if NUMBER.match(t) or t.startswith(b"/") or t.startswith(b"<") or t.startswith(b"("):
            operands.append(t)
            continue
        op = t.decode()
        counts[op] = counts.get(op, 0) + 1
        for o in operands:
            for x in o if isinstance(o, list) else [o]:
                if NUMBER.match(x) and b"." in x and len(x.split(b".")[1]) > 3:
                    failures.append(f"{where}: number {x.decode()} has more than 3 decimals")
        if op == "q":
            stack.append(font)
        elif op == "Q":
            font = stack.pop() if stack else None
        elif op == "Tf":
            f = tuple(operands[-2:])
            if f == font:
                failures.append(f"{where}: Tf {f[0].decode()} {f[1].decode()} sets the font already set")
            font = f
        elif op == "TJ" and operands and isinstance(operands[-1], list):
            arr = operands[-1]
            # the adjustment between each two glyphs (2-byte codes: 4 hex digits each)
            pairs = []
            glyphs = 0
            pending = None
            for x in arr:
                if x.startswith(b"<"):
                    for _ in range((len(x) - 2) // 4):
                        if glyphs:
                            pairs.append(pending or b"0")
                        glyphs += 1
                        pending = None
                elif NUMBER.match(x):
                    pending = x
            if glyphs >= 3 and len(set(float(v) for v in pairs)) == 1 and float(pairs[0]) != 0:
                failures.append(
                    f"{where}: a TJ with the same adjustment {pairs[0].decode()} between all its {glyphs} glyphs (uniform spacing belongs in Tc)")
            counts["TJ-numbers"] = counts.get("TJ-numbers", 0) + sum(1 for x in arr if NUMBER.match(x))
        operands = []
    return counts


def main():
    args = sys.argv[1:]
    check = "--check" in args
    maxpb = None
    if "--max-page-bytes" in args:
        maxpb = float(args[args.index("--max-page-bytes") + 1])
    if "--raw" in args:
        failures = []
        counts = check_page(open(args[args.index("--raw") + 1], "rb").read(), failures, "raw stream")
        print(" ".join(f"{k}={v}" for k, v in sorted(counts.items())))
        for f in failures:
            print("FAIL", f)
        return 1 if failures else 0
    path = [a for a in args if a.endswith(".pdf")][0]
    data = open(path, "rb").read()
    objs = objects(data)
    pages = []
    for n in objs:
        b = body(data, objs, n)
        if re.search(rb"/Type\s*/Page(?![a-zA-Z])", b):
            m = re.search(rb"/Contents\s+(\d+)\s+0\s+R", b)
            if m:
                pages.append(int(m.group(1)))
    failures = []
    stored = plain = 0
    total = {}
    for i, c in enumerate(pages):
        d, raw = stream(data, objs, c)
        text = decode(d, raw)
        stored += len(raw)
        plain += len(text)
        counts = check_page(text, failures, f"content stream {c}")
        for k, v in counts.items():
            total[k] = total.get(k, 0) + v
    n = max(len(pages), 1)
    ops = " ".join(f"{k}={total.get(k, 0)}" for k in ("BT", "Tf", "Tc", "Td", "Tm", "TJ", "TJ-numbers", "S"))
    print(f"pages={len(pages)} content_bytes={stored} per_page={stored / n:.0f} "
          f"uncompressed_per_page={plain / n:.0f} {ops}")
    if maxpb is not None and stored / n > maxpb:
        failures.append(f"content streams average {stored / n:.0f} bytes per page, more than {maxpb:.0f}")
    if check:
        for f in failures[:20]:  # noqa
            print("FAIL", f)
        if len(failures) > 20:
            print(f"... {len(failures) - 20} more")
        return 1 if failures else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
