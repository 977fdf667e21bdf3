#!/usr/bin/env python3
"""tablecheck.py: tables measured from the PDF alone.

An independent checker: it reads only what a reader of the PDF can see, the stroked paths of
MuPDF's device trace (`mutool draw -F trace`), the characters of its structured text
(`mutool draw -F stext`) and, for one rule, pdftotext's output; never gongwen's trace or its
internal state. A table is found by its rules, not by asking the program where it put one.

Usage:
  tablecheck.py PDF [--data DATA.json] [--expect-spans FILE.json] [--closed] [--no-cross]
                [--within X0,X1] [--within-y Y0,Y1] [--header-repeat N] [--rows-whole] [--grid-data] [--labels]
                [--cells-text DATA.json] [--page-numbers] [--min-pages N] [--tables N]
                [--dump]

Out: one line per rule asked for, "ok RULE: detail" or "FAIL RULE: detail" (failures last, so
that the tail of the output shows them), then "N rules ok, N failed"; exit 1 on any failure, 2
on a usage or tool error. --dump first prints every table part found: page, grid size and its
cells as (row, col, rowspan, colspan) "text".

How a table is read:
  rules     every straight, axis-parallel piece of a stroked path (moveto/lineto/closepath of
            `stroke_path`, through its transform; curves and slanted lines are not rules),
            in page coordinates (pt, origin top left, as stext). Filled shapes are not rules.
  parts     the rules of a page that touch each other (a perpendicular rule passing through or
            ending within 0.1 pt of the other, or collinear pieces meeting within 0.1 pt) form
            a connected group; a group with both horizontal and vertical rules is one table
            part (the piece of a table on one page). Others are stray rules, left alone.
  grid      the distinct x of the vertical rules and y of the horizontal rules (and the extreme
            ends of the rules), merged when closer than 0.05 pt; an edge of the grid (one
            column wide, or one row high) is present when collinear rules cover it to within
            0.1 pt at both ends.
  cells     grid slots joined across every absent edge; each joined region is one cell, and its
            bounding box gives (row, col, rowspan, colspan): spans are missing internal edges.
            A region that is not a rectangle, or that holds a piece of rule inside, is a grid
            fault (rule `closed`).
  text      a character (stext, not white space) belongs to the cell that holds its quad's
            centre; a cell's text is its characters by line (baseline), then by x, without
            white space.
  tables    a page's last part continues on the next page's first part when nothing but the
            page number "— N —" lies below it, the next part has the same left and right edges
            (0.5 pt), and above that next part there is nothing, or only the line(s) that stood
            above the table on its first page (a repeated caption), or a line starting with 续.
            The parts of one table share the union of their column edges, so that a column
            edge that a page does not draw shows as a span there. After the first part, the
            header rows are left out (their number: the data's header_rows with --data, else
            --header-repeat N, else the most leading rows that equal the first part's). At a
            page break, a cell of the part above and a cell of the next part's first body row
            that cover the same columns are one cell cut in two when
              - with --data: the data's cell there spans into that row (whatever the texts: the
                repeated label is judged by rule labels);
              - without: the lower piece repeats the upper's text, or 2 or more of its first
                characters, the text is not a bare number, and either piece spans rows.
            With --data, a row cut between its text lines is found too: every cell of the upper
            part's last row pairs with one of the lower part's first body row and each pair's
            texts joined begin a data cell's text (at least one really going on); the two grid
            rows are then one row of the table, its texts joined. (A table of bare numbers can
            fool this test; that makes rules fail, never pass.)

Rules (each run only when asked for) and tolerances:
  spans         (--expect-spans FILE) the cells of the table whose text contains FILE's "match"
                (else the document's first table), all its parts joined, equal FILE's "cells"
                [[row, col, rowspan, colspan], ...] (header rows included), and the grid is
                "rows" x "columns" when given. FILE may also be a bare list of cells.
  closed        every part on every page is closed: its outer rectangle's top, bottom, left and
                right edges are present over the full width and height; every rule end meets
                another rule (0.1 pt); every cell is a rectangle with no rule piece inside.
  no-cross      every character whose centre lies in a table lies, with its quad (the font's
                ascender-descender box that MuPDF reports, times the advance), inside the cell
                that holds its centre, within 0.1 pt (the detail says when the em box, baseline
                - 0.88 size .. baseline + 0.12 size, crosses too); every other character keeps
                its em box out of the tables (0.1 pt): a caption or the paragraph after a table
                may have its quad reach into the rule, not its em box. The detail gives the
                nearest such text's distance.
  within        (--within X0,X1, in mm from the page's left edge, e.g. 28,184) every table rule's
                centre line lies between X0 and X1, within 0.1 pt.
  within-y      (--within-y Y0,Y1, in mm from the page's top, e.g. 37,262) the same vertically:
                no table runs into the top or bottom margin.
  header-repeat (--header-repeat N) every part after a table's first begins with the same N
                header rows (cells, spans and text) as the first part, closed below; every part
                holds at least one row beyond the header (no header left alone at a page foot).
                With --data, each table's own header_rows instead of N (0: not checked).
  rows-whole    (--rows-whole, needs --data) the data's body rows (after header_rows), in order,
                are the joined table's rows: each data row's cell texts (cells that start in
                it, column order) are one grid row of one page. A row cut between its text
                lines across pages passes only if its pieces together are taller than the room a
                page offers (type area bottom, 262 mm, minus the continued part's top and its
                repeated header); the rows that a rowspan ties (each spanning cell's own rows,
                nested ones too) are cut by a page break likewise only if they are taller
                than that room.
  labels        (--labels, needs --data) a spanned cell cut by a page break (a rowspan group
                taller than a page) shows its whole text again on the next page (a label that
                fits), or its text goes on there (the pieces joined begin the data's text); no
                piece is empty, no repeat is cut short.
  grid-data     (--grid-data, needs --data) every table's cells (spans and text) equal the data's
                table (the HTML model: a row lists the cells that start in it), tables in order.
  cells-text    (--cells-text DATA) every cell text of every table of DATA (white space removed;
                numbers in their shortest form) occurs in pdftotext's output (-raw, else the
                default mode; white space removed) at least as often as the data has it; a text
                that occurs once may be found in consecutive pieces (at most one per page, plus
                one) of 2 characters or more, in order: a cell cut across pages.
  page-numbers  every page has a line "— N —" (its bottommost line), N running 1..n in order.
  pages         (--min-pages N) the PDF has at least N pages.
  tables        (--tables N) exactly N tables (parts joined) in the document.
"""
import argparse
import bisect
import html
import json
import math
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

from checkreport import Report

PT_PER_MM = 72 / 25.4
MERGE = 0.05    # coordinates closer than this are one grid line
TOUCH = 0.1     # a rule end meets another rule, an edge is covered, within this
CROSS = 0.1     # a glyph's quad may pass its cell's edge by this much
SAME_EDGE = 0.5  # two parts of one table have the same left and right edges within this
TYPE_BOTTOM = 262 * PT_PER_MM  # GB/T 9704 type area bottom, from the top of the page
EM_TOP, EM_BOTTOM = 0.88, 0.12
PN_RE = re.compile(r"^—\s*(\d+)\s*—$")
NUM_RE = re.compile(r"^[-+]?[\d.,%]+$")


class ToolError(Exception):
    pass


# full-width closing marks and 点号 whose right half is blank (clreq, GB/T 15834-2011 5.1)
HALF_AT_LINE_END = set("。，、；：？！”’）〕】》〉」』〗〙｝］")


def run(cmd):
    try:
        r = subprocess.run(cmd, capture_output=True)
    except OSError as e:
        raise ToolError(f"{cmd[0]}: {e}")
    if r.returncode != 0:
        raise ToolError(f"{' '.join(cmd)} failed: {r.stderr.decode('utf-8', 'replace').strip()[:300]}")
    return r.stdout.decode("utf-8", "replace")


def norm(s):
    return re.sub(r"\s+", "", s)


# --- reading the PDF ---------------------------------------------------------------------------

class Seg:
    """An axis-parallel rule: horizontal (h) at y = c from x = a to b, or vertical at x = c."""
    __slots__ = ("h", "c", "a", "b", "lw", "i")

    def __init__(self, h, c, a, b, lw):
        self.h, self.c, self.a, self.b, self.lw = h, c, min(a, b), max(a, b), lw
        self.i = 0

    def ends(self):
        return ((self.a, self.c), (self.b, self.c)) if self.h else ((self.c, self.a), (self.c, self.b))

    def __repr__(self):
        if self.h:
            return f"horizontal rule y={self.c:.2f} x={self.a:.2f}..{self.b:.2f}"
        return f"vertical rule x={self.c:.2f} y={self.a:.2f}..{self.b:.2f}"


ATTR_RE = re.compile(r'(\w+)="([^"]*)"')


def read_rules(pdf):
    """[[Seg]] per page from the stroked paths of mutool's device trace."""
    pages = []
    in_path = False
    tr, lw, start, pt = None, 0.0, None, None

    def xf(x, y):
        a, b, c, d, e, f = tr
        return (a * x + c * y + e, b * x + d * y + f)

    def add(p, q):
        if p is None:
            return
        dx, dy = q[0] - p[0], q[1] - p[1]
        if abs(dx) <= 0.01 and abs(dy) <= 0.01:
            return
        if abs(dy) <= 0.01:
            pages[-1].append(Seg(True, (p[1] + q[1]) / 2, p[0], q[0], lw))
        elif abs(dx) <= 0.01:
            pages[-1].append(Seg(False, (p[0] + q[0]) / 2, p[1], q[1], lw))

    for line in run(["mutool", "draw", "-q", "-F", "trace", "-o", "-", pdf]).splitlines():
        s = line.strip()
        if s.startswith("<page "):
            pages.append([])
            in_path = False
        elif s.startswith("<stroke_path"):
            at = dict(ATTR_RE.findall(s))
            tr = [float(v) for v in at.get("transform", "1 0 0 1 0 0").split()]
            lw = float(at.get("linewidth", "1")) * math.sqrt(abs(tr[0] * tr[3] - tr[1] * tr[2]))
            in_path = not s.endswith("/>")
            start = pt = None
        elif s.startswith("</stroke_path"):
            in_path = False
        elif in_path and pages:
            at = dict(ATTR_RE.findall(s))
            if s.startswith("<moveto"):
                pt = start = xf(float(at["x"]), float(at["y"]))
            elif s.startswith("<lineto"):
                q = xf(float(at["x"]), float(at["y"]))
                add(pt, q)
                pt = q
            elif s.startswith("<curveto"):
                k = "3" if "x3" in at else ("2" if "x2" in at else "")
                pt = xf(float(at["x" + k]), float(at["y" + k]))
            elif s.startswith("<closepath"):
                add(pt, start)
                pt = start
    return pages


class Char:
    __slots__ = ("c", "x0", "y0", "x1", "y1", "x", "y", "size")

    def __init__(self, c, quad, x, y, size):
        self.c = c
        xs, ys = quad[0::2], quad[1::2]
        self.x0, self.x1, self.y0, self.y1 = min(xs), max(xs), min(ys), max(ys)
        self.x, self.y, self.size = x, y, size

    @property
    def cx(self):
        return (self.x0 + self.x1) / 2

    @property
    def cy(self):
        return (self.y0 + self.y1) / 2


def read_chars(pdf):
    """[(width, height, [Char])] per page from mutool's structured text."""
    root = ET.fromstring(run(["mutool", "draw", "-q", "-F", "stext", "-o", "-", pdf]))
    out = []
    for page in root.iter("page"):
        chars = []
        for font in page.iter("font"):
            size = float(font.get("size"))
            for ch in font.iter("char"):
                c = html.unescape(ch.get("c"))
                if c.isspace():
                    continue
                chars.append(Char(c, [float(v) for v in ch.get("quad").split()],
                                  float(ch.get("x")), float(ch.get("y")), size))
        out.append((float(page.get("width")), float(page.get("height")), chars))
    return out


def text_lines(chars):
    """[(top, bottom, text)] of characters grouped by baseline."""
    lines, cur = [], []
    for ch in sorted(chars, key=lambda c: (c.y, c.x)):
        if cur and abs(ch.y - cur[-1].y) > 0.3 * max(ch.size, cur[-1].size):
            lines.append(cur)
            cur = []
        cur.append(ch)
    if cur:
        lines.append(cur)
    return [(min(c.y0 for c in ln), max(c.y1 for c in ln), "".join(c.c for c in sorted(ln, key=lambda c: c.x)))
            for ln in lines]


def chars_text(chars):
    return "".join(t for _, _, t in text_lines(chars))


# --- grids -------------------------------------------------------------------------------------

def cluster(values, tol=MERGE):
    """Sorted representatives of values, those within tol of their neighbour merged."""
    out, group = [], []
    for v in sorted(values):
        if group and v - group[-1] > tol:
            out.append(sum(group) / len(group))
            group = []
        group.append(v)
    if group:
        out.append(sum(group) / len(group))
    return out


def nearest(lst, v):
    i = bisect.bisect_left(lst, v)
    best = None
    for k in (i - 1, i):
        if 0 <= k < len(lst) and (best is None or abs(lst[k] - v) < abs(lst[best] - v)):
            best = k
    return best


class UF:
    def __init__(self, n):
        self.p = list(range(n))

    def find(self, x):
        while self.p[x] != x:
            self.p[x] = self.p[self.p[x]]
            x = self.p[x]
        return x

    def union(self, a, b):
        a, b = self.find(a), self.find(b)
        if a != b:
            self.p[max(a, b)] = min(a, b)


def groups(segs):
    """Connected groups of touching rules."""
    for i, s in enumerate(segs):
        s.i = i
    uf = UF(len(segs))
    hs = sorted((s for s in segs if s.h), key=lambda s: s.c)
    hc = [s.c for s in hs]
    for v in (s for s in segs if not s.h):
        for h in hs[bisect.bisect_left(hc, v.a - TOUCH):bisect.bisect_right(hc, v.b + TOUCH)]:
            if h.a - TOUCH <= v.c <= h.b + TOUCH:
                uf.union(v.i, h.i)
    for horiz in (True, False):
        line = sorted((s for s in segs if s.h == horiz), key=lambda s: (s.c, s.a))
        by = {}
        for s in line:
            by.setdefault(round(s.c / MERGE), []).append(s)
        for key in list(by):
            same = by[key] + by.get(key + 1, [])
            same.sort(key=lambda s: s.a)
            reach, last = None, None
            for s in same:
                if last is not None and abs(s.c - last.c) <= MERGE and s.a <= reach + TOUCH:
                    uf.union(s.i, last.i)
                if reach is None or s.b > reach:
                    reach, last = s.b, s
    out = {}
    for s in segs:
        out.setdefault(uf.find(s.i), []).append(s)
    return list(out.values())


def covered(intervals, a, b):
    """intervals: merged sorted [(a, b)]; True when one covers a..b within TOUCH."""
    for x0, x1 in intervals:
        if x0 <= a + TOUCH and x1 >= b - TOUCH:
            return True
    return False


def merge_intervals(pairs):
    out = []
    for a, b in sorted(pairs):
        if out and a <= out[-1][1] + TOUCH:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return out


class Cell:
    __slots__ = ("r", "c", "rs", "cs", "rect", "chars", "text", "shape_ok", "inner", "part")

    def __init__(self, r, c, rs, cs, rect, part):
        self.r, self.c, self.rs, self.cs, self.rect, self.part = r, c, rs, cs, rect, part
        self.chars, self.text, self.shape_ok, self.inner = [], "", True, 0

    def key(self):
        return (self.r, self.c, self.rs, self.cs)


class Part:
    """The piece of a table on one page."""

    def __init__(self, page, segs):
        self.page = page
        self.segs = segs
        self.hs = [s for s in segs if s.h]
        self.vs = [s for s in segs if not s.h]
        self.x0 = min(min(s.a for s in self.hs), min(s.c for s in self.vs))
        self.x1 = max(max(s.b for s in self.hs), max(s.c for s in self.vs))
        self.y0 = min(min(s.c for s in self.hs), min(s.a for s in self.vs))
        self.y1 = max(max(s.c for s in self.hs), max(s.b for s in self.vs))
        self.build(cluster([s.c for s in self.vs] + [self.x0, self.x1]))

    def build(self, xs):
        """Grid, edges and cells with these column edges."""
        self.xs = xs
        self.ys = ys = cluster([s.c for s in self.hs] + [self.y0, self.y1])
        nr, nc = len(ys) - 1, len(xs) - 1
        self.nr, self.nc = nr, nc
        hl = [[] for _ in ys]
        vl = [[] for _ in xs]
        for s in self.hs:
            hl[nearest(ys, s.c)].append((s.a, s.b))
        for s in self.vs:
            vl[nearest(xs, s.c)].append((s.a, s.b))
        hl = [merge_intervals(p) for p in hl]
        vl = [merge_intervals(p) for p in vl]
        # hedge[j][i]: line ys[j] over column i; vedge[i][j]: line xs[i] over row j
        self.hedge = [[covered(hl[j], xs[i], xs[i + 1]) for i in range(nc)] for j in range(nr + 1)]
        self.vedge = [[covered(vl[i], ys[j], ys[j + 1]) for j in range(nr)] for i in range(nc + 1)]
        uf = UF(nr * nc)
        for r in range(nr):
            for c in range(nc):
                if c + 1 < nc and not self.vedge[c + 1][r]:
                    uf.union(r * nc + c, r * nc + c + 1)
                if r + 1 < nr and not self.hedge[r + 1][c]:
                    uf.union(r * nc + c, (r + 1) * nc + c)
        regions = {}
        for k in range(nr * nc):
            regions.setdefault(uf.find(k), []).append(k)
        self.cells = []
        self.slot = [[None] * nc for _ in range(nr)]
        for ks in regions.values():
            rows = [k // nc for k in ks]
            cols = [k % nc for k in ks]
            r0, r1, c0, c1 = min(rows), max(rows), min(cols), max(cols)
            cell = Cell(r0, c0, r1 - r0 + 1, c1 - c0 + 1, (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]), self)
            cell.shape_ok = len(ks) == cell.rs * cell.cs
            for k in ks:
                self.slot[k // nc][k % nc] = cell
            # rule pieces inside the region
            inner, kset = 0, set(ks)
            for k in ks:
                r, c = divmod(k, nc)
                if c + 1 < nc and (k + 1) in kset and self.vedge[c + 1][r]:
                    inner += 1
                if r + 1 < nr and (k + nc) in kset and self.hedge[r + 1][c]:
                    inner += 1
            cell.inner = inner
            self.cells.append(cell)
        self.cells.sort(key=lambda c: (c.r, c.c))

    def cell_at(self, x, y):
        if not (self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1):
            return None
        c = min(max(bisect.bisect_right(self.xs, x) - 1, 0), self.nc - 1)
        r = min(max(bisect.bisect_right(self.ys, y) - 1, 0), self.nr - 1)
        return self.slot[r][c]

    def assign(self, chars):
        for cell in self.cells:
            cell.chars = []
        for ch in chars:
            cell = self.cell_at(ch.cx, ch.cy)
            if cell is not None:
                cell.chars.append(ch)
        for cell in self.cells:
            cell.text = norm(chars_text(cell.chars))

    def row_height(self, r):
        return self.ys[r + 1] - self.ys[r]


# --- tables: parts joined across pages ---------------------------------------------------------

class LCell:
    """A cell of a joined table."""

    def __init__(self, r, c, rs, cs, text, piece):
        self.r, self.c, self.rs, self.cs, self.text = r, c, rs, cs, text
        self.pieces = [piece]
        self.repeats = 0  # pieces after the first that repeat the text

    def key(self):
        return (self.r, self.c, self.rs, self.cs)


class Table:
    def __init__(self, parts):
        self.parts = parts
        self.h = 0
        self.cells = []
        self.rows = []     # logical row -> (part, part row)
        self.faults = []   # header band not closed (rule closed)
        self.text_faults = []  # a cell cut by a page not labelled again in full (rule labels)

    @property
    def ncols(self):
        return self.parts[0].nc

    @property
    def nrows(self):
        return len(self.rows)

    def text(self, rows=5):
        return "".join(c.text for c in self.cells if c.r < rows)


def header_cells(part, n):
    return sorted((c.r, c.c, c.rs, c.cs, c.text) for c in part.cells if c.r < n)


def band_closed(part, n):
    return n <= part.nr and all(c.r + c.rs <= n for c in part.cells if c.r < n)


def auto_header(first, other):
    for k in range(min(first.nr, other.nr) - 1, 0, -1):
        if band_closed(first, k) and band_closed(other, k) and header_cells(first, k) == header_cells(other, k):
            return k
    return 0


def find_tables(pages_rules, pages_chars):
    """[[Part]] per page, and the Tables (parts joined across pages) in document order."""
    per_page = []
    for pno, segs in enumerate(pages_rules, 1):
        parts = []
        for g in groups(segs):
            if any(s.h for s in g) and any(not s.h for s in g):
                p = Part(pno, g)
                if p.nr >= 1 and p.nc >= 1:
                    parts.append(p)
        parts.sort(key=lambda p: (p.y0, p.x0))
        per_page.append(parts)
    # text lines outside every part, per page
    outside = []
    for pno, parts in enumerate(per_page, 1):
        chars = pages_chars[pno - 1][2] if pno - 1 < len(pages_chars) else []
        free = [ch for ch in chars if not any(p.x0 - 1 <= ch.cx <= p.x1 + 1 and p.y0 - 1 <= ch.cy <= p.y1 + 1
                                             for p in parts)]
        lines = text_lines(free)
        if lines and PN_RE.match(lines[-1][2].strip()):
            lines = lines[:-1]
        outside.append(lines)
    chains = []
    open_chain, caption = None, []
    for pno, parts in enumerate(per_page, 1):
        for k, p in enumerate(parts):
            cont = False
            if k == 0 and open_chain is not None:
                last = open_chain[-1]
                above = [t for (t0, t1, t) in outside[pno - 1] if (t0 + t1) / 2 <= p.y0]
                cont = (abs(last.x0 - p.x0) <= SAME_EDGE and abs(last.x1 - p.x1) <= SAME_EDGE and
                        all(t in caption or t.startswith("续") for t in above))
            if cont:
                open_chain.append(p)
            else:
                open_chain = [p]
                chains.append(open_chain)
                prev_bottom = parts[k - 1].y1 if k else -1e9
                caption = [t for (t0, t1, t) in outside[pno - 1] if prev_bottom <= (t0 + t1) / 2 <= p.y0][-2:]
        # a page's last part goes on only when nothing but the page number lies below it
        if parts and not [t for (t0, t1, t) in outside[pno - 1] if (t0 + t1) / 2 >= parts[-1].y1]:
            open_chain = chains[-1] if chains and chains[-1][-1] is parts[-1] else None
        else:
            open_chain = None
        if not parts:
            open_chain = None
    return per_page, [Table(c) for c in chains]


def join(table, pages_chars, header=None, data=None):
    """Column edges shared by the parts, text, header rows, logical rows and cells across pages.
    data: the matching table of the data file (see data_tables), or None."""
    parts = table.parts
    xs = cluster([x for p in parts for x in p.xs])
    for p in parts:
        if len(p.xs) != len(xs) or any(abs(a - b) > MERGE for a, b in zip(p.xs, xs)):
            p.build(xs)
        p.assign(pages_chars[p.page - 1][2])
    if header is None:
        header = auto_header(parts[0], parts[1]) if len(parts) > 1 else 0
    table.h = header
    dtexts = [c[4] for c in data[3] if c[4]] if data else []
    dstart = {(c[0], c[1]): (c[2], c[3], c[4]) for c in data[3]} if data else {}

    def prefix(s, texts):
        return any(t.startswith(s) for t in texts)

    cells, rows = [], []  # rows: per logical row, its pieces [(part, part row)]
    by_piece, rowmap = {}, {}
    for k, p in enumerate(parts):
        first = 0 if k == 0 else header
        if k and not band_closed(p, header):
            table.faults.append(f"page {p.page}: the {header} header row(s) are not closed below")
        pairs, cut = {}, False
        if k:
            prev = parts[k - 1]
            # (a previous part that holds only the header has no body cell to go on)
            bottom = [c for c in prev.cells if c.r + c.rs == prev.nr and id(c) in by_piece]
            top = {(c.c, c.cs): c for c in p.cells if c.r == first}
            pairs = {id(top[(a.c, a.cs)]): a for a in bottom if (a.c, a.cs) in top}
            if dtexts and bottom and len(pairs) == len(bottom) == len(top):
                # a row cut between its text lines: every cell's pieces join into a data text
                joined = [(by_piece[id(a)].text, b.text) for a, b in ((a, top[(a.c, a.cs)]) for a in bottom)]
                cut = (all(prefix(x + y, dtexts) or x == y for x, y in joined) and
                       any(y and y != x and prefix(x + y, dtexts) for x, y in joined))
        if cut:
            rows[-1].append((p, first))
            rowmap[(id(p), first)] = len(rows) - 1
            start = first + 1
        else:
            start = first
        for r in range(start, p.nr):
            rowmap[(id(p), r)] = len(rows)
            rows.append([(p, r)])
        for cell in p.cells:
            if cell.r < first:
                continue
            lc = None
            a = pairs.get(id(cell))
            if a is not None:
                la = by_piece[id(a)]
                x, y = la.text, cell.text
                rb = rowmap[(id(p), cell.r)]
                if cut:
                    merge = True
                elif data is not None:
                    # the data says whether the slot below the page break is the same cell
                    d = dstart.get((la.r, la.c))
                    merge = d is not None and d[1] == la.cs and la.r + d[0] > rb
                else:
                    spanned = a.rs > 1 or cell.rs > 1 or la.rs > 1
                    merge = bool(y) and not NUM_RE.match(y) and spanned and (
                        y == x or (len(y) >= 2 and x.startswith(y)))
                if merge:
                    lc = la
                    lc.rs += cell.rs - (1 if cut else 0)
                    lc.pieces.append(cell)
                    where = f"page {p.page}: cell {fmt_cell(lc.key())} \"{short(x)}\", cut by the page break,"
                    full = d[2] if data is not None and not cut else None
                    if y == x and x:
                        lc.repeats += 1
                    elif cut:
                        lc.text = x + y  # a row cut between its lines: its text goes on
                    elif not y or not x:
                        if full:
                            table.text_faults.append(f"page {p.page if x else a.part.page}: cell "
                                                     f"{fmt_cell(lc.key(), full)}, cut by a page break, is "
                                                     f"empty there")
                        lc.text = x + y
                    elif x.startswith(y):
                        table.text_faults.append(f"{where} is labelled again cut short: {len(y)} of its "
                                                 f"{len(x)} characters (…{y[-6:]})")
                    else:
                        lc.text = x + y  # its text goes on
                        if full is not None and not full.startswith(lc.text):
                            table.text_faults.append(f"{where} reads \"{short(y)}\" on the next page")
            if lc is None:
                lc = LCell(rowmap[(id(p), cell.r)], cell.c, cell.rs, cell.cs, cell.text, cell)
                cells.append(lc)
            by_piece[id(cell)] = lc
    cells.sort(key=lambda c: (c.r, c.c))
    table.cells, table.rows = cells, rows


def row_height(pieces):
    return sum(p.row_height(r) for p, r in pieces)


# --- the data ----------------------------------------------------------------------------------

def num_text(v):
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, int):
        return str(v)
    if float(v).is_integer() and abs(v) < 1e15:
        return str(int(v))
    return repr(float(v))


def data_tables(path):
    """[(header_rows, ncols, nrows, [(r, c, rs, cs, text)])] of the data's tables, in order."""
    doc = json.load(open(path, encoding="utf-8"))
    out = []
    for b in doc.get("body", []):
        if "table" not in b:
            continue
        t = b["table"]
        occ, cells = set(), []
        for r, row in enumerate(t["rows"]):
            c = 0
            for v in row:
                while (r, c) in occ:
                    c += 1
                rs = cs = 1
                if isinstance(v, dict):
                    text = v.get("text", "")
                    text = num_text(text) if isinstance(text, (int, float)) else (text or "")
                    rs, cs = v.get("rowspan", 1), v.get("colspan", 1)
                elif v is None:
                    text = ""
                elif isinstance(v, (int, float)):
                    text = num_text(v)
                else:
                    text = v
                for dr in range(rs):
                    for dc in range(cs):
                        occ.add((r + dr, c + dc))
                cells.append((r, c, rs, cs, norm(text)))
                c += cs
        nrows = max([r + rs for r, c, rs, cs, _ in cells] + [len(t["rows"])])
        out.append((t.get("header_rows", 0), len(t["columns"]), nrows, cells))
    return out


# --- checks ------------------------------------------------------------------------------------

def short(t, n=16):
    return t if len(t) <= n else t[:n - 1] + "…"


def fmt_cell(k, text=None):
    s = f"({k[0]},{k[1]},{k[2]},{k[3]})"
    return s + (f" \"{short(text)}\"" if text else "")


def check_closed(per_page):
    bad, nparts, nsegs = [], 0, 0
    for parts in per_page:
        for p in parts:
            nparts += 1
            nsegs += len(p.segs)
            where = f"page {p.page} table at y={p.y0:.1f}"
            for name, ok in (("top", all(p.hedge[0])), ("bottom", all(p.hedge[-1])),
                             ("left", all(p.vedge[0])), ("right", all(p.vedge[-1]))):
                if not ok:
                    if name in ("top", "bottom"):
                        edge = p.hedge[0] if name == "top" else p.hedge[-1]
                        gaps = [f"{p.xs[i]:.1f}..{p.xs[i + 1]:.1f}" for i, e in enumerate(edge) if not e]
                    else:
                        edge = p.vedge[0] if name == "left" else p.vedge[-1]
                        gaps = [f"y {p.ys[j]:.1f}..{p.ys[j + 1]:.1f}" for j, e in enumerate(edge) if not e]
                    bad.append(f"{where}: {name} edge open at {', '.join(gaps[:3])}")
            # every rule end meets another rule
            hs = sorted(p.hs, key=lambda s: s.c)
            vs = sorted(p.vs, key=lambda s: s.c)
            hc, vc = [s.c for s in hs], [s.c for s in vs]
            for s in p.segs:
                for (x, y) in s.ends():
                    met = False
                    if s.h:
                        for v in vs[bisect.bisect_left(vc, x - TOUCH):bisect.bisect_right(vc, x + TOUCH)]:
                            if v.a - TOUCH <= y <= v.b + TOUCH:
                                met = True
                                break
                        if not met:
                            for h in hs[bisect.bisect_left(hc, y - MERGE):bisect.bisect_right(hc, y + MERGE)]:
                                if h is not s and h.a - TOUCH <= x <= h.b + TOUCH and not (h.a == s.a and h.b == s.b):
                                    met = True
                                    break
                    else:
                        for h in hs[bisect.bisect_left(hc, y - TOUCH):bisect.bisect_right(hc, y + TOUCH)]:
                            if h.a - TOUCH <= x <= h.b + TOUCH:
                                met = True
                                break
                        if not met:
                            for v in vs[bisect.bisect_left(vc, x - MERGE):bisect.bisect_right(vc, x + MERGE)]:
                                if v is not s and v.a - TOUCH <= y <= v.b + TOUCH and not (v.a == s.a and v.b == s.b):
                                    met = True
                                    break
                    if not met:
                        bad.append(f"page {p.page}: {s!r} ends in the air at ({x:.2f}, {y:.2f})")
            for cell in p.cells:
                if not cell.shape_ok:
                    bad.append(f"{where}: cell {fmt_cell(cell.key())} is not a rectangle (an edge is missing)")
                elif cell.inner:
                    bad.append(f"{where}: cell {fmt_cell(cell.key())} has {cell.inner} rule piece(s) inside")
    return bad, f"{nparts} table part(s) on {sum(1 for x in per_page if x)} page(s) closed on all four sides; " \
                f"{nsegs} rule pieces, every end meets a rule (0.1 pt)"


def check_no_cross(per_page, pages_chars):
    bad, n, n_out, gap = [], 0, 0, None
    for pno, parts in enumerate(per_page, 1):
        if not parts:
            continue
        for ch in pages_chars[pno - 1][2]:
            em = (ch.y - EM_TOP * ch.size, ch.y + EM_BOTTOM * ch.size)
            home = next((p for p in parts if p.cell_at(ch.cx, ch.cy) is not None), None)
            if home is None:
                # text outside every table (a caption, the paragraph after it): its em box stays
                # out of the table (its quad, the font's ascender box, may reach into the rule)
                for p in parts:
                    if ch.x1 <= p.x0 or ch.x0 >= p.x1:
                        continue
                    d = max(p.y0 - em[1], em[0] - p.y1)
                    if d < -CROSS:
                        n_out += 1
                        bad.append(f"page {pno}: '{ch.c}' outside the table at x={ch.x0:.1f} has its em box "
                                   f"{em[0]:.2f}..{em[1]:.2f} {-d:.2f} pt inside the table "
                                   f"(y {p.y0:.2f}..{p.y1:.2f})")
                    elif gap is None or d < gap[0]:
                        gap = (d, pno, ch.c)
                continue
            n += 1
            cell = home.cell_at(ch.cx, ch.cy)
            x0, y0, x1, y1 = cell.rect
            over = []
            if ch.x0 < x0 - CROSS:
                over.append(f"left by {x0 - ch.x0:.2f}")
            # a full-width closing mark or 点号 at a line end is set in half a cell (GB/T
            # 15834-2011 5.1.10): its blank right half may lie past the text edge (as
            # gridcheck counts line ends); its ink is in the left half
            right = ch.x1
            if ch.c in HALF_AT_LINE_END and ch.x0 + 0.5 * (ch.x1 - ch.x0) <= x1 + CROSS:
                right = ch.x0 + 0.5 * (ch.x1 - ch.x0)
            if right > x1 + CROSS:
                over.append(f"right by {right - x1:.2f}")
            if ch.y0 < y0 - CROSS:
                over.append(f"top by {y0 - ch.y0:.2f}")
            if ch.y1 > y1 + CROSS:
                over.append(f"bottom by {ch.y1 - y1:.2f}")
            if over:
                em_in = ch.x0 >= x0 - CROSS and ch.x1 <= x1 + CROSS and em[0] >= y0 - CROSS and em[1] <= y1 + CROSS
                bad.append(f"page {pno}: '{ch.c}' of cell {fmt_cell(cell.key(), cell.text)} passes its "
                           f"{', '.join(over)} pt (em box {'inside' if em_in else 'crosses too'})")
    if not any(per_page):
        bad.append("no table found")
    near = f"; the nearest text outside, '{gap[2]}' on page {gap[1]}, is {gap[0]:.2f} pt off a table " \
           f"(em box)" if gap else ""
    return bad, f"{n} characters inside tables, each inside its cell (quad, 0.1 pt){near}"


def check_within(per_page, x0mm, x1mm, vertical=False):
    """Table rules' centre lines between x0mm and x1mm from the page's left edge (or, vertical,
    from its top)."""
    lo, hi = x0mm * PT_PER_MM, x1mm * PT_PER_MM
    bad, mn, mx, n = [], None, None, 0
    for parts in per_page:
        for p in parts:
            for s in p.segs:
                n += 1
                if s.h != vertical:
                    a, b = s.a, s.b
                else:
                    a, b = s.c, s.c
                mn = a if mn is None else min(mn, a)
                mx = b if mx is None else max(mx, b)
                if a < lo - TOUCH or b > hi + TOUCH:
                    bad.append(f"page {p.page}: {s!r} ({a / PT_PER_MM:.2f}..{b / PT_PER_MM:.2f} mm from the "
                               f"{'top' if vertical else 'left'}) leaves {x0mm:g}..{x1mm:g} mm")
    if n == 0:
        return ["no table rules found"], ""
    return bad, f"{n} table rules between {mn / PT_PER_MM:.2f} and {mx / PT_PER_MM:.2f} mm from the " \
                f"{'top' if vertical else 'left'} (centre lines; allowed {x0mm:g}..{x1mm:g} mm ± 0.1 pt)"


def check_header(tables, n, dts=None):
    """n header rows for every table; with the data, each table's own header_rows (none: skipped)."""
    bad, checked, skipped = [], 0, 0
    for ti, t in enumerate(tables):
        n_t = dts[ti][0] if dts and ti < len(dts) else n
        if n_t == 0:
            skipped += 1
            continue
        first = t.parts[0]
        want = header_cells(first, n_t)
        if first.nr <= n_t:
            bad.append(f"page {first.page}: the table's first part holds no row below its {n_t} header row(s)")
        for p in t.parts[1:]:
            checked += 1
            got = header_cells(p, n_t)
            if not band_closed(p, n_t):
                bad.append(f"page {p.page}: the first {n_t} rows are not a closed header band")
            if got != want:
                diff = [fmt_cell(c[:4], c[4]) for c in got if c not in want][:2]
                miss = [fmt_cell(c[:4], c[4]) for c in want if c not in got][:2]
                bad.append(f"page {p.page}: the table does not begin with the header of page {first.page}"
                           f" (missing {', '.join(miss) or '-'}; found {', '.join(diff) or '-'})")
            if p.nr <= n_t:
                bad.append(f"page {p.page}: only the header, no rows")
    multi = sum(1 for t in tables if len(t.parts) > 1)
    if not tables:
        bad.append("no table found")
    what = "their data's header rows" if dts else f"the {n} header row(s)"
    return bad, f"{checked} continuation page(s) of {multi} multi-page table(s) begin with {what} " \
                f"of their first page" + (f" ({skipped} table(s) without header rows)" if skipped else "")


def check_rows(tables, dts):
    bad, nrows = [], 0
    if len(tables) != len(dts):
        bad.append(f"{len(tables)} table(s) in the PDF, {len(dts)} in the data")
    for ti, (t, (hrows, ncols, nr, dcells)) in enumerate(zip(tables, dts), 1):
        drows = {}
        for r, c, rs, cs, text in dcells:
            drows.setdefault(r, []).append((c, text))
        pkeys = {}
        for lc in t.cells:
            pkeys.setdefault(lc.r, []).append((lc.c, lc.text))
        pr = [tuple(x for _, x in sorted(pkeys.get(r, []))) for r in range(t.nrows)]

        def label(r):
            texts = [x for _, x in sorted(drows.get(r, [])) if x]
            return short(texts[0]) if texts else f"row {r}"

        def room(p):
            hh = p.ys[t.h] - p.ys[0] if p is not t.parts[0] and t.h < len(p.ys) else 0
            return TYPE_BOTTOM - p.y0 - hh

        j = hrows
        for r in range(hrows, nr):
            want = tuple(x for _, x in sorted(drows.get(r, [])))
            nrows += 1
            if j < len(pr) and pr[j] == want:
                pieces = t.rows[j]
                if len(pieces) > 1:
                    h, p2 = row_height(pieces), pieces[1][0]
                    if h <= room(p2) + 1:
                        bad.append(f"table {ti}: row {r} ({label(r)}) is cut across pages "
                                   f"{'/'.join(str(p.page) for p, _ in pieces)} though its {h:.1f} pt fit in the "
                                   f"{room(p2):.1f} pt a page offers")
                j += 1
                continue
            got = pr[j] if j < len(pr) else ()
            page = t.rows[j][0][0].page if j < len(pr) else "-"
            bad.append(f"table {ti}: data row {r} ({label(r)}) is not found, whole and in order, as one grid row; "
                       f"page {page} has {'|'.join(short(x, 8) for x in got) or 'nothing'}")
            for k in range(j + 1, min(j + 12, len(pr))):
                if pr[k] == want:
                    j = k + 1
                    break
        # a rowspan ties its rows: cut by a page break only when they are taller than a page
        for lc in t.cells:
            parts_of = []
            for c in lc.pieces:
                if c.part not in parts_of:
                    parts_of.append(c.part)
            if len(parts_of) < 2 or lc.rs < 2:
                continue  # not cut, or one row cut: judged above
            h = sum(row_height(t.rows[r]) for r in range(lc.r, lc.r + lc.rs))
            p2 = parts_of[1]
            if h <= room(p2) + 1:
                bad.append(f"table {ti}: rows {lc.r}..{lc.r + lc.rs - 1} tied by {fmt_cell(lc.key(), lc.text)} "
                           f"are cut by the break of pages {parts_of[0].page}/{p2.page} though their {h:.1f} pt "
                           f"fit in the {room(p2):.1f} pt a page offers")
    return bad, f"{nrows} body rows of {len(dts)} table(s) each whole on one page (or taller than a page); " \
                f"no rowspan group split needlessly"


def check_labels(tables):
    bad, cut, rep = [], 0, 0
    for ti, t in enumerate(tables, 1):
        bad += [f"table {ti}: {x}" for x in t.text_faults]
        for lc in t.cells:
            if len(set(id(c.part) for c in lc.pieces)) > 1 and lc.rs > 1:
                cut += 1
                rep += lc.repeats > 0
    return bad, f"{cut} spanned cell(s) cut by a page break, {rep} labelled again in full on the next page, " \
                f"the others' text going on"


def check_grid_data(tables, dts):
    bad = []
    if len(tables) != len(dts):
        bad.append(f"{len(tables)} table(s) in the PDF, {len(dts)} in the data")
    n = 0
    for ti, (t, (hrows, ncols, nr, dcells)) in enumerate(zip(tables, dts), 1):
        got = {lc.key(): lc.text for lc in t.cells}
        want = {c[:4]: c[4] for c in dcells}
        n += len(want)
        if t.ncols != ncols or t.nrows != nr:
            bad.append(f"table {ti}: grid {t.nrows} x {t.ncols}, data {nr} x {ncols}")
        miss = [fmt_cell(k, v) for k, v in sorted(want.items()) if k not in got]
        extra = [fmt_cell(k, v) for k, v in sorted(got.items()) if k not in want]
        text = [f"{fmt_cell(k)} reads \"{short(got[k])}\", data \"{short(v)}\"" for k, v in sorted(want.items())
                if k in got and got[k] != v]
        if miss or extra:
            bad.append(f"table {ti}: cells missing {', '.join(miss[:3]) or '-'}; not in the data "
                       f"{', '.join(extra[:3]) or '-'}")
        bad += [f"table {ti}: {x}" for x in text[:3]]
    return bad, f"{len(dts)} table(s), {n} cells: spans and text as in the data"


def check_spans(tables, spec):
    if isinstance(spec, list):
        spec = {"cells": spec}
    want = set(tuple(c[:4]) for c in spec["cells"])
    match = norm(spec.get("match", ""))
    pick = [t for t in tables if match in t.text()] if match else tables[:1]
    if not pick:
        return [f"no table whose first rows contain \"{match}\""], ""
    t = pick[0]
    got = {lc.key(): lc.text for lc in t.cells}
    bad = []
    if "rows" in spec and "columns" in spec and (t.nrows, t.ncols) != (spec["rows"], spec["columns"]):
        bad.append(f"grid {t.nrows} rows x {t.ncols} columns, want {spec['rows']} x {spec['columns']}")
    miss = sorted(want - set(got))
    extra = sorted(set(got) - want)
    if miss:
        bad.append("missing " + ", ".join(fmt_cell(k) for k in miss[:6]) + (" …" if len(miss) > 6 else ""))
    if extra:
        bad.append("unexpected " + ", ".join(fmt_cell(k, got[k]) for k in extra[:6]) + (" …" if len(extra) > 6 else ""))
    pages = sorted(set(p.page for p in t.parts))
    return bad, f"table on page(s) {','.join(map(str, pages))}: {len(want)} cells, {t.nrows} x {t.ncols}, " \
                f"spans as expected" + (f" (matched \"{spec['match']}\")" if match else "")


def in_pieces(t, hay, n):
    """t is found as at most n consecutive pieces, in order, each of 2 characters or more (a cell
    cut across pages: the page number and the repeated header come between its pieces)."""
    pos, used = 0, 0
    while t:
        lo, hi = 2, len(t)
        best, at = 0, -1
        while lo <= hi:  # the longest prefix of t found after pos
            mid = (lo + hi) // 2
            i = hay.find(t[:mid], pos)
            if i >= 0:
                best, at, lo = mid, i, mid + 1
            else:
                hi = mid - 1
        if best == 0 or used == n:
            return False
        used += 1
        pos = at + best
        t = t[best:]
    return True


def check_cells_text(pdf, path, max_pieces=2):
    texts = {}
    for _, _, _, cells in data_tables(path):
        for c in cells:
            if c[4]:
                texts[c[4]] = texts.get(c[4], 0) + 1
    modes = {}
    for name, args in (("raw", ["-raw"]), ("default", [])):
        modes[name] = norm(run(["pdftotext", "-q", *args, pdf, "-"]))
    bad, fallback, pieces = [], 0, 0
    for t, k in texts.items():
        if modes["raw"].count(t) >= k:
            continue
        if modes["default"].count(t) >= k:
            fallback += 1
            continue
        if k == 1 and in_pieces(t, modes["raw"], max_pieces):
            pieces += 1
            continue
        got = max(m.count(t) for m in modes.values())
        bad.append(f"\"{short(t, 24)}\" found {got} time(s), the data has it {k} time(s)")
    if not texts:
        bad.append("the data has no table cell text")
    return bad, f"{sum(texts.values())} cell texts ({len(texts)} distinct) all found by pdftotext" + \
                (f" ({fallback} only in its default mode)" if fallback else " -raw") + \
                (f" ({pieces} in pieces, cut across pages)" if pieces else "")


def check_page_numbers(pages_chars):
    bad = []
    for pno, (_, _, chars) in enumerate(pages_chars, 1):
        lines = text_lines(chars)
        t = lines[-1][2].strip() if lines else ""
        m = PN_RE.match(t)
        if not m:
            bad.append(f"page {pno}: last line \"{short(t)}\" is no page number")
        elif int(m.group(1)) != pno:
            bad.append(f"page {pno}: numbered \"{t}\"")
    return bad, f"pages numbered — 1 — … — {len(pages_chars)} — in order"


def dump(per_page, tables):
    for parts in per_page:
        for p in parts:
            print(f"page {p.page}: table part x {p.x0:.2f}..{p.x1:.2f} y {p.y0:.2f}..{p.y1:.2f}, "
                  f"{p.nr} rows x {p.nc} columns, {len(p.cells)} cells")
            print("  " + " ".join(fmt_cell(c.key(), c.text) for c in p.cells))
    for i, t in enumerate(tables, 1):
        print(f"table {i}: pages {','.join(str(p.page) for p in t.parts)}, {t.nrows} rows x {t.ncols} columns, "
              f"{t.h} header row(s), {len(t.cells)} cells")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pdf")
    ap.add_argument("--data")
    ap.add_argument("--expect-spans")
    ap.add_argument("--closed", action="store_true")
    ap.add_argument("--no-cross", action="store_true")
    ap.add_argument("--within")
    ap.add_argument("--within-y")
    ap.add_argument("--header-repeat", type=int)
    ap.add_argument("--rows-whole", action="store_true")
    ap.add_argument("--grid-data", action="store_true")
    ap.add_argument("--labels", action="store_true")
    ap.add_argument("--cells-text")
    ap.add_argument("--page-numbers", action="store_true")
    ap.add_argument("--min-pages", type=int)
    ap.add_argument("--tables", type=int)
    ap.add_argument("--dump", action="store_true")
    a = ap.parse_args()
    if (a.rows_whole or a.grid_data or a.labels) and not a.data:
        ap.error("--rows-whole, --grid-data and --labels need --data")

    rules = read_rules(a.pdf)
    pages_chars = read_chars(a.pdf)
    dts = data_tables(a.data) if a.data else None
    per_page, tables = find_tables(rules, pages_chars)
    for i, t in enumerate(tables):
        header = a.header_repeat
        if dts and i < len(dts):
            header = dts[i][0]
        join(t, pages_chars, header, dts[i] if dts and i < len(dts) else None)
    for parts in per_page:  # parts of no table (none, but keep the text right)
        for p in parts:
            if not any(c.text for c in p.cells):
                p.assign(pages_chars[p.page - 1][2])
    if a.dump:
        dump(per_page, tables)

    rep = Report()
    if a.min_pages is not None:
        n = len(pages_chars)
        rep.add("pages", [f"{n} page(s), want at least {a.min_pages}"] if n < a.min_pages else [], f"{n} pages")
    if a.tables is not None:
        n = len(tables)
        where = "; ".join(f"pages {','.join(str(p.page) for p in t.parts)}" for t in tables)
        rep.add("tables", [f"{n} table(s) ({where}), want {a.tables}"] if n != a.tables else [],
                f"{n} table(s): {where}")
    if a.expect_spans:
        rep.add("spans", *check_spans(tables, json.load(open(a.expect_spans, encoding="utf-8"))))
    if a.closed:
        bad, ok = check_closed(per_page)
        bad += [f for t in tables for f in t.faults]
        if not tables:
            bad.append("no table found")
        rep.add("closed", bad, ok)
    if a.no_cross:
        rep.add("no-cross", *check_no_cross(per_page, pages_chars))
    if a.within:
        x0, x1 = (float(v) for v in a.within.split(","))
        rep.add("within", *check_within(per_page, x0, x1))
    if a.within_y:
        y0, y1 = (float(v) for v in a.within_y.split(","))
        rep.add("within-y", *check_within(per_page, y0, y1, vertical=True))
    if a.header_repeat is not None:
        rep.add("header-repeat", *check_header(tables, a.header_repeat, dts))
    if a.rows_whole:
        rep.add("rows-whole", *check_rows(tables, dts))
    if a.grid_data:
        rep.add("grid-data", *check_grid_data(tables, dts))
    if a.labels:
        rep.add("labels", *check_labels(tables))
    if a.cells_text:
        rep.add("cells-text", *check_cells_text(a.pdf, a.cells_text, 1 + len(pages_chars)))
    if a.page_numbers:
        rep.add("page-numbers", *check_page_numbers(pages_chars))
    return rep.finish()


if __name__ == "__main__":
    try:
        sys.exit(main())
    except ToolError as e:
        sys.stderr.write(f"tablecheck: {e}\n")
        sys.exit(2)
    except (OSError, ValueError, KeyError, ET.ParseError) as e:
        sys.stderr.write(f"tablecheck: {type(e).__name__}: {e}\n")
        sys.exit(2)
