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
#include <string.h>

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
 * The squeeze rank of a single full-width mark inside a line, whose blank right half may go
 * when the line needs it (clreq "Line adjustment", squeeze priority, standards.md 3.5; GB/T
 * 15834-2011 5.1.11: punctuation space may be compressed to avoid a stray character):
 * 1 closing brackets, quotes and 书名号, 2 ，、；：, 3 。; 0 for the others (？！ keep
 * their cell; an opening mark's blank half is on its left and is not squeezed inside a line).
 */
static int squeeze_rank(uint32_t cp)
{
	if (cp == 0xFF0C || cp == 0x3001 || cp == 0xFF1B || cp == 0xFF1A)
		return 2;
	if (cp == 0x3002)
		return 3;
	if (cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF0E)
		return 0;
	return gw_mark_kind(cp) == GW_MARK_CLOSE ? 1 : 0;
}

/*
 * The width of the line g[from, to) squeezed to fit avail, clreq 先挤进 in the order of
 * clreq's squeeze priority:
 *  1. the line-end mark to half a cell (GB/T 15834-2011 5.1.10), always;
 *  2. adjacent pairs of marks, 2 cells to 1.5, nearest the line end first: on a line of the
 *     grid (every glyph one cell) only the pairs of the run of marks that ends the line, at
 *     most GW_SQUEEZE_MAX_PAIRS; a line holding Latin text or digits, any pair;
 *  3. single marks inside the line, their blank half, by squeeze_rank (brackets, then
 *     ，、；：, then 。), nearest the line end first within a rank (the fewest characters
 *     leave their grid column), as many as it takes and no more.
 * When half is not NULL, half[k - from] is set to 1 for every mark it compresses (0 for
 * the others). Returns the width with these compressions (still more than avail when even
 * all of them are not enough).
 */
static gw_len compressed(const gw_glyph *g, int from, int to, gw_len avail, gw_len cell,
                         unsigned char *half)
{
	gw_len w = 0;
	int grid = 1;
	for (int k = from; k < to; k++) {
		w += g[k].adv;
		grid &= !off_grid(g, k, cell);
		if (half)
			half[k - from] = 0;
	}
	if (to > from && end_ok(g, to - 1, cell)) {
		w -= saving(cell);
		if (half)
			half[to - 1 - from] = 1;
	}
	int q = to - 2, npairs = 0;
	int sq; /* pairs (k, k+1) with k >= sq are compressed */
	for (; q >= from && w > avail; q--) {
		if (grid && (npairs == GW_SQUEEZE_MAX_PAIRS || !full_mark(g, q, cell) ||
		             !full_mark(g, q + 1, cell)))
			break;
		if (pair_ok(g, q, cell)) {
			w -= saving(cell);
			npairs++;
			if (half)
				half[q - from] = 1;
		}
	}
	sq = q + 1;
	for (int rank = 1; rank <= 3 && w > avail; rank++) {
		for (int k = to - 2; k >= from && w > avail; k--) {
			if (k >= sq && pair_ok(g, k, cell))
				continue; /* already compressed as a pair */
			if (full_mark(g, k, cell) && squeeze_rank(g[k].cp) == rank &&
			    !gw_is_space(
			            g[k + 1].cp)) { /* a space after it shows the blank anyway */
				w -= saving(cell);
				if (half)
					half[k - from] = 1;
			}
		}
	}
	return w;
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
static choice choose(const gw_glyph *g, int n, const unsigned char *ok, const unsigned char *url,
                     int start, gw_len avail, gw_len cell)
{
	choice c = {0};
	gw_len raw = 0; /* advances of [start, j), spaces included */
	int j, t = start - 1, bmax = -1;
	for (j = start; j < n && !hard(g, ok, start, j); j++) {
		gw_len a = g[j].adv;
		if (!gw_is_space(g[j].cp)) {
			gw_len nat = raw + a - (end_ok(g, j, cell) ? saving(cell) : 0);
			if (nat > avail) {
				bmax = j;
				break;
			}
			t = j;
		}
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
	} else {
		/*
		 * clreq 先挤进 (squeeze before stretch, standards.md 3.5): when the break after
		 * the last glyph that fits is forbidden, or allowed but leaving more to stretch
		 * than the half cell a line-end mark leaves (GB/T 15834-2011 5.1.10), squeeze the
		 * following glyphs in, up to the next opportunity, by compressing marks of the
		 * line (see compressed()); a line of the grid that is full or ends with a mark
		 * is left as it is
		 */
		int squeeze = !ok[bmax];
		if (!squeeze && cell > 0) {
			int tl = bmax - 1;
			while (tl > start && gw_is_space(g[tl].cp))
				tl--;
			/* the grid's rounding (28 cells in 442.205 pt) is no reason: 1/16 cell more
			 */
			gw_len slack = avail - compressed(g, start, tl + 1, avail, cell, NULL);
			squeeze = slack > saving(cell) + cell / 16;
		}
		for (int k = bmax; squeeze && k < n && !hard(g, ok, start, k); k++) {
			if (gw_is_space(g[k].cp))
				continue;
			if (compressed(g, start, k + 1, avail, cell, NULL) > avail)
				break; /* even squeezed it overflows */
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
	}
	if (bmax == start) {
		/* taken above */
	} else if (ok[bmax]) { /* UAX #14 + tailoring allow the break: plain first fit */
		c.b = bmax;
	} else {
		/* clreq 后推出: push back to the previous opportunity, stretch what is left */
		c.b = -1;
		for (int b = bmax - 1; b > start && c.b < 0; b--)
			if (ok[b])
				c.b = b;
		if (c.b < 0)
			c.b = emergency(g, n, start, bmax);
		/*
		 * clreq 3.4: never letter-space the Chinese before a URL or an e-mail address to
		 * make room for it: when its break points (T6 in breaks.c) would leave more than a
		 * cell, the address is cut between any two of its characters (no hyphen is added,
		 * so nothing is changed in it), as late as fits.
		 */
		if (url && bmax > start && url[bmax - 1] && url[bmax] && cell > 0) {
			gw_len left = 0;
			for (int k = c.b; k < bmax; k++)
				left += g[k].adv;
			if (left > cell) {
				int b = bmax;
				while (b > c.b + 1 && url[b - 1] && url[b] &&
				       (g[b].cp == '.' || g[b].cp == '/' || g[b].cp == '@' ||
				        g[b].cp == ':' || g[b].cp == '-'))
					b--;
				if (b > c.b && url[b - 1] && url[b])
					c.b = b;
			}
		}
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
static choice choose_line(const gw_glyph *g, int n, const unsigned char *ok,
                          const unsigned char *url, int start, gw_len avail, int next_han)
{
	gw_len cell = next_han < n ? g[next_han].adv : line_cell(g, start, start);
	choice c = choose(g, n, ok, url, start, avail, cell);
	gw_len own = line_cell(g, start, c.last + 1);
	if (own != cell)
		c = choose(g, n, ok, url, start, avail, own);
	return c;
}

/* 1 when the line [from, to) holds one character at most, the marks beside it aside. */
static int lone(const gw_glyph *g, int from, int to)
{
	int chars = 0;
	for (int k = from; k < to; k++)
		chars += !gw_is_space(g[k].cp) && gw_mark_kind(g[k].cp) == GW_MARK_NONE;
	return chars <= 1 && to > from;
}

/*
 * clreq (and GB/T 15834-2011 5.1.11, "to avoid one stray character on a line"): no last
 * line of a paragraph (or of a '\n' segment) with a single character ("平。"). First the
 * squeeze: the line before takes it back when compressing its marks (compressed()) makes
 * room. Else a different break: the line before gives up its last break position's
 * glyphs, when that is at most two cells and a tenth of the line (the line before is then
 * stretched by as much, as any line whose next character may not start a line; in a
 * narrow table cell that would be letter-spacing). Else it stays.
 */
static int no_lone_last(const gw_glyph *g, int n, const unsigned char *ok, gw_line *lines, int nl,
                        gw_len width, gw_len indent)
{
	for (int i = 1; i < nl; i++) {
		gw_line *p = &lines[i - 1], *l = &lines[i];
		if (!l->last || p->last || !lone(g, l->from, l->to))
			continue;
		gw_len avail = p->first ? width - indent : width;
		gw_len cell = line_cell(g, p->from, l->to);
		int gap_ok = 1; /* only spaces between the two lines */
		for (int k = p->to; k < l->from; k++)
			gap_ok &= gw_is_space(g[k].cp);
		if (gap_ok && compressed(g, p->from, l->to, avail, cell, NULL) <= avail) {
			p->to = l->to;
			p->last = l->last;
			p->width = compressed(g, p->from, p->to, avail, cell, NULL);
			memmove(l, l + 1, (size_t)(nl - i - 1) * sizeof *l);
			nl--;
			i--;
			continue;
		}
		if (cell <= 0)
			continue;
		for (int b = p->to - 1; b > p->from + 1; b--) {
			gw_len moved = 0;
			for (int k = b; k < p->to; k++)
				moved += g[k].adv;
			if (moved > 2 * cell || moved * 10 > width)
				break; /* more would show as letter-spacing (a narrow column) */
			if (ok[b] != 1 || gw_is_space(g[b].cp))
				continue;
			int t = b;
			while (t > p->from && gw_is_space(g[t - 1].cp))
				t--;
			if (t - p->from < 2)
				break;
			gw_len w = 0;
			for (int k = b; k < l->to; k++)
				w += g[k].adv;
			if (w > width)
				break;
			p->to = t;
			p->width = compressed(g, p->from, t, avail, line_cell(g, p->from, t), NULL);
			l->from = b;
			l->width = compressed(g, b, l->to, width, line_cell(g, b, l->to), NULL);
			break;
		}
	}
	return nl;
}

int gw_break_lines(gw_icu *icu, const gw_glyph *g, int n, gw_len width, gw_len indent,
                   gw_line **out)
{
	/* a short text (a table cell) keeps its scratch arrays on the stack (issue 14) */
	unsigned char okbuf[128], urlbuf[128];
	unsigned char *ok = n < (int)sizeof okbuf ? okbuf : gw_xmalloc((size_t)n + 1);
	gw_break_opportunities(icu, g, n, ok);
	unsigned char *url = n < (int)sizeof urlbuf ? urlbuf : gw_xmalloc((size_t)n + 1);
	gw_url_runs(g, n, url);
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
		choice c = choose_line(g, n, ok, url, start, avail, next_han);
		if (nl == cap) {
			cap *= 2;
			lines = gw_xrealloc(lines, (size_t)cap * sizeof *lines);
		}
		gw_line *ln = &lines[nl++];
		ln->from = start;
		ln->to = c.last + 1 > start ? c.last + 1 : start;
		ln->first = first;
		ln->last = c.forced || c.next >= n;
		ln->width = compressed(g, start, ln->to, avail, line_cell(g, start, ln->to), NULL);
		first = 0;
		i = c.next;
		if (i >= n)
			break; /* also after a '\n' at the very end: nothing follows */
	}
	nl = no_lone_last(g, n, ok, lines, nl, width, indent);
	if (url != urlbuf)
		free(url);
	if (ok != okbuf)
		free(ok);
	/* most table cells have one line of the 8 allocated, and a table's lines live until
	   it is paginated (issue 14, point 4) */
	if (nl < cap)
		lines = gw_xrealloc(lines, (size_t)(nl ? nl : 1) * sizeof *lines);
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
	/*
	 * the marks this line compresses (compressed()): the line end (GB/T 15834-2011
	 * 5.1.10), squeezed pairs, 2 cells -> 1.5, and single marks (clreq), to half a cell
	 */
	if (to > from) {
		unsigned char buf[128]; /* a line of up to 128 glyphs: no allocation (issue 14) */
		unsigned char *half =
		        to - from <= (int)sizeof buf ? buf : gw_xmalloc((size_t)(to - from));
		compressed(g, from, to, avail, cell, half);
		for (int k = from; k < to; k++)
			if (half[k - from])
				g[k].adv = cell / 2;
		if (half != buf)
			free(half);
	}
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
