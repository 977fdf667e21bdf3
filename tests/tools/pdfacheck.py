#!/usr/bin/env python3
"""pdfacheck.py: the project's own PDF/A-2b checker (archive-sign.md §3.6).

Usage: pdfacheck.py FILE.pdf...   exit 0 when every file passes, 1 otherwise; one line per
failed rule ("FILE: RULE: why"). Uses python3's standard library and `qpdf --json=2`.

Nothing in Debian validates PDF/A-2 (§3.7), so this is strict on purpose. Each message names
the veraPDF PDFA-2B rule it fails (veraPDF-validation-profiles PDF_A/PDFA-2B.xml, same numbers
and test semantics); checks of gongwen's own that no veraPDF rule makes are named "gongwen:".
veraPDF PDFA-2B rule IDs covered:
  6.1.2-1 6.1.2-2            header %PDF-1.n (n <= 7) at byte 0; binary comment line
  6.1.3-1 6.1.3-2 6.1.3-3    trailer /ID of two strings; no /Encrypt; only an EOL after %%EOF
  6.1.4-2 6.1.9-1            xref keyword / obj and endobj on their own lines (EOL discipline)
  6.1.6-1 6.1.6-2            hex strings of even length and hex digits only (content streams)
  6.1.7.1-1 6.1.7.1-2        stream /Length exact; stream keyword followed by EOL, endstream preceded by EOL
  6.1.7.1-3 6.1.7.2-1        no /F /FFilter /FDecodeParms; no LZWDecode; Crypt only Identity
  6.1.12-1 6.1.12-2          /Perms holds only DocMDP and/or UR3; with DocMDP, no SigRef (in any
                             signature's /Reference) has DigestLocation, DigestMethod or DigestValue
  6.1.13-3 6.1.13-4          strings <= 32767 bytes, names <= 127 bytes
  6.1.13-10                  no CID > 65535 in an embedded CMap (cidrange/cidchar)
  6.2.3-1 6.2.3-2            OutputIntent GTS_PDFA1 with a valid ICC (acsp, mntr/prtr, RGB/CMYK/GRAY, v < 5, /N agrees); one profile
  6.2.4.3-2 6.2.4.3-3 6.2.4.3-4  DeviceRGB only with an RGB OutputIntent, DeviceCMYK only with a CMYK one,
                             DeviceGray only with any OutputIntent; a /Default{RGB,CMYK,Gray} colour space
                             in a stream's resources exempts that stream. Used = set by an operator (g G rg
                             RG k K cs CS), painted with the current colour (the initial one is DeviceGray:
                             text, paths, image masks), an image's /ColorSpace (not a soft mask's), a
                             shading's, a transparency /Group /CS; every image XObject in the file counts
  6.2.8-1 6.2.8-2 6.2.8-3 6.2.8-4  images: no /Alternates; no /OPI; /Interpolate false; BitsPerComponent
                             1/2/4/8/16 (inline images in content streams too)
  6.2.9-1 6.2.9-2 6.2.9-3    form XObjects: no /OPI, /PS, /Subtype2 /PS; no reference XObjects (/Ref);
                             no PostScript XObjects (/Subtype /PS)
  6.2.10-1 6.2.10-2          standard blend modes only; without an OutputIntent, a page with transparency
                             (an ExtGState with /SMask, /CA or /ca < 1 or a non-Normal /BM, an image with
                             /SMask or /SMaskInData, a transparency group, in anything the page draws,
                             annotations included) has /Group with /CS
  6.2.11.2-1 6.2.11.2-2 6.2.11.2-3  font /Type /Font, a known /Subtype, /BaseFont (not for Type 3)
  6.2.11.2-4 6.2.11.2-5 6.2.11.2-6  simple fonts (Type1, MMType1, TrueType, Type3) have /FirstChar,
                             /LastChar and LastChar - FirstChar + 1 /Widths, unless a standard-14 Type 1
                             (not embedded, no /Differences)
  6.2.11.2-7                 FontFile3 /Subtype Type1C, CIDFontType0C or OpenType
  6.2.11.3.1-1               Type0 with a non-Identity CMap: CIDSystemInfo Registry and Ordering equal
                             the CMap's (and Supplement <= the CMap's, for an embedded CMap)
  6.2.11.3.2-1               CIDToGIDMap on CIDFontType2
  6.2.11.3.3-1 6.2.11.3.3-2 6.2.11.3.3-3  a CMap is embedded or one of ISO 32000-1 Table 118; an
                             embedded CMap's /WMode equals the WMode its program defines; /UseCMap (and
                             usecmap) names only a Table 118 CMap
  6.2.11.4.1-1 6.2.11.4.1-2  font programs embedded; every shown glyph exists in the program
  6.2.11.4.2-2               CIDSet, when present, lists every CID
  6.2.11.5-1                 /W (and /DW) agree with the embedded program within 1 unit
  6.2.11.8-1                 no .notdef (GID 0) shown
  6.3.1-1                    annotation subtypes of ISO 32000-1 only, not 3D, Sound, Screen, Movie
  6.3.2-1 6.3.2-2            annotations (but Popup) have /F; F == null || ((F & 1) == 0 && (F & 2) == 0
                             && (F & 4) == 4 && (F & 32) == 0 && (F & 256) == 0)
  6.3.3-1 6.3.3-2            /AP unless Rect is empty or Popup/Link; /AP holds exactly one key, /N
  6.3.3-3 6.3.3-4            /N a dictionary of appearance streams for a Btn widget, else a stream
  6.4.1-1 6.4.1-2 6.4.1-3    no /A or /AA on widgets, no /AA on fields; no NeedAppearances true
  6.4.2-1 6.4.2-2 6.5.1-1 6.5.2-1 6.5.2-2  no XFA; no NeedsRendering; no JavaScript/Launch/… actions;
                             no /AA in the catalog or a page
  6.4.3-1                    every signature (AcroForm /FT /Sig field's /V, /Type /Sig or /DocTimeStamp,
                             /Perms value): /ByteRange = [0, offset of /Contents' "<", offset after its
                             ">", up to the %%EOF (and EOL) that ends the signature's revision]
  6.4.3-2 6.4.3-3            its /Contents is DER CMS SignedData (zero padding after the DER outer length
                             only) with certificates, each X.509, one of them the signer's (issuer and
                             serial or subject key identifier of the SignerInfo); exactly one SignerInfo
  6.6.2.1-1                  catalog /Metadata: a stream with /Type /Metadata /Subtype /XML
  6.6.2.1-2 6.6.2.1-3        xpacket header without bytes=, without encoding=
  6.6.2.1-4 6.6.2.1-5        well-formed XML; UTF-8
  6.6.2.3.1-1                only predefined XMP properties used (dc, xmp, pdf, pdfaid)
  6.6.4-1 6.6.4-2 6.6.4-3    PDF/A identification present; pdfaid:part = 2; pdfaid:conformance = B
                             (veraPDF's 2B profile also takes A and U; gongwen claims B)
  6.6.4-4 6.6.4-5 6.6.4-6 6.6.4-7  part, conformance, amd, corr use the prefix pdfaid
  6.10-1 6.11-1              no AlternatePresentations; no Requirements key
The content-stream rules (6.1.6, 6.2.4.3, 6.2.10-2, inline images, 6.2.11.x for the glyphs
shown) read every content stream reachable from a page (content_streams): its /Contents, form
XObjects (recursively), tiling patterns, soft-mask groups, Type 3 glyph procedures and the
annotations' appearance streams (/AP /N /R /D, a stream or a dictionary of states), each with its
own /Resources, else its parent's (a page's are inherited through /Parent).
plus, gongwen's own ("gongwen:", "Info/XMP:", "qpdf --check:"): a GTS_PDFA1 OutputIntent is
present (PDF/A-2b needs one only for device colours: 6.2.4.3); /ID strings are 16 bytes; the
metadata stream is unfiltered and wrapped in xpacket processing instructions; no /AA anywhere; the
XMP agrees with the Info dictionary (Title, Author, Subject, Keywords, Creator, Producer,
CreationDate, ModDate: archive-sign.md §3.1 mapping); `qpdf --check` is clean.
"""
import base64
import json
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import xml.parsers.expat

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
DEVICE = {"/DeviceRGB", "/DeviceCMYK", "/DeviceGray"}


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


FILL_OPS = {b"f": 1, b"F": 1, b"f*": 1, b"S": 2, b"s": 2, b"B": 3, b"B*": 3, b"b": 3, b"b*": 3}
TEXT_MODE = {0: 1, 1: 2, 2: 3, 3: 0, 4: 1, 5: 2, 6: 3, 7: 0}  # Tr: 1 fill, 2 stroke, 3 both, 0 neither


def shown_strings(data, errs, spaces=None, masks=()):
    """Yields (font resource name, bytes) for every string shown with Tj/TJ/'/\". Adds to spaces
    the colour spaces the stream uses: /DeviceGray for g/G, /DeviceRGB for rg/RG, /DeviceCMYK
    for k/K, the operand of cs/CS, an inline image's /CS (a name, maybe a /ColorSpace resource),
    and the current fill/stroke space (initially /DeviceGray, kept across q/Q) whenever text
    (by its Tr mode), a path (f F f* S s B B* b b*) or an image mask (inline /IM true, or an
    XObject named in masks) is painted; after d1 (a Type 3 glyph that is a mask) no colour counts.
    Checks hex strings (6.1.6) and inline images (6.2.8), whose data it skips."""
    spaces = set() if spaces is None else spaces
    font, pending, pos, bi = None, [], 0, None
    fill, stroke, tr, stack, nocolour = "/DeviceGray", "/DeviceGray", 0, [], False
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
            if not nocolour:
                mode = TEXT_MODE.get(tr, 1)
                if mode & 1:
                    spaces.add(fill)
                if mode & 2:
                    spaces.add(stroke)
        elif t in (b"[", b"]"):
            continue
        elif t[0] in b"-+.0123456789" and re.fullmatch(rb"[-+.0-9]+", t):
            pending.append(("d", t))
        elif t == b"BI":
            bi, pending = pos, []
        elif t == b"ID" and bi is not None:  # inline image: BI key value ... ID data EI
            if inline_image(data[bi:m.start()], errs, spaces) and not nocolour:
                spaces.add(fill)
            end = EI.search(data, pos + 1)
            pos, bi, pending = (end.end() if end else len(data)), None, []
        else:
            if nocolour:
                pass
            elif t in FILL_OPS:
                if FILL_OPS[t] & 1:
                    spaces.add(fill)
                if FILL_OPS[t] & 2:
                    spaces.add(stroke)
            elif t in (b"g", b"G", b"rg", b"RG", b"k", b"K"):
                cs = {b"g": "/DeviceGray", b"r": "/DeviceRGB", b"k": "/DeviceCMYK"}[t[:1].lower()]
                if t.islower():
                    fill = cs
                else:
                    stroke = cs
                spaces.add(cs)
            elif t in (b"cs", b"CS") and pending and pending[-1][0] == "n":
                cs = pending[-1][1].decode(errors="replace")
                if t == b"cs":
                    fill = cs
                else:
                    stroke = cs
                spaces.add(cs)
            elif t == b"q":
                stack.append((fill, stroke, tr))
            elif t == b"Q" and stack:
                fill, stroke, tr = stack.pop()
            elif t == b"Tr" and pending and pending[-1][0] == "d":
                try:
                    tr = int(float(pending[-1][1]))
                except ValueError:
                    pass
            elif t == b"Do" and pending and pending[-1][0] == "n" and pending[-1][1] in masks:
                spaces.add(fill)
            elif t == b"d1":
                nocolour = True
            pending = []


INLINE_CS = {b"/G": b"/DeviceGray", b"/RGB": b"/DeviceRGB", b"/CMYK": b"/DeviceCMYK"}


def inline_image(src, errs, spaces):
    """The rules of 6.2.8 on an inline image's dictionary (the bytes between BI and ID); adds
    its colour space to spaces. True for an image mask (/IM true)."""
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
        cs = INLINE_CS.get(cs, cs)
        spaces.add(cs.decode(errors="replace"))
    return b"true" in (d.get("/IM"), d.get("/ImageMask"))  # an image mask paints the fill colour


def device_space(doc, cs, res=None):
    """/DeviceRGB, /DeviceCMYK or /DeviceGray when the colour space cs (a name, maybe of a
    /ColorSpace resource in res, or an array) is, or is an Indexed or Pattern space over, or a
    Separation or DeviceN space with the alternate space, one; else None."""
    for _ in range(8):
        cs = doc.get(cs)
        if isinstance(cs, str) and cs in DEVICE:
            return cs
        if isinstance(cs, str) and isinstance(res, dict):
            named = doc.get(res.get("/ColorSpace"))
            cs, res = (named.get(cs) if isinstance(named, dict) else None), None
        elif isinstance(cs, list) and len(cs) > 1 and cs[0] in ("/Indexed", "/I", "/Pattern"):
            cs = cs[1]
        elif isinstance(cs, list) and len(cs) > 2 and cs[0] in ("/Separation", "/DeviceN"):
            cs = cs[2]
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


ANNOT_TYPES = {"/Text", "/Link", "/FreeText", "/Line", "/Square", "/Circle", "/Polygon", "/PolyLine",
               "/Highlight", "/Underline", "/Squiggly", "/StrikeOut", "/Stamp", "/Caret", "/Ink", "/Popup",
               "/FileAttachment", "/Widget", "/PrinterMark", "/TrapNet", "/Watermark", "/Redact"}


def form_fields(doc, cat):
    """The AcroForm field tree: {ref: (field dictionary, field type inherited through /Parent)}
    for each node that is a field (in /Fields, or with /T or /FT; not a bare widget kid)."""
    out, seen = {}, set()
    af = dict_of(doc, cat.get("/AcroForm"))
    top = doc.get(af.get("/Fields"))
    stack = [(f, None, True) for f in (top if isinstance(top, list) else [])]
    while stack:
        ref, ft, is_top = stack.pop()
        if not isinstance(ref, str) or ref in seen:
            continue
        seen.add(ref)
        fd = dict_of(doc, ref)
        ft = fd.get("/FT", ft)
        if is_top or "/T" in fd or "/FT" in fd:
            out[ref] = (fd, ft)
        kids = doc.get(fd.get("/Kids"))
        stack.extend((k, ft, False) for k in (kids if isinstance(kids, list) else []))
    return out


def field_type(doc, d):
    """/FT of a widget or field, inherited through /Parent."""
    for _ in range(32):
        if not isinstance(d, dict):
            return None
        if "/FT" in d:
            return d["/FT"]
        d = doc.get(d.get("/Parent"))
    return None


def is_stream(doc, v):
    return isinstance(v, str) and "stream" in doc.objs.get("obj:" + v, {})


def check_annotations(doc, pages, fields, e):
    """6.3.1-1, 6.3.2-1/-2, 6.3.3-1..4, 6.4.1-1 on every annotation a page lists in /Annots and
    every other object with /Type /Annot."""
    annots = {}
    for pg in pages:
        arr = doc.get(pg.get("/Annots"))
        for a in arr if isinstance(arr, list) else []:
            annots[a if isinstance(a, str) else f"(direct, #{len(annots)})"] = doc.get(a)
    for key, o in doc.objs.items():
        v = o.get("value") if key.startswith("obj:") else None
        if isinstance(v, dict) and v.get("/Type") == "/Annot":
            annots.setdefault(key[4:], v)
    for key, d in annots.items():
        if not isinstance(d, dict):
            continue
        st = d.get("/Subtype")
        what = f"annotation {key} ({st})"
        if st not in ANNOT_TYPES:
            e(f"6.3.1-1: {what}: subtype not allowed")
        f = d.get("/F")
        if f is None:
            if st != "/Popup":
                e(f"6.3.2-1: {what} has no /F")
        elif not (isinstance(f, int) and f & 1 == 0 and f & 2 == 0 and f & 4 == 4 and f & 32 == 0 and f & 256 == 0):
            e(f"6.3.2-2: {what} has /F {f} (needs Print set; Invisible, Hidden, NoView, ToggleNoView clear)")
        rect = doc.get(d.get("/Rect"))
        rect = [doc.get(x) for x in rect] if isinstance(rect, list) else []
        empty = len(rect) == 4 and rect[0] == rect[2] and rect[1] == rect[3]
        if "/AP" not in d:
            if not empty and st not in ("/Popup", "/Link"):
                e(f"6.3.3-1: {what} has no appearance dictionary (/AP) and a non-empty /Rect")
        else:
            ap = doc.get(d["/AP"])
            keys = sorted(ap) if isinstance(ap, dict) else None
            if keys != ["/N"]:
                e(f"6.3.3-2: {what}: the appearance dictionary has keys {keys}, not only /N")
            elif st == "/Widget" and field_type(doc, d) == "/Btn":
                n = ap["/N"]
                states = doc.get(n)
                if is_stream(doc, n) or not isinstance(states, dict) or not any(is_stream(doc, x) for x in states.values()):
                    e(f"6.3.3-3: {what}: a Btn widget's /AP /N is not a dictionary of appearance streams")
            elif not is_stream(doc, ap["/N"]):
                e(f"6.3.3-4: {what}: /AP /N is not an appearance stream")
        if st == "/Widget" and "/A" in d:
            e(f"6.4.1-1: widget {what} has an action (/A)")


def resources_transparency(doc, rd):
    """Why a resource dictionary makes its stream transparent (6.2.10-2), or None."""
    for n, x in dict_of(doc, rd.get("/ExtGState")).items():
        gs = dict_of(doc, x)
        if gs.get("/SMask", "/None") != "/None":
            return f"ExtGState {n} has /SMask"
        for k in ("/CA", "/ca"):
            if isinstance(gs.get(k), (int, float)) and gs[k] != 1:
                return f"ExtGState {n} has {k} {gs[k]}"
        bm = gs.get("/BM")
        if bm is not None and any(b not in ("/Normal", "/Compatible") for b in (bm if isinstance(bm, list) else [bm])):
            return f"ExtGState {n} has /BM {bm}"
    for n, x in dict_of(doc, rd.get("/XObject")).items():
        xd = dict_of(doc, x)
        if xd.get("/Subtype") == "/Image" and ("/SMask" in xd or xd.get("/SMaskInData", 0) not in (0, None)):
            return f"image {n} has a soft mask"
        if xd.get("/Subtype") == "/Form" and dict_of(doc, xd.get("/Group")).get("/S") == "/Transparency":
            return f"form {n} is a transparency group"
    return None


def page_transparency(doc, pg):
    """Why a page contains transparency (6.2.10-2): in its resources or those of anything it
    draws (forms, patterns, glyphs, annotation appearances), or an annotation's /CA; else None."""
    res = inherited(doc, pg, "/Resources")
    why = resources_transparency(doc, dict_of(doc, res))
    for what, ref, res in [] if why else content_streams(doc, [pg], []):
        sd, _ = doc.stream(ref)
        why = resources_transparency(doc, dict_of(doc, res))
        if not why and dict_of(doc, (sd or {}).get("/Group")).get("/S") == "/Transparency":
            why = f"{what} {ref} is a transparency group"
        if why:
            break
    annots = doc.get(pg.get("/Annots"))
    for a in annots if isinstance(annots, list) and not why else []:
        ca = dict_of(doc, a).get("/CA")
        if isinstance(ca, (int, float)) and ca != 1:
            why = f"annotation {a} has /CA {ca}"
            break
    return why


def signature_dicts(doc, cat, fields):
    """{ref: dictionary} of every signature: the /V of each signature field, every object with
    /Type /Sig or /DocTimeStamp, the values of /Perms. A direct dictionary gets a made-up key."""
    out = {}
    for ref, (fd, ft) in fields.items():
        if ft == "/Sig" and "/V" in fd:
            v = fd["/V"]
            out[v if isinstance(v, str) else f"(direct /V of field {ref})"] = doc.get(v)
    for key, o in doc.objs.items():
        v = o.get("value") if key.startswith("obj:") else None
        if isinstance(v, dict) and v.get("/Type") in ("/Sig", "/DocTimeStamp"):
            out.setdefault(key[4:], v)
    for k, v in dict_of(doc, cat.get("/Perms")).items():
        out.setdefault(v if isinstance(v, str) else f"(direct /Perms {k})", doc.get(v))
    return {k: v for k, v in out.items() if isinstance(v, dict)}


def check_perms(doc, cat, fields, e):
    """6.1.12-1: /Perms keys; 6.1.12-2: with DocMDP, no Digest* key in any signature reference."""
    perms = doc.get(cat.get("/Perms"))
    if perms is None:
        return
    if not isinstance(perms, dict):
        e("6.1.12-1: the catalog's /Perms is not a dictionary")
        return
    extra = sorted(set(perms) - {"/DocMDP", "/UR3"})
    if extra:
        e(f"6.1.12-1: /Perms has {' '.join(extra)} (only /DocMDP and /UR3 are allowed)")
    if "/DocMDP" not in perms:
        return
    refs = []
    for key, sd in signature_dicts(doc, cat, fields).items():
        r = doc.get(sd.get("/Reference"))
        refs += [(f"signature {key}", x) for x in (r if isinstance(r, list) else [])]
    for key, o in doc.objs.items():
        v = o.get("value") if key.startswith("obj:") else None
        if isinstance(v, dict) and v.get("/Type") == "/SigRef":
            refs.append((f"object {key[4:]}", v))
    for where, x in refs:
        bad = sorted({"/DigestLocation", "/DigestMethod", "/DigestValue"} & set(dict_of(doc, x)))
        if bad:
            e(f"6.1.12-2: a signature reference dictionary of {where} has {' '.join(bad)} while /Perms has /DocMDP")


# ---- signatures (6.4.3) --------------------------------------------------------------------

OBJ_HDR = re.compile(rb"(\d+)[ \t\r\n\f\0]+(\d+)[ \t\r\n\f\0]+obj")
NAME_TOK = re.compile(rb"/[^\s()<>\[\]{}/%]*")
BARE_TOK = re.compile(rb"[^\s()<>\[\]{}/%]+")
REF_TAIL = re.compile(rb"[ \t\r\n\f\0]+(\d+)[ \t\r\n\f\0]+R(?![^\s()<>\[\]{}/%])")
PDF_WS = b" \t\r\n\f\0"


def skip_ws(raw, p):
    n = len(raw)
    while p < n:
        if raw[p] in PDF_WS:
            p += 1
        elif raw[p] == 0x25:  # a comment runs to the end of the line
            while p < n and raw[p] not in b"\r\n":
                p += 1
        else:
            break
    return p


def skip_obj(raw, p, depth=0):
    """The offset just after the PDF object starting at p ("N G R" counts as one object)."""
    p = skip_ws(raw, p)
    if p >= len(raw) or depth > 64:
        raise ValueError("object runs past the end of the file")
    c = raw[p]
    if raw.startswith(b"<<", p):
        p += 2
        while True:
            p = skip_ws(raw, p)
            if raw.startswith(b">>", p):
                return p + 2
            p = skip_obj(raw, skip_obj(raw, p, depth + 1), depth + 1)
    if c == 0x5B:  # [
        p += 1
        while True:
            p = skip_ws(raw, p)
            if raw[p:p + 1] == b"]":
                return p + 1
            p = skip_obj(raw, p, depth + 1)
    if c == 0x28:  # ( literal string, balanced parentheses, backslash escapes
        level = 0
        while True:
            ch = raw[p]
            if ch == 0x5C:
                p += 2
                continue
            level += (ch == 0x28) - (ch == 0x29)
            p += 1
            if level == 0:
                return p
    if c == 0x3C:  # < hex string
        q = raw.find(b">", p)
        if q < 0:
            raise ValueError("unterminated hex string")
        return q + 1
    if c == 0x2F:
        return NAME_TOK.match(raw, p).end()
    m = BARE_TOK.match(raw, p)
    if not m:
        raise ValueError(f"unexpected byte {raw[p:p + 1]!r} at {p}")
    r = REF_TAIL.match(raw, m.end()) if m.group().isdigit() else None
    return r.end() if r else m.end()


def object_offsets(path):
    """{'N G R': byte offset} of the uncompressed objects in the cross-reference data in effect."""
    out = subprocess.run(["qpdf", "--show-xref", path], capture_output=True, text=True).stdout
    return {f"{m[1]} {m[2]} R": int(m[3]) for m in re.finditer(r"(?m)^(\d+)/(\d+): uncompressed; offset = (\d+)", out)}


def contents_span(raw, off, offsets):
    """(start, end) byte offsets of the /Contents value of the dictionary of the object at off,
    following an indirect /Contents to its object."""
    m = OBJ_HDR.match(raw, off)
    if not m:
        raise ValueError(f"no 'N G obj' at its cross-reference offset {off}")
    p = skip_ws(raw, m.end())
    if not raw.startswith(b"<<", p):
        raise ValueError("the object is not a dictionary")
    p += 2
    while True:
        p = skip_ws(raw, p)
        if raw.startswith(b">>", p):
            raise ValueError("the dictionary has no /Contents")
        k = NAME_TOK.match(raw, p)
        if not k:
            raise ValueError(f"malformed dictionary at byte {p}")
        vs = skip_ws(raw, k.end())
        ve = skip_obj(raw, vs)
        if k.group() == b"/Contents":
            r = re.fullmatch(rb"(\d+)\s+(\d+)\s+R", raw[vs:ve])
            if r:
                o = offsets.get(f"{int(r[1])} {int(r[2])} R")
                m = OBJ_HDR.match(raw, o) if o is not None else None
                if not m:
                    raise ValueError("its indirect /Contents is not an uncompressed object")
                vs = skip_ws(raw, m.end())
                ve = skip_obj(raw, vs)
            return vs, ve
        p = ve


EOF_MARK = re.compile(rb"\n *%%EOF")


def revision_end(raw, p):
    """veraPDF's end of the revision that starts before p: the first %%EOF (alone on its line
    but for leading spaces) after p. Returns (offset after %%EOF, length of the EOL after it,
    whether that EOL ends the file)."""
    m = EOF_MARK.search(raw, p)
    if not m:
        return len(raw), 0, True
    end = m.end()
    eol = 2 if raw[end:end + 2] == b"\r\n" else 1 if raw[end:end + 1] in (b"\r", b"\n") else 0
    return end, eol, end + eol == len(raw)


def der(b, p, end):
    """The BER/DER element at p: (tag, content start, content end, offset after it)."""
    if p + 2 > end:
        raise ValueError(f"truncated at byte {p}")
    tag, q = b[p], p + 1
    if tag & 0x1F == 0x1F:
        while q < end and b[q] & 0x80:
            q += 1
        q += 1
    if q >= end:
        raise ValueError(f"truncated at byte {p}")
    n, q = b[q], q + 1
    if n == 0x80:  # indefinite length (BER): the contents end at 00 00
        r = q
        while True:
            if r + 2 > end:
                raise ValueError(f"unterminated indefinite length at byte {p}")
            if b[r] == 0 and b[r + 1] == 0:
                return tag, q, r, r + 2
            r = der(b, r, end)[3]
    if n & 0x80:
        k = n & 0x7F
        if k > 4 or q + k > end:
            raise ValueError(f"bad length at byte {p}")
        n, q = int.from_bytes(b[q:q + k], "big"), q + k
    if q + n > end:
        raise ValueError(f"length {n} at byte {p} runs past the data")
    return tag, q, q + n, q + n


def der_kids(b, s, e):
    """The elements inside a constructed element's contents [s, e): (tag, start, content start,
    content end, offset after)."""
    out = []
    while s < e:
        t = der(b, s, e)
        out.append((t[0], s) + t[1:])
        s = t[3]
    return out


OID_SIGNED_DATA = bytes.fromhex("2a864886f70d010702")
OID_SKI = bytes.fromhex("551d0e")


def x509(b, c):
    """{issuer (DER), serial (content bytes), ski} of a certificate element, None if the element
    is not an X.509 Certificate (SEQUENCE of tbsCertificate, algorithm, BIT STRING)."""
    try:
        if c[0] != 0x30:
            return None
        top = der_kids(b, c[2], c[3])
        if len(top) != 3 or top[0][0] != 0x30 or top[1][0] != 0x30 or top[2][0] != 0x03:
            return None
        tbs = der_kids(b, top[0][2], top[0][3])
        i = 1 if tbs and tbs[0][0] == 0xA0 else 0
        if len(tbs) < i + 6 or [t[0] for t in tbs[i:i + 6]] != [0x02, 0x30, 0x30, 0x30, 0x30, 0x30]:
            return None
        ski = None
        for ext in tbs[i + 6:]:
            if ext[0] != 0xA3:
                continue
            seq = der_kids(b, ext[2], ext[3])
            for x in der_kids(b, seq[0][2], seq[0][3]) if seq else []:
                parts = der_kids(b, x[2], x[3])
                if parts and b[parts[0][2]:parts[0][3]] == OID_SKI and parts[-1][0] == 0x04:
                    inner = der(b, parts[-1][2], parts[-1][3])
                    ski = b[inner[1]:inner[2]]
        return {"issuer": b[tbs[i + 2][1]:tbs[i + 2][4]], "serial": b[tbs[i][2]:tbs[i][3]], "ski": ski}
    except (ValueError, IndexError):
        return None


def check_cms(data, name, e):
    """6.4.3-2 and 6.4.3-3 on the bytes of a signature's /Contents."""
    try:
        t = der(data, 0, len(data))
        if t[0] != 0x30:
            raise ValueError("it does not start with a SEQUENCE")
        ci = der_kids(data, t[1], t[2])
        if len(ci) < 2 or ci[0][0] != 0x06 or data[ci[0][2]:ci[0][3]] != OID_SIGNED_DATA or ci[1][0] != 0xA0:
            raise ValueError("its content type is not signedData")
        inner = der_kids(data, ci[1][2], ci[1][3])
        sd = der_kids(data, inner[0][2], inner[0][3]) if inner and inner[0][0] == 0x30 else []
        if len(sd) < 4 or [x[0] for x in sd[:3]] != [0x02, 0x31, 0x30] or sd[-1][0] != 0x31:
            raise ValueError("malformed SignedData")
        certs = [x509(data, c) for k in sd[3:-1] if k[0] == 0xA0 for c in der_kids(data, k[2], k[3])]
        signers = []
        for si in der_kids(data, sd[-1][2], sd[-1][3]):
            f = der_kids(data, si[2], si[3]) if si[0] == 0x30 else []
            sid = f[1] if len(f) > 1 else None
            if sid and sid[0] == 0x30:
                ias = der_kids(data, sid[2], sid[3])
                signers.append(("ias", data[ias[0][1]:ias[0][4]], data[ias[1][2]:ias[1][3]]) if len(ias) == 2 else None)
            elif sid and sid[0] == 0x80:
                signers.append(("ski", data[sid[2]:sid[3]]))
            else:
                signers.append(None)
    except (ValueError, IndexError) as x:
        e(f"6.4.3-2: {name}: /Contents is not a DER-encoded CMS SignedData ({x}): no signing certificate")
        e(f"6.4.3-3: {name}: /Contents is not a DER-encoded CMS SignedData ({x}): no SignerInfo")
        return
    if data[t[3]:].strip(b"\0"):
        e(f"6.4.3-2: {name}: /Contents has bytes other than zero padding after the DER object's {t[3]} bytes")
    if not certs:
        e(f"6.4.3-2: {name}: the CMS holds no certificate (the signer's X.509 certificate is required)")
    elif None in certs:
        e(f"6.4.3-2: {name}: certificate {certs.index(None) + 1} of {len(certs)} in the CMS is not an X.509 certificate")
    for k, sid in enumerate(signers):
        if certs and None not in certs and not any(
                c and sid and ((sid[0] == "ias" and (c["issuer"], c["serial"]) == sid[1:]) or
                               (sid[0] == "ski" and c["ski"] == sid[1])) for c in certs):
            e(f"6.4.3-2: {name}: no certificate in the CMS is the signer's of SignerInfo {k + 1} "
              "(by issuer and serial number or subject key identifier)")
    if len(signers) != 1:
        e(f"6.4.3-3: {name}: the CMS has {len(signers)} SignerInfos, not exactly one")


class Offsets:
    """Byte offsets of objects ('N G R'): the last 'N G obj' at the start of a line (an
    incremental update appends), or, when exact=True, the cross-reference data in effect
    (qpdf --show-xref; uncompressed objects only)."""

    def __init__(self, doc, exact=False):
        self.raw, self.exact = doc.raw, exact
        self.table = object_offsets(doc.path) if exact else {}

    def get(self, ref):
        if self.exact:
            return self.table.get(ref)
        n, g, _ = ref.split()
        key, p = f"{n} {g} obj".encode(), len(self.raw)
        while True:  # rfind: a regex over the whole file is slow
            p = self.raw.rfind(key, 0, p)
            if p <= 0 or self.raw[p - 1] in b"\r\n":
                return max(p, 0) if p >= 0 else None


def contents_bytes(v):
    """The bytes of a string object's source text (hex or literal); None if it is no string."""
    if v[:1] == b"<":
        h = re.sub(rb"\s", b"", v[1:-1])
        if not re.fullmatch(rb"[0-9A-Fa-f]*", h):
            return None
        return bytes.fromhex((h + b"0" * (len(h) % 2)).decode("latin-1"))
    return unescape(v[1:-1]) if v[:1] == b"(" else None


def check_signatures(doc, raw, cat, fields, e):
    """6.4.3-1..3 on every signature dictionary (signature_dicts)."""
    sigs = signature_dicts(doc, cat, fields)
    if not sigs:
        return
    quick, exact = Offsets(doc), None
    xrefs = sorted(int(m[1]) for m in re.finditer(rb"startxref\s+(\d+)", raw))
    for ref, d in sigs.items():
        name = f"signature {ref}"
        br = doc.get(d.get("/ByteRange"))
        br = [doc.get(x) for x in br] if isinstance(br, list) else br
        c = d.get("/Contents")
        parsed = bytes.fromhex(c[2:]) if isinstance(c, str) and c.startswith("b:") else None  # qpdf's
        span, why = None, "it is not an indirect object"
        for k in range(2 if re.fullmatch(r"\d+ \d+ R", ref) else 0):
            if k == 1:
                exact = exact or Offsets(doc, True)
            offsets = exact if k else quick
            off = offsets.get(ref)
            if off is None:
                why = "it is not an uncompressed object"
                continue
            try:
                span = contents_span(raw, off, offsets)
            except (ValueError, IndexError, TypeError) as x:
                span, why = None, str(x)
                continue
            found = contents_bytes(raw[span[0]:span[1]])
            if found is not None and parsed in (None, found):
                break  # the definition in effect: its /Contents is the one qpdf read
            span, why = None, "the /Contents found in the file is not the one in effect"
        if span is None:
            e(f"6.4.3-1: {name}: cannot locate its /Contents in the file ({why})")
            check_cms(parsed or b"", name, e)
            continue
        cs, ce = span
        end, eol, last = revision_end(raw, min([x for x in xrefs if x > ce], default=ce))
        full = end + eol - ce
        ok = (isinstance(br, list) and len(br) == 4 and all(type(x) is int for x in br) and
              br[:3] == [0, cs, ce] and (br[3] == full if last else full - eol <= br[3] <= full))
        if not ok:
            want = f"[0 {cs} {ce} {full}]" if last or not eol else f"[0 {cs} {ce} {full - eol}..{full}]"
            e(f"6.4.3-1: {name}: /ByteRange {br} is not {want}: the file from byte 0 to the end of "
              "the signature's revision except the /Contents value")
        check_cms(found, name, e)


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
        e("6.1.3-1: the last trailer has no /ID of two strings")
    elif any(len(bytes.fromhex(x[2:])) != 16 for x in tid if x.startswith("b:")):
        e("gongwen: /ID strings are not 16 bytes")
    if "/Encrypt" in doc.trailer:
        e("6.1.3-2: the trailer has /Encrypt")
    cat = doc.get(doc.trailer.get("/Root")) or {}
    # ---- every object
    fields = form_fields(doc, cat)
    images, smasks = [], set()
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
                    aa = []
                    if v is cat:
                        aa.append("6.5.2-1: additional actions (/AA) in the catalog")
                    if v.get("/Type") == "/Page":
                        aa.append(f"6.5.2-2: additional actions (/AA) in page {key[4:]}")
                    if v.get("/Subtype") == "/Widget":
                        aa.append(f"6.4.1-1: additional actions (/AA) in widget annotation {key[4:]}")
                    if v is d and key[4:] in fields:
                        aa.append(f"6.4.1-2: additional actions (/AA) in form field {key[4:]}")
                    errs.extend(aa or [f"gongwen: additional actions (/AA) in {key}"])
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
                if "/Alternates" in sd:
                    e(f"6.2.8-1: image {key} has /Alternates")
                if "/OPI" in sd:
                    e(f"6.2.8-2: image {key} has /OPI")
                if sd.get("/Interpolate") is True:
                    e(f"6.2.8-3: image {key} has /Interpolate true")
                bpc = sd.get("/BitsPerComponent")
                if bpc is not None and bpc not in (1, 2, 4, 8, 16):
                    e(f"6.2.8-4: image {key} has BitsPerComponent {bpc}")
                images.append(key[4:])
                if isinstance(sd.get("/SMask"), str):
                    smasks.add(sd["/SMask"])
            elif sd.get("/Subtype") == "/Form":
                check_form(key[4:], sd, e)
            elif sd.get("/Subtype") == "/PS":
                e(f"6.2.9-3: PostScript XObject {key[4:]}")
    # ---- pages and annotations
    pages = [doc.get(v) for k, v in ((k, k[4:]) for k in doc.objs if k.startswith("obj:"))
             if isinstance(doc.get(v), dict) and doc.get(v).get("/Type") == "/Page"]
    check_annotations(doc, pages, fields, e)
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
    # ---- permissions and signatures
    check_perms(doc, cat, fields, e)
    check_signatures(doc, raw, cat, fields, e)
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
        e("gongwen: no /GTS_PDFA1 OutputIntent with a usable ICC profile (device colours then fail 6.2.4.3)")
    if len(profiles) > 1:
        e("6.2.3-2: OutputIntents with different DestOutputProfiles")
    # ---- colour spaces used (6.2.4.3), fonts, glyphs, in every content stream a page reaches
    fonts_checked, used, seen_images = {}, {}, set()  # used: device space -> where

    def use(cs, where, rd, exempt):
        cs = device_space(doc, cs, rd)
        if cs and cs not in exempt:
            used.setdefault(cs, where)

    for pg in pages:
        grp = dict_of(doc, pg.get("/Group"))
        if "/CS" in grp:
            use(grp["/CS"], "the page's transparency group", None, ())
    for what, ref, res in content_streams(doc, pages, errs):
        sd, data = doc.stream(ref)
        if data is None:
            continue
        if what in ("form XObject", "soft-mask group", "appearance stream"):
            check_form(ref, sd, e)  # appearance streams need not say /Subtype /Form
        rd = dict_of(doc, res)
        fres = dict_of(doc, rd.get("/Font"))
        defaults = dict_of(doc, rd.get("/ColorSpace"))
        exempt = {"/Device" + k[8:] for k in ("/DefaultGray", "/DefaultRGB", "/DefaultCMYK") if k in defaults}
        xobjs = dict_of(doc, rd.get("/XObject"))
        masks = set()
        for n, x in xobjs.items():
            xd = dict_of(doc, x)
            if xd.get("/Subtype") != "/Image":
                continue
            x = x if isinstance(x, str) else "(direct)"
            if xd.get("/ImageMask") is True:
                masks.add(n.encode())
            elif x not in smasks:
                use(xd.get("/ColorSpace"), f"image {x}", None, exempt)
            seen_images.add(x)
        for x in list(dict_of(doc, rd.get("/Shading")).values()) + [
                dict_of(doc, p).get("/Shading") for p in dict_of(doc, rd.get("/Pattern")).values()]:
            use(dict_of(doc, x).get("/ColorSpace"), f"a shading in {what} {ref}", rd, exempt)
        grp = dict_of(doc, sd.get("/Group"))
        if "/CS" in grp:
            use(grp["/CS"], f"the transparency group of {what} {ref}", rd, exempt)
        spaces = set()
        for name, s in shown_strings(data, errs, spaces, masks):
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
            use(cs, f"{what} {ref}", rd, exempt)
    for x in images:  # images no resource dictionary reaches count too (no Default* exemption)
        if x not in seen_images and x not in smasks:
            use(dict_of(doc, x).get("/ColorSpace"), f"image {x}", None, ())
    if "/DeviceRGB" in used and space != b"RGB ":
        e(f"6.2.4.3-2: DeviceRGB used ({used['/DeviceRGB']}) without an RGB OutputIntent or DefaultRGB")
    if "/DeviceCMYK" in used and space != b"CMYK":
        e(f"6.2.4.3-3: DeviceCMYK used ({used['/DeviceCMYK']}) without a CMYK OutputIntent or DefaultCMYK")
    if "/DeviceGray" in used and space is None:
        e(f"6.2.4.3-4: DeviceGray used ({used['/DeviceGray']}) without an OutputIntent or DefaultGray")
    if space is None:  # 6.2.10-2: gOutputCS != null || containsGroupCS || containsTransparency == false
        for pg in pages:
            if "/CS" not in dict_of(doc, pg.get("/Group")):
                why = page_transparency(doc, pg)
                if why:
                    e(f"6.2.10-2: a page with transparency ({why}) but no OutputIntent has no /Group /CS")
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


STANDARD14 = {"/" + n for n in (
    "Courier", "Courier-Bold", "Courier-BoldOblique", "Courier-Oblique", "Helvetica", "Helvetica-Bold",
    "Helvetica-BoldOblique", "Helvetica-Oblique", "Symbol", "Times-Bold", "Times-BoldItalic",
    "Times-Italic", "Times-Roman", "ZapfDingbats")}
# ISO 32000-1 Table 118, the predefined CMaps (as veraPDF lists them), with their character collection
PREDEFINED_CMAPS = {}
for _names, _ordering in (
        ("GB-EUC GBpc-EUC GBK-EUC GBKp-EUC GBK2K UniGB-UCS2 UniGB-UTF16", "GB1"),
        ("B5pc HKscs-B5 ETen-B5 ETenms-B5 CNS-EUC UniCNS-UCS2 UniCNS-UTF16", "CNS1"),
        ("90ms-RKSJ 90msp-RKSJ Add-RKSJ EUC Ext-RKSJ UniJIS-UCS2 UniJIS-UCS2-HW UniJIS-UTF16", "Japan1"),
        ("KSC-EUC KSCms-UHC KSCms-UHC-HW UniKS-UCS2 UniKS-UTF16", "Korea1")):
    for _n in _names.split():
        PREDEFINED_CMAPS["/" + _n + "-H"] = PREDEFINED_CMAPS["/" + _n + "-V"] = _ordering
PREDEFINED_CMAPS.update({"/83pv-RKSJ-H": "Japan1", "/90pv-RKSJ-H": "Japan1", "/H": "Japan1", "/V": "Japan1",
                         "/KSCpc-EUC-H": "Korea1", "/Identity-H": "Identity", "/Identity-V": "Identity"})


def check_cmap(doc, enc, font, e):
    """6.2.11.3.3-1..3 and 6.1.13-10 on a Type0 font's /Encoding. Returns the CMap's character
    collection (registry, ordering, supplement or None when not known) for 6.2.11.3.1-1, or None
    for Identity-H/V or a CMap that cannot be read."""
    if isinstance(enc, str) and enc.startswith("/"):
        if enc not in PREDEFINED_CMAPS:
            e(f"6.2.11.3.3-1: Type0 font {font}: CMap {enc} is neither embedded nor predefined (ISO 32000-1 Table 118)")
            return None
        o = PREDEFINED_CMAPS[enc]
        return None if o == "Identity" else ("Adobe", o, None)
    sd, data = doc.stream(enc)
    if sd is None or data is None:
        e(f"6.2.11.3.3-1: Type0 font {font}: /Encoding {enc} is neither a predefined CMap name nor a CMap stream")
        return None
    prog = data.decode("latin-1")
    m = re.search(r"/WMode\s+(\d+)\s+def", prog)
    if (int(m[1]) if m else 0) != sd.get("/WMode", 0):
        e(f"6.2.11.3.3-2: Type0 font {font}: CMap {enc} has /WMode {sd.get('/WMode', 0)} but its program "
          f"{'defines ' + m[1] if m else 'defines none (0)'}")
    use = [sd["/UseCMap"]] if "/UseCMap" in sd else []
    use += ["/" + u for u in re.findall(r"/([^\s/\[\]()<>{}%]+)\s+usecmap", prog)]
    for u in use:
        un = u if isinstance(u, str) and u.startswith("/") else dict_of(doc, u).get("/CMapName")
        if un not in PREDEFINED_CMAPS:
            e(f"6.2.11.3.3-3: Type0 font {font}: CMap {enc} uses CMap {un or u}, not one of ISO 32000-1 Table 118")
    top = -1
    for blk in re.findall(r"begincidrange(.*?)endcidrange", prog, re.S):
        for lo, hi, c in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\d+)", blk):
            top = max(top, int(c) + int(hi, 16) - int(lo, 16))
    for blk in re.findall(r"begincidchar(.*?)endcidchar", prog, re.S):
        for c in re.findall(r"<[0-9A-Fa-f]+>\s*(\d+)", blk):
            top = max(top, int(c))
    if top > 65535:
        e(f"6.1.13-10: Type0 font {font}: CMap {enc} maps to CID {top} (> 65535)")
    csi = doc.get(sd.get("/CIDSystemInfo"))
    csi = doc.get(csi[0]) if isinstance(csi, list) and csi else csi
    if not isinstance(csi, dict):
        return None, None, -1  # no character collection: 6.2.11.3.1-1 cannot hold
    sup = doc.get(csi.get("/Supplement"))
    return text(doc.get(csi.get("/Registry"))), text(doc.get(csi.get("/Ordering"))), sup if isinstance(sup, int) else -1


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
        embedded = any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        if st != "/Type3" and not embedded:
            e(f"6.2.11.4.1-1: font {f.get('/BaseFont')} is not embedded")
        enc = doc.get(f.get("/Encoding"))
        standard = (st in ("/Type1", "/MMType1") and not embedded and f.get("/BaseFont") in STANDARD14 and
                    not (isinstance(enc, dict) and doc.get(enc.get("/Differences"))))
        if not standard:
            what = f"font {f.get('/BaseFont', fref)} ({st})"
            first, last = f.get("/FirstChar"), f.get("/LastChar")
            widths = doc.get(f.get("/Widths"))
            if first is None:
                e(f"6.2.11.2-4: {what} has no /FirstChar")
            if last is None:
                e(f"6.2.11.2-5: {what} has no /LastChar")
            if not (isinstance(widths, list) and isinstance(first, int) and isinstance(last, int) and
                    len(widths) == last - first + 1):
                n = len(widths) if isinstance(widths, list) else None
                e(f"6.2.11.2-6: {what}: /Widths has {n} entries, /FirstChar {first} /LastChar {last}")
        return None
    name0 = f.get("/BaseFont", fref)
    cmap = check_cmap(doc, f.get("/Encoding"), name0, e)
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
    elif cmap is not None:
        reg, ordering, sup = cmap
        if (text(doc.get(csi["/Registry"])), text(doc.get(csi["/Ordering"]))) != (reg, ordering):
            e(f"6.2.11.3.1-1: {name}: CIDSystemInfo {text(doc.get(csi['/Registry']))}-"
              f"{text(doc.get(csi['/Ordering']))} differs from the CMap's {reg}-{ordering}")
        elif sup is not None and not (isinstance(doc.get(csi["/Supplement"]), int) and doc.get(csi["/Supplement"]) <= sup):
            e(f"6.2.11.3.1-1: {name}: CIDSystemInfo Supplement {doc.get(csi['/Supplement'])} exceeds the CMap's {sup}")
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


def pdfaid_prefixes(data):
    """{local name: set of prefixes} of the PDF/A identification properties in an XMP packet,
    as elements or as attributes (expat, which keeps the prefixes ElementTree drops)."""
    out = {}

    def note(name):
        parts = name.split("\x01")
        if parts[0] == NS["pdfaid"] and len(parts) >= 2:
            out.setdefault(parts[1], set()).add(parts[2] if len(parts) > 2 else "")

    def start(name, attrs):
        note(name)
        for a in attrs:
            note(a)

    p = xml.parsers.expat.ParserCreate(namespace_separator="\x01")
    p.namespace_prefixes = True
    p.StartElementHandler = start
    try:
        p.Parse(data, True)
    except xml.parsers.expat.ExpatError:
        pass  # reported as 6.6.2.1-4
    return out


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
        e("gongwen: the metadata stream is filtered (PDF/A-2 allows it; gongwen writes it unfiltered)")
    try:
        txt = data.decode("utf-8")
    except UnicodeDecodeError:
        e("6.6.2.1-5: the XMP is not UTF-8")
        return
    pi = re.match(r'(\ufeff)?<\?xpacket ([^?]*)\?>', txt)
    if not pi:
        e("gongwen: the XMP does not start with an xpacket header")
    else:
        if re.search(r"(?<![\w:.-])bytes\s*=", pi[2]):
            e("6.6.2.1-2: the xpacket header has a bytes attribute")
        if re.search(r"(?<![\w:.-])encoding\s*=", pi[2]):
            e("6.6.2.1-3: the xpacket header has an encoding attribute")
    if not re.search(r'<\?xpacket end="[rw]"\?>\s*$', txt):
        e("gongwen: the XMP does not end with an xpacket trailer")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as x:
        e(f"6.6.2.1-4: the XMP is not well-formed XML ({x})")
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
    if part is None and conf is None:
        e("6.6.4-1: no PDF/A identification (pdfaid:part, pdfaid:conformance) in the XMP")
    else:
        if part != "2":
            e(f"6.6.4-2: pdfaid:part is {part}, not 2")
        if conf != "B":
            e(f"6.6.4-3: pdfaid:conformance is {conf}, not B")
    prefixes = pdfaid_prefixes(data)
    for rule, local in (("6.6.4-4", "part"), ("6.6.4-5", "conformance"), ("6.6.4-6", "amd"), ("6.6.4-7", "corr")):
        for prefix in sorted(prefixes.get(local, set()) - {"pdfaid"}):
            e(f"{rule}: the PDF/A identification property {local} has the prefix {prefix or '(none)'}, not pdfaid")
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
