#!/usr/bin/env python3
"""mkhybrid.py: turns a PDF with a classic cross-reference table into a hybrid file (PDF 32000-1
7.5.8.4), the kind some office suites write, by appending one incremental update.

Usage: mkhybrid.py IN.pdf OUT.pdf

The update re-issues the catalog with /Lang (zh-CN) added, inside a new object stream. Only the
update's cross-reference stream (named by the trailer's /XRefStm) knows where the new catalog is;
its classic table lists the object stream and the cross-reference stream. A reader that skips
/XRefStm, or cannot read object streams, finds the old catalog without /Lang: that is what the
test checks in the signing update `gongwen sign` writes.
"""
import re
import struct
import sys


def main():
    src, dst = sys.argv[1:3]
    raw = open(src, "rb").read()
    sx = int(re.findall(rb"startxref\s+(\d+)", raw)[-1])
    tr = raw[raw.rindex(b"trailer"):]
    root = int(re.search(rb"/Root\s+(\d+)\s+0\s+R", tr)[1])
    size = int(re.search(rb"/Size\s+(\d+)", tr)[1])
    info = re.search(rb"/Info\s+(\d+\s+\d+\s+R)", tr)
    ids = re.search(rb"/ID\s*\[\s*(<[0-9A-Fa-f]*>)", tr)
    body = re.findall(rb"(?:^|[\r\n])%d 0 obj\s*(<<.*?>>)\s*endobj" % root, raw, re.S)[-1]
    assert b"/Lang" not in body
    cat = b"<< /Lang (zh-CN) " + body[2:]
    head = b"%d 0 " % root
    stm_data = head + cat
    out = bytearray(raw if raw.endswith(b"\n") else raw + b"\n")
    ostm, xstm = size, size + 1
    off_ostm = len(out)
    out += b"%d 0 obj\n<< /Type /ObjStm /N 1 /First %d /Length %d >>\nstream\n" % (
        ostm, len(head), len(stm_data))
    out += stm_data + b"\nendstream\nendobj\n"
    # the cross-reference stream: the catalog is object 0 of the object stream (type 2)
    rows = struct.pack(">BIH", 2, ostm, 0)
    off_xstm = len(out)
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Index [%d 1] /Length %d >>\nstream\n" % (
        xstm, size + 2, root, len(rows))
    out += rows + b"\nendstream\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 1\n0000000000 65535 f\r\n%d 2\n%010d 00000 n\r\n%010d 00000 n\r\n" % (
        ostm, off_ostm, off_xstm)
    out += b"trailer\n<< /Size %d /Root %d 0 R" % (size + 2, root)
    if info:
        out += b" /Info " + info[1]
    if ids:
        out += b" /ID [" + ids[1] + b" " + ids[1] + b"]"
    out += b" /Prev %d /XRefStm %d >>\nstartxref\n%d\n%%%%EOF\n" % (sx, off_xstm, xref_at)
    open(dst, "wb").write(out)


if __name__ == "__main__":
    main()
