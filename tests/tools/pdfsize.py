#!/usr/bin/env python3
"""pdfsize.py: where the bytes of a PDF go (content streams, font programs, the rest).

In:  pdfsize.py FILE.pdf [--json]
Out: one line (or a JSON object with --json): the file size, the page count, the page content
     streams' bytes as stored (compressed) in total and per page, their decompressed bytes,
     and the embedded font programs' bytes (FontFile, FontFile2, FontFile3 streams, as
     stored). Exit 1 when the file cannot be read as a PDF this tool understands.

The parser is small on purpose (python3 stdlib only): it reads every `N G obj ... endobj` of
the file as written by libharu and by gongwen's incremental updates (no object streams, which
gongwen does not write: PDF 32000-1 7.5.7), takes the last definition of an object number
(7.5.6: an update's object replaces the earlier one), and reads a stream's stored length from
its /Length, direct or an indirect reference (7.3.8.2). Pages are the objects of /Type /Page
(7.7.3.3); their /Contents is one stream or an array of streams.
"""
import json
import re
import sys
import zlib

OBJ = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")
REF = rb"(\d+)\s+\d+\s+R"


def objects(data):
    """Maps object number -> (dictionary bytes, (stream offset, dictionary) or None), the last
    definition. A stream's data is skipped (to its `endstream`) before the next object is
    looked for, so binary data that happens to read `1 0 obj` is not taken for an object."""
    out = {}
    pos = 0
    while True:
        m = OBJ.search(data, pos)
        if m is None:
            return out
        num = int(m.group(1))
        start = m.end()
        s = re.compile(rb"\bstream\r?\n|endobj").search(data, start)
        if s is None:
            return out
        if s.group(0) == b"endobj":
            out[num] = (data[start : s.start()], None)
            pos = s.end()
            continue
        head = data[start : s.start()]
        out[num] = (head, (s.end(), head))
        e = data.find(b"endstream", s.end())
        pos = s.end() if e < 0 else e


def value_int(objs, head, key):
    """An integer entry of a dictionary, following an indirect reference."""
    m = re.search(rb"/" + key + rb"\s+" + REF, head)
    if m:
        ref = objs.get(int(m.group(1)))
        return int(ref[0].strip()) if ref else None
    m = re.search(rb"/" + key + rb"\s+(\d+)", head)
    return int(m.group(1)) if m else None


def stream(objs, data, num):
    """(stored bytes, decoded length or None) of stream object num."""
    o = objs.get(num)
    if o is None or o[1] is None:
        return b"", None
    pos, head = o[1]
    n = value_int(objs, head, b"Length") or 0
    raw = data[pos : pos + n]
    if re.search(rb"/Filter\s*(\[\s*)?/FlateDecode", head):
        try:
            return raw, len(zlib.decompress(raw))
        except zlib.error:
            return raw, None
    return raw, len(raw)


def measure(path):
    data = open(path, "rb").read()
    if not data.startswith(b"%PDF-"):
        raise ValueError("not a PDF")
    objs = objects(data)
    pages = [n for n, (h, _) in objs.items() if re.search(rb"/Type\s*/Page\b(?!s)", h)]
    if not pages:
        raise ValueError("no page objects")
    cstored = cdecoded = 0
    for n in pages:
        head = objs[n][0]
        m = re.search(rb"/Contents\s*(\[[^\]]*\]|" + REF + rb")", head)
        if not m:
            continue
        for r in re.findall(REF, m.group(1)):
            raw, dec = stream(objs, data, int(r))
            cstored += len(raw)
            cdecoded += dec or 0
    fonts = 0
    seen = set()
    for _, (h, _) in objs.items():
        for r in re.findall(rb"/FontFile[23]?\s+" + REF, h):
            if int(r) not in seen:
                seen.add(int(r))
                fonts += len(stream(objs, data, int(r))[0])
    return {
        "file": len(data),
        "pages": len(pages),
        "content": cstored,
        "content_per_page": cstored / len(pages),
        "content_decoded": cdecoded,
        "fonts": fonts,
        "font_programs": len(seen),
    }


def main(argv):
    if len(argv) < 2 or argv[1].startswith("-"):
        print("usage: pdfsize.py FILE.pdf [--json]", file=sys.stderr)
        return 2
    try:
        r = measure(argv[1])
    except (OSError, ValueError) as e:
        print(f"pdfsize.py: {argv[1]}: {e}", file=sys.stderr)
        return 1
    if "--json" in argv[2:]:
        print(json.dumps(r))
    else:
        print(
            f"{r['file']} bytes, {r['pages']} pages; content streams {r['content']} bytes "
            f"({r['content_per_page']:.0f} per page; {r['content_decoded']} decoded); "
            f"{r['font_programs']} font programs {r['fonts']} bytes"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
