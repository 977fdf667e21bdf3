#!/usr/bin/env python3
"""pdfacheck.py: the project's own PDF/A-2b checker (archive-sign.md §3.6).

Usage: pdfacheck.py FILE.pdf...   exit 0 when every file passes, 1 otherwise; one line per
failed rule ("FILE: RULE: why"). Uses python3's standard library and `qpdf --json=2`.

Nothing in Debian validates PDF/A-2 (§3.7), so this is strict on purpose. veraPDF PDFA-2B
rule IDs covered:
  6.1.2-1 6.1.2-2            header %PDF-1.n (n <= 7) at byte 0; binary comment line
  6.1.3-1 6.1.3-2 6.1.3-3    trailer /ID of two 16-byte strings; no /Encrypt; only an EOL after %%EOF
  6.1.4-2 6.1.9-1            xref keyword / obj and endobj on their own lines (EOL discipline)
  6.1.6-1 6.1.6-2            hex strings of even length and hex digits only (content streams)
  6.1.7.1-1 6.1.7.1-2        stream /Length exact; stream keyword followed by EOL, endstream preceded by EOL
  6.1.7.1-3 6.1.7.2-1        no /F /FFilter /FDecodeParms; no LZWDecode; Crypt only Identity
  6.1.13-3 6.1.13-4 6.1.13-10  strings <= 32767 bytes, names <= 127 bytes, CIDs <= 65535
  6.2.3-1 6.2.3-2            OutputIntent GTS_PDFA1 with a valid ICC (acsp, mntr/prtr, RGB/CMYK/GRAY, v < 5, /N agrees); one profile
  6.2.4.3-2 6.2.4.3-3        DeviceRGB / DeviceCMYK only with a matching OutputIntent
  6.2.8-1 6.2.8-3 6.2.8-4    images: no /Alternates /OPI; /Interpolate false; BitsPerComponent 1/2/4/8/16
                             (inline images in content streams too)
  6.2.9-1 6.2.9-2 6.2.9-3    form XObjects: no /OPI, /PS, /Subtype2 /PS; no reference XObjects (/Ref);
                             no PostScript XObjects (/Subtype /PS)
  6.2.10-1                   standard blend modes only
  6.2.11.2-1..7              font dictionaries: Type, Subtype, BaseFont, FontFile3 subtype
  6.2.11.3.1-1 6.2.11.3.2-1 6.2.11.3.3-1  CIDSystemInfo; CIDToGIDMap on CIDFontType2; Identity/predefined CMap
  6.2.11.4.1-1 6.2.11.4.1-2  font programs embedded; every shown glyph exists in the program
  6.2.11.4.2-2               CIDSet, when present, lists every CID
  6.2.11.5-1                 /W (and /DW) agree with the embedded program within 1 unit
  6.2.11.8-1                 no .notdef (GID 0) shown
  6.3.2-1 6.3.3-1            annotations: F flags (Print, not Hidden/Invisible/NoView); AP with N only
  6.4.1-3 6.4.2-1 6.5.1-1 6.6.1-1  no NeedAppearances, no XFA, no JavaScript/Launch/… actions, no AA
  6.6.2.1-1..5               catalog /Metadata: /Type /Metadata /Subtype /XML, unfiltered-or-allowed,
                             UTF-8, xpacket without bytes=/encoding=, well-formed XML
  6.6.2.3.1-1                only predefined XMP properties used (dc, xmp, pdf, pdfaid)
  6.6.4-1..5                 pdfaid:part = 2, pdfaid:conformance = B, prefix pdfaid
  6.11-1 6.10-1              no Requirements key; no AlternatePresentations
The content-stream rules (6.1.6, 6.1.13-10, 6.2.4.3, inline images, 6.2.11.x for the glyphs
shown) read every content stream reachable from a page (content_streams): its /Contents, form
XObjects (recursively), tiling patterns, soft-mask groups, Type 3 glyph procedures and the
annotations' appearance streams (/AP /N /R /D, a stream or a dictionary of states), each with its
own /Resources, else its parent's (a page's are inherited through /Parent).
plus: the XMP agrees with the Info dictionary (Title, Author, Subject, Keywords, Creator,
Producer, CreationDate, ModDate: archive-sign.md §3.1 mapping) and `qpdf --check` is clean.
"""
import base64
import json
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
}
KNOWN = {
    NS["dc"]: {"title", "creator", "description", "subject", "format", "rights", "contributor",
               "coverage", "date", "identifier", "language", "publisher", "relation", "source", "type"},
    NS["xmp"]: {"CreateDate", "ModifyDate", "CreatorTool", "MetadataDate", "Identifier", "Label",
                "Nickname", "Rating", "BaseURL", "Advisory", "Thumbnails"},
    NS["pdf"]: {"Keywords", "Producer", "PDFVersion", "Trapped"},
    NS["pdfaid"]: {"part", "conformance", "amd", "corr"},
}
BLEND = {"/Normal", "/Compatible", "/Multiply", "/Screen", "/Overlay", "/Darken", "/Lighten",
         "/ColorDodge", "/ColorBurn", "/HardLight", "/SoftLight", "/Difference", "/Exclusion",
         "/Hue", "/Saturation", "/Color", "/Luminosity"}
BAD_ACTIONS = {"/Launch", "/Sound", "/Movie", "/ResetForm", "/ImportData", "/JavaScript", "/Hide",
               "/SetOCGState", "/Rendition", "/Trans", "/GoTo3DView"}


class Doc:
    def __init__(self, path):
        self.path = path
        self.raw = open(path, "rb").read()
        out = subprocess.run(["qpdf", "--json=2", "--json-stream-data=inline",
                              "--decode-level=generalized", path],
                             capture_output=True)
        if out.returncode not in (0, 3):
            raise ValueError("qpdf --json failed: " + out.stderr.decode(errors="replace")[:300])
        q = json.loads(out.stdout)["qpdf"]
        self.header = q[0]
        self.objs = q[1]
        self.trailer = self.objs.get("trailer", {}).get("value", {})

    def get(self, v):
        """Resolves an indirect reference 'N G R' to the object's value (or stream dict)."""
        while isinstance(v, str) and re.fullmatch(r"\d+ \d+ R", v):
            o = self.objs.get("obj:" + v)
            if o is None:
                return None
            v = o["stream"]["dict"] if "stream" in o else o.get("value")
        return v

    def stream(self, ref):
        o = self.objs.get("obj:" + ref) if isinstance(ref, str) else None
        if not o or "stream" not in o:
            return None, None
        s = o["stream"]
        data = base64.b64decode(s["data"]) if "data" in s else None
        return s["dict"], data


def text(v):
    if isinstance(v, str) and v.startswith("u:"):
        return v[2:]
    if isinstance(v, str) and v.startswith("b:"):
        return bytes.fromhex(v[2:]).decode("latin-1")
    return v


def iso(d):
    m = re.fullmatch(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(Z(?:00'?00'?)?|([+-])(\d\d)'?(\d\d)?'?)?", d or "")
    if not m:
        return None
    s = f"{m[1]}-{m[2]}-{m[3]}T{m[4]}:{m[5]}:{m[6]}"
    if m[7] and m[7].startswith("Z"):
        s += "Z"
    elif m[7]:
        s += f"{m[8]}{m[9]}:{m[10] or '00'}"
    return s


# ---- font programs -------------------------------------------------------------------------

def tt_widths(data):
    """TrueType: (number of glyphs, advance per glyph in 1/1000 em)."""
    n = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(n):
        tag, _, off, ln = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        tables[tag] = (off, ln)
    upem = struct.unpack(">H", data[tables[b"head"][0] + 18:tables[b"head"][0] + 20])[0]
    ng = struct.unpack(">H", data[tables[b"maxp"][0] + 4:tables[b"maxp"][0] + 6])[0]
    nh = struct.unpack(">H", data[tables[b"hhea"][0] + 34:tables[b"hhea"][0] + 36])[0]
    ho = tables[b"hmtx"][0]
    adv = [struct.unpack(">H", data[ho + 4 * i:ho + 4 * i + 2])[0] for i in range(nh)]
    adv += [adv[-1]] * (ng - nh)
    return ng, [a * 1000.0 / upem for a in adv], None


def cff_index(d, p):
    count = struct.unpack(">H", d[p:p + 2])[0]
    if count == 0:
        return [], p + 2
    osz = d[p + 2]
    offs = [int.from_bytes(d[p + 3 + i * osz:p + 3 + (i + 1) * osz], "big") for i in range(count + 1)]
    base = p + 3 + (count + 1) * osz - 1
    return [d[base + offs[i]:base + offs[i + 1]] for i in range(count)], base + offs[-1]


def cff_dict(b):
    out, ops, i = {}, [], 0
    while i < len(b):
        c = b[i]
        if c <= 21:
            op = c
            i += 1
            if c == 12:
                op = 1200 + b[i]
                i += 1
            out[op] = ops
            ops = []
        elif c == 28:
            ops.append(struct.unpack(">h", b[i + 1:i + 3])[0]); i += 3
        elif c == 29:
            ops.append(struct.unpack(">i", b[i + 1:i + 5])[0]); i += 5
        elif c == 30:
            s, i = "", i + 1
            while True:
                byte = b[i]; i += 1
                done = False
                for nib in (byte >> 4, byte & 15):
                    if nib == 15:
                        done = True; break
                    s += "0123456789.EE?-"[nib] + ("-" if nib == 12 else "")
                if done:
                    break
            try:
                ops.append(float(s))
            except ValueError:
                ops.append(0.0)
        elif 32 <= c <= 246:
            ops.append(c - 139); i += 1
        elif 247 <= c <= 250:
            ops.append((c - 247) * 256 + b[i + 1] + 108); i += 2
        elif 251 <= c <= 254:
            ops.append(-(c - 251) * 256 - b[i + 1] - 108); i += 2
        else:
            i += 1
    return out


def cs_width(cs, dflt, nominal):
    """Advance of a Type2 charstring: nominalWidthX + first arg when the arg count says so."""
    args, i = 0, 0
    first = None
    while i < len(cs):
        c = cs[i]
        if c == 28:
            v = struct.unpack(">h", cs[i + 1:i + 3])[0]; i += 3
        elif c == 255:
            v = struct.unpack(">i", cs[i + 1:i + 5])[0] / 65536.0; i += 5
        elif 32 <= c <= 246:
            v = c - 139; i += 1
        elif 247 <= c <= 250:
            v = (c - 247) * 256 + cs[i + 1] + 108; i += 2
        elif 251 <= c <= 254:
            v = -(c - 251) * 256 - cs[i + 1] - 108; i += 2
        else:
            if c in (1, 3, 18, 23, 19, 20):
                has = args % 2 == 1
            elif c == 21:
                has = args > 2
            elif c in (4, 22):
                has = args > 1
            elif c == 14:
                has = args in (1, 5)
            else:
                return dflt  # a subroutine call before the width: treat as default
            return nominal + first if has else dflt
        if first is None:
            first = v
        args += 1
    return dflt


def cff_widths(d):
    """Bare CFF: (number of glyphs, advance per glyph, {cid: gid} for CID-keyed fonts or None)."""
    hdrsize = d[2]
    _, p = cff_index(d, hdrsize)
    tops, p = cff_index(d, p)
    top = cff_dict(tops[0])
    css, _ = cff_index(d, top[17][0])
    ng = len(css)

    def private(pd):
        sz, off = pd
        pr = cff_dict(d[off:off + sz])
        return pr.get(20, [0])[0], pr.get(21, [0])[0]

    cidmap = None
    if 1230 in top:  # ROS: CID-keyed
        fds, _ = cff_index(d, top[1236][0])
        fdp = [private(cff_dict(f)[18]) for f in fds]
        sel = top[1237][0]
        fmt = d[sel]
        fdsel = [0] * ng
        if fmt == 0:
            fdsel = list(d[sel + 1:sel + 1 + ng])
        else:
            nr = struct.unpack(">H", d[sel + 1:sel + 3])[0]
            for r in range(nr):
                first, fd = struct.unpack(">HB", d[sel + 3 + 3 * r:sel + 6 + 3 * r])
                nxt = struct.unpack(">H", d[sel + 6 + 3 * r:sel + 8 + 3 * r])[0]
                for g in range(first, min(nxt, ng)):
                    fdsel[g] = fd
        per = [fdp[fdsel[g]] for g in range(ng)]
        cidmap = {0: 0}
        cp = top[15][0]
        fmt, q, g = d[cp], cp + 1, 1
        while g < ng:
            first = struct.unpack(">H", d[q:q + 2])[0]
            if fmt == 0:
                cidmap[first] = g; g += 1; q += 2; continue
            if fmt == 1:
                nleft = d[q + 2]; q += 3
            else:
                nleft = struct.unpack(">H", d[q + 2:q + 4])[0]; q += 4
            for k in range(nleft + 1):
                cidmap[first + k] = g; g += 1
    else:
        pv = private(top[18]) if 18 in top else (0, 0)
        per = [pv] * ng
    widths = [cs_width(css[g], per[g][0], per[g][1]) for g in range(ng)]
    return ng, widths, cidmap


# ---- content streams -----------------------------------------------------------------------

TOKEN = re.compile(rb"<[0-9A-Fa-f\s]*>|<<|>>|<[^<>]*>|\[|\]|\((?:\\.|[^\\()]|\((?:\\.|[^\\()])*\))*\)|/[^\s/\[\]()<>{}%]*|[^\s/\[\]()<>{}%]+|%[^\r\n]*")


ESC = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
EI = re.compile(rb"\sEI(?=\s|$)")
DEVICE = {"/DeviceRGB": "/DeviceRGB", "/RGB": "/DeviceRGB", "/DeviceCMYK": "/DeviceCMYK", "/CMYK": "/DeviceCMYK"}


def unescape(s):
    """The bytes of a literal string's body (PDF 7.3.4.2 escapes)."""
    out, i = bytearray(), 0
    while i < len(s):
        c = s[i:i + 1]
        if c != b"\\":
            out += c; i += 1; continue
        n = s[i + 1:i + 2]
        if n in ESC:
            out += ESC[n]; i += 2
        elif n in (b"\r", b"\n"):
            i += 2 + (n == b"\r" and s[i + 2:i + 3] == b"\n")
        elif n.isdigit() and n < b"8":
            m = re.match(rb"[0-7]{1,3}", s[i + 1:])
            out.append(int(m.group(), 8) & 255); i += 1 + len(m.group())
        else:
            out += n; i += 2
    return bytes(out)


def shown_strings(data, errs, spaces=None):
    """Yields (font resource name, bytes) for every string shown with Tj/TJ/'/\". Adds to spaces
    the colour spaces the stream sets: /DeviceRGB for rg/RG, /DeviceCMYK for k/K, the operand of
    cs/CS and an inline image's /CS (a name, maybe a /ColorSpace resource). Checks hex strings
    (6.1.6) and inline images (6.2.8), whose data it skips."""
    spaces = set() if spaces is None else spaces
    font, pending, pos, bi = None, [], 0, None
    while True:
        m = TOKEN.search(data, pos)
        if not m:
            break
        pos = m.end()
        t = m.group()
        if t.startswith(b"%"):
            continue
        if t.startswith(b"<") and t not in (b"<<",):
            h = re.sub(rb"\s", b"", t[1:-1])
            if not re.fullmatch(rb"[0-9A-Fa-f]*", h):
                errs.append("6.1.6-2: hex string with a character other than 0-9 A-F a-f in a content stream")
                h = re.sub(rb"[^0-9A-Fa-f]", b"", h)
            if len(h) % 2:
                errs.append("6.1.6-1: hex string of odd length in a content stream")
            pending.append(("s", bytes.fromhex(h.decode() + ("0" if len(h) % 2 else ""))))
        elif t.startswith(b"("):
            pending.append(("s", unescape(t[1:-1])))
        elif t.startswith(b"/"):
            pending.append(("n", t))
        elif t == b"Tf":
            names = [v for k, v in pending if k == "n"]
            font = names[-1][1:].decode() if names else None
            pending = []
        elif t in (b"Tj", b"TJ", b"'", b'"'):
            for k, v in pending:
                if k == "s":
                    yield font, v
            pending = []
        elif t in (b"[", b"]"):
            continue
        elif re.fullmatch(rb"[-+.0-9]+", t):
            continue
        elif t == b"BI":
            bi, pending = pos, []
        elif t == b"ID" and bi is not None:  # inline image: BI key value ... ID data EI
            inline_image(data[bi:m.start()], errs, spaces)
            end = EI.search(data, pos + 1)
            pos, bi, pending = (end.end() if end else len(data)), None, []
        else:
            if t in (b"rg", b"RG"):
                spaces.add("/DeviceRGB")
            elif t in (b"k", b"K"):
                spaces.add("/DeviceCMYK")
            elif t in (b"cs", b"CS") and pending and pending[-1][0] == "n":
                spaces.add(pending[-1][1].decode(errors="replace"))
            pending = []


def inline_image(src, errs, spaces):
    """The rules of 6.2.8 on an inline image's dictionary (the bytes between BI and ID)."""
    toks = [t for t in TOKEN.findall(src) if not t.startswith(b"%")]
    d, i = {}, 0
    while i + 1 < len(toks):
        k, v = toks[i], toks[i + 1]
        i += 2
        if v == b"[":
            v = []
            while i < len(toks) and toks[i] != b"]":
                v.append(toks[i]); i += 1
            i += 1
        if k.startswith(b"/"):
            d[k.decode(errors="replace")] = v
    if b"true" in (d.get("/I"), d.get("/Interpolate")):
        errs.append("6.2.8-3: inline image has /Interpolate true")
    bpc = d.get("/BPC", d.get("/BitsPerComponent"))
    if isinstance(bpc, bytes) and bpc not in (b"1", b"2", b"4", b"8", b"16"):
        errs.append(f"6.2.8-4: inline image has BitsPerComponent {bpc.decode(errors='replace')}")
    cs = d.get("/CS", d.get("/ColorSpace"))
    if isinstance(cs, list) and len(cs) > 1 and cs[0] in (b"/I", b"/Indexed"):
        cs = cs[1]
    if isinstance(cs, bytes) and cs.startswith(b"/"):
        spaces.add(cs.decode(errors="replace"))


def device_space(doc, cs, res=None):
    """/DeviceRGB or /DeviceCMYK when the colour space cs (a name, maybe of a /ColorSpace
    resource in res, or an array) is, or is an Indexed or Pattern space over, one; else None."""
    for _ in range(8):
        cs = doc.get(cs)
        if isinstance(cs, str) and cs in DEVICE:
            return DEVICE[cs]
        if isinstance(cs, str) and isinstance(res, dict):
            named = doc.get(res.get("/ColorSpace"))
            cs, res = (named.get(cs) if isinstance(named, dict) else None), None
        elif isinstance(cs, list) and len(cs) > 1 and cs[0] in ("/Indexed", "/I", "/Pattern"):
            cs = cs[1]
        else:
            return None
    return None


def dict_of(doc, v):
    v = doc.get(v)
    return v if isinstance(v, dict) else {}


def inherited(doc, node, key):
    """A page attribute, looked up through the /Parent chain (PDF 7.7.3.4)."""
    for _ in range(64):
        if not isinstance(node, dict):
            return None
        if key in node:
            return node[key]
        node = doc.get(node.get("/Parent"))
    return None


MAX_DEPTH = 32


def content_streams(doc, pages, errs):
    """Every content stream reachable from the pages, as (what, stream ref, resources), where
    resources is the value in effect (a reference or a dictionary): a page's /Contents with the
    page's (inherited) resources; then, recursively, from each resources dictionary, its form
    XObjects, tiling patterns, soft-mask groups (/ExtGState /SMask /G) and Type 3 glyph
    procedures; and each annotation's appearance streams (/AP /N /R /D, a stream or a dictionary
    of states) with the page's resources as parent. A stream without /Resources uses its
    parent's. Each (stream, resources) pair is visited once, which also ends cycles; nesting
    deeper than MAX_DEPTH is reported, not followed."""
    out, seen = [], set()

    def rkey(res):
        return res if isinstance(res, str) else id(res)

    def visit(what, ref, res, depth):
        o = doc.objs.get("obj:" + ref) if isinstance(ref, str) else None
        if not o or "stream" not in o:
            return
        own = o["stream"]["dict"].get("/Resources")
        if own is not None:
            res = own
        k = (ref, rkey(res))
        if k in seen:
            return
        seen.add(k)
        if depth > MAX_DEPTH:
            errs.append(f"checker: {what} {ref} nested deeper than {MAX_DEPTH} levels, not followed")
            return
        out.append((what, ref, res))
        children(res, depth + 1)

    def children(res, depth):
        r = dict_of(doc, res)
        for x in dict_of(doc, r.get("/XObject")).values():
            if dict_of(doc, x).get("/Subtype") == "/Form":
                visit("form XObject", x, res, depth)
        for x in dict_of(doc, r.get("/Pattern")).values():
            if dict_of(doc, x).get("/PatternType") == 1:
                visit("tiling pattern", x, res, depth)
        for x in dict_of(doc, r.get("/ExtGState")).values():
            sm = dict_of(doc, dict_of(doc, x).get("/SMask"))
            if "/G" in sm:
                visit("soft-mask group", sm["/G"], res, depth)
        for x in dict_of(doc, r.get("/Font")).values():
            f = dict_of(doc, x)
            if f.get("/Subtype") == "/Type3":
                for g in dict_of(doc, f.get("/CharProcs")).values():
                    visit("Type 3 glyph", g, f.get("/Resources", res), depth)

    for pg in pages:
        res = inherited(doc, pg, "/Resources")
        if res is None:
            res = {}
        contents = doc.get(pg.get("/Contents"))
        for cref in contents if isinstance(contents, list) else [pg.get("/Contents")]:
            if isinstance(cref, str) and (cref, rkey(res)) not in seen:
                seen.add((cref, rkey(res)))
                out.append(("page content", cref, res))
        children(res, 1)
        annots = doc.get(pg.get("/Annots"))
        for a in annots if isinstance(annots, list) else []:
            ap = dict_of(doc, dict_of(doc, a).get("/AP"))
            for k in ("/N", "/R", "/D"):
                v = ap.get(k)
                o = doc.objs.get("obj:" + v) if isinstance(v, str) else None
                if o is not None and "stream" in o:
                    visit("appearance stream", v, res, 1)
                else:
                    for st in dict_of(doc, v).values():
                        visit("appearance stream", st, res, 1)
    return out


def check_form(key, sd, e):
    """6.2.9: a form XObject (or appearance stream) dictionary; key names it in messages."""
    if "/OPI" in sd:
        e(f"6.2.9-1: form XObject {key} has /OPI")
    if "/PS" in sd:
        e(f"6.2.9-1: form XObject {key} has /PS")
    if sd.get("/Subtype2") == "/PS":
        e(f"6.2.9-1: form XObject {key} has /Subtype2 /PS")
    if "/Ref" in sd:
        e(f"6.2.9-2: form XObject {key} is a reference XObject (/Ref)")


def check(path):
    errs = []
    e = errs.append
    raw = open(path, "rb").read()
    # ---- file structure
    m = re.match(rb"%PDF-1\.([0-7])(\r\n|\r|\n)", raw)
    if not m:
        e("6.1.2-1: the file does not start with %PDF-1.n (n 0-7) and an EOL")
    else:
        rest = raw[m.end():]
        m2 = re.match(rb"%([\x80-\xff]{4,})", rest)
        if not m2:
            e("6.1.2-2: no binary comment (% and 4 bytes > 127) after the header")
    tail = raw[raw.rfind(b"%%EOF"):]
    if raw.rfind(b"%%EOF") < 0 or tail not in (b"%%EOF", b"%%EOF\n", b"%%EOF\r\n", b"%%EOF\r"):
        e("6.1.3-3: data after the last %%EOF (or no %%EOF)")
    for m in re.finditer(rb"(?<!\d)(\d+) (\d+) obj", raw):  # (?<!\d): linear over long digit runs
        if m.start() > 0 and raw[m.start() - 1:m.start()] not in (b"\n", b"\r"):
            e("6.1.9-1: 'obj' header not at the start of a line"); break
    for m in re.finditer(rb"endobj", raw):
        if raw[m.start() - 1:m.start()] not in (b"\n", b"\r", b" ") or raw[m.end():m.end() + 1] not in (b"\n", b"\r", b""):
            e("6.1.9-1: 'endobj' not followed by an EOL"); break
    for m in re.finditer(rb"(^|[\r\n])xref", raw):
        if raw[m.end():m.end() + 1] not in (b"\n", b"\r"):
            e("6.1.4-2: 'xref' not followed by an EOL")
    try:
        doc = Doc(path)
    except ValueError as x:
        return [str(x)]
    # stream keyword/EOL and exact Length, from the raw bytes
    for m in re.finditer(rb"(?<![\r\n])(?:^|[\r\n])(\d+) (\d+) obj", raw):
        ref = f"{int(m[1])} {int(m[2])} R"
        o = doc.objs.get("obj:" + ref)
        if not o or "stream" not in o:
            continue
        sm = re.compile(rb"stream(\r\n|\n|\r)?").search(raw, m.end())
        if not sm:
            continue
        if sm[1] not in (b"\r\n", b"\n"):
            e(f"6.1.7.1-2: object {ref}: 'stream' not followed by CRLF or LF")
            continue
        lm = re.search(rb"/Length\s+(\d+)(\s+(\d+)\s+R)?", raw[m.end():sm.start()])
        length = None
        if lm and lm[2]:
            om = re.search(rb"(?:^|[\r\n])%s %s obj\s*(\d+)\s" % (lm[1], lm[3]), raw)
            length = int(om[1]) if om else None
        elif lm:
            length = int(lm[1])
        start = sm.end()
        if not isinstance(length, int):
            e(f"6.1.7.1-1: object {ref}: no /Length"); continue
        after = raw[start + length:start + length + 12]
        if not re.match(rb"(\r\n|\n|\r)endstream", after):
            e(f"6.1.7.1-1: object {ref}: /Length {length} is not the number of bytes before EOL endstream")
    # ---- trailer
    tid = doc.trailer.get("/ID")
    if not (isinstance(tid, list) and len(tid) == 2 and all(isinstance(x, str) and x.startswith(("b:", "u:")) for x in tid)):
        e("6.1.3-1: the trailer has no /ID of two strings")
    elif any(len(bytes.fromhex(x[2:])) != 16 for x in tid if x.startswith("b:")):
        e("6.1.3-1: /ID strings are not 16 bytes")
    if "/Encrypt" in doc.trailer:
        e("6.1.3-2: the trailer has /Encrypt")
    cat = doc.get(doc.trailer.get("/Root")) or {}
    # ---- every object
    ftypes = set()
    for key, o in doc.objs.items():
        if not key.startswith("obj:"):
            continue
        d = o["stream"]["dict"] if "stream" in o else o.get("value")
        stack = [d]
        while stack:
            v = stack.pop()
            if isinstance(v, dict):
                for k, x in v.items():
                    if len(k) - 1 > 127:
                        e(f"6.1.13-4: name longer than 127 bytes in {key}")
                    stack.append(x)
                if v.get("/S") in BAD_ACTIONS:
                    e(f"6.5.1-1: forbidden action {v.get('/S')} in {key}")
                if "/AA" in v:
                    e(f"6.5.2-1: additional actions (/AA) in {key}")
                if "/JS" in v or "/JavaScript" in v:
                    e(f"6.5.1-1: JavaScript in {key}")
                if "/BM" in v:
                    bm = v["/BM"]
                    for b in (bm if isinstance(bm, list) else [bm]):
                        if b not in BLEND:
                            e(f"6.2.10-1: non-standard blend mode {b} in {key}")
            elif isinstance(v, list):
                stack.extend(v)
            elif isinstance(v, str) and v.startswith("b:") and len(v) // 2 - 1 > 32767:
                e(f"6.1.13-3: string longer than 32767 bytes in {key}")
            elif isinstance(v, str) and v.startswith("u:") and len(v[2:].encode("utf-16-be")) > 32767:
                e(f"6.1.13-3: string longer than 32767 bytes in {key}")
        if "stream" in o:
            sd = o["stream"]["dict"]
            for k in ("/F", "/FFilter", "/FDecodeParms"):
                if k in sd:
                    e(f"6.1.7.1-3: stream {key} has {k}")
            filt = sd.get("/Filter")
            for f in (filt if isinstance(filt, list) else [filt]):
                if f in ("/LZWDecode", "/LZW"):
                    e(f"6.1.7.2-1: LZW filter in {key}")
                if f == "/Crypt":
                    e(f"6.1.7.2-1: Crypt filter in {key}")
            if sd.get("/Subtype") == "/Image":
                if "/Alternates" in sd or "/OPI" in sd:
                    e(f"6.2.8-1: image {key} has /Alternates or /OPI")
                if sd.get("/Interpolate") is True:
                    e(f"6.2.8-3: image {key} has /Interpolate true")
                bpc = sd.get("/BitsPerComponent")
                if bpc is not None and bpc not in (1, 2, 4, 8, 16):
                    e(f"6.2.8-4: image {key} has BitsPerComponent {bpc}")
                cs = device_space(doc, sd.get("/ColorSpace"))
                if cs:
                    ftypes.add(cs)
            elif sd.get("/Subtype") == "/Form":
                check_form(key[4:], sd, e)
            elif sd.get("/Subtype") == "/PS":
                e(f"6.2.9-3: PostScript XObject {key[4:]}")
        if isinstance(d, dict) and d.get("/Type") == "/Annot":
            f = d.get("/F", 0)
            if d.get("/Subtype") not in ("/Popup",) and (not isinstance(f, int) or f & 4 == 0 or f & (1 | 2 | 32 | 256)):
                e(f"6.3.2-1: annotation {key} flags {f} (needs Print, not Hidden/Invisible/NoView/ToggleNoView)")
            ap = doc.get(d.get("/AP"))
            if isinstance(ap, dict) and set(ap) - {"/N"} and d.get("/FT") != "/Btn":
                e(f"6.3.3-1: annotation {key} appearance has more than /N")
    # ---- catalog
    for k, rule in (("/Requirements", "6.11-1"), ("/NeedsRendering", "6.4.2-2")):
        if k in cat:
            e(f"{rule}: the catalog has {k}")
    names = doc.get(cat.get("/Names")) or {}
    if "/AlternatePresentations" in names:
        e("6.10-1: AlternatePresentations in the name dictionary")
    if "/JavaScript" in names:
        e("6.5.1-1: JavaScript name tree")
    if "/OpenAction" in cat:
        oa = doc.get(cat["/OpenAction"])
        if isinstance(oa, dict) and oa.get("/S") in BAD_ACTIONS:
            e("6.5.1-1: forbidden OpenAction")
    af = doc.get(cat.get("/AcroForm"))
    if isinstance(af, dict):
        if af.get("/NeedAppearances") is True:
            e("6.4.1-3: NeedAppearances true")
        if "/XFA" in af:
            e("6.4.2-1: XFA form")
    # ---- OutputIntent
    intents = doc.get(cat.get("/OutputIntents"))
    profiles, space = set(), None
    for oi in intents if isinstance(intents, list) else []:
        oid = doc.get(oi)
        if not isinstance(oid, dict):
            continue
        pr = oid.get("/DestOutputProfile")
        if pr is None:
            continue
        profiles.add(pr)
        if oid.get("/S") != "/GTS_PDFA1":
            continue
        pd, data = doc.stream(pr)
        if data is None or len(data) < 128 or data[36:40] != b"acsp":
            e("6.2.3-1: DestOutputProfile is not an ICC profile ('acsp' at offset 36)")
            continue
        cls, sp, ver = data[12:16], data[16:20], data[8]
        n = {b"RGB ": 3, b"CMYK": 4, b"GRAY": 1}.get(sp)
        if cls not in (b"mntr", b"prtr") or n is None or ver >= 5:
            e(f"6.2.3-1: ICC profile class {cls!r}, space {sp!r}, version {ver}")
        elif pd.get("/N") != n:
            e(f"6.2.3-1: ICC stream /N {pd.get('/N')} does not match its colour space {sp!r}")
        if struct.unpack(">I", data[:4])[0] != len(data):
            e("6.2.3-1: ICC profile size field does not match its data")
        space = sp
    if space is None:
        e("6.2.3-1: no /GTS_PDFA1 OutputIntent with an ICC profile")
    if len(profiles) > 1:
        e("6.2.3-2: OutputIntents with different DestOutputProfiles")
    # ---- pages: colour operators, fonts, glyphs, in every content stream a page reaches
    pages = [doc.get(v) for k, v in ((k, k[4:]) for k in doc.objs if k.startswith("obj:"))
             if isinstance(doc.get(v), dict) and doc.get(v).get("/Type") == "/Page"]
    fonts_checked = {}
    for what, ref, res in content_streams(doc, pages, errs):
        sd, data = doc.stream(ref)
        if data is None:
            continue
        if what in ("form XObject", "soft-mask group", "appearance stream"):
            check_form(ref, sd, e)  # appearance streams need not say /Subtype /Form
        rd = dict_of(doc, res)
        fres = dict_of(doc, rd.get("/Font"))
        spaces = set()
        for name, s in shown_strings(data, errs, spaces):
            fref = fres.get("/" + name) if name else None
            if fref is None:
                font = f"unknown font resource /{name}" if name else "no font set (Tf)"
                e(f"6.2.11.2-1: text shown with {font} in {what} {ref}")
                continue
            fkey = fref if isinstance(fref, str) else id(fref)
            if fkey not in fonts_checked:
                fonts_checked[fkey] = font_info(doc, fref, errs)
            info = fonts_checked[fkey]
            if info is None:
                continue
            if len(s) % 2:
                e(f"6.2.11.4.1-2: odd byte count shown with 2-byte font {info['name']}")
            for i in range(0, len(s) - 1, 2):
                code = s[i] << 8 | s[i + 1]
                check_glyph(info, code, errs)
        for cs in spaces:
            cs = device_space(doc, cs, rd)
            if cs:
                ftypes.add(cs)
    if "/DeviceRGB" in ftypes and space != b"RGB ":
        e("6.2.4.3-2: DeviceRGB used without an RGB OutputIntent")
    if "/DeviceCMYK" in ftypes and space != b"CMYK":
        e("6.2.4.3-3: DeviceCMYK used without a CMYK OutputIntent")
    for fref, info in fonts_checked.items():
        pass
    # every font object in the file, used or not: embedded, well-formed
    for key, o in doc.objs.items():
        v = o.get("value") if key.startswith("obj:") else None
        if isinstance(v, dict) and v.get("/Type") == "/Font" and key[4:] not in fonts_checked:
            fonts_checked[key[4:]] = font_info(doc, key[4:], errs)
    # ---- metadata
    check_xmp(doc, cat, errs)
    # ---- qpdf --check
    q = subprocess.run(["qpdf", "--check", path], capture_output=True, text=True)
    if q.returncode != 0 or "No syntax or stream encoding errors" not in q.stdout:
        e("qpdf --check: " + (q.stdout + q.stderr).strip().splitlines()[-1])
    return list(dict.fromkeys(errs))


def font_info(doc, fref, errs):
    e = errs.append
    f = doc.get(fref)
    if not isinstance(f, dict) or f.get("/Type") != "/Font":
        e(f"6.2.11.2-1: font {fref} has no /Type /Font")
        return None
    st = f.get("/Subtype")
    if st not in ("/Type0", "/Type1", "/TrueType", "/Type3", "/MMType1", "/CIDFontType0", "/CIDFontType2"):
        e(f"6.2.11.2-2: font {fref} has Subtype {st}")
        return None
    if st != "/Type3" and "/BaseFont" not in f:
        e(f"6.2.11.2-3: font {fref} has no /BaseFont")
    if st != "/Type0":
        if st in ("/CIDFontType0", "/CIDFontType2"):
            return None
        fd = doc.get(f.get("/FontDescriptor")) or {}
        if st != "/Type3" and not any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            e(f"6.2.11.4.1-1: font {f.get('/BaseFont')} is not embedded")
        return None
    enc = f.get("/Encoding")
    if enc not in ("/Identity-H", "/Identity-V") and not (isinstance(enc, str) and enc.endswith(" R")):
        if not (isinstance(enc, str) and enc.startswith("/UniGB")):
            e(f"6.2.11.3.3-1: Type0 font {f.get('/BaseFont')} has CMap {enc}")
    desc = f.get("/DescendantFonts")
    cid = doc.get(desc[0]) if isinstance(desc, list) and desc else None
    if not isinstance(cid, dict):
        e(f"6.2.11.2-1: Type0 font {fref} has no descendant font")
        return None
    name = cid.get("/BaseFont", "?")
    sub = cid.get("/Subtype")
    csi = doc.get(cid.get("/CIDSystemInfo"))
    if not isinstance(csi, dict) or not all(k in csi for k in ("/Registry", "/Ordering", "/Supplement")):
        e(f"6.2.11.3.1-1: {name}: CIDSystemInfo incomplete")
    fd = doc.get(cid.get("/FontDescriptor")) or {}
    if sub == "/CIDFontType2":
        if "/CIDToGIDMap" not in cid:
            e(f"6.2.11.3.2-1: {name}: CIDFontType2 without /CIDToGIDMap")
        ff = fd.get("/FontFile2")
    elif sub == "/CIDFontType0":
        ff = fd.get("/FontFile3")
        if ff is not None:
            fsub = (doc.get(ff) or {}).get("/Subtype")
            if fsub not in ("/CIDFontType0C", "/Type1C", "/OpenType"):
                e(f"6.2.11.2-7: {name}: FontFile3 Subtype {fsub}")
    else:
        e(f"6.2.11.2-2: {name}: descendant Subtype {sub}")
        return None
    if ff is None:
        e(f"6.2.11.4.1-1: {name}: font program not embedded")
        return None
    _, prog = doc.stream(ff)
    try:
        if sub == "/CIDFontType2":
            ng, widths, cidmap = tt_widths(prog)
        else:
            ng, widths, cidmap = cff_widths(prog)
    except Exception as x:  # a font program we cannot read is a failure, not a crash
        e(f"6.2.11.4.1-1: {name}: font program unreadable ({type(x).__name__}: {x})")
        return None
    c2g = None
    if sub == "/CIDFontType2":
        m = cid.get("/CIDToGIDMap")
        if isinstance(m, str) and m.endswith(" R"):
            _, md = doc.stream(m)
            c2g = [md[i] << 8 | md[i + 1] for i in range(0, len(md) - 1, 2)]
    else:
        c2g = cidmap  # None for name-keyed CFF: CID = GID
    w = {}
    arr = doc.get(cid.get("/W")) or []
    i = 0
    while i < len(arr):
        c0 = arr[i]
        nxt = doc.get(arr[i + 1]) if i + 1 < len(arr) else None
        if isinstance(nxt, list):
            for k, x in enumerate(nxt):
                w[c0 + k] = x
            i += 2
        else:
            for c in range(c0, int(nxt) + 1):
                w[c] = arr[i + 2]
            i += 3
    cidset = fd.get("/CIDSet")
    info = {"name": name, "ng": ng, "widths": widths, "c2g": c2g, "w": w,
            "dw": cid.get("/DW", 1000), "tt": sub == "/CIDFontType2", "seen": set()}
    if cidset is not None and re.match(r"/?[A-Z]{6}\+", name):
        _, cs = doc.stream(cidset)
        for code in range(0, 65536):
            gid = gid_of(info, code)
            if gid is not None and 0 < gid < ng and not (code // 8 < len(cs) and cs[code // 8] & (0x80 >> (code % 8))):
                e(f"6.2.11.4.2-2: {name}: CIDSet lacks CID {code}")
                break
    return info


def gid_of(info, code):
    c2g = info["c2g"]
    if c2g is None:
        return code
    if isinstance(c2g, dict):
        return c2g.get(code)
    return c2g[code] if code < len(c2g) else 0


def check_glyph(info, code, errs):
    e = errs.append
    if code in info["seen"]:
        return
    info["seen"].add(code)
    gid = gid_of(info, code)
    if gid is None or gid >= info["ng"]:
        e(f"6.2.11.4.1-2: {info['name']}: code {code} has no glyph in the embedded program")
        return
    if gid == 0:
        e(f"6.2.11.8-1: {info['name']}: code {code} shows .notdef (GID 0)")
        return
    want = info["widths"][gid]
    have = info["w"].get(code, info["dw"])
    if abs(want - have) > 1:
        e(f"6.2.11.5-1: {info['name']}: /W says {have} for code {code}, the program {want:.1f}")


def check_xmp(doc, cat, errs):
    e = errs.append
    mref = cat.get("/Metadata")
    md, data = doc.stream(mref) if isinstance(mref, str) else (None, None)
    if md is None:
        e("6.6.2.1-1: the catalog has no /Metadata stream")
        return
    if md.get("/Type") != "/Metadata" or md.get("/Subtype") != "/XML":
        e("6.6.2.1-1: /Metadata is not /Type /Metadata /Subtype /XML")
    if "/Filter" in md:
        e("6.6.2.1-1: metadata stream is filtered (allowed, but ours must be readable as is)")
    try:
        txt = data.decode("utf-8")
    except UnicodeDecodeError:
        e("6.6.2.1-2: the XMP is not UTF-8")
        return
    pi = re.match(r'(\ufeff)?<\?xpacket ([^?]*)\?>', txt)
    if not pi:
        e("6.6.2.1-3: the XMP does not start with an xpacket header")
    elif re.search(r"\b(bytes|encoding)=", pi[2]):
        e("6.6.2.1-4: the xpacket header has bytes= or encoding=")
    if not re.search(r'<\?xpacket end="[rw]"\?>\s*$', txt):
        e("6.6.2.1-3: the XMP does not end with an xpacket trailer")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as x:
        e(f"6.6.2.1-5: the XMP is not well-formed XML ({x})")
        return
    props = {}
    for desc in root.iter("{%s}Description" % NS["rdf"]):
        for k, v in desc.attrib.items():
            if k.startswith("{") and not k.startswith("{%s}" % NS["rdf"]):
                props[k] = v
        for ch in desc:
            props[ch.tag] = ch
    for k in props:
        ns, _, local = k[1:].partition("}")
        if ns not in KNOWN or local not in KNOWN[ns]:
            e(f"6.6.2.3.1-1: XMP property {local} of {ns} is not predefined and no extension schema declares it")

    def val(ns, local):
        v = props.get("{%s}%s" % (NS[ns], local))
        if v is None or isinstance(v, str):
            return v
        lis = list(v.iter("{%s}li" % NS["rdf"]))
        if lis:
            return lis[0].text or ""
        return v.text or ""

    part, conf = val("pdfaid", "part"), val("pdfaid", "conformance")
    if part is None:
        e("6.6.4-1: no pdfaid:part")
    elif part != "2":
        e(f"6.6.4-1: pdfaid:part is {part}, not 2")
    if conf is None:
        e("6.6.4-2: no pdfaid:conformance")
    elif conf != "B":
        e(f"6.6.4-2: pdfaid:conformance is {conf}, not B")
    if re.search(r"xmlns:(?!pdfaid=)\w+=\"http://www\.aiim\.org/pdfa/ns/id/\"", txt):
        e("6.6.4-3: the pdfaid namespace is not bound to the prefix pdfaid")
    info = doc.get(doc.trailer.get("/Info")) or {}
    pairs = [("/Title", "dc", "title"), ("/Author", "dc", "creator"), ("/Subject", "dc", "description"),
             ("/Keywords", "pdf", "Keywords"), ("/Creator", "xmp", "CreatorTool"),
             ("/Producer", "pdf", "Producer")]
    for ik, ns, local in pairs:
        a, b = text(info.get(ik)), val(ns, local)
        if a is not None and "\ufeff" in a:
            a = a.replace("\ufeff", "")
        if (a or None) != (b or None):
            e(f"Info/XMP: Info {ik} {a!r} but XMP {ns}:{local} {b!r}")
    for ik, local in (("/CreationDate", "CreateDate"), ("/ModDate", "ModifyDate")):
        a, b = text(info.get(ik)), val("xmp", local)
        if a is not None and iso(a) is None:
            e(f"Info/XMP: Info {ik} {a!r} is not a PDF date")
        elif (iso(a) if a else None) != b:
            e(f"Info/XMP: Info {ik} {a!r} but XMP xmp:{local} {b!r}")


def main(argv):
    if len(argv) < 2:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    bad = 0
    for p in argv[1:]:
        try:
            errs = check(p)
        except Exception as x:
            errs = [f"checker error: {type(x).__name__}: {x}"]
        for m in errs:
            print(f"{p}: {m}")
        bad += bool(errs)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
