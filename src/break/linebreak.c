/*
 * linebreak.c: first-fit line breaking with GB/T 15834 / clreq composition rules, and
 * justification (see linebreak.h).
 *
 * In: the glyphs of one paragraph, a line width and a first-line indent. Out: lines, then
 * glyph positions. All arithmetic is integer millipoints.
 *
 * Punctuation compression (clreq "punctuation width adjustment", standards.md 3.3) treats
 * a mark of breaks.h's GW_MARK_OPEN / GW_MARK_CLOSE classes whose advance is the line's
 * cell (the advance of its Han characters) as having a blank half:
 *  - at a line end, a closing mark or 点号 always takes half a cell (GB/T 15834-2011
 *    5.1.10); its advance becomes cell / 2 and the line's right edge falls there;
 *  - two adjacent marks may be compressed from 2 cells to 1.5 by removing the blank
 *    between them: for 。” ，“ ）（ ”） (first mark closing) the first mark's blank right
 *    half goes; for （“ 《〈 (both opening) the second mark's blank left half goes; both are
 *    done by setting the FIRST mark's advance to cell / 2, since the second glyph is then
 *    drawn half a cell earlier and the ink ends up where either removal puts it. An
 *    opening mark followed by a closing one has no blank between them and is not
 *    compressed. Decisions: pairs are compressed only to squeeze a line (先挤进), as many
 *    as it needs, nearest the line end first, and never otherwise (the 全角式 practice of
 *    公文, standards.md 3.3); on a line of the grid (every glyph one cell) only pairs in
 *    the run of marks that ends the line, at most two, so the characters keep the GB/T
 *    9704 grid of 28 columns and a full line holds 28 characters, or 29 when it ends
 *    with compressed marks; a line holding Latin text or digits is off the grid anyway
 *    and may compress any pair;
 *  - an opening mark at a line start keeps its full cell.
 * Placement derives all of this again from the line's glyphs and width (a line longer
 * than its room by its natural width is one the breaker squeezed), so lines made by other
 * callers work too, and a second call finds the marks already at half a cell and changes
 * nothing.
 */
#include "linebreak.h"

#include <stdlib.h>

#include "../base/util.h"
#include "breaks.h"

/* How far back a line without Han looks for the cell (bounded: no quadratic scans). */
#define GW_CELL_LOOKBACK 64

/*
 * The cell of the line g[from, to): the advance of its first Han character (shaping gives
 * every Han exactly one grid cell, GB/T 9704 5.2.2), else of the nearest Han at most
 * GW_CELL_LOOKBACK glyphs before it in the same array, else 0 (then nothing is compressed).
 * Han advances are never changed by placement, so the answer is stable.
 */
static gw_len line_cell(const gw_glyph *g, int from, int to)
{
	for (int k = from; k < to; k++)
		if (gw_is_han(g[k].cp) && g[k].adv > 0)
			return g[k].adv;
	for (int k = from - 1; k >= 0 && k >= from - GW_CELL_LOOKBACK; k--)
		if (gw_is_han(g[k].cp) && g[k].adv > 0)
			return g[k].adv;
	return 0;
}

/* 1 when g[k] is a full-width mark with a blank half (its advance is the whole cell). */
static int full_mark(const gw_glyph *g, int k, gw_len cell)
{
	return cell > 1 && g[k].adv == cell && gw_mark_kind(g[k].cp) != GW_MARK_NONE;
}

/* What compressing one mark saves: its blank half. */
static gw_len saving(gw_len cell)
{
	return cell - cell / 2;
}

/* 1 when g[k] takes half a cell at a line end (GB/T 15834-2011 5.1.10). */
static int end_ok(const gw_glyph *g, int k, gw_len cell)
{
	return full_mark(g, k, cell) && gw_mark_kind(g[k].cp) == GW_MARK_CLOSE;
}

/* 1 when g[k], g[k+1] are adjacent marks with a blank half between them (clreq). */
static int pair_ok(const gw_glyph *g, int k, gw_len cell)
{
	return full_mark(g, k, cell) && full_mark(g, k + 1, cell) &&
	       !(gw_mark_kind(g[k].cp) == GW_MARK_OPEN &&
	         gw_mark_kind(g[k + 1].cp) == GW_MARK_CLOSE);
}

/*
 * The most adjacent pairs a squeeze compresses on a line of the grid. With the line-end
 * mark at half a cell, two pairs let a line of full-width characters hold at most one
 * character more than its cells (n - 0.5 - 2 x 0.5 <= 28 gives n <= 29).
 */
#define GW_SQUEEZE_MAX_PAIRS 2

/* 1 when g[k] is off the grid: a space, a Latin letter or digit, any advance but a cell. */
static int off_grid(const gw_glyph *g, int k, gw_len cell)
{
	return g[k].adv != cell;
}

/*
 * The width of the line g[from, to) with its line-end mark at half a cell and, when that
 * is still more than avail, as many adjacent pairs compressed as it takes, nearest the
 * line end first (clreq 先挤进). On a line of the grid (every glyph one cell) only the
 * pairs of the run of marks that ends the line are used, at most GW_SQUEEZE_MAX_PAIRS, so
 * the characters before them stay in their columns; a line that holds Latin text or
 * digits is off the grid anyway and may use any pair. Stores in *sq the first glyph of the
 * compressed pairs (pairs (k, k+1) with k >= *sq are; *sq >= to - 1 when none is).
 */
static gw_len compressed(const gw_glyph *g, int from, int to, gw_len avail, gw_len cell, int *sq)
{
	gw_len w = 0;
	int grid = 1;
	for (int k = from; k < to; k++) {
		w += g[k].adv;
		grid &= !off_grid(g, k, cell);
	}
	if (to > from && end_ok(g, to - 1, cell))
		w -= saving(cell);
	int q = to - 2, npairs = 0;
	for (; q >= from && w > avail; q--) {
		if (grid && (npairs == GW_SQUEEZE_MAX_PAIRS || !full_mark(g, q, cell) ||
		             !full_mark(g, q + 1, cell)))
			break;
		if (pair_ok(g, q, cell)) {
			w -= saving(cell);
			npairs++;
		}
	}
	*sq = q + 1;
	return w;
}

/* The compressible pairs inside the run of full-width marks that ends at g[k]. */
static int run_pairs(const gw_glyph *g, int start, int k, gw_len cell)
{
	int p = 0;
	for (int q = k - 1; q >= start && full_mark(g, q, cell) && full_mark(g, q + 1, cell); q--)
		p += pair_ok(g, q, cell);
	return p;
}

/* A chosen line: [start, b) with spaces trimmed, the next line from `next`. */
typedef struct choice {
	int b; /* break position: the line's content ends before b */
	int last; /* index of the line's last glyph (t < b), t < start when empty */
	int next; /* glyph where the next line starts ('\n' skipped) */
	int forced; /* ended by '\n' or by a mandatory break (ok[b] == GW_BREAK_MUST) */
} choice;

#define GW_BREAK_MUST 2 /* ok[i]: the line must end before g[i] (GB/T 15834-2011 5.1.5) */

/* 1 when the line starting at start must end before g[j]: a '\n' or a mandatory break. */
static int hard(const gw_glyph *g, const unsigned char *ok, int start, int j)
{
	return g[j].cp == '\n' || (j > start && ok[j] == GW_BREAK_MUST);
}

/* Where the next line starts after a forced end before g[b]: a '\n' is consumed. */
static int after(const gw_glyph *g, int n, int b)
{
	return b < n && g[b].cp == '\n' ? b + 1 : b;
}

/*
 * The emergency cut when no break opportunity exists between start and the overflow at
 * bmax (a Latin word longer than the line, a run of marks that may not start a line):
 * progress first, at the latest position up to bmax that splits no —— or …… and puts no
 * forbidden mark at either line edge, else that splits no unit, else bmax.
 */
static int emergency(const gw_glyph *g, int n, int start, int bmax)
{
	int unit_ok = -1;
	for (int b = bmax; b > start; b--) {
		if (gw_splits_unit(g, start, b))
			continue;
		if (unit_ok < 0)
			unit_ok = b;
		if (!gw_is_space(g[b].cp) && !gw_is_space(g[b - 1].cp) &&
		    !gw_forbid_start(g, n, b) && !gw_forbid_end(g[b - 1].cp))
			return b;
	}
	return unit_ok > 0 ? unit_ok : bmax;
}

/*
 * Chooses where the line starting at `start` ends, given `avail` for it: first fit; if the
 * break after the last glyph that fits is forbidden, squeeze (compress adjacent mark
 * pairs) to take the following glyphs back up to the next opportunity; failing that, push
 * back to the previous opportunity; failing that, cut (emergency).
 */
static choice choose(const gw_glyph *g, int n, const unsigned char *ok, int start, gw_len avail,
                     gw_len cell)
{
	choice c = {0};
	gw_len raw = 0; /* advances of [start, j), spaces included */
	int allp = 0; /* compressible pairs in [start, j) */
	int grid = 1; /* [start, j) is all on the grid */
	int j, t = start - 1, bmax = -1;
	for (j = start; j < n && !hard(g, ok, start, j); j++) {
		gw_len a = g[j].adv;
		if (!gw_is_space(g[j].cp)) {
			gw_len nat = raw + a - (end_ok(g, j, cell) ? saving(cell) : 0);
			if (nat > avail) {
				bmax = j;
				break;
			}
			allp += j > start && pair_ok(g, j - 1, cell);
			t = j;
		}
		grid &= !off_grid(g, j, cell);
		raw += a;
	}
	if (bmax < 0) { /* the rest fits: the paragraph's or the forced break's line */
		c.b = j;
		c.last = t;
		c.forced = j < n;
		c.next = c.forced ? after(g, n, j) : n;
		return c;
	}
	if (bmax == start) { /* not even one glyph fits: take it anyway (progress first) */
		c.b = start + 1;
	} else if (ok[bmax]) { /* UAX #14 + tailoring allow the break: plain first fit */
		c.b = bmax;
	} else {
		/*
		 * clreq 先挤进: squeeze the following glyphs in, up to the next opportunity, by
		 * compressing pairs of the marks that would end the line (see compressed())
		 */
		gw_len raw2 = raw;
		int runp = t == bmax - 1 ? run_pairs(g, start, t, cell) : 0;
		for (int k = bmax; k < n && !hard(g, ok, start, k); k++) {
			gw_len a = g[k].adv;
			grid &= !off_grid(g, k, cell);
			if (gw_is_space(g[k].cp)) {
				raw2 += a;
				runp = 0;
				continue;
			}
			allp += k > start && pair_ok(g, k - 1, cell);
			if (k > start && full_mark(g, k - 1, cell) && full_mark(g, k, cell))
				runp += pair_ok(g, k - 1, cell);
			else
				runp = 0;
			int np = runp < GW_SQUEEZE_MAX_PAIRS ? runp : GW_SQUEEZE_MAX_PAIRS;
			gw_len s = (grid ? np : allp) * saving(cell);
			gw_len endsave = end_ok(g, k, cell) ? saving(cell) : 0;
			if (raw2 + a - endsave - s > avail)
				break; /* even squeezed it overflows (Latin text further on could
				          free pairs again, off the grid: not pursued) */
			raw2 += a;
			int b2 = k + 1;
			while (b2 < n && gw_is_space(g[b2].cp))
				b2++;
			if (b2 < n && !hard(g, ok, start, b2) && !ok[b2])
				continue;
			c.b = b2;
			c.last = k;
			c.forced = b2 < n && hard(g, ok, start, b2);
			c.next = c.forced ? after(g, n, b2) : b2;
			return c;
		}
		/* clreq 后推出: push back to the previous opportunity, stretch what is left */
		c.b = -1;
		for (int b = bmax - 1; b > start && c.b < 0; b--)
			if (ok[b])
				c.b = b;
		if (c.b < 0)
			c.b = emergency(g, n, start, bmax);
	}
	c.last = c.b - 1;
	while (c.last >= start && gw_is_space(g[c.last].cp))
		c.last--;
	c.forced = c.b < n && hard(g, ok, start, c.b);
	c.next = c.forced ? after(g, n, c.b) : c.b;
	return c;
}

/*
 * The line starting at `start`: chosen with a cell guessed from the first Han at or after
 * start (the one the line will most likely hold); if the chosen line's own cell (what
 * placement will use) differs, chosen again with that, so both agree.
 */
static choice choose_line(const gw_glyph *g, int n, const unsigned char *ok, int start,
                          gw_len avail, int next_han)
{
	gw_len cell = next_han < n ? g[next_han].adv : line_cell(g, start, start);
	choice c = choose(g, n, ok, start, avail, cell);
	gw_len own = line_cell(g, start, c.last + 1);
	if (own != cell)
		c = choose(g, n, ok, start, avail, own);
	return c;
}

int gw_break_lines(const gw_glyph *g, int n, gw_len width, gw_len indent, gw_line **out)
{
	unsigned char *ok = gw_xmalloc((size_t)n + 1);
	gw_break_opportunities(g, n, ok);
	/*
	 * GB/T 15834-2011 5.1.5: two ellipses together (…………, twelve dots, for omitted lines
	 * or paragraphs) take a line of their own: a mandatory break before and after a run
	 * of four or more … (or ⋯). Spaces around the run vanish at the breaks.
	 */
	for (int i = 0; i < n;) {
		int e = i;
		while (e < n && g[e].cp == g[i].cp)
			e++;
		if ((g[i].cp == 0x2026 || g[i].cp == 0x22EF) && e - i >= 4) {
			int a = i, z = e;
			while (a > 0 && gw_is_space(g[a - 1].cp))
				a--;
			while (z < n && gw_is_space(g[z].cp))
				z++;
			if (a > 0 && g[a - 1].cp != '\n')
				ok[i] = GW_BREAK_MUST;
			if (z < n && g[z].cp != '\n')
				ok[z] = GW_BREAK_MUST;
		}
		i = e;
	}
	int cap = 8, nl = 0, i = 0, first = 1, next_han = 0;
	gw_line *lines = gw_xmalloc((size_t)cap * sizeof *lines);
	while (i < n || first) {
		if (!first)
			while (i < n && gw_is_space(g[i].cp))
				i++; /* spaces at a line start vanish */
		int start = i;
		while (next_han < n && (next_han < start || !gw_is_han(g[next_han].cp)))
			next_han++;
		gw_len avail = width - (first ? indent : 0);
		choice c = choose_line(g, n, ok, start, avail, next_han);
		if (nl == cap) {
			cap *= 2;
			lines = gw_xrealloc(lines, (size_t)cap * sizeof *lines);
		}
		gw_line *ln = &lines[nl++];
		ln->from = start;
		ln->to = c.last + 1 > start ? c.last + 1 : start;
		ln->first = first;
		ln->last = c.forced || c.next >= n;
		int sq;
		ln->width = compressed(g, start, ln->to, avail, line_cell(g, start, ln->to), &sq);
		first = 0;
		i = c.next;
		if (i >= n)
			break; /* also after a '\n' at the very end: nothing follows */
	}
	free(ok);
	*out = lines;
	return nl;
}

/*
 * 1 when the gap between g[k-1] and g[k] may stretch in the last justification stage
 * (clreq 3.5): not beside a space (spaces stretch on their own), not inside a Latin word
 * or number, not inside —— or ……, not beside a 连接号 or 分隔号.
 */
static int stretchable(const gw_glyph *g, int n, int k)
{
	uint32_t a = g[k - 1].cp, b = g[k].cp;
	if (gw_is_space(a) || gw_is_space(b))
		return 0;
	if (gw_is_wordish(a) && gw_is_wordish(b))
		return 0;
	if (a == b && (a == 0x2014 || a == 0x2026 || a == 0x22EF))
		return 0;
	return !gw_is_joiner(g, n, k - 1) && !gw_is_joiner(g, n, k);
}

gw_len gw_place_line(gw_glyph *g, const gw_line *ln, gw_len width, gw_len indent, gw_align align)
{
	int from = ln->from, to = ln->to;
	gw_len avail = width - (ln->first ? indent : 0);
	gw_len cell = line_cell(g, from, to);
	/* the marks this line compresses: squeezed pairs (clreq), then the line end */
	int sq;
	compressed(g, from, to, avail, cell, &sq);
	for (int k = sq > from ? sq : from; k + 1 < to; k++)
		if (pair_ok(g, k, cell))
			g[k].adv = cell / 2; /* clreq: adjacent marks, 2 cells -> 1.5 */
	if (to > from && end_ok(g, to - 1, cell))
		g[to - 1].adv = cell / 2; /* GB/T 15834-2011 5.1.10: half a cell at line end */
	gw_len natural = 0;
	for (int k = from; k < to; k++)
		natural += g[k].adv;
	gw_len rest = avail - natural;
	gw_len start = ln->first ? indent : 0;
	/* justification (clreq 3.5): spaces up to half a cell first, then the gaps equally */
	gw_len sp = 0, gp = 0; /* totals for the spaces and for the gaps */
	int nsp = 0, ngaps = 0, all = 0;
	if (align == GW_ALIGN_JUSTIFY && !ln->last && rest > 0) {
		for (int k = from; k < to; k++) {
			nsp += gw_is_space(g[k].cp);
			ngaps += k > from && stretchable(g, to, k);
		}
		int64_t cap = cell > 0 ? (int64_t)nsp * (cell / 2) : rest;
		sp = nsp ? (gw_len)(cap < rest ? cap : rest) : 0;
		gp = rest - sp;
		if (gp > 0 && ngaps == 0) {
			if (nsp) {
				sp = rest, gp = 0; /* only spaces can stretch: no cap */
			} else {
				/* a cut word alone: letter-spacing, the last resort */
				ngaps = to - from - 1;
				all = 1;
			}
		}
		if (ngaps == 0)
			gp = 0;
	}
	gw_len x = 0;
	int isp = 0, igap = 0;
	for (int k = from; k < to; k++) {
		if (gp && k > from && (all || stretchable(g, to, k))) {
			/* spread gp evenly; the first (gp % ngaps) gaps take one unit more */
			x += gp / ngaps + (igap < gp % ngaps ? 1 : 0);
			igap++;
		}
		g[k].x = x;
		x += g[k].adv;
		if (sp && gw_is_space(g[k].cp)) {
			x += sp / nsp + (isp < sp % nsp ? 1 : 0);
			isp++;
		}
	}
	if (align == GW_ALIGN_CENTER && rest > 0)
		start += rest / 2;
	else if (align == GW_ALIGN_RIGHT && rest > 0)
		start += rest;
	return start;
}
