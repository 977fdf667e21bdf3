#!/usr/bin/env python3
"""pdfupdate.py: appends one incremental update (PDF 32000-1 7.5.6) to a PDF that gongwen wrote
or signed (classic cross-reference tables), the way another program would change a signed
document, for the tests of the checks `gongwen sign` makes before it countersigns.

Usage: pdfupdate.py IN.pdf OUT.pdf ACTION [ARG...]

ACTION is one of
  addpage          a page added: a new page object (a copy of page 1) in the page tree
  content          page 1's content stream re-issued with other content (a red square)
  annot            a square annotation (not a signature) added to page 1's /Annots
  unsign           the form (/AcroForm) dropped from the catalog and page 1's /Annots dropped:
                   the signatures disappear from the document, their dictionaries stay
  emptyseal NAME   the seal form NAME (/GwSeal2) re-issued empty, as --at-seal does, but
                   without a signature that draws the seal instead
  shortrange       no update: the newest /ByteRange made ten bytes shorter (the same width)
  sign KIND CERT KEY
                   an update with a signature made by the openssl command line: KIND noattr
                   (adbe.pkcs7.detached without signed attributes, openssl cms -noattr) or
                   timestamp (an ETSI.RFC3161 document time-stamp from openssl ts -reply, CERT
                   and KEY being the TSA's, with the config file tsa.cnf beside OUT)
"""
import os
import re
import subprocess
import sys


def newest(raw, num):
    """The newest definition of object num (its bytes between 'obj' and 'endobj')."""
    found = re.findall(rb"(?:^|[\r\n])%d 0 obj\s*(.*?)\s*endobj" % num, raw, re.S)
    return found[-1]


def trailer(raw):
    tr = raw[raw.rindex(b"trailer"):]
    return {
        "prev": int(re.findall(rb"startxref\s+(\d+)", raw)[-1]),
        "root": int(re.search(rb"/Root\s+(\d+)\s+0\s+R", tr)[1]),
        "size": int(re.search(rb"/Size\s+(\d+)", tr)[1]),
        "info": re.search(rb"/Info\s+(\d+\s+\d+\s+R)", tr),
        "id": re.search(rb"/ID\s*\[\s*(<[0-9A-Fa-f]*>)", tr),
    }


def first_page(raw, t):
    pages = int(re.search(rb"/Pages\s+(\d+)\s+0\s+R", newest(raw, t["root"]))[1])
    kids = re.search(rb"/Kids\s*\[([^\]]*)\]", newest(raw, pages))[1]
    return pages, int(kids.split()[0])


def append(raw, objs, t):
    """raw plus an update holding objs ({number: body}); returns the new bytes."""
    out = bytearray(raw)
    if not out.endswith(b"\n"):
        out += b"\n"
    offs = {}
    for num in sorted(objs):
        offs[num] = len(out)
        out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n"
    for num in sorted(offs):
        out += b"%d 1\n%010d 00000 n\r\n" % (num, offs[num])
    size = max([t["size"]] + [n + 1 for n in offs])
    extra = b""
    if t["info"]:
        extra += b" /Info " + t["info"][1]
    if t["id"]:
        extra += b" /ID [" + t["id"][1] + b" " + t["id"][1] + b"]"
    out += b"trailer\n<< /Size %d /Root %d 0 R%s /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        size, t["root"], extra, t["prev"], xref)
    return bytes(out)


def without(body, key):
    """A dictionary's bytes without key and its array or dictionary value."""
    return re.sub(rb"/%s\s*(\[[^\]]*\]|<<[^<>]*>>)" % key, b"", body)


def add_annot(page, ref):
    m = re.search(rb"/Annots\s*\[", page)
    if m:
        return page[:m.end()] + b" " + ref + b" " + page[m.end():]
    end = page.rindex(b">>")
    return page[:end] + b" /Annots [" + ref + b"] " + page[end:]


def stream(dict_rest, data):
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (dict_rest, len(data), data)


def sign(raw, t, kind, cert, key, outdir):
    """An update with an openssl-made signature field (invisible widget on page 1)."""
    n = t["size"]
    _, page = first_page(raw, t)
    reserve = 8192
    if kind == "timestamp":
        head = b"/Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161"
    else:
        head = b"/Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached"
    sig = (b"<< " + head + b"\n/ByteRange [0 0000000000 0000000000 0000000000]\n/Contents <"
           + b"0" * (2 * reserve) + b"> >>")
    widget = (b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (%s) /V %d 0 R /F 132 "
              b"/Rect [0 0 0 0] /P %d 0 R >>" % (kind.encode(), n, page))
    cat = newest(raw, t["root"])
    m = re.search(rb"/Fields\s*\[", cat)
    if m:
        cat = cat[:m.end()] + b" %d 0 R " % (n + 1) + cat[m.end():]
    else:
        end = cat.rindex(b">>")
        cat = cat[:end] + b" /AcroForm << /Fields [%d 0 R] /SigFlags 3 >> " % (n + 1) + cat[end:]
    objs = {n: sig, n + 1: widget, t["root"]: cat,
            page: add_annot(newest(raw, page), b"%d 0 R" % (n + 1))}
    out = bytearray(append(raw, objs, t))
    cs = out.index(b"/Contents <" + b"0" * 32, len(raw)) + len(b"/Contents ")
    ce = cs + 2 + 2 * reserve
    br = b"[0 %d %d %d]" % (cs, ce, len(out) - ce)
    at = out.index(b"[0 0000000000 0000000000 0000000000]", len(raw))
    out[at:at + 36] = br.ljust(36)
    data = os.path.join(outdir, "pdfupdate-range.bin")
    der = os.path.join(outdir, "pdfupdate-sig.der")
    open(data, "wb").write(bytes(out[:cs]) + bytes(out[ce:]))
    if kind == "timestamp":
        tsq = os.path.join(outdir, "pdfupdate.tsq")
        subprocess.run(["openssl", "ts", "-query", "-data", data, "-sha256", "-cert", "-no_nonce",
                        "-out", tsq], check=True, capture_output=True)
        subprocess.run(["openssl", "ts", "-reply", "-config", os.path.join(outdir, "tsa.cnf"),
                        "-queryfile", tsq, "-signer", cert, "-inkey", key, "-token_out",
                        "-out", der], check=True, capture_output=True)
    else:
        subprocess.run(["openssl", "cms", "-sign", "-binary", "-noattr", "-md", "sha256",
                        "-outform", "DER", "-in", data, "-signer", cert, "-inkey", key,
                        "-out", der], check=True, capture_output=True)
    h = open(der, "rb").read().hex().upper().encode()
    assert len(h) <= 2 * reserve
    out[cs + 1:cs + 1 + len(h)] = h
    return bytes(out)


def main():
    src, dst, action = sys.argv[1:4]
    raw = open(src, "rb").read()
    t = trailer(raw)
    pages, page = first_page(raw, t)
    if action == "addpage":
        body = newest(raw, pages)
        kids = re.search(rb"/Kids\s*\[", body)
        count = re.search(rb"/Count\s+(\d+)", body)
        body = (body[:kids.end()] + b" %d 0 R " % t["size"] + body[kids.end():count.start()]
                + b"/Count %d" % (int(count[1]) + 1) + body[count.end():])
        out = append(raw, {pages: body, t["size"]: without(newest(raw, page), b"Annots")}, t)
    elif action == "content":
        c = int(re.search(rb"/Contents\s+(\d+)\s+0\s+R", newest(raw, page))[1])
        out = append(raw, {c: stream(b"", b"q 1 0 0 rg 100 100 200 200 re f Q")}, t)
    elif action == "annot":
        a = (b"<< /Type /Annot /Subtype /Square /Rect [100 100 200 200] /C [1 0 0] /F 4 "
             b"/P %d 0 R >>" % page)
        out = append(raw, {t["size"]: a, page: add_annot(newest(raw, page), b"%d 0 R" % t["size"])}, t)
    elif action == "unsign":
        out = append(raw, {t["root"]: without(newest(raw, t["root"]), b"AcroForm"),
                           page: without(newest(raw, page), b"Annots")}, t)
    elif action == "emptyseal":
        form = int(re.search(rb"/%s\s+(\d+)\s+0\s+R" % sys.argv[4].encode(), raw)[1])
        bbox = re.search(rb"/BBox\s*\[[^\]]*\]", newest(raw, form))[0]
        out = append(raw, {form: stream(b"/Type /XObject /Subtype /Form " + bbox, b"")}, t)
    elif action == "shortrange":
        m = list(re.finditer(rb"/ByteRange \[0 (\d+) (\d+) (\d+)\]", raw))[-1]
        br = b"[0 %s %s %d]" % (m[1], m[2], int(m[3]) - 10)
        span = m.end() - m.start() - len(b"/ByteRange ")
        out = raw[:m.start() + 11] + br.ljust(span) + raw[m.end():]
    elif action == "sign":
        out = sign(raw, t, sys.argv[4], sys.argv[5], sys.argv[6], os.path.dirname(dst) or ".")
    else:
        sys.exit("unknown action " + action)
    open(dst, "wb").write(out)


main()
