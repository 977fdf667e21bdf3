#!/usr/bin/env python3
"""gridcheck.py: GB/T 9704-2012 composition, measured from the PDF alone.

An independent checker: it reads only what a reader of the PDF can see (MuPDF's structured text
and its device trace, and the outline that `mutool show` lists), never gongwen's trace or its
internal state. Body lines are found by geometry, not by asking the program what it meant.

Usage:
  gridcheck.py PDF [--data DATA.json] [--layout gbt9704|LAYOUT.json]
               [--signature auto|none|seal|joint|stamp|absent] [--sig-org TEXT] [--sig-date TEXT]
               [--skip-pages N,...] [--min-pages N] [--expect-carry] [--no-outline]
               [--letter] [--head-lines N] [--no-number-pages N,...]
               [--only RULE,...] [--kinsoku-only] [-v]

Out: one line per rule, "ok RULE: detail" or "FAIL RULE: detail" (failures last, so that the
tail of the output shows them), then "N rules ok, N failed"; exit 1 on any failure, 2 on a
usage or tool error.

--data DATA.json  the document's input (never gongwen's output): sets the signature mode (seal /
                  none / joint ("orgs") / stamp ("signers") / absent), the expected organ(s) or
                  signers' titles and date (YYYY-MM-DD written 2021年1月15日, other text as given),
                  the outline's expected entries (the title and the h1..h4 texts, in order; the
                  attachments' titles and headings may be listed or not), the paragraphs (body
                  and attachments: p, h1..h4, to, attachment_note, note, attendance), and where
                  the text has spaces (for word splits). Flags win.
--layout          the geometry to check against. `gbt9704` (default) is the standard itself,
                  built in here (GB/T 9704-2012 5.2, 7.5; standards.md §1.3, §1.6), so that an
                  edit of layouts/gbt9704.json cannot move the yardstick; a path reads a layout
                  file (docs/layout-format.md) instead.
--skip-pages      pages (1-based) left out of every rule (say, a page that holds a table).
--expect-carry    the document was built so that its signature would fall alone at the top of a
                  page (mkdoc.py alone): require that the page before the signature page was left
                  short, i.e. that body lines were carried to the signature page (a document that
                  does not reach that case does not test it).
--letter          a 信函 (GB/T 9704-2012 10.1); found without the flag from red 170 mm rules on page 1.
--head-lines N    the first N lines of page 1 are the 版头 (whatever the rules and colours say).
--no-number-pages pages (1-based) that must carry no page number (more are added: see page-number).
--only            run only these rules (for negative controls that must fail one rule).
--kinsoku-only    only the line-start / line-end rules, for any PDF (no grid assumed).

Geometry (gbt9704): A4 595.28 x 841.89 pt; type area x 28..184 mm, y 37..262 mm from the top
(156 x 225 mm); 28 cells per line, a cell = 156 mm / 28 = 15.79 pt at the 16 pt body size
(a character of another size s is s/16 of that); 22 lines, pitch = 225 mm / 22 = 28.99 pt.
A glyph's em box is [baseline - 0.88 size, baseline + 0.12 size]: the ideographic em box of
the CJK faces (FandolFang/Song/Hei: OS/2 typo ascender 880, descender -120 per 1000), the box
that the grid lines are laid out on. Positions come from `mutool draw -F stext` (each char's
origin x, baseline y, size and its quad, whose width is the glyph's advance).

A character's logical right edge is x + min(advance, cell of its size): a full-width glyph
ends at the end of its cell (15.79 pt) even though its font advance is 16 pt; a half-width
glyph (Latin, digits) ends at its advance. A full-width closing mark or 点号
(。，、；：？！．”’）〕】》〉」』〗〙］｝) that ENDS a line is compressed to half a cell
(GB/T 15834-2011 5.1.10): its logical right edge is x + cell/2, so an uncompressed one fails
the flush rule. Symmetrically a full-width opening mark (“‘（〔【《〈「『〖〘［｛) that STARTS a
line may have lost its leading half cell (clreq): its logical left edge is then x + cell/2;
whichever of x and x + cell/2 meets a left target is taken.

Zones (GB/T 9704-2012 7.1), found by geometry and colour (red: r > 0.6, g and b < 0.5; black:
r, g, b < 0.3; a rule: a stroked horizontal segment or a filled rectangle at most 3 pt high):
  版头   page 1 only. With --head-lines N: its first N lines. Else, with a red rule at least 150
         mm long: every line above the first such rule (and the rule just under it, a double
         rule); in a 信函 also the lines between that rule and the first title line (份号, 发文
         字号: 10.1 sets them under the rule, off the body grid). Else, when page 1 opens with a
         red line of text (the 标志 of a 命令 or 纪要 with no rule): the lines down to the first
         body line (16 pt, not red, on the 37 mm grid, starting at 28 mm or 28 mm + 2 cells) or
         the first title line that is not red, so that the 令号 (centred) is 版头 too.
         版头 lines are off the body grid: grid-first-line, grid-pitch, left-edge, flush-right,
         cells and paragraphs leave them out; type-area, kinsoku and unsplit do not. Page 1's
         body grid is still anchored at 37 mm (lines at 37 mm + k x pitch).
  信函   (10.1) --letter, or red rules 170 mm +- 1 long on page 1. type-area then allows exactly:
         版头 lines above the first red rule whose em box top is 30 mm +- 2 from the page top,
         and red rules 170 mm +- 1.5 long centred on the page +- 0.5 mm, at the top rule or 20 mm
         +- 2.5 above the page bottom. Page 1 carries no page number.
  版记   the last page only: from the first black rule as wide as the type area (156 mm +- 0.5,
         starting at 28 mm +- 0.5) at least 0.9 pt thick down to the last such rule (two at
         least). Its lines are off the body grid like the 版头's.
  blank  a page with no text but perhaps a page number, and no graphics.
  附件   a page whose first line reads 附件 or 附件N, in 黑体 or starting within 1 cell of 28 mm
         (else it is an ordinary paragraph): that line (label) and the centred lines right
         after it (title) are left out of paragraphs and left-edge.
Body lines that start at neither 28 mm nor the indent are classed, in order: hanging (it
starts, +- 0.3 mm, where a character of an earlier line of its block starts that follows "："
or a list number "1.", or where an earlier hanging line starts: 纪要 出席：names, 附件说明
1./2. items and their wrapped names; a block is a run of body lines on consecutive grid lines);
centred (its centre on the type area's +- 0.5 mm); set right (ends at 184 mm +- 0.2). These
pass left-edge and start no paragraph (hanging) / start one (centred, right).

Rules and tolerances:
  pages            at least --min-pages pages.
  type-area        every character (logical box: left/right edge as above, em box vertically),
                   image and path lies inside the type area within 0.2 mm, except the page
                   number (the first line "— N —" whose em box top is at or below the type
                   area's bottom); any other line down there fails.
  grid-first-line  the first line of every page: em box top at 37 mm +- 0.5 mm.
  grid-pitch       every line in the type area: em box top at the page's first line + k x
                   28.99 pt within 0.05 mm, k = 0..21 (at most 22 lines a page).
  page-fill        a page whose next page starts with the continuation of a paragraph ends on
                   grid line 22 (22 lines), except the page before a signature page that holds
                   body lines carried with the signature.
  paragraphs       (with --data) the body lines, cut before each indented line, are the data's
                   paragraphs and headings in order (text without white space; a heading number
                   may be added): no continuation line is indented, no paragraph starts flush.
  left-edge        every body line starts at 28 mm (flush) or 28 mm + 2 cells (first-line
                   indent of paragraphs and headings), +- 0.3 mm.
  flush-right      every full body line ends at 184 mm +- 0.2 mm (logical right edge). A full
                   line is one followed by a continuation line of the same paragraph: the next
                   grid line (or the first line of the next page) is a flush-left body line. The
                   last line of a paragraph is followed by an indented line, a title, a
                   signature, a gap, or nothing.
  cells            every full body line of pure Chinese (every character a CJK ideograph or
                   CJK punctuation (U+3000-303F, FF01-FF60, “”‘’—―…⋯·) whose glyph advances
                   exactly one em, so that characters and cells are the same count; a space, a
                   Latin letter, a digit, or a mark with a narrower or wider glyph (– ⸺) makes
                   a line not pure) holds 28 characters (26 after the indent); one more when it ends
                   with a compressed closing mark/点号 or starts with a compressed opening mark
                   (先挤进); fewer only when the characters that would fill it may not end this
                   line or start the next (推出: a closing mark after them, an opening mark
                   among them, a ——/…… pair cut, or ——/…… at the next line's start, which
                   clreq's strict level and UAX #14 (no break before …) forbid). A mark
                   squeezed inside the line (its blank half removed, clreq 先挤进, issue 12)
                   gives half a cell: the line may hold one character more for every two
                   half cells so given (the line end's included). A line before a paragraph's
                   last line may hold 1 or 2 fewer when that last line then holds 2 characters
                   (no one-character last line, clreq; issue 12).
  twelve-dots      two or more ellipses together (…………, GB/T 15834-2011 5.1.5) are a body
                   line of their own; that line and the one before it are not full lines.
  kinsoku          no line (title, body, signature) starts with 。，、；：？！．”’）〕】》〉」』〗〙
                   ·／/～– or ASCII ) ] } , . ; : ? ! % ; no line ends with “‘（〔【《〈「『〖〘
                   ／/ or ASCII ( [ { . Page numbers are not text flow and are left out.
  unsplit          —— (two U+2014), …… and ⋯⋯ are not split between two lines (a run of several
                   such units may break between units); with --data, numbers (2020, 12.4, 30%)
                   and Latin words are not split either (a break where the data has a space is
                   fine: the PDF drops a line-end space, so only the data can tell).
  page-number      every page has a line below the type area reading "— N —", N the page
                   number (counting every page), 14 pt, but the pages that must have none, which
                   must have none: --no-number-pages, page 1 of a 信函 (10.1), and a blank page
                   right before the 版记 page together with that page (7.5); its em box top at 262 + 7 = 269 mm; odd pages: its right edge
                   at 184 mm - 14 pt, even pages: its left edge at 28 mm + 14 pt; +- 0.5 mm.
  zones            what was found (版头, 信函, 版记); a 信函: a red 170 mm rule 20 mm +- 2.5 above
                   the page bottom, every 170 mm rule centred on the page +- 0.5 mm, no 版记.
  record           (a 版记) rules 28..184 mm +- 0.5, the first and last 0.35 mm +- 0.06 thick, the
                   others 0.25 mm; the last on the type area's bottom edge (its centre or its
                   bottom +- 0.5 mm); text 14 pt, 1 字 (14 pt) in from both sides +- 0.5 mm
                   (7.4.2), crossing no rule, none below the last.
  blank-pages      a blank page only right before the 版记 page (7.5).
  attachment       (附件 pages) the label 16 pt, 黑体 (its font name holds hei/黑/sans/gothic),
                   flush left at 28 mm +- 0.3, on line 1 (em box top 37 mm +- 0.5); a centred
                   title after it, starting on line 3 (7.3.7).
  sig-text         the signature's date reads like 2021年1月15日 (no leading zeros) or
                   二〇二一年一月十五日 and equals the expected date / organ(s) when known.
  signature        GB/T 9704 7.3.5, +- 0.5 mm. The date line is the last 16 pt line reading
                   a date; the organ is the line just above it (one grid line). The modes:
                   none, seal (one organ, no image or one), joint (several organs stacked or in
                   a row, with or without seals), stamp (签名章: the signers' titles beside their
                   stamps, 7.3.5.3); auto picks: no image: none (one organ line) or joint; an
                   image that does not touch the date line: stamp; one image and one organ
                   line: seal; else joint. The organ lines of joint and stamp: the lines right
                   above the date that start at neither target and do not hang, each on the grid
                   line above the next or beside an image; they are off the grid (grid-pitch).
                   joint: with seals, the date's right edge 4 cells from the right edge; every
                   organ line above the date. stamp: see seal. Without a seal
                   (7.3.5.2): one blank grid line between the last body line and the organ;
                   the date's first character 2 cells right of the organ's; the organ's right
                   edge 2 cells from the type area's right edge, or, when the date is longer,
                   the date's right edge 2 cells from it. "Longer" is ambiguous when the date is
                   shorter than the organ by less than 2 cells (then the date pushed 2 cells
                   right would stick out past the organ): either reading is accepted there, and
                   the output says which one the PDF follows. With a seal (7.3.5.1): the date's
                   right edge 4 cells from the right edge; the organ centred on the date.
  seal (joint, stamp) every seal / stamp inside the type area (+- 0.2 mm); no two overlap
                   or touch (bounding boxes). joint with seals: one presses on the date; the top
                   of the first row as for a single seal below. stamp: its right edge 4 cells
                   from the right (+- 0.5 mm), a title line beside it ending 2 cells left of it
                   (+- 0.5 mm) centred on it vertically (+- 1 mm), the date below it.
  seal             (with a seal) the seal image (bbox from `mutool draw -F trace`) is centred on
                   the date's centre horizontally (+- 0.5 mm); its centre is above both the
                   organ's and the date's baselines; its top is no higher than the last body
                   line's em box top and no lower than that em box's bottom + one pitch
                   (+- 0.5 mm): "印章顶端应当上距正文一行之内".
  sig-not-alone    the signature page also holds at least 2 body lines above the signature (when
                   the document has 2).
  (paragraphs)     with --data: a paragraph of the data ends where the PDF's text has given all of
                   it, so that a paragraph set flush left (主送, a p with indent 0) starts a new one
                   (and the line before it is not a full line); each starts as the data says
                   (indented; flush for 主送 and indent 0; centred or set right for align). 主送,
                   附件说明, 附注 and attendance paragraphs match loosely: their texts in order,
                   each after at most 6 characters of label or number ("附件：1.", "（", "出席：").
  carry            (--expect-carry) the page before the signature page ends short and the
                   signature page starts with body lines.
  outline          `mutool show PDF outline` lists entries, each naming text found on the page
                   it points to; with --data the entries are the title and the headings, in
                   order (a heading number such as 一、 （一） 1. （1） may be added or not).
"""
import argparse
import html
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

from checkreport import Report

PT_PER_MM = 72 / 25.4
EM_TOP, EM_BOTTOM = 0.88, 0.12

CLOSE_COMPRESS = set("。，、；：？！．”’）〕】》〉」』〗〙］｝")
OPEN_COMPRESS = set("“‘（〔【《〈「『〖〘［｛")
NOT_START = set("。，、；：？！．”’）〕】》〉」』〗〙］｝·／/～–") | set(")]},.;:?!%")
NOT_END = set("“‘（〔【《〈「『〖〘［｛／/") | set("([{")
UNITS = "—…⋯"
DATE_RE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
PN_RE = re.compile(r"^—\s*(\d+)\s*—$")
HEADING_NUM_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．]|（\d+）)")

SIZES = {"初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18, "三号": 16,
         "小三": 15, "四号": 14, "小四": 12, "五号": 10.5, "小五": 9, "六号": 7.5, "小六": 6.5,
         "七号": 5.5, "八号": 5}


def is_cjk_cell_char(c):
    """An ideograph or CJK punctuation that takes a full cell (the advance is checked apart)."""
    o = ord(c)
    return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x3FFFF
            or 0xF900 <= o <= 0xFAFF or 0x3000 <= o <= 0x303F or 0x3200 <= o <= 0x32FF
            or 0xFF01 <= o <= 0xFF60 or c in "“”‘’—―…⋯·")


def mm(v):
    return v / PT_PER_MM


def fmt_mm(v):
    return f"{mm(v):.2f} mm"


# --- geometry spec ------------------------------------------------------------------------

class Spec:
    def __init__(self):
        # GB/T 9704-2012: A4, margins top 37, left 28, type area 156 x 225 mm, 22 x 28, 三号 body,
        # page number 四号 "— N —" 7 mm below the type area, 1 字 in from the outer edge.
        self.page_w, self.page_h = 210 * PT_PER_MM, 297 * PT_PER_MM
        self.x0, self.y0 = 28 * PT_PER_MM, 37 * PT_PER_MM
        self.w, self.h = 156 * PT_PER_MM, 225 * PT_PER_MM
        self.cpl, self.lpp = 28, 22
        self.body = 16.0
        self.pn_size, self.pn_below, self.pn_indent = 14.0, 7 * PT_PER_MM, 1
        self.indent = 2

    @property
    def x1(self):
        return self.x0 + self.w

    @property
    def y1(self):
        return self.y0 + self.h

    @property
    def cell(self):
        return self.w / self.cpl

    @property
    def pitch(self):
        return self.h / self.lpp

    def cell_at(self, size):
        return self.cell * size / self.body


def length(v):
    if isinstance(v, (int, float)):
        return float(v)
    m = re.fullmatch(r"\s*([\d.]+)\s*(pt|mm|cm)\s*", v)
    if not m:
        raise ValueError(f"bad length {v!r}")
    return float(m.group(1)) * {"pt": 1, "mm": PT_PER_MM, "cm": 10 * PT_PER_MM}[m.group(2)]


def font_size(v):
    return float(SIZES[v]) if isinstance(v, str) and v in SIZES else length(v)


def load_spec(name):
    s = Spec()
    if name in (None, "gbt9704"):
        return s
    lay = json.load(open(name, encoding="utf-8"))
    s.page_w, s.page_h = length(lay["page"]["width"]), length(lay["page"]["height"])
    m = lay["page"]["margins"]
    s.x0, s.y0 = length(m["left"]), length(m["top"])
    s.w = s.page_w - s.x0 - length(m["right"])
    s.h = s.page_h - s.y0 - length(m["bottom"])
    s.cpl, s.lpp = lay["grid"]["chars_per_line"], lay["grid"]["lines_per_page"]
    styles = lay["styles"]
    s.body = font_size(styles[lay["grid"].get("style", "body")]["size"])
    s.indent = styles[lay["blocks"]["p"]].get("indent", 0)
    pn = lay.get("page_number")
    if pn:
        s.pn_size = font_size(styles[pn["style"]]["size"])
        s.pn_below = length(pn.get("below", 0))
        s.pn_indent = pn.get("indent", 0)
    return s


# --- reading the PDF ------------------------------------------------------------------------

class Char:
    __slots__ = ("c", "x", "y", "size", "adv", "font", "rgb")

    def __init__(self, c, x, y, size, adv, font, rgb=(0.0, 0.0, 0.0)):
        self.c, self.x, self.y, self.size, self.adv, self.font = c, x, y, size, adv, font
        self.rgb = rgb


def is_red(rgb):
    """Red ink (GB/T 9704 6.2: red Y80 % M80 %): r > 0.6 and g, b < 0.5."""
    return rgb[0] > 0.6 and rgb[1] < 0.5 and rgb[2] < 0.5


def is_black(rgb):
    return max(rgb) < 0.3


def hex_rgb(v):
    v = (v or "#000000").lstrip("#")
    try:
        return tuple(int(v[i:i + 2], 16) / 255 for i in (0, 2, 4))
    except ValueError:
        return (0.0, 0.0, 0.0)


def trace_rgb(space, color):
    """A trace element's colour as (r, g, b) in 0..1 (gray, RGB and CMYK; others read as black)."""
    try:
        v = [float(x) for x in (color or "").split()]
    except ValueError:
        return (0.0, 0.0, 0.0)
    if len(v) == 1:
        return (v[0], v[0], v[0])
    if len(v) == 3:
        return tuple(v)
    if len(v) == 4:
        c, m, y, k = v
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return (0.0, 0.0, 0.0)


class Rule:
    """A horizontal rule: a stroked horizontal segment or a filled flat rectangle (device space,
    y down). y is its centre line, thick its height (the line width of a stroke)."""

    def __init__(self, x0, x1, y, thick, rgb):
        self.x0, self.x1, self.y, self.thick, self.rgb = x0, x1, y, thick, rgb

    @property
    def len(self):
        return self.x1 - self.x0

    def __repr__(self):
        return (f"rule {fmt_mm(self.x0)}..{fmt_mm(self.x1)} at {fmt_mm(self.y)}, "
                f"{mm(self.thick):.2f} mm thick")


class Line:
    def __init__(self, page, chars):
        self.page = page
        self.chars = sorted(chars, key=lambda ch: ch.x)
        self.vis = [ch for ch in self.chars if not ch.c.isspace()]
        self.text = "".join(ch.c for ch in self.chars).strip()
        self.vtext = "".join(ch.c for ch in self.vis)
        self.size = max(ch.size for ch in self.chars)
        self.font = self.vis[0].font if self.vis else ""
        self.red = bool(self.vis) and sum(is_red(ch.rgb) for ch in self.vis) * 2 > len(self.vis)
        self.hanging = False
        self.align = None
        self.y = sum(ch.y for ch in self.chars) / len(self.chars)
        self.em_top = self.y - EM_TOP * self.size
        self.em_bottom = self.y + EM_BOTTOM * self.size
        self.kind = None
        self.slot = None
        self.indented = False
        self.start_compressed = False
        self.left = self.right = None

    def where(self):
        s = f" line {self.slot + 1}" if self.slot is not None else ""
        t = self.text if len(self.text) <= 32 else self.text[:30] + "…"
        return f"page {self.page}{s} \"{t}\""


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write(f"gridcheck: {' '.join(cmd)} failed: {r.stderr.strip()[:300]}\n")
        sys.exit(2)
    return r.stdout


def read_pages(pdf):
    """[(width, height, [Char])] from mutool's structured text."""
    root = ET.fromstring(run(["mutool", "draw", "-q", "-F", "stext", "-o", "-", pdf]))
    pages = []
    for page in root.iter("page"):
        chars = []
        for font in page.iter("font"):
            size = float(font.get("size"))
            for ch in font.iter("char"):
                q = [float(v) for v in ch.get("quad").split()]
                chars.append(Char(html.unescape(ch.get("c")), float(ch.get("x")), float(ch.get("y")),
                                  size, q[2] - q[0], font.get("name"), hex_rgb(ch.get("color"))))
        pages.append((float(page.get("width")), float(page.get("height")), chars))
    return pages


RULES = {}  # page -> [Rule], filled by read_graphics
BOXES = {}  # page -> [(x0, y0, x1, y1)]: the bounding box of each black path (all its subpaths)
#             that holds a subpath at least 1 pt high (a table's vertical rule or cell)


def read_graphics(pdf):
    """{page: [(kind, x0, y0, x1, y1)]}: images and paths from mutool's device trace; the
    horizontal rules among the paths go to RULES as well."""
    out, page, path, tr, pad = {}, 0, None, None, 0.0
    rgb, stroke = (0.0, 0.0, 0.0), False
    num = r'"([-\d.eE]+)"'
    for line in run(["mutool", "draw", "-q", "-F", "trace", "-o", "-", pdf]).splitlines():
        s = line.strip()
        if s.startswith("<page "):
            page += 1
            out[page] = []
            RULES[page] = []
            BOXES[page] = []
        elif s.startswith("<fill_image") or s.startswith("<fill_shade"):
            m = re.search(r'transform="([^"]*)"', s)
            if m:
                a, b, c, d, e, f = (float(v) for v in m.group(1).split())
                xs = [e, a + e, c + e, a + c + e]
                ys = [f, b + f, d + f, b + d + f]
                out[page].append(("image", min(xs), min(ys), max(xs), max(ys)))
        elif s.startswith("<fill_path") and 'colorspace="DeviceGray" color="1"' in s:
            path = None  # white: the paper a page with a Multiply seal starts with (pdf.c)
        elif s.startswith("<fill_path") or s.startswith("<stroke_path"):
            m = re.search(r'transform="([^"]*)"', s)
            tr = [float(v) for v in m.group(1).split()] if m else [1, 0, 0, 1, 0, 0]
            w = re.search(r'linewidth="([\d.]+)"', s)
            stroke = s.startswith("<stroke_path")
            pad = float(w.group(1)) / 2 if w and stroke else 0.0
            cs = re.search(r'colorspace="([^"]*)"', s)
            co = re.search(r' color="([^"]*)"', s)
            rgb = trace_rgb(cs and cs.group(1), co and co.group(1))
            path = []
            if s.endswith("/>"):
                path = None
        elif path is not None and (s.startswith("</fill_path") or s.startswith("</stroke_path")):
            # each subpath apart (one stroke may draw two distant rules); white paint is no ink
            white = min(rgb) > 0.95
            pts = [q for sub in path for q in sub]
            # a table has vertical rules or cell rectangles; a path of flat horizontal rules only
            # (the 版记's, in one stroke maybe) is no table
            if pts and is_black(rgb) and any(max(q[1] for q in sub) - min(q[1] for q in sub) >= 1
                                             for sub in path if sub):
                BOXES[page].append((min(q[0] for q in pts) - pad, min(q[1] for q in pts) - pad,
                                    max(q[0] for q in pts) + pad, max(q[1] for q in pts) + pad))
            for sub in path:
                if not sub or white:
                    continue
                xs = [p[0] for p in sub]
                ys = [p[1] for p in sub]
                out[page].append(("path", min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad))
                x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
                if x1 - x0 >= 10 * PT_PER_MM:
                    if stroke and y1 - y0 < 0.05:
                        RULES[page].append(Rule(x0, x1, (y0 + y1) / 2, 2 * pad, rgb))
                    elif not stroke and y1 - y0 <= 3:
                        RULES[page].append(Rule(x0, x1, (y0 + y1) / 2, y1 - y0, rgb))
            path = None
        elif path is not None:
            if s.startswith("<moveto") or not path:
                path.append([])
            vals = [float(v) for v in re.findall(r'(?:x|y)\d?=' + num, s)]
            for i in range(0, len(vals) - 1, 2):
                x, y = vals[i], vals[i + 1]
                a, b, c, d, e, f = tr
                path[-1].append((a * x + c * y + e, b * x + d * y + f))
    return out


def group_lines(pno, chars):
    lines, cur = [], []
    for ch in sorted(chars, key=lambda c: (c.y, c.x)):
        if cur and abs(ch.y - cur[-1].y) > 0.3 * max(ch.size, cur[-1].size):
            lines.append(Line(pno, cur))
            cur = []
        cur.append(ch)
    if cur:
        lines.append(Line(pno, cur))
    return [ln for ln in lines if ln.vis]


def read_outline(pdf):
    out = []
    r = subprocess.run(["mutool", "show", pdf, "outline"], capture_output=True, text=True)
    for line in r.stdout.splitlines():
        m = re.match(r'^[-+|]?(\t*)"(.*)"\t(.*)$', line)
        if m:
            pg = re.search(r"#page=(\d+)", m.group(3))
            out.append((len(m.group(1)), m.group(2), int(pg.group(1)) if pg else None))
    return out


# --- checks -----------------------------------------------------------------------------------

def kinsoku_bad(lines):
    bad = []
    for ln in lines:
        if ln.vtext[0] in NOT_START:
            bad.append(f"{ln.where()} starts with {ln.vtext[0]}")
        if ln.vtext[-1] in NOT_END:
            bad.append(f"{ln.where()} ends with {ln.vtext[-1]}")
    return bad


def is_word(c):
    return c.isascii() and c.isalnum()


class Source:
    """The data's text without white space, and where white space was: a line break at a space
    of the source is legal between two Latin words or numbers; the PDF cannot tell (the space at
    a line end is dropped), so word and number splits are only judged with --data."""

    def __init__(self, texts):
        self.s, self.gap = [], []
        for t in texts:
            sp = True
            for c in t:
                if c.isspace():
                    sp = True
                    continue
                self.s.append(c)
                self.gap.append(sp)
                sp = False
        self.s = "".join(self.s)

    def spaced(self, tail, head):
        """True: the source has white space between tail and head; None: not found."""
        i, found = self.s.find(tail + head), None
        while i >= 0:
            found = found or self.gap[i + len(tail)]
            i = self.s.find(tail + head, i + 1)
        return found


def split_bad(a, b, src):
    """Why the break between lines a and b cuts a unit, or None."""
    ea, sb = a.vtext, b.vtext
    for u in UNITS:
        r1 = len(ea) - len(ea.rstrip(u))
        r2 = len(sb) - len(sb.lstrip(u))
        if r1 and r2 and r1 % 2:
            return f"{u * 2} split between {a.where()} and {b.where()}"
    x, y = ea[-1], sb[0]
    if src and ((is_word(x) and is_word(y)) or (x.isdigit() and y in ".%") or
                (x == "." and len(ea) > 1 and ea[-2].isdigit() and y.isdigit())):
        if src.spaced(ea[-6:], sb[:6]) is False:
            return f"number or word split between {a.where()} and {b.where()}"
    return None


def break_illegal(end_text, start_text):
    """The break between end_text and start_text (stripped strings) breaks a line rule, at
    clreq's strict level: ——, …… and ⋯⋯ may not start a line either (UAX #14 forbids a break
    before … too), a reason to push a character out that this checker accepts but does not demand."""
    if not end_text or not start_text:
        return False
    if end_text[-1] in NOT_END or start_text[0] in NOT_START or start_text[0] in UNITS:
        return True
    for u in UNITS:
        r1 = len(end_text) - len(end_text.rstrip(u))
        r2 = len(start_text) - len(start_text.lstrip(u))
        if r1 and r2 and r1 % 2:
            return True
    x, y = end_text[-1], start_text[0]
    decimal_point = x == "." and y.isdigit() and len(end_text) > 1 and end_text[-2].isdigit()
    return (is_word(x) and is_word(y)) or (x.isdigit() and y in ".%") or decimal_point


DATE_CN_RE = re.compile(r"^[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日$")
ATT_RE = re.compile(r"^附件[0-9０-９]*$")
HEI_RE = re.compile(r"hei|黑|sans|gothic", re.I)
ITEM_RE = re.compile(r"^\d+[.．]")


def is_date(t):
    return bool(DATE_RE.match(t) or DATE_CN_RE.match(t))


def data_date(v):
    """A data date as printed: YYYY-MM-DD is written 2021年1月15日, any other text as given."""
    if isinstance(v, str) and re.fullmatch(r"[0-9-]+", v):
        y, mo, d = v.split("-")
        return f"{int(y)}年{int(mo)}月{int(d)}日"
    return v


def strings(v):
    """Every text string of a data value (file names, styles and dates left out)."""
    if isinstance(v, str):
        yield v
    elif isinstance(v, list):
        for x in v:
            yield from strings(x)
    elif isinstance(v, dict):
        for k, x in v.items():
            if k not in ("seal", "stamp", "image", "style", "align", "date", "layout", "indent", "bold"):
                yield from strings(x)


def block_wants(blocks, paras, outline):
    """The paragraphs of a list of data blocks, in order: ("exact", text) for p/h1..h4/to,
    ("loose", [pieces]) for blocks whose printed text adds a label or numbering (主送 "：", 附件说明
    "附件：1.", 附注 "（）", 纪要 attendance "出席：")."""
    for b in blocks:
        if not isinstance(b, dict) or not b:
            continue
        k, v = next(iter(b.items()))
        if k in ("h1", "h2", "h3", "h4"):
            paras.append(("exact", v, "indent"))
            outline.append((int(k[1]), v))
        elif k == "title":
            outline.append((0, v))
        elif k == "to":
            paras.append(("loose", [v], "flush"))  # 7.3.2: a full-width colon is added when missing
        elif k == "p":
            if isinstance(v, str):
                paras.append(("exact", v, "indent"))
                continue
            t = v.get("text")
            if t is None:
                t = "".join(r if isinstance(r, str) else r.get("text", "") for r in v.get("runs", []))
            ind, al = v.get("indent"), v.get("align")
            start = al if al in ("center", "right") else "flush" if ind == 0 else \
                "indent" if ind in (None, 2) else None
            paras.append(("exact", t, start))
        elif k == "attachment_note":
            paras.append(("loose", [v] if isinstance(v, str) else list(v), "indent"))
        elif k == "note":
            paras.append(("loose", [v if isinstance(v, str) else v.get("text", "")], "indent"))
        elif k == "attendance":
            paras.append(("loose", [v.get("label", ""), v.get("text", "")] if isinstance(v, dict) else [v], "indent"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pdf")
    ap.add_argument("--data")
    ap.add_argument("--layout", default="gbt9704")
    ap.add_argument("--signature", choices=["auto", "none", "seal", "joint", "stamp", "absent"])
    ap.add_argument("--sig-org")
    ap.add_argument("--sig-date")
    ap.add_argument("--skip-pages", default="")
    ap.add_argument("--min-pages", type=int, default=1)
    ap.add_argument("--expect-carry", action="store_true")
    ap.add_argument("--no-outline", action="store_true")
    ap.add_argument("--letter", action="store_true")
    ap.add_argument("--head-lines", type=int)
    ap.add_argument("--no-number-pages", default="")
    ap.add_argument("--only", default="")
    ap.add_argument("--kinsoku-only", action="store_true")
    ap.add_argument("-v", action="store_true", help="print every line with its class")
    a = ap.parse_args()
    rep = Report((r for r in a.only.split(",") if r), limit=4)
    skip = set(int(p) for p in a.skip_pages.split(",") if p.strip())
    no_number = set(int(p) for p in a.no_number_pages.split(",") if p.strip())

    pages = read_pages(a.pdf)

    if a.kinsoku_only:
        seq = []
        for pno, (_, _, chars) in enumerate(pages, 1):
            if pno in skip:
                continue
            seq += [ln for ln in group_lines(pno, chars) if not PN_RE.match(ln.text)]
        rep.add("kinsoku", kinsoku_bad(seq), f"{len(seq)} lines, none starts with a closing mark or ends with an opening one")
        bad = [w for w in (split_bad(p, q, None) for p, q in zip(seq, seq[1:])) if w]
        rep.add("unsplit", bad, f"no ——/…… split across {len(seq)} lines")
        return rep.finish()

    spec = load_spec(a.layout)
    sig_mode, sig_org, sig_date, want_outline, src = "auto", None, None, None, None
    sig_orgs = None     # joint / stamp: the organs or the signers' titles, in order
    want_paras = None
    opt_outline = []    # attachment titles and headings: an outline may list them or not
    if a.data:
        data = json.load(open(a.data, encoding="utf-8"))
        src = Source(list(strings(data.get("body", []))) + list(strings(data.get("attachments", []))))
        sig_mode = "absent"
        want_outline = []
        want_paras = []
        block_wants(data.get("body", []), want_paras, want_outline)
        for att in data.get("attachments", []) or []:
            if isinstance(att, dict):
                if att.get("title"):
                    opt_outline.append(att["title"])
                att_outline = []
                block_wants(att.get("body", []), want_paras, att_outline)
                opt_outline += [t for _, t in att_outline]
        for b in data.get("body", []):
            if not isinstance(b, dict) or "signature" not in b:
                continue
            v = b["signature"]
            sig_date = data_date(v.get("date"))
            if v.get("orgs"):
                sig_mode = "joint"
                sig_orgs = [o.get("org", "") for o in v["orgs"]]
            elif v.get("signers"):
                sig_mode = "stamp"
                sig_orgs = [s.get("title", "") for s in v["signers"]]
            else:
                sig_mode = "seal" if v.get("seal") else "none"
                sig_org = v.get("org")
    sig_mode = a.signature or sig_mode
    sig_org = a.sig_org or sig_org
    sig_date = a.sig_date or sig_date
    tol = PT_PER_MM  # 1 mm in pt: "0.5 * tol" is 0.5 mm

    # --- tables: text inside a stroked cell rectangle is table text, not grid text; it is
    # left out of the grid checks (tablecheck.py measures tables)
    graphics = read_graphics(a.pdf)
    def in_table(pno, ln):
        # every character's centre inside the box of some black path (a table's rules; mutool's
        # trace is in device space: y runs down from the page top, like stext). Coloured paths
        # (the red rules of a 信函, drawn in one stroke maybe) and white ones are no tables.
        cy = ln.em_top + 0.5 * ln.size
        rects = [(x0, y0, x1, y1) for x0, y0, x1, y1 in BOXES.get(pno, [])
                 if x1 - x0 >= 1 and y1 - y0 >= 1 and y0 - 0.5 <= cy <= y1 + 0.5]
        return bool(rects) and all(any(x0 <= ch.x + ch.adv / 2 <= x1 for x0, _, x1, _ in rects)
                                   for ch in ln.chars)
    table_top = {}      # page -> top of the first table text on it

    # --- lines and their classes
    all_lines = []      # every line of every checked page, reading order
    ta_lines = []       # lines inside the type area (everything but page numbers)
    per_page = {}       # page -> the lines on the body grid
    pn_lines = {}
    n_pages = len(pages)
    for pno, (pw, ph, chars) in enumerate(pages, 1):
        if pno in skip:
            continue
        lines = group_lines(pno, chars)
        per_page[pno] = []
        pn_lines[pno] = []
        for ln in lines:
            if in_table(pno, ln):
                table_top.setdefault(pno, ln.em_top)
                continue
            all_lines.append(ln)
            if ln.em_top >= spec.y1 - 0.5 * tol and PN_RE.match(ln.text) and not pn_lines[pno]:
                ln.kind = "pn"
                pn_lines[pno].append(ln)
                continue
            if ln.size > spec.body + 1:
                ln.kind = "title"
            elif abs(ln.size - spec.body) <= 0.5:
                ln.kind = "body"
            else:
                ln.kind = "other"
            per_page[pno].append(ln)
            ta_lines.append(ln)

    rep.add("pages", [] if len(pages) >= a.min_pages else [f"{len(pages)} pages, want at least {a.min_pages}"],
            f"{len(pages)} pages")

    # --- zones (GB/T 9704-2012 7.1): the 版头 on page 1, the 版记 on the last page, 附件 pages
    targets = [spec.x0, spec.x0 + spec.indent * spec.cell]

    def near_target(x):
        return min(abs(x - t) for t in targets) <= 0.3 * tol

    def on_grid(ln):
        k = (ln.em_top - spec.y0) / spec.pitch
        return abs(ln.em_top - (spec.y0 + round(k) * spec.pitch)) <= 0.05 * tol

    zone_notes = []
    letter = a.letter
    letter_rules = []       # page-1 red 170 mm rules (信函, 10.1)
    head_bottom = None
    p1 = per_page.get(1, [])
    reds = sorted((r for r in RULES.get(1, []) if is_red(r.rgb) and r.len >= 150 * PT_PER_MM),
                  key=lambda r: r.y) if 1 in per_page else []
    letter_rules = [r for r in reds if abs(r.len - 170 * PT_PER_MM) <= 1 * PT_PER_MM]
    if letter_rules and not letter:
        letter = True
        zone_notes.append("信函 (red 170 mm rules on page 1)")
    head = []
    if a.head_lines is not None:
        head = p1[:a.head_lines]
        zone_notes.append(f"版头: the first {a.head_lines} lines of page 1 (--head-lines)")
    elif reds:
        group = [r for r in reds if r.y - reds[0].y <= 3 * PT_PER_MM]
        hb = max(r.y + r.thick / 2 for r in group)
        head = [ln for ln in p1 if (ln.em_top + ln.em_bottom) / 2 < hb]
        if letter:
            # 10.1: 份号, 密级, 紧急程度 and the 发文字号 go under the first double rule, before
            # the title, not on the body grid: they are 版头 too, down to the first title line
            rest = [ln for ln in p1 if ln not in head]
            ti = next((i for i, ln in enumerate(rest) if ln.kind == "title"), None)
            if ti is not None:
                head += rest[:ti]
        zone_notes.append(f"版头 down to the red rule at {fmt_mm(hb)} on page 1 ({len(head)} lines)")
    elif p1 and p1[0].red:
        # 命令 (10.2) or 纪要 (10.3) with no red rule: the red 标志 opens page 1; the 版头 is the
        # lines above the first body line (16 pt, not red, on the 37 mm grid, starting at 28 mm
        # or 28 mm + 2 cells) or the first title line that is not red
        for ln in p1:
            if not ln.red and (ln.kind == "title" or (ln.kind == "body" and on_grid(ln)
                                                     and near_target(ln.vis[0].x))):
                break
            head.append(ln)
        zone_notes.append(f"版头: {len(head)} lines from the red 标志 down to the first body line on page 1")
    for ln in head:
        ln.kind = "head"
    if head:
        head_bottom = max(max(ln.em_bottom for ln in head), max((r.y + r.thick / 2 for r in reds
                                                                 if r.y - reds[0].y <= 3 * PT_PER_MM), default=0))
        per_page[1] = [ln for ln in p1 if ln.kind != "head"]

    # 版记 (7.4.1): on the last page, from the first black rule as wide as the type area and at
    # least 0.9 pt thick down to the last such rule
    rec_page = n_pages if n_pages in per_page else None
    rec_rules = []
    if rec_page:
        wide = sorted((r for r in RULES.get(rec_page, []) if is_black(r.rgb) and
                       abs(r.len - spec.w) <= 0.5 * tol and abs(r.x0 - spec.x0) <= 0.5 * tol), key=lambda r: r.y)
        first = next((i for i, r in enumerate(wide) if r.thick >= 0.9), None)
        rec_rules = wide[first:] if first is not None and len(wide) - first >= 2 else []
    record = []
    if rec_rules:
        ya, yb = rec_rules[0].y, rec_rules[-1].y
        for ln in per_page[rec_page]:
            if ya < (ln.em_top + ln.em_bottom) / 2 < yb or ln.em_top > ya:
                ln.kind = "record"
                record.append(ln)
        per_page[rec_page] = [ln for ln in per_page[rec_page] if ln.kind != "record"]
        zone_notes.append(f"版记 on page {rec_page}: {len(rec_rules)} rules, {len(record)} lines")
    else:
        rec_page = None

    # blank pages: no text but a page number, no graphics
    blank = [p for p in per_page if not per_page[p] and not graphics.get(p) and
             not any(l.page == p and l.kind not in ("pn",) for l in all_lines)]
    # GB/T 9704-2012 7.5: a blank page before the 版记 page: neither page is numbered
    if rec_page and rec_page - 1 in blank:
        no_number |= {rec_page - 1, rec_page}
    if letter:
        no_number.add(1)  # 10.1: no page number on the first page of a 信函

    # 附件 pages (7.3.7): "附件" or "附件N" in 3号黑体 flush left on line 1, the title centred on line 3
    att_pages = {}
    mid = (spec.x0 + spec.x1) / 2
    for pno, lines in per_page.items():
        # a "附件N" line that is neither 黑体 nor near 28 mm is an ordinary paragraph (the body
        # text of a hand-made attachment), not a label
        if lines and ATT_RE.match(lines[0].vtext) and lines[0].kind == "body" and \
                (HEI_RE.search(lines[0].font or "") or abs(lines[0].vis[0].x - spec.x0) <= spec.cell):
            lab = lines[0]
            lab.kind = "att-label"
            titles = []
            for ln in lines[1:]:
                c = (ln.vis[0].x + ln.vis[-1].x + min(ln.vis[-1].adv, spec.cell_at(ln.vis[-1].size))) / 2
                if abs(c - mid) > 0.5 * tol:
                    break
                titles.append(ln)
                if ln.kind == "body":
                    ln.kind = "att-title"
            att_pages[pno] = (lab, titles)

    # --- grid: first line and pitch
    first_bad, pitch_issues = [], []
    for pno, lines in per_page.items():
        if not lines:
            continue
        top = lines[0].em_top
        if pno == 1 and head:
            # the body grid is still anchored at 37 mm; its first line is the first grid line
            # below the 版头
            top = spec.y0
            if lines[0].em_top < head_bottom - 0.2 * tol:
                first_bad.append(f"{lines[0].where()}: em box top at {fmt_mm(lines[0].em_top)}, above the "
                                 f"版头's bottom {fmt_mm(head_bottom)}")
        elif pno in table_top and table_top[pno] < top:
            top = spec.y0  # a table opens the page: the grid still counts from its top
        elif abs(top - spec.y0) > 0.5 * tol:
            first_bad.append(f"page {pno}: first line's em box top at {fmt_mm(top)}, want 37.00 mm ± 0.5 "
                             f"({lines[0].where()})")
        for ln in lines:
            k = (ln.em_top - top) / spec.pitch
            ln.slot = round(k)
            off = ln.em_top - (top + ln.slot * spec.pitch)
            if abs(off) > 0.05 * tol or ln.slot >= spec.lpp:
                pitch_issues.append((ln, f"{ln.where()}: em box top {fmt_mm(ln.em_top)} is {mm(off):+.3f} mm off grid line "
                                         f"{ln.slot + 1} (pitch {spec.pitch:.3f} pt, {spec.lpp} lines)"))
    rep.add("grid-first-line", first_bad, f"every page's first em box top at 37 mm ± 0.5 ({len(per_page)} pages"
                                          + (", page 1 below its 版头" if head else "") + ")")

    # --- horizontal edges of each line
    for ln in ta_lines + [l for v in pn_lines.values() for l in v]:
        f, l = ln.vis[0], ln.vis[-1]
        cs = spec.cell_at(f.size)
        cands = [(f.x, False)]
        full_f = abs(f.adv - f.size) < 0.05 * f.size
        if f.c in OPEN_COMPRESS and full_f:
            cands.append((f.x + cs / 2, True))
        best = min(((abs(x - t), x, comp, t) for x, comp in cands for t in targets))
        ln.left, ln.start_compressed = best[1], best[2]
        ln.indented = best[3] != targets[0] and ln.kind == "body"
        cl = spec.cell_at(l.size)
        full_l = abs(l.adv - l.size) < 0.05 * l.size
        if l.c in CLOSE_COMPRESS and full_l:
            ln.right = l.x + cl / 2
            ln.end_compressed = True
        else:
            ln.right = l.x + min(l.adv, cl)
            ln.end_compressed = False

    # --- hanging indents, centred and right-aligned lines. A body line that starts at neither
    # target continues a hanging indent when it starts where a character of an earlier line of
    # its block starts, that character following "：" (纪要 出席：…, 附件：1. …) or a list number
    # "1." (a long 附件说明 item), or where an earlier hanging line of the block starts (measured).
    # A block is a run of body lines on consecutive grid lines (across a page break too).
    def hang_points(p):
        out = [p.left] if p.hanging else []
        for i in range(1, len(p.vis)):
            c = p.vis[i - 1].c
            if c in "：:" or (c in ".．" and re.fullmatch(
                    r"\d+[.．]", "".join(ch.c for ch in p.vis[max(0, i - 3):i]).lstrip("：:，、")) is not None):
                out.append(p.vis[i].x)
        return out

    prev_body, chain = None, []
    for ln in ta_lines:
        if ln.kind != "body":
            if ln.kind != "pn":
                prev_body, chain = None, []
            continue
        p, prev_body = prev_body, ln
        linked = p is not None and ((p.page == ln.page and p.slot is not None and ln.slot == p.slot + 1) or
                                    (p.page + 1 == ln.page and per_page[ln.page] and per_page[ln.page][0] is ln))
        if not linked:
            chain = []
        if near_target(ln.left):
            chain = hang_points(ln)
            continue
        if linked and any(abs(ln.vis[0].x - c) <= 0.3 * tol for c in chain):
            ln.hanging, ln.indented, ln.left = True, False, ln.vis[0].x
            chain += hang_points(ln)
            continue
        chain = []
        if abs((ln.vis[0].x + ln.right) / 2 - mid) <= 0.5 * tol:
            ln.align, ln.indented, ln.left = "center", False, ln.vis[0].x
        elif abs(ln.right - spec.x1) <= 0.2 * tol:
            ln.align, ln.indented, ln.left = "right", False, ln.vis[0].x

    # --- the signature: the last body-size line reading a date (2021年1月15日 or
    # 二〇二一年一月十五日); the organ just above it (single organ), or every line above it that
    # starts at neither target (joint: several organs; 签名章: the signers' titles)
    sig_date_ln = sig_org_ln = None
    sig_zone, sig_imgs, date_gap = [], [], False
    if sig_mode != "absent":
        for ln in reversed(ta_lines):
            if ln.kind == "body" and is_date(ln.vtext):
                sig_date_ln = ln
                break
    if sig_date_ln:
        pl = [l for l in ta_lines if l.page == sig_date_ln.page]
        i = pl.index(sig_date_ln)
        near_imgs = [(y0, y1) for kind, x0, y0, x1, y1 in graphics.get(sig_date_ln.page, [])
                     if kind == "image" and y1 > sig_date_ln.em_top - 8 * spec.pitch and y0 < sig_date_ln.em_bottom]
        cur = sig_date_ln
        # upwards from the date: lines that start at neither target and do not hang, each on the
        # grid line right above the one below it (stacked organs) or beside a seal or stamp; the
        # first may be 2 grid lines above the date (7.3.5.3: one blank line between the last
        # signer and the date)
        date_gap = False
        while i > 0:
            l = pl[i - 1]
            if l.kind != "body" or near_target(l.left) or l.hanging:
                break
            step = l.slot is not None and cur.slot is not None and (
                l.slot == cur.slot - 1 or (cur is sig_date_ln and l.slot == cur.slot - 2))
            if not step and not any(y0 < l.em_bottom and y1 > l.em_top for y0, y1 in near_imgs):
                break
            if cur is sig_date_ln and l.slot is not None and l.slot < cur.slot - 1:
                date_gap = True
            i -= 1
            sig_zone.insert(0, l)
            cur = l
        ztop = min([l.em_top for l in sig_zone] + [sig_date_ln.em_top])
        for kind, x0, y0, x1, y1 in graphics.get(sig_date_ln.page, []):
            if kind == "image" and y1 > ztop - 1.5 * spec.pitch and y0 < sig_date_ln.em_bottom + 0.5 * spec.pitch:
                sig_imgs.append((x0, y0, x1, y1))

    def overlaps(b, ln):
        x0, y0, x1, y1 = b
        return min(x1, ln.right) > max(x0, ln.left) and min(y1, ln.em_bottom) > max(y0, ln.em_top)

    if sig_date_ln and sig_mode == "auto":
        if date_gap and not any(overlaps(b, sig_date_ln) for b in sig_imgs):
            sig_mode = "stamp"
        elif not sig_imgs:
            sig_mode = "none" if len(sig_zone) <= 1 else "joint"
        elif not any(overlaps(b, sig_date_ln) for b in sig_imgs):
            sig_mode = "stamp"
        elif len(sig_imgs) == 1 and len(sig_zone) <= 1:
            sig_mode = "seal"
        else:
            sig_mode = "joint"
    elif sig_mode == "auto":
        sig_mode = "absent"
    multi = sig_mode in ("joint", "stamp")
    if sig_date_ln:
        sig_date_ln.kind = "sig-date"
        if multi:
            for ln in sig_zone:
                ln.kind = "sig-org"
            sig_org_ln = sig_zone[0] if sig_zone else None
        else:
            for ln in per_page[sig_date_ln.page]:
                if ln.kind == "body" and ln.slot == sig_date_ln.slot - 1:
                    sig_org_ln = ln
                    ln.kind = "sig-org"
    seal = None
    if sig_date_ln and not multi:
        zone = [l for l in (sig_org_ln, sig_date_ln) if l]
        zx0, zx1 = min(l.left for l in zone), max(l.right for l in zone)
        zy0, zy1 = min(l.em_top for l in zone), max(l.em_bottom for l in zone)
        best = 0
        for kind, x0, y0, x1, y1 in graphics.get(sig_date_ln.page, []):
            ov = max(0, min(x1, zx1) - max(x0, zx0)) * max(0, min(y1, zy1) - max(y0, zy0))
            if kind == "image" and ov > best:
                best, seal = ov, (x0, y0, x1, y1)

    # 7.3.5.1 / 7.3.5.3: several seals, or a signer's title centred on a stamp, are not on the
    # body grid; the date is
    pitch_bad = [m for ln, m in pitch_issues if not (multi and ln.kind == "sig-org")]
    n_grid = sum(len(v) for v in per_page.values())
    rep.add("grid-pitch", pitch_bad, f"{n_grid} lines on the {spec.pitch:.3f} pt grid (± 0.05 mm), "
                                     f"at most {spec.lpp} a page" + (" (版头 and 版记 apart)" if head or record else ""))

    body = [ln for ln in ta_lines if ln.kind == "body"]

    # --- type area containment; a 信函 (10.1) puts its 标志 30 mm from the page top and its
    # 170 mm red double rules outside the type area: exactly those are allowed
    bad = []

    def centred_170(c):
        """10.1 "居中排布": centred on the page or on the type area (28 and 26 mm margins: the
        two differ by 1 mm), +- 0.5 mm."""
        return abs(c - spec.page_w / 2) <= 0.5 * tol or abs(c - (spec.x0 + spec.x1) / 2) <= 0.5 * tol

    def letter_flag(ln):
        return letter and ln.kind == "head" and letter_rules and ln.em_bottom <= letter_rules[0].y \
            and abs(ln.em_top - 30 * PT_PER_MM) <= 2 * tol

    def letter_rule(pno, x0, y0, x1, y1):
        if not (letter and pno == 1 and y1 - y0 <= 3):
            return False
        if abs(x1 - x0 - 170 * PT_PER_MM) > 1.5 * tol or not centred_170((x0 + x1) / 2):
            return False
        top_group = letter_rules and (y0 + y1) / 2 <= letter_rules[0].y + 3 * PT_PER_MM
        bottom = abs((y0 + y1) / 2 - (spec.page_h - 20 * PT_PER_MM)) <= 2.5 * tol
        return bool(top_group or bottom)

    for ln in ta_lines:
        if letter_flag(ln):
            if ln.left < spec.x0 - 0.2 * tol or ln.right > spec.x1 + 0.2 * tol:
                bad.append(f"{ln.where()} (信函 标志) spans x {fmt_mm(ln.left)}..{fmt_mm(ln.right)}")
            continue
        if ln.left < spec.x0 - 0.2 * tol or ln.right > spec.x1 + 0.2 * tol or \
                ln.em_top < spec.y0 - 0.2 * tol or ln.em_bottom > spec.y1 + 0.2 * tol:
            bad.append(f"{ln.where()} spans x {fmt_mm(ln.left)}..{fmt_mm(ln.right)}, "
                       f"y {fmt_mm(ln.em_top)}..{fmt_mm(ln.em_bottom)}")
    for pno in per_page:
        for kind, x0, y0, x1, y1 in graphics.get(pno, []):
            if x0 < spec.x0 - 0.2 * tol or x1 > spec.x1 + 0.2 * tol or y0 < spec.y0 - 0.2 * tol or y1 > spec.y1 + 0.2 * tol:
                if kind == "path" and letter_rule(pno, x0, y0, x1, y1):
                    continue
                bad.append(f"page {pno}: {kind} at x {fmt_mm(x0)}..{fmt_mm(x1)}, y {fmt_mm(y0)}..{fmt_mm(y1)}")
    rep.add("type-area", bad, f"all text, images and paths inside 28..184 × 37..262 mm (± 0.2 mm) but the page numbers"
                              + (" and the 信函's 标志 and 170 mm rules" if letter else ""))

    # --- zones: what was found, and the 信函's own rules
    bad = []
    if letter:
        if not letter_rules:
            bad.append("信函: no red 170 mm rule on page 1")
        else:
            bottoms = [r for r in letter_rules if abs(r.y - (spec.page_h - 20 * PT_PER_MM)) <= 2.5 * tol]
            if not bottoms:
                bad.append(f"信函: no red 170 mm double rule 20 mm above the page bottom ({fmt_mm(spec.page_h - 20 * PT_PER_MM)} ± 2.5)")
            for r in letter_rules:
                if not centred_170((r.x0 + r.x1) / 2):
                    bad.append(f"信函: {r} is centred neither on the page nor on the type area")
        if rec_rules:
            bad.append(f"信函: a 版记 on page {rec_page} (10.1: a 信函 has none)")
    rep.add("zones", bad, "; ".join(zone_notes) or "no 版头, no 版记")

    # --- reading-order neighbours and full lines
    nxt = {}
    for i, ln in enumerate(ta_lines[:-1]):
        nxt[id(ln)] = ta_lines[i + 1]

    def twelve_dots(t):
        """A line that is only two or more ellipses (GB/T 15834-2011 5.1.5)."""
        return re.fullmatch(r"…{4,}|⋯{4,}", t) is not None

    def continues(ln):
        """The line after ln continues ln's paragraph (a line of twelve dots, and the line
        before it, end early by GB/T 15834-2011 5.1.5: neither is a full line; a hanging line
        that opens a new list item "2." does not continue the item before it)."""
        n = nxt.get(id(ln))
        if n is None or n.kind != "body" or n.indented or n.align or ln.align or id(ln) in para_end:
            return None
        if n.hanging and ITEM_RE.match(n.vtext):
            return None
        if twelve_dots(ln.vtext) or twelve_dots(n.vtext):
            return None
        if n.page == ln.page:
            return n if n.slot == ln.slot + 1 else None
        last = per_page[ln.page][-1] is ln
        first = per_page[n.page][0] is n
        return n if last and first and n.page == ln.page + 1 else None

    para_end = set()    # (with --data) lines that end a paragraph of the data
    # --- paragraph structure (with --data): each p/h block is one indented line and its
    # flush-left (or hanging) continuation lines, so that "full line" above means what it says
    if want_paras is not None:
        def norm(t):
            return HEADING_NUM_RE.sub("", re.sub(r"\s+", "", t))

        def squash(t):
            return re.sub(r"\s+", "", t)
        def complete(g, i):
            """got paragraph g is the whole of want paragraph i (so the next line starts another
            paragraph even when it is set flush left: a p with indent 0, a 主送)."""
            if i >= len(want_paras):
                return False
            kind, w, _ = want_paras[i]
            if kind == "exact":
                return norm(g) == norm(w)
            return re.fullmatch("".join(r".{0,6}?" + re.escape(squash(x)) for x in w) + r".{0,2}", squash(g)) is not None

        got, got_start, prev = [], [], None
        for ln in body:
            if ln.indented or ln.align or not got or complete(got[-1], len(got) - 1):
                if got:
                    para_end.add(id(prev))
                got.append("")
                got_start.append((ln.align or ("indent" if ln.indented else "flush"), ln))
            got[-1] += ln.vtext
            prev = ln
        bad = []
        for i in range(max(len(got), len(want_paras))):
            g = got[i] if i < len(got) else "(nothing)"
            kind, w, start = want_paras[i] if i < len(want_paras) else ("exact", "(nothing)", None)
            if start and i < len(got) and got_start[i][0] != start:
                bad.append(f"paragraph {i + 1} ({got_start[i][1].where()}) starts {got_start[i][0]}, want {start}")
                break
            if kind == "loose":
                pat = "".join(r".{0,6}?" + re.escape(squash(x)) for x in w) + r".{0,2}"
                if re.fullmatch(pat, squash(g)) is None:
                    bad.append(f"paragraph {i + 1} reads \"{squash(g)[:40]}\", want {' … '.join(squash(x)[:20] for x in w)} "
                               f"with at most a label or number before each")
                    break
                continue
            g, w = norm(g), norm(w)
            if g != w:
                k = next((j for j in range(min(len(g), len(w))) if g[j] != w[j]), min(len(g), len(w)))
                lo = max(0, k - 8)
                bad.append(f"paragraph {i + 1} (an indented line and the flush-left lines after it) differs "
                           f"at character {k + 1}: \"…{g[lo:k + 12]}…\", want \"…{w[lo:k + 12]}…\"")
                break
        rep.add("paragraphs", bad, f"{len(got)} paragraphs and headings, each an indented line (flush, centred or "
                                   f"set right where the data says so) and its flush-left or hanging continuation, "
                                   f"as in the data")

    # --- left edge
    bad = []
    n_hang = n_align = 0
    for ln in body:
        if ln.hanging:
            n_hang += 1
            continue
        if ln.align:
            n_align += 1
            continue
        if min(abs(ln.left - t) for t in targets) > 0.3 * tol:
            bad.append(f"{ln.where()} starts at {fmt_mm(ln.left)}, want 28.00 or {fmt_mm(targets[1])} ± 0.3"
                       " (or the hanging indent of the line before)")
    rep.add("left-edge", bad, f"{len(body)} body lines start at 28.00 mm or {fmt_mm(targets[1])} (indent) ± 0.3"
                              + (f"; {n_hang} continue a hanging indent" if n_hang else "")
                              + (f"; {n_align} centred or set right" if n_align else ""))

    # --- GB/T 15834-2011 5.1.5: two ellipses together take a line of their own
    bad = [f"{ln.where()} \"{ln.vtext[:12]}…\" holds two ellipses and other text"
           for ln in body if re.search(r"…{4,}|⋯{4,}", ln.vtext) and not twelve_dots(ln.vtext)]
    n12 = sum(twelve_dots(ln.vtext) for ln in body)
    rep.add("twelve-dots", bad, f"{n12} lines of two ellipses, each a line of its own")

    # --- full lines: flush right and 28 cells
    flush_bad, cell_bad, n_full, n_pure = [], [], 0, 0
    for ln in body:
        n = continues(ln)
        if n is None:
            continue
        n_full += 1
        if abs(ln.right - spec.x1) > 0.2 * tol:
            why = " (its line-end mark is not compressed to half a cell)" if ln.end_compressed and \
                abs(ln.right + spec.cell / 2 - spec.x1) <= 0.2 * tol else ""
            flush_bad.append(f"{ln.where()} ends at {fmt_mm(ln.right)}, want {fmt_mm(spec.x1)} ± 0.2{why}")
        pure = all(is_cjk_cell_char(c.c) and abs(c.adv - c.size) < 0.01 * c.size for c in ln.chars)
        if not pure:
            continue
        n_pure += 1
        want = spec.cpl - (spec.indent if ln.indented else 0)
        if ln.hanging:  # the whole cells between the hanging indent and the right edge
            want = int((spec.x1 - ln.left) / spec.cell + 0.02)
        have = len(ln.vis)
        extra = int(ln.end_compressed) + int(ln.start_compressed)
        squeezed = [ln.vis[i].c + ln.vis[i + 1].c for i in range(len(ln.vis) - 1)
                    if ln.vis[i + 1].x - ln.vis[i].x < 0.75 * spec.cell_at(ln.vis[i].size)]
        # issue 12 (clreq 先挤进 inside the line): each mark squeezed inside the line gives half
        # a cell, two of them (or one and the line end's) one more character
        if want <= have <= want + max(min(extra, 1), (len(squeezed) + extra) // 2):
            continue
        if have < want:
            nt = n.vtext
            k = want - have
            if k <= len(nt) and all(break_illegal(ln.vtext + nt[:j], nt[j:]) for j in range(1, k + 1)):
                continue
            # issue 12 (clreq): the paragraph's last line would hold one character; the line
            # before gives it one more (at most 2 cells)
            marks = "。，、；：？！．”’）〕】》〉」』"
            if k <= 2 and continues(n) is None and len([c for c in nt if c not in marks]) - k <= 1:
                continue
        cell_bad.append(f"{ln.where()} holds {have} characters, want {want}"
                        + (" (+1 with a compressed line-end mark)" if extra else "")
                        + (f" (marks squeezed inside the line: {' '.join(squeezed)})" if squeezed else "")
                        + (f" (next line: \"{n.vtext[:6]}…\")" if have < want else ""))
    rep.add("flush-right", flush_bad, f"{n_full} full body lines end at {fmt_mm(spec.x1)} ± 0.2")
    rep.add("cells", cell_bad, f"{n_pure} full pure-Chinese lines hold {spec.cpl} cells ({spec.cpl - spec.indent} after the indent)")

    # --- page fill
    bad = []
    sig_page = sig_date_ln.page if sig_date_ln else None
    counts = []
    pnos = sorted(per_page)
    for pno in pnos:
        lines = per_page[pno]
        if not lines:
            continue
        counts.append(f"{pno}:{lines[-1].slot + 1}")
        if pno + 1 in per_page and per_page[pno + 1]:
            first = per_page[pno + 1][0]
            if first.kind == "body" and not first.indented and not first.align and lines[-1].slot < spec.lpp - 1 \
                    and pno + 1 != sig_page:
                bad.append(f"page {pno} ends on grid line {lines[-1].slot + 1} of {spec.lpp}, "
                           f"yet page {pno + 1} continues a paragraph")
    rep.add("page-fill", bad, f"pages broken mid-paragraph are full (last grid line used per page: {' '.join(counts)})")

    # --- line-start / line-end rules, unsplit units (版头 and 版记 included)
    seq = [ln for ln in all_lines if ln.kind != "pn"]
    rep.add("kinsoku", kinsoku_bad(seq), f"{len(seq)} lines, none starts with a closing mark or ends with an opening one")
    bad = []
    for ln in seq:
        n = nxt.get(id(ln))
        if n is not None:
            w = split_bad(ln, n, src)
            if w:
                bad.append(w)
    rep.add("unsplit", bad, f"no ——/……{'/number/word' if src else ''} split across {len(seq)} lines"
                            + ("" if src else " (numbers and words need --data)"))

    # --- 版记 (7.4): rules as wide as the type area, the first and last 0.35 mm, the others
    # 0.25 mm; the last on the type area's bottom edge; its text 4号 (14 pt), 1 字 in on both sides
    if rec_rules:
        bad = []
        for i, r in enumerate(rec_rules):
            want = 0.35 if i in (0, len(rec_rules) - 1) else 0.25
            if abs(mm(r.thick) - want) > 0.06:
                bad.append(f"page {rec_page}: {r}, want {want} mm ± 0.06")
            if abs(r.x0 - spec.x0) > 0.5 * tol or abs(r.x1 - spec.x1) > 0.5 * tol:
                bad.append(f"page {rec_page}: {r}, want 28..184 mm ± 0.5")
        last = rec_rules[-1]
        if abs(last.y - spec.y1) > 0.5 * tol and abs(last.y + last.thick / 2 - spec.y1) > 0.5 * tol:
            bad.append(f"page {rec_page}: the last 版记 rule at {fmt_mm(last.y)}, want on the type area's bottom "
                       f"edge {fmt_mm(spec.y1)} ± 0.5")
        if not record:
            bad.append(f"page {rec_page}: no text between the 版记 rules")
        ind = 14.0  # one 4号 character
        for ln in record:
            if abs(ln.size - 14) > 0.1:
                bad.append(f"{ln.where()}: {ln.size:g} pt, want 14 (4号)")
            if ln.vis[0].x < spec.x0 + ind - 0.5 * tol or ln.right > spec.x1 - ind + 0.5 * tol:
                bad.append(f"{ln.where()} spans {fmt_mm(ln.vis[0].x)}..{fmt_mm(ln.right)}, want 1 字 in from both "
                           f"sides ({fmt_mm(spec.x0 + ind)}..{fmt_mm(spec.x1 - ind)} ± 0.5)")
            for r in rec_rules:
                if ln.em_top + 0.5 < r.y < ln.em_bottom - 0.5:
                    bad.append(f"{ln.where()} crosses the {r}")
            if ln.em_bottom > last.y + 0.5:
                bad.append(f"{ln.where()} lies below the last 版记 rule")
        rep.add("record", bad, f"page {rec_page}: {len(rec_rules)} rules, {len(record)} lines of 版记")

    # --- blank pages: only right before the 版记 page (7.5)
    bad = [f"page {p} is blank" + (f" but page {p + 1} holds no 版记" if p + 1 != rec_page else "")
           for p in blank if p + 1 != rec_page]
    rep.add("blank-pages", bad, f"{len(blank)} blank pages" + (f" (before the 版记 on page {rec_page})" if blank and not bad else ""))

    # --- 附件 pages (7.3.7)
    if att_pages:
        bad = []
        for pno, (lab, titles) in sorted(att_pages.items()):
            if abs(lab.size - spec.body) > 0.5:
                bad.append(f"{lab.where()}: {lab.size:g} pt, want {spec.body:g} (3号)")
            if not HEI_RE.search(lab.font or ""):
                bad.append(f"{lab.where()}: font {lab.font}, want 黑体")
            if abs(lab.vis[0].x - spec.x0) > 0.3 * tol:
                bad.append(f"{lab.where()} starts at {fmt_mm(lab.vis[0].x)}, want flush left 28.00 ± 0.3")
            if lab.slot != 0 or abs(lab.em_top - spec.y0) > 0.5 * tol:
                bad.append(f"{lab.where()}: want it on line 1 (em box top 37 mm ± 0.5)")
            if not titles:
                bad.append(f"page {pno}: no centred title after \"{lab.vtext}\"")
            elif titles[0].slot != 2:
                bad.append(f"{titles[0].where()}: the title starts on line {titles[0].slot + 1}, want line 3")
        rep.add("attachment", bad, f"{len(att_pages)} 附件 pages (pages {','.join(map(str, sorted(att_pages)))}): "
                                   f"label 3号黑体 on line 1, title centred on line 3")

    # --- page numbers
    bad = []
    for pno in per_page:
        pls = pn_lines[pno]
        if pno in no_number:
            if pls:
                bad.append(f"page {pno}: a page number \"{pls[0].text}\" on a page that must have none")
            continue
        if not pls:
            bad.append(f"page {pno}: no page number (a line \"— N —\") below the type area")
            continue
        ln = pls[0]
        m = PN_RE.match(ln.text)
        if int(m.group(1)) != pno:
            bad.append(f"page {pno}: page number reads \"{ln.text}\", want \"— {pno} —\"")
        if abs(ln.size - spec.pn_size) > 0.1:
            bad.append(f"page {pno}: page number at {ln.size:g} pt, want {spec.pn_size:g}")
        want_top = spec.y1 + spec.pn_below
        if abs(ln.em_top - want_top) > 0.5 * tol:
            bad.append(f"page {pno}: page number's em box top at {fmt_mm(ln.em_top)}, want {fmt_mm(want_top)} ± 0.5")
        first, last = ln.vis[0], ln.vis[-1]
        lft = first.x
        rgt = last.x + min(last.adv, spec.cell_at(last.size))
        if pno % 2:
            want = spec.x1 - spec.pn_indent * spec.pn_size
            if abs(rgt - want) > 0.5 * tol:
                bad.append(f"page {pno} (odd): page number's right edge at {fmt_mm(rgt)}, want {fmt_mm(want)} ± 0.5")
        else:
            want = spec.x0 + spec.pn_indent * spec.pn_size
            if abs(lft - want) > 0.5 * tol:
                bad.append(f"page {pno} (even): page number's left edge at {fmt_mm(lft)}, want {fmt_mm(want)} ± 0.5")
    nn = sorted(p for p in no_number if p in per_page)
    rep.add("page-number", bad, f"{len(per_page) - len(nn)} pages numbered \"— N —\" at {spec.pn_size:g} pt, 269 mm, "
                                f"odd right / even left, 1 character in (± 0.5 mm)"
                                + (f"; pages {','.join(map(str, nn))} without a number" if nn else ""))

    # --- signature
    cell = spec.cell
    if sig_mode != "absent":
        bad = []
        if not sig_date_ln:
            bad.append("no date line (YYYY年M月D日 or 二〇二一年一月十五日) in the type area")
        else:
            d = DATE_RE.match(sig_date_ln.vtext)
            if d and (d.group(2).startswith("0") or d.group(3).startswith("0")):
                bad.append(f"{sig_date_ln.where()}: leading zero in the date")
            if sig_date and sig_date_ln.vtext != re.sub(r"\s+", "", sig_date):
                bad.append(f"{sig_date_ln.where()}: want the date {sig_date}")
            if not sig_org_ln:
                bad.append(f"{sig_date_ln.where()}: no organ line above the date")
            elif multi and sig_orgs:
                ztext = "".join(l.vtext for l in sig_zone)
                pos = 0
                for o in sig_orgs:
                    k = ztext.find(re.sub(r"\s+", "", o), pos)
                    if k < 0:
                        bad.append(f"page {sig_date_ln.page}: want \"{o}\" in the signature (in order), "
                                   f"have \"{ztext[:40]}\"")
                        break
                    pos = k + len(o)
            elif not multi and sig_org and sig_org_ln.vtext != re.sub(r"\s+", "", sig_org):
                bad.append(f"{sig_org_ln.where()}: want the organ {sig_org}")
        rep.add("sig-text", bad, f"{sig_mode}: organ \"{' / '.join(l.vtext for l in sig_zone) if multi else (sig_org_ln.vtext if sig_org_ln else '')}\", "
                                 f"date \"{sig_date_ln.vtext if sig_date_ln else ''}\"")

    sig_body_above = []
    if sig_date_ln and sig_org_ln and multi:
        d = sig_date_ln
        o = sig_org_ln
        sig_body_above = [l for l in per_page[d.page] if l.kind == "body" and l.slot is not None and l.slot < o.slot]
        last_body = sig_body_above[-1] if sig_body_above else None
        bad = []
        if sig_imgs and abs(d.right - (spec.x1 - 4 * cell)) > 0.5 * tol:
            bad.append(f"date ends at {fmt_mm(d.right)}, want 4 cells from the right = {fmt_mm(spec.x1 - 4 * cell)} ± 0.5")
        for l in sig_zone:
            if l.em_top >= d.em_top:
                bad.append(f"{l.where()} is not above the date")
        rep.add("signature", bad, f"{sig_mode}: {len(sig_zone)} organ/title lines, {len(sig_imgs)} seals/stamps, "
                                  f"date ends {fmt_mm(d.right)}")
        bad = []
        for i, (x0, y0, x1, y1) in enumerate(sig_imgs):
            if x0 < spec.x0 - 0.2 * tol or x1 > spec.x1 + 0.2 * tol or y0 < spec.y0 - 0.2 * tol or y1 > spec.y1 + 0.2 * tol:
                bad.append(f"page {d.page}: seal {i + 1} at x {fmt_mm(x0)}..{fmt_mm(x1)}, y {fmt_mm(y0)}..{fmt_mm(y1)} "
                           f"leaves the type area")
            for j, (u0, v0, u1, v1) in enumerate(sig_imgs[:i]):
                if x0 <= u1 and u0 <= x1 and y0 <= v1 and v0 <= y1:
                    bad.append(f"page {d.page}: seals {j + 1} and {i + 1} overlap or touch "
                               f"({fmt_mm(u0)}..{fmt_mm(u1)} × {fmt_mm(v0)}..{fmt_mm(v1)} and "
                               f"{fmt_mm(x0)}..{fmt_mm(x1)} × {fmt_mm(y0)}..{fmt_mm(y1)})")
        if sig_mode == "joint" and sig_imgs:
            if not any(overlaps(b, d) for b in sig_imgs):
                bad.append(f"{d.where()}: no seal presses on the date (7.3.5.1: the last seal covers organ and date)")
            top = min(b[1] for b in sig_imgs)
            if last_body is not None:
                hi, lo = last_body.em_top, last_body.em_bottom + spec.pitch
                if top < hi - 0.5 * tol or top > lo + 0.5 * tol:
                    bad.append(f"first row of seals: top at {fmt_mm(top)}, want between the last body line's em box top "
                               f"{fmt_mm(hi)} and its bottom + 1 line {fmt_mm(lo)} (± 0.5 mm)")
        if sig_mode == "stamp":
            for x0, y0, x1, y1 in sig_imgs:
                if abs(x1 - (spec.x1 - 4 * cell)) > 0.5 * tol:
                    bad.append(f"stamp ends at {fmt_mm(x1)}, want 4 cells from the right = {fmt_mm(spec.x1 - 4 * cell)} ± 0.5")
                cy = (y0 + y1) / 2
                tl = [l for l in sig_zone if l.em_top < cy < l.em_bottom + 0.5 * spec.pitch and l.right <= x0 + 0.5 * tol]
                if not tl:
                    bad.append(f"stamp at y {fmt_mm(y0)}..{fmt_mm(y1)}: no title line beside it")
                    continue
                t = tl[0]
                if abs(t.right - (x0 - 2 * cell)) > 0.5 * tol:
                    bad.append(f"{t.where()} ends at {fmt_mm(t.right)}, want 2 cells left of the stamp = "
                               f"{fmt_mm(x0 - 2 * cell)} ± 0.5")
                tc = (t.em_top + t.em_bottom) / 2
                if abs(tc - cy) > 1 * tol:
                    bad.append(f"{t.where()} centred at {fmt_mm(tc)}, want on the stamp's centre {fmt_mm(cy)} ± 1")
                if y1 > d.em_top + 0.5 * tol:
                    bad.append(f"{d.where()}: the date is not below the stamp (stamp bottom {fmt_mm(y1)})")
        rep.add("seal", bad, f"{len(sig_imgs)} {'stamps' if sig_mode == 'stamp' else 'seals'} inside the type area, "
                             f"none overlapping or touching another")
        n_body = len(body)
        bad = []
        if len(sig_body_above) < min(2, n_body):
            bad.append(f"page {o.page} holds {len(sig_body_above)} body line(s) above the signature, want 2 or more")
        rep.add("sig-not-alone", bad, f"{len(sig_body_above)} body lines above the signature on page {o.page}")
    elif sig_date_ln and sig_org_ln:
        o, d = sig_org_ln, sig_date_ln
        ow, dw = o.right - o.left, d.right - d.left
        sig_body_above = [l for l in per_page[o.page] if l.kind == "body" and l.slot < o.slot]
        last_body = sig_body_above[-1] if sig_body_above else None
        bad = []
        detail = ""
        if sig_mode == "none":
            gap = d.left - o.left
            if abs(gap - 2 * cell) > 0.5 * tol:
                bad.append(f"date starts {mm(gap):.2f} mm right of the organ, want 2 cells = {mm(2 * cell):.2f} mm ± 0.5")
            organ_right = abs(o.right - (spec.x1 - 2 * cell)) <= 0.5 * tol
            date_right = abs(d.right - (spec.x1 - 2 * cell)) <= 0.5 * tol
            if dw > ow + 0.5 * tol:
                reading, ok = "the date is longer: date 2 cells from the right", date_right
            elif dw + 2 * cell <= ow + 0.5 * tol:
                reading, ok = "the date fits under the organ: organ 2 cells from the right", organ_right
            else:
                ok = organ_right or date_right
                reading = "the date, moved 2 cells right, would stick out past the organ; " + (
                    "the PDF puts the organ 2 cells from the right" if organ_right else
                    "the PDF puts the date 2 cells from the right" if date_right else
                    "either the organ or the date must end 2 cells from the right")
            if not ok:
                bad.append(f"{reading}: organ ends at {fmt_mm(o.right)}, date at {fmt_mm(d.right)}, "
                           f"want {fmt_mm(spec.x1 - 2 * cell)} ± 0.5")
            if last_body is None or o.slot != last_body.slot + 2:
                bad.append(f"{o.where()}: want exactly one blank grid line between the last body line "
                           f"({last_body.where() if last_body else 'none on this page'}) and the organ")
            detail = f"without seal: {reading}; organ {fmt_mm(o.left)}..{fmt_mm(o.right)}, date {fmt_mm(d.left)}..{fmt_mm(d.right)}"
        elif sig_mode == "seal":
            if abs(d.right - (spec.x1 - 4 * cell)) > 0.5 * tol:
                bad.append(f"date ends at {fmt_mm(d.right)}, want 4 cells from the right = {fmt_mm(spec.x1 - 4 * cell)} ± 0.5")
            oc, dc = (o.left + o.right) / 2, (d.left + d.right) / 2
            if abs(oc - dc) > 0.5 * tol:
                bad.append(f"organ centred at {fmt_mm(oc)}, date at {fmt_mm(dc)}: want equal ± 0.5 mm")
            detail = f"with seal: date ends {fmt_mm(d.right)}, organ centre {fmt_mm(oc)}, date centre {fmt_mm(dc)}"
        if d.slot != o.slot + 1:
            bad.append(f"{d.where()}: want the date on the grid line right after the organ")
        rep.add("signature", bad, detail)

        if sig_mode == "seal":
            bad = []
            if not seal:
                bad.append(f"page {d.page}: no image over the organ and date")
            else:
                x0, y0, x1, y1 = seal
                sc, dc = (x0 + x1) / 2, (d.left + d.right) / 2
                if abs(sc - dc) > 0.5 * tol:
                    bad.append(f"seal centred at {fmt_mm(sc)}, date at {fmt_mm(dc)}: want equal ± 0.5 mm")
                cy = (y0 + y1) / 2
                if not (cy < o.y and cy < d.y):
                    bad.append(f"seal centre at {fmt_mm(cy)} is not above the organ's ({fmt_mm(o.y)}) "
                               f"and date's ({fmt_mm(d.y)}) baselines")
                if last_body is None:
                    bad.append("no body line above the seal on its page")
                else:
                    hi, lo = last_body.em_top, last_body.em_bottom + spec.pitch
                    if y0 < hi - 0.5 * tol or y0 > lo + 0.5 * tol:
                        bad.append(f"seal top at {fmt_mm(y0)}, want between the last body line's em box top "
                                   f"{fmt_mm(hi)} and its bottom + 1 line {fmt_mm(lo)} (± 0.5 mm)")
                detail = (f"seal {fmt_mm(x0)}..{fmt_mm(x1)} × {fmt_mm(y0)}..{fmt_mm(y1)}, centre {fmt_mm(sc)} "
                          f"on the date's {fmt_mm(dc)}")
            rep.add("seal", bad, detail)

        n_body = len(body)
        bad = []
        if len(sig_body_above) < min(2, n_body):
            bad.append(f"page {o.page} holds {len(sig_body_above)} body line(s) above the signature, want 2 or more")
        rep.add("sig-not-alone", bad, f"{len(sig_body_above)} body lines above the signature on page {o.page}")

        if a.expect_carry:
            bad = []
            prev = per_page.get(o.page - 1)
            if not prev:
                bad.append(f"the signature is on page {o.page}, with no page before it: the case is not reached")
            elif prev[-1].slot >= spec.lpp - 1:
                bad.append(f"page {o.page - 1} is full (grid line {prev[-1].slot + 1}): nothing was carried to "
                           f"the signature page (or the body did not end where the test meant it to)")
            elif not sig_body_above or sig_body_above[0] is not per_page[o.page][0] or sig_body_above[0].indented:
                bad.append(f"page {o.page} does not start with the carried end of a paragraph")
            rep.add("carry", bad, f"page {o.page - 1} ends on grid line {prev[-1].slot + 1 if prev else 0}; "
                                  f"{len(sig_body_above)} body lines carried to page {o.page}")
    elif sig_mode != "absent":
        rep.add("signature", ["no signature (organ and date lines) found"], "")

    # --- outline
    if not a.no_outline:
        bad = []
        ol = read_outline(a.pdf)
        page_text = {p: re.sub(r"\s+", "", "".join(l.vtext for l in all_lines if l.page == p)) for p in per_page}
        if want_outline is not None:
            # an outline may list the attachments' titles and headings, or not
            def onorm(t):
                return HEADING_NUM_RE.sub("", re.sub(r"\s+", "", t))
            opt = {onorm(t) for t in opt_outline}
            ol = [e for e in ol if not (onorm(e[1]) in opt or re.sub(r"^附件[0-9０-９]*", "", onorm(e[1])) in opt
                                        or ATT_RE.match(onorm(e[1])))]
        if not ol and want_outline != []:
            bad.append("mutool show outline lists nothing")
        for depth, title, pg in ol:
            t = re.sub(r"\s+", "", title)
            if not re.search(r"[\u4e00-\u9fff]", t):
                bad.append(f"outline entry \"{title}\" holds no Chinese")
            if pg is None or pg not in page_text or t not in page_text[pg]:
                bad.append(f"outline entry \"{title}\" points to page {pg}, which does not show it")
        if want_outline is not None and ol:
            def norm(s):
                return HEADING_NUM_RE.sub("", re.sub(r"\s+", "", s))
            got = [norm(t) for _, t, _ in ol]
            want = [norm(t) for _, t in want_outline]
            if got != want:
                for i in range(max(len(got), len(want))):
                    g = got[i] if i < len(got) else "(nothing)"
                    w = want[i] if i < len(want) else "(nothing)"
                    if g != w:
                        bad.append(f"outline entry {i + 1} is \"{g}\", want \"{w}\" (title and headings in order)")
                        break
        rep.add("outline", bad, f"{len(ol)} entries, each on its page" + (" and as in the data" if want_outline else ""))

    if a.v:
        for ln in all_lines:
            print(f"  p{ln.page} {ln.kind:8} slot {ln.slot if ln.slot is not None else '-':>2} "
                  f"{ln.size:g}pt {fmt_mm(ln.left)}..{fmt_mm(ln.right)} n={len(ln.vis)} "
                  f"{'I' if ln.indented else ' '} {ln.text}")
    return rep.finish()


if __name__ == "__main__":
    sys.exit(main())
