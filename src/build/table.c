/*
 * table.c: table layout (see table.h).
 *
 * Columns: fixed widths as given; "auto" columns between their narrowest content (the
 * widest piece that cannot break) and their widest (all on one line); "fr" columns share
 * what is left by weight, none below its narrowest content while the type area has room for
 * that (auto columns leave it to them). A table fills the type area's width and never exceeds it
 * (GB/T 9704-2012 clause 8: tables sit in the type area). A number or character still wider than
 * its column widens an auto/fr column from the others' slack, else its cell's text shrinks down
 * the 字号 ladder to the layout's table min_size, with a warning; below it, an error (issue 12,
 * point 7: fit_cells). Alignment: the cell's, else its column's (body rows), else the style's
 * (issue 12, point 6). Cells: text through the same line breaker
 * as body text (its rules hold inside cells) at the cell's inner width, so a column narrower than
 * two characters sets one character per line; padding; vertical alignment; lines at `table_leading`
 * times the size. Rows: as tall as their tallest single-row cell; a cell spanning rows that needs
 * more spreads the excess evenly over its rows. Pages: rows tied by a rowspan form one group, kept
 * whole unless it is taller than a page (after the repeated header); then it is cut between rows,
 * and a row taller than a page between text lines. A cell cut in two closes its borders on both
 * sides; its text goes on in the next part, or, when it fits every part (a label), is repeated in
 * each. Borders: 0.5 pt by default on every cell edge; each part draws its cells' top and left
 * edges, the right edge of the last column and the bottom edge of the part, so no edge is
 * drawn twice in a part and every page's table is closed.
 */
#include "table.h"

#include <stdlib.h>
#include <string.h>

#include "../base/util.h"
#include "../break/breaks.h"
#include "../break/linebreak.h"
#include "../shape/shape.h"
#include "../load/json.h"

#define EM_ASCENT 880 /* baseline below the em box top, 1/1000 em (as build.c) */

/*
 * Row heights and content widths are sums over many lines or glyphs (a 1 MiB text, a 600 pt
 * size, a 14400 pt padding are all within the input limits), so they are summed in 64 bits
 * and kept at most ROW_MAX: 2^30 millipoints, about 1,073,742 pt, beyond any page (at most
 * 14400 pt), so a row that tall is cut between its text lines anyway, and sums of a few of
 * them stay inside gw_len.
 */
#define ROW_MAX ((gw_len)1 << 30)

static gw_len clamp_len(int64_t v)
{
	return v > ROW_MAX ? ROW_MAX : v < -ROW_MAX ? -ROW_MAX : (gw_len)v;
}

typedef struct cellbox {
	gw_glyph *g; /* shaped text (owned) */
	int n; /* glyphs */
	gw_line *lines; /* broken at the cell's inner width (owned) */
	int nl; /* lines */
	gw_len minw; /* narrowest content width, padding included */
	gw_len maxw; /* widest content width, padding included */
	int next; /* first line not yet drawn (a cell cut across parts) */
	int whole; /* 1 once a part has shown every line */
	int align; /* gw_align used */
	int valign; /* gw_valign used */
	gw_len size; /* font size the text is set in, 1/1000 pt: the style's, or less when
	                shrunk so that a number fits its column (fit_cells) */
	gw_len hardw; /* widest piece that must stay on one line: a number or one character,
	                 1/1000 pt, padding excluded */
	int hard_from, hard_to; /* that piece's glyphs [from, to) */
	int hard_num; /* 1: the piece is a number, 0: a single character */
} cellbox;

typedef struct gw_tlayout {
	const gw_layout *l;
	const gw_table *t;
	const gw_style *st;
	cellbox *cb; /* per cell */
	gw_len *colw; /* column widths */
	gw_len *colx; /* column left edges, ncols + 1 (absolute) */
	gw_len *rowh; /* row heights */
	gw_len lh; /* line pitch inside cells */
	int *seen; /* per cell: the part that last drew it */
	int stamp; /* the current part's number */
	gw_len pad_x, pad_y, border;
	/* pagination (issue 12, points 1 to 3) */
	int64_t *ry; /* row tops from row 0, nrows + 1 entries, 1/1000 pt */
	int *nbody; /* body rows (not full-width label rows) before row r, nrows + 1 */
	int *prev_label; /* the last full-width label row before row r (r >= 1), -1 none */
	int *next_label; /* the first full-width label row after row r, nrows if none */
	gw_len page; /* a continued page's room for body rows (type area less the repeated
	                header and "续表" line), 1/1000 pt */
	int keep_rows; /* body rows kept with a header or label row (layout table.keep_rows) */
	int min_rows; /* body rows per page at least (layout table.min_rows) */
	gw_len loose; /* empty height past which a sub-group is cut rather than moved (layout
	                 table.max_empty of the grid's height), 1/1000 pt */
} tlayout;

/* Widest run between two break opportunities, and the widest forced line. */
static void content_widths(gw_icu *icu, const gw_glyph *g, int n, gw_len *minw, gw_len *maxw)
{
	unsigned char *ok = gw_xmalloc((size_t)n + 1);
	gw_break_opportunities(icu, g, n, ok);
	int64_t seg = 0, line = 0;
	*minw = *maxw = 0;
	for (int i = 0; i <= n; i++) {
		if (i == n || g[i].cp == '\n' || (i > 0 && ok[i])) {
			if (seg > *minw)
				*minw = clamp_len(seg);
			seg = 0;
		}
		if (i == n || g[i].cp == '\n') {
			if (line > *maxw)
				*maxw = clamp_len(line);
			line = 0;
			continue;
		}
		seg += g[i].adv;
		line += g[i].adv;
	}
	free(ok);
}

/* Column widths; returns 0, or -1 (error added) when fixed columns overflow the area. */
static int column_widths(tlayout *tl, gw_diags *d)
{
	const gw_table *t = tl->t;
	const gw_layout *l = tl->l;
	gw_len area = l->page_w - l->margin_left - l->margin_right;
	gw_len *minc = gw_xcalloc((size_t)t->ncols, sizeof *minc);
	gw_len *maxc = gw_xcalloc((size_t)t->ncols, sizeof *maxc);
	for (int c = 0; c < t->ncols; c++)
		minc[c] = maxc[c] = 2 * tl->pad_x + tl->st->size / 2;
	for (int i = 0; i < t->ncells; i++) {
		const gw_cell *cell = &t->cells[i];
		if (cell->colspan != 1)
			continue;
		if (tl->cb[i].minw > minc[cell->col])
			minc[cell->col] = tl->cb[i].minw;
		if (tl->cb[i].maxw > maxc[cell->col])
			maxc[cell->col] = tl->cb[i].maxw;
	}
	int64_t fixed = 0, min_a = 0, max_a = 0, fr = 0, min_fr = 0;
	for (int c = 0; c < t->ncols; c++) {
		const gw_colspec *cs = &t->cols[c];
		if (cs->kind == GW_COL_FIXED)
			fixed += cs->width;
		else if (cs->kind == GW_COL_FR)
			fr += cs->fr, min_fr += minc[c];
		else
			min_a += minc[c], max_a += maxc[c];
	}
	int status = 0;
	/* Each fixed width was rounded to 1/1000 pt on its own ("12mm" is 34015.7 mpt, kept as
	 * 34016), and so were the page width and the two margins the type area is made of: a
	 * sum that is exact in the data's units can come out up to half a unit a term over the
	 * area. That much is rounding, not an overflow (issue 12, point 8: 14 + 22 + 36 + 7 x 12
	 * mm = 156 mm was refused): the last fixed column gives it back. */
	int64_t slack = ((int64_t)t->ncols + 3 + 1) / 2;
	int last_fixed = -1;
	for (int c = 0; c < t->ncols; c++)
		if (t->cols[c].kind == GW_COL_FIXED)
			last_fixed = c;
	gw_len giveback = 0;
	if (fixed > area && fixed <= area + slack) {
		giveback = (gw_len)(fixed - area);
		fixed = area;
	}
	if (fixed > area) {
		gw_json_error(
		        t->cols[0].src.json, d, t->cols[0].src.node, 0,
		        "the fixed columns are %.1f mm wide, more than the type area's %.1f mm",
		        fixed * 25.4 / 72000.0, area * 25.4 / 72000.0);
		status = -1;
	}
	int64_t rest = area - fixed;
	if (rest < 0)
		rest = 0;
	/* the auto columns leave the fr columns their narrowest content (an fr column's
	 * minimum is its content's, as in CSS grid's minmax(auto, Nfr)); when both cannot have
	 * it, they share in proportion to it */
	int64_t room = min_a + min_fr <= rest
	                       ? rest - min_fr
	                       : rest * min_a / (min_a + min_fr ? min_a + min_fr : 1);
	for (int c = 0; c < t->ncols; c++) {
		const gw_colspec *cs = &t->cols[c];
		if (cs->kind == GW_COL_FIXED) {
			tl->colw[c] = cs->width - (c == last_fixed ? giveback : 0);
		} else if (cs->kind == GW_COL_AUTO) {
			int64_t w;
			if (max_a <= room)
				w = fr ? maxc[c]
				       : maxc[c] + (room - max_a) * maxc[c] / (max_a ? max_a : 1);
			else if (min_a <= room)
				w = minc[c] + (room - min_a) * (maxc[c] - minc[c]) /
				                      (max_a - min_a ? max_a - min_a : 1);
			else
				w = room * minc[c] / (min_a ? min_a : 1);
			tl->colw[c] = (gw_len)w;
		}
	}
	int64_t autos = 0;
	for (int c = 0; c < t->ncols; c++)
		if (t->cols[c].kind == GW_COL_AUTO)
			autos += tl->colw[c];
	int64_t share = rest - autos > 0 ? rest - autos : 0;
	/* the fr columns share it by their weights, but while it holds their narrowest
	 * contents none gets less: a column whose share falls short takes its narrowest width
	 * and the others share what is left (CSS grid's "find the size of an fr") */
	unsigned char *at_min = gw_xcalloc((size_t)t->ncols, 1);
	int64_t left = share, weights = fr;
	for (int again = share >= min_fr; again && weights > 0;) {
		again = 0;
		for (int c = 0; c < t->ncols; c++) {
			if (t->cols[c].kind != GW_COL_FR || at_min[c] ||
			    left * t->cols[c].fr / weights >= minc[c])
				continue;
			at_min[c] = 1;
			left -= minc[c];
			weights -= t->cols[c].fr;
			again = 1;
		}
	}
	for (int c = 0; c < t->ncols; c++)
		if (t->cols[c].kind == GW_COL_FR)
			tl->colw[c] =
			        at_min[c] ? minc[c]
			                  : (gw_len)(weights ? left * t->cols[c].fr / weights : 0);
	free(at_min);
	/* integer rounding: the last flexible column takes the rest, so the table fills
	 * exactly the type area (when it has a flexible column) */
	int64_t sum = 0;
	int last_flex = -1;
	for (int c = 0; c < t->ncols; c++) {
		sum += tl->colw[c];
		if (t->cols[c].kind != GW_COL_FIXED)
			last_flex = c;
	}
	if (last_flex >= 0 && sum != area && tl->colw[last_flex] + (area - sum) > 0)
		tl->colw[last_flex] += (gw_len)(area - sum);
	tl->colx[0] = l->margin_left;
	for (int c = 0; c < t->ncols; c++)
		tl->colx[c + 1] = tl->colx[c] + tl->colw[c];
	free(minc);
	free(maxc);
	return status;
}

/* UAX #14 LB25 and issue 12, point 7: the characters a number is made of. */
static int is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

/*
 * Finds the widest piece of a cell's text that must stay on one line: a number (ASCII
 * digits with "," and "." between digits, a sign "+" "-" "−" before them and "%" "‰"
 * "％" after them: UAX #14 LB25's (PR|HY)? NU (NU|IS)* PO?, which ICU already keeps
 * together; a unit such as 元 after it may go to the next line) or, when wider, any one
 * character. Sets cb->hardw, hard_from, hard_to, hard_num.
 */
static void hard_piece(cellbox *cb)
{
	const gw_glyph *g = cb->g;
	int n = cb->n;
	cb->hardw = 0;
	cb->hard_from = cb->hard_to = 0;
	cb->hard_num = 0;
	for (int i = 0; i < n;) {
		int sign = (g[i].cp == '+' || g[i].cp == '-' || g[i].cp == 0x2212) && i + 1 < n &&
		           is_digit(g[i + 1].cp) && (i == 0 || !is_digit(g[i - 1].cp));
		if (!sign && !is_digit(g[i].cp)) {
			if (g[i].adv > cb->hardw) {
				cb->hardw = g[i].adv;
				cb->hard_from = i, cb->hard_to = i + 1, cb->hard_num = 0;
			}
			i++;
			continue;
		}
		int e = i + 1;
		while (e < n && (is_digit(g[e].cp) || ((g[e].cp == ',' || g[e].cp == '.') &&
		                                       e + 1 < n && is_digit(g[e + 1].cp))))
			e++;
		if (e < n && (g[e].cp == '%' || g[e].cp == 0x2030 || g[e].cp == 0xFF05))
			e++;
		int64_t w = 0;
		for (int k = i; k < e; k++)
			w += g[k].adv;
		if (w > cb->hardw) {
			cb->hardw = clamp_len(w);
			cb->hard_from = i, cb->hard_to = e, cb->hard_num = 1;
		}
		i = e;
	}
}

/*
 * Shapes cell i at size `size` (its style's, or smaller) and measures its content; returns 0
 * or -1 after errors.
 */
static int shape_cell(tlayout *tl, int i, gw_len size, gw_diags *d)
{
	const gw_cell *cell = &tl->t->cells[i];
	cellbox *cb = &tl->cb[i];
	free(cb->g);
	cb->g = NULL;
	cb->n = 0;
	cb->size = size;
	const char *s = cell->num ? cell->num : cell->text.s;
	size_t len = cell->num ? strlen(cell->num) : cell->text.len;
	if (!s || !len)
		return 0;
	gw_style st = *tl->st;
	st.size = size;
	int is_text = !cell->num && cell->text.src.node && cJSON_IsString(cell->text.src.node);
	gw_src src = cell->num ? cell->src : cell->text.src;
	int n = gw_shape(tl->l, &st, s, len, src, is_text, d, &cb->g);
	if (n < 0)
		return -1;
	cb->n = n;
	content_widths(tl->l->icu, cb->g, n, &cb->minw, &cb->maxw);
	cb->minw += 2 * tl->pad_x;
	cb->maxw += 2 * tl->pad_x;
	hard_piece(cb);
	return 0;
}

/*
 * A cell's alignment: its own "align", else, below the header rows, its column's (issue 12,
 * point 6; a cell spanning columns takes theirs when they all agree; a header keeps the
 * table style's, as offices centre a column's head over right-aligned figures), else the
 * table style's. Justified text becomes left: cells are too narrow to stretch well.
 */
static int cell_align(const tlayout *tl, const gw_cell *cell)
{
	int a = cell->align;
	if (a < 0 && cell->row >= tl->t->header_rows) {
		a = tl->t->cols[cell->col].align;
		for (int c = cell->col + 1; c < cell->col + cell->colspan; c++)
			if (tl->t->cols[c].align != a)
				a = -1;
	}
	if (a < 0)
		a = (int)tl->st->align;
	return a == GW_ALIGN_JUSTIFY ? GW_ALIGN_LEFT : a;
}

/* Shapes every cell and measures its content; returns 0 or -1 after errors. */
static int shape_cells(tlayout *tl, gw_diags *d)
{
	int status = 0;
	for (int i = 0; i < tl->t->ncells; i++) {
		const gw_cell *cell = &tl->t->cells[i];
		cellbox *cb = &tl->cb[i];
		cb->align = cell_align(tl, cell);
		cb->valign = cell->valign >= 0 ? cell->valign : GW_VALIGN_MIDDLE;
		if (shape_cell(tl, i, tl->st->size, d) < 0)
			status = -1;
	}
	return status;
}

/* The cell's text of glyphs [from, to), for a message (malloc'ed). */
static char *piece_text(const tlayout *tl, int i, int from, int to)
{
	const gw_cell *cell = &tl->t->cells[i];
	const cellbox *cb = &tl->cb[i];
	const char *s = cell->num ? cell->num : cell->text.s;
	size_t len = cell->num ? strlen(cell->num) : cell->text.len;
	size_t a = cb->g[from].off, b = to < cb->n ? cb->g[to].off : len;
	char *r = gw_xmalloc(b - a + 1);
	memcpy(r, s + a, b - a);
	r[b - a] = 0;
	return r;
}

/* The Chinese name of a size (四号), or "" when it has none. */
static const char *size_name(gw_len size)
{
	/* the 字号 ladder, as load/values.c reads it */
	static const struct {
		gw_len size; /* 1/1000 pt */
		const char *name;
	} zihao[] = {{42000, "初号"}, {36000, "小初"}, {26000, "一号"}, {24000, "小一"},
	             {22000, "二号"}, {18000, "小二"}, {16000, "三号"}, {15000, "小三"},
	             {14000, "四号"}, {12000, "小四"}, {10500, "五号"}, {9000, "小五"},
	             {7500, "六号"},  {6500, "小六"},  {5500, "七号"},  {5000, "八号"}};
	for (size_t k = 0; k < sizeof zihao / sizeof zihao[0]; k++)
		if (zihao[k].size == size)
			return zihao[k].name;
	return "";
}

/*
 * Issue 12, point 7, first step: widens the "auto" and "fr" columns whose one-column cells
 * hold a number (or a character) wider than the column, taking the width from the other
 * auto and fr columns in proportion to their slack (their width above their narrowest
 * content, which already holds their own numbers, and above four characters). When the
 * slack does not cover them all, each gets the same share of what it needs, and its text
 * then shrinks less (fit_cells). Each cell that fits only thanks to it gets a warning.
 */
static void widen_columns(tlayout *tl, gw_diags *d)
{
	const gw_table *t = tl->t;
	int C = t->ncols;
	gw_len *minc = gw_xcalloc((size_t)C, sizeof *minc);
	gw_len *maxc = gw_xcalloc((size_t)C, sizeof *maxc);
	gw_len *need = gw_xcalloc((size_t)C, sizeof *need);
	gw_len *before = gw_xcalloc((size_t)C, sizeof *before);
	unsigned char *grow = gw_xcalloc((size_t)C, 1);
	for (int c = 0; c < C; c++)
		minc[c] = 2 * tl->pad_x + tl->st->size / 2;
	for (int i = 0; i < t->ncells; i++) {
		const gw_cell *cell = &t->cells[i];
		const cellbox *cb = &tl->cb[i];
		if (cell->colspan != 1 || !cb->n)
			continue;
		if (cb->minw > minc[cell->col])
			minc[cell->col] = cb->minw;
		if (cb->maxw > maxc[cell->col])
			maxc[cell->col] = cb->maxw;
		if (cb->hardw + 2 * tl->pad_x > need[cell->col])
			need[cell->col] = cb->hardw + 2 * tl->pad_x;
	}
	/* a column giving width keeps its narrowest content and four characters of the style
	 * (or all its text, when shorter): a label column set one character a line is not a
	 * price worth paying for a full-size figure */
	for (int c = 0; c < C; c++) {
		gw_len four = 2 * tl->pad_x + 4 * tl->st->size;
		gw_len keep = maxc[c] < four ? maxc[c] : four;
		if (keep > minc[c])
			minc[c] = keep;
	}
	int64_t slack = 0;
	for (int c = 0; c < C; c++) {
		before[c] = tl->colw[c];
		if (t->cols[c].kind == GW_COL_FIXED)
			continue;
		if (need[c] > tl->colw[c])
			grow[c] = 1;
		else if (tl->colw[c] > minc[c])
			slack += tl->colw[c] - minc[c];
	}
	/* every column that needs width gets all it needs when the slack covers them all;
	 * else each gets the same share of its need (the slack times need / total need), so
	 * the columns stay alike and their text shrinks less (fit_cells) */
	int64_t total = 0;
	for (int c = 0; c < C; c++)
		if (grow[c])
			total += need[c] - tl->colw[c];
	gw_len *part = gw_xcalloc((size_t)C, sizeof *part);
	int64_t deficit = 0;
	for (int c = 0; c < C; c++) {
		if (!grow[c])
			continue;
		int64_t want = need[c] - tl->colw[c];
		part[c] = (gw_len)(total <= slack ? want : want * slack / total);
		grow[c] = total <= slack ? 2 : 3;
		deficit += part[c];
	}
	if (deficit > 0) {
		int64_t taken = 0;
		int last = -1;
		for (int c = 0; c < C; c++) {
			if (t->cols[c].kind == GW_COL_FIXED || need[c] > tl->colw[c] ||
			    tl->colw[c] <= minc[c])
				continue;
			int64_t take = deficit * (tl->colw[c] - minc[c]) / slack;
			tl->colw[c] -= (gw_len)take;
			taken += take;
			last = c;
		}
		/* integer rounding: the last column that gave width gives the rest */
		if (last >= 0)
			tl->colw[last] -= (gw_len)(deficit - taken);
		for (int c = 0; c < C; c++)
			tl->colw[c] += part[c];
		for (int c = 0; c < C; c++)
			tl->colx[c + 1] = tl->colx[c] + tl->colw[c];
		gw_buf from = {0};
		int nfrom = 0;
		for (int c = 0; c < C; c++)
			if (tl->colw[c] < before[c]) {
				gw_buf_printf(&from, "%s%d", nfrom ? ", " : "", c + 1);
				nfrom++;
			}
		for (int i = 0; i < t->ncells; i++) {
			const gw_cell *cell = &t->cells[i];
			const cellbox *cb = &tl->cb[i];
			if (cell->colspan != 1 || grow[cell->col] != 2 || !cb->n ||
			    cb->hardw + 2 * tl->pad_x <= before[cell->col])
				continue;
			char *what = piece_text(tl, i, cb->hard_from, cb->hard_to);
			gw_json_warning(
			        cell->src.json, d, cell->src.node, 0,
			        "the %s \"%s\" does not fit column %d (%.1f mm): the column "
			        "is widened to %.1f mm, taking the width from column%s %s",
			        cb->hard_num ? "number" : "character", what, cell->col + 1,
			        before[cell->col] * 25.4 / 72000.0,
			        tl->colw[cell->col] * 25.4 / 72000.0, nfrom > 1 ? "s" : "",
			        from.data ? from.data : "");
			free(what);
		}
		gw_buf_free(&from);
	}
	free(minc);
	free(maxc);
	free(need);
	free(before);
	free(grow);
	free(part);
}

/*
 * Issue 12, point 7: a number never breaks inside, and no character is wider than its
 * column. UAX #14 LB25 keeps a number whole where its column holds it; the auto and fr
 * columns are widened for those that do not fit (widen_columns); a cell whose widest
 * unbreakable piece is still wider than its column then has its text shrunk to the largest
 * size of the 字号 ladder (小四 12, 五号 10.5, 小五 9, ...) or the layout's table "min_size" at
 * which the piece fits, with a warning at the cell; below min_size it is an error. Returns 0,
 * or -1 after an error.
 */
static int fit_cells(tlayout *tl, gw_diags *d)
{
	const gw_table *t = tl->t;
	int status = 0;
	widen_columns(tl, d);
	for (int i = 0; i < t->ncells; i++) {
		const gw_cell *cell = &t->cells[i];
		cellbox *cb = &tl->cb[i];
		int c0 = cell->col, c1 = cell->col + cell->colspan;
		gw_len inner = tl->colx[c1] - tl->colx[c0] - 2 * tl->pad_x;
		if (cb->n == 0 || cb->hardw == 0 || cb->hardw <= inner)
			continue; /* fits (UAX #14 LB25 keeps a number whole), or draws nothing */
		char *what = piece_text(tl, i, cb->hard_from, cb->hard_to);
		const char *kind = cb->hard_num ? "number" : "character";
		/* the largest size of the ladder (or min_size) at which the piece fits */
		static const gw_len ladder[] = {36000, 26000, 24000, 22000, 18000,
		                                16000, 15000, 14000, 12000, 10500,
		                                9000,  7500,  6500,  5500,  5000};
		int nl = (int)(sizeof ladder / sizeof ladder[0]);
		gw_len size0 = cb->size, fit = 0;
		for (int k = 0; !fit && k <= nl; k++) {
			gw_len sz = k < nl ? ladder[k] : tl->l->table_min_size;
			if (sz >= size0 || sz < tl->l->table_min_size)
				continue;
			if (shape_cell(tl, i, sz, d) < 0)
				break;
			if (cb->hardw <= inner)
				fit = sz;
		}
		gw_len width = tl->colx[c1] - tl->colx[c0];
		if (fit) {
			const char *nm = size_name(fit);
			gw_json_warning(cell->src.json, d, cell->src.node, 0,
			                "the %s \"%s\" does not fit column%s %d%s (%.1f mm): this "
			                "cell's text is set in %s%s%g pt%s instead of %g pt",
			                kind, what, cell->colspan > 1 ? "s" : "", c0 + 1,
			                cell->colspan > 1 ? " on" : "", width * 25.4 / 72000.0, nm,
			                nm[0] ? " (" : "", fit / 1000.0, nm[0] ? ")" : "",
			                size0 / 1000.0);
		} else {
			const char *nm = size_name(tl->l->table_min_size);
			gw_json_error(
			        cell->src.json, d, cell->src.node, 0,
			        "the %s \"%s\" does not fit column%s %d%s (%.1f mm), not even "
			        "in the smallest size a table's text shrinks to, %s%s%g pt%s "
			        "(the layout's table \"min_size\"): widen the column, or set "
			        "the table in a smaller style",
			        kind, what, cell->colspan > 1 ? "s" : "", c0 + 1,
			        cell->colspan > 1 ? " on" : "", width * 25.4 / 72000.0, nm,
			        nm[0] ? " (" : "", tl->l->table_min_size / 1000.0,
			        nm[0] ? ")" : "");
			status = -1;
		}
		free(what);
	}
	return status;
}

/* Breaks every cell at its inner width; row heights from single-row cells, then spans. */
static void rows(tlayout *tl)
{
	const gw_table *t = tl->t;
	for (int r = 0; r < t->nrows; r++)
		tl->rowh[r] = tl->lh + 2 * tl->pad_y;
	for (int i = 0; i < t->ncells; i++) {
		const gw_cell *cell = &t->cells[i];
		cellbox *cb = &tl->cb[i];
		gw_len inner =
		        tl->colx[cell->col + cell->colspan] - tl->colx[cell->col] - 2 * tl->pad_x;
		if (inner < 1)
			inner = 1;
		if (cb->n) {
			cb->nl = gw_break_lines(tl->l->icu, cb->g, cb->n, inner, 0, &cb->lines);
			for (int k = 0; k < cb->nl; k++)
				gw_place_line(cb->g, &cb->lines[k], inner, 0, (gw_align)cb->align);
		}
		gw_len need = clamp_len((int64_t)cb->nl * tl->lh + 2 * (int64_t)tl->pad_y);
		if (cell->rowspan == 1 && need > tl->rowh[cell->row])
			tl->rowh[cell->row] = need;
	}
	for (int i = 0; i < t->ncells; i++) {
		const gw_cell *cell = &t->cells[i];
		if (cell->rowspan == 1)
			continue;
		int64_t need = (int64_t)tl->cb[i].nl * tl->lh + 2 * (int64_t)tl->pad_y, have = 0;
		for (int r = cell->row; r < cell->row + cell->rowspan; r++)
			have += tl->rowh[r];
		if (need > have) {
			int64_t extra = need - have, each = extra / cell->rowspan;
			for (int r = cell->row; r < cell->row + cell->rowspan; r++)
				tl->rowh[r] = clamp_len(tl->rowh[r] + each);
			int last = cell->row + cell->rowspan - 1;
			tl->rowh[last] = clamp_len(tl->rowh[last] + extra - each * cell->rowspan);
		}
	}
}

static void add_item(gw_vitem *v, int *cap, const gw_item *it)
{
	if (v->nitems == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		v->items = gw_xrealloc(v->items, (size_t)*cap * sizeof *v->items);
	}
	v->items[v->nitems++] = *it;
}

static void rule(gw_vitem *v, int *cap, gw_len x, gw_len y, gw_len w, gw_len h, gw_len lw)
{
	gw_item it = {0};
	it.kind = GW_ITEM_RULE;
	it.x = x, it.y = y, it.w = w, it.h = h, it.lw = lw;
	add_item(v, cap, &it);
}

/*
 * One part of the table: rows [r0, r1), `height` tall (a row cut between text lines gives
 * parts of one row with their own heights). lines_cap > 0 limits how many lines a cell
 * shows in this part (a cut row). Appends a block to vl.
 */
static gw_len part_heights(const tlayout *tl, int r0, int r1, gw_len *h);

static void fill_part(tlayout *tl, gw_vitem *v, int r0, int r1, gw_len height, int cut_row,
                      int stretch)
{
	const gw_table *t = tl->t;
	int cap = 0;
	gw_len *rowy = gw_xmalloc(((size_t)(r1 - r0) + 1) * sizeof *rowy);
	gw_len *hs = gw_xmalloc(((size_t)(r1 - r0) + 1) * sizeof *hs);
	if (stretch) /* paginate's shares: a cut label's rows made tall enough for it */
		height = part_heights(tl, r0, r1, hs);
	else
		for (int r = r0; r < r1; r++)
			hs[r - r0] = tl->rowh[r];
	v->height = height;
	rowy[0] = 0;
	for (int r = r0; r < r1; r++)
		rowy[r - r0 + 1] = rowy[r - r0] + hs[r - r0];
	free(hs);
	if (cut_row)
		rowy[r1 - r0] = height;
	/* cells that intersect the part, each once: from the grid, so a part costs its own
	 * size, not the table's (linear time in the number of rows) */
	tl->stamp++;
	for (int slot = r0 * t->ncols; slot < r1 * t->ncols; slot++) {
		int i = t->grid[slot];
		if (tl->seen[i] == tl->stamp)
			continue;
		tl->seen[i] = tl->stamp;
		const gw_cell *cell = &t->cells[i];
		cellbox *cb = &tl->cb[i];
		int top_r = cell->row > r0 ? cell->row : r0;
		int bot_r = cell->row + cell->rowspan < r1 ? cell->row + cell->rowspan : r1;
		gw_len y0 = rowy[top_r - r0], y1 = rowy[bot_r - r0];
		gw_len x0 = tl->colx[cell->col], x1 = tl->colx[cell->col + cell->colspan];
		/* borders: top, left, right of the last column, bottom of the part */
		rule(v, &cap, x0, y0, x1 - x0, 0, tl->border);
		rule(v, &cap, x0, y0, 0, y1 - y0, tl->border);
		if (cell->col + cell->colspan == t->ncols)
			rule(v, &cap, x1, y0, 0, y1 - y0, tl->border);
		if (bot_r == r1)
			rule(v, &cap, x0, y1, x1 - x0, 0, tl->border);
		/* text: all of it when it fits (a label cut in two is repeated), else go on */
		int room = (int)((y1 - y0 - 2 * tl->pad_y) / tl->lh);
		if (room < 1)
			room = 1;
		int from, to;
		if (cb->nl <= room && !cut_row) {
			from = 0, to = cb->nl;
		} else {
			from = cb->next;
			to = from + room < cb->nl ? from + room : cb->nl;
			cb->next = to;
		}
		if (from == 0 && to == cb->nl)
			cb->whole = 1;
		gw_len text_h = (gw_len)(to - from) * tl->lh;
		gw_len ty = y0 + tl->pad_y;
		int valign = (to - from < cb->nl || cut_row) ? GW_VALIGN_TOP : cb->valign;
		gw_len spare = y1 - y0 - 2 * tl->pad_y - text_h;
		if (valign == GW_VALIGN_MIDDLE && spare > 0)
			ty += spare / 2;
		else if (valign == GW_VALIGN_BOTTOM && spare > 0)
			ty += spare;
		gw_len inner = x1 - x0 - 2 * tl->pad_x;
		for (int k = from; k < to; k++) {
			const gw_line *ln = &cb->lines[k];
			if (ln->to == ln->from)
				continue;
			gw_item it = {0};
			it.kind = GW_ITEM_TEXT;
			it.size = cb->size;
			gw_len x0l = gw_place_line(cb->g, ln, inner, 0, (gw_align)cb->align);
			it.x = x0 + tl->pad_x + x0l;
			it.y = ty + (gw_len)(k - from) * tl->lh + (tl->lh - it.size) / 2 +
			       (gw_len)((int64_t)it.size * EM_ASCENT / 1000);
			it.nglyphs = ln->to - ln->from;
			it.glyphs = gw_xmalloc((size_t)it.nglyphs * sizeof *it.glyphs);
			memcpy(it.glyphs, cb->g + ln->from, (size_t)it.nglyphs * sizeof *it.glyphs);
			add_item(v, &cap, &it);
		}
	}
	free(rowy);
}

static gw_vitem *part(tlayout *tl, gw_vlist *vl, int r0, int r1, gw_len height, int cut_row)
{
	gw_vitem *v = gw_vlist_push(vl, GW_V_BLOCK, 0);
	fill_part(tl, v, r0, r1, height, cut_row, 0);
	return v;
}

/* The text height of cell i: its lines and padding, 1/1000 pt. */
static int64_t cell_need(const tlayout *tl, int i)
{
	return (int64_t)tl->cb[i].nl * tl->lh + 2 * (int64_t)tl->pad_y;
}

/*
 * The row heights of the part [r0, r1) into h[0 .. r1 - r0) and their sum. A cell the part
 * cuts (it starts above r0 or ends below r1) whose whole text fits on a page is a label
 * ("三、本年度办理结果"): it is repeated whole in every part, so a part whose rows are shorter
 * than its text gets them made taller, the excess spread evenly over the rows it covers
 * there (as rows() does for a span), outer cells first. A longer cut cell goes on in the
 * next part (fill_part) and stretches nothing.
 */
static gw_len part_heights(const tlayout *tl, int r0, int r1, gw_len *h)
{
	const gw_table *t = tl->t;
	int64_t total = 0;
	for (int r = r0; r < r1; r++)
		total += h[r - r0] = tl->rowh[r];
	int cut[2 * GW_MAX_TABLE_COLS];
	int ncut = 0;
	for (int side = 0; side < 2; side++) {
		int row = side ? r1 - 1 : r0;
		for (int c = 0; c < t->ncols && ncut < 2 * GW_MAX_TABLE_COLS; c++) {
			int i = t->grid[row * t->ncols + c];
			const gw_cell *cell = &t->cells[i];
			if (cell->col != c)
				continue; /* once per cell */
			int above = cell->row<r0, below = cell->row + cell->rowspan> r1;
			if (side ? (!below || above) : !above)
				continue; /* not cut, or already seen from row r0 */
			if (cell_need(tl, i) > tl->page)
				continue; /* not a label: its text goes on instead */
			cut[ncut++] = i;
		}
	}
	/* outer (taller) cells first */
	for (int a = 1; a < ncut; a++)
		for (int b = a; b > 0 && t->cells[cut[b]].rowspan > t->cells[cut[b - 1]].rowspan;
		     b--) {
			int x = cut[b];
			cut[b] = cut[b - 1];
			cut[b - 1] = x;
		}
	for (int k = 0; k < ncut; k++) {
		const gw_cell *cell = &t->cells[cut[k]];
		int a = cell->row > r0 ? cell->row : r0;
		int e = cell->row + cell->rowspan < r1 ? cell->row + cell->rowspan : r1;
		int64_t have = 0;
		for (int r = a; r < e; r++)
			have += h[r - r0];
		int64_t extra = cell_need(tl, cut[k]) - have;
		if (extra <= 0)
			continue;
		int64_t each = extra / (e - a);
		for (int r = a; r < e; r++)
			h[r - r0] = clamp_len(h[r - r0] + each);
		h[e - 1 - r0] = clamp_len(h[e - 1 - r0] + extra - each * (e - a));
		total += extra;
	}
	return clamp_len(total);
}

/* Body rows (rows that are not full-width labels) in [a, b). */
static int body_rows(const tlayout *tl, int a, int b)
{
	return b > a ? tl->nbody[b] - tl->nbody[a] : 0;
}

/*
 * Why rows [r, e) of the body [r0, r1) may not end a page (e < r1), or NULL when they may.
 * The rules, in the order they are reported:
 *  - "keep-group": a cell crossing the cut spans rows that fit on a page (a row group or a
 *    sub-group): issue 12, point 3, kept whole; a group that does not fit is cut only
 *    between its sub-groups;
 *  - "table-long-cell": a cell crossing the cut has more text than a page holds (its text
 *    goes on: the last resort);
 *  - "table-orphan" / "table-widow": fewer than min_rows body rows on this page or on the
 *    next (point 2);
 *  - "table-label": a full-width label row without keep_rows body rows of its section after
 *    it on this page (point 1; the header's rule is the orphan rule with keep_rows).
 */
static const char *cut_rule(const tlayout *tl, int r1, int r, int e, int with_header)
{
	const gw_table *t = tl->t;
	const char *why = NULL;
	int outer = 0, sub = 0; /* cut cells taller than a page; cut sub-groups */
	for (int c = 0; c < t->ncols && e < r1; c++) {
		int i = t->grid[e * t->ncols + c];
		if (i != t->grid[(e - 1) * t->ncols + c])
			continue;
		const gw_cell *cell = &t->cells[i];
		int end = cell->row + cell->rowspan;
		c = cell->col + cell->colspan - 1;
		if (tl->ry[end] - tl->ry[cell->row] > tl->page) {
			outer = 1;
			if (cell_need(tl, i) > tl->page)
				why = "table-long-cell";
			continue;
		}
		/* rows that fit on a page: kept whole, unless (below) they are a sub-group of
		 * a group cut anyway and keep min_rows of their own rows on both sides */
		int before = e - (cell->row > r ? cell->row : r), after = end - e;
		if (cell->row < r || before < tl->min_rows || after < tl->min_rows)
			return "keep-group";
		sub = 1;
	}
	if (sub && !outer)
		return "keep-group";
	if (why)
		return why;
	if (sub)
		why = "keep-subgroup";
	int least = tl->min_rows;
	if (with_header && tl->keep_rows > least)
		least = tl->keep_rows;
	if (e < r1 && body_rows(tl, r, e) < least)
		return "table-orphan";
	if (e < r1 && body_rows(tl, e, r1) < tl->min_rows)
		return "table-widow";
	int lab = tl->prev_label[e];
	if (e < r1 && lab >= r) {
		int end = tl->next_label[lab] < r1 ? tl->next_label[lab] : r1;
		int want = body_rows(tl, lab + 1, end);
		if (want > tl->keep_rows)
			want = tl->keep_rows;
		if (body_rows(tl, lab + 1, e) < want)
			return "table-label";
	}
	return why;
}

int gw_table_cut(const gw_tlayout *tl, int r1, int r, gw_len room, int fresh, gw_len *height,
                 const char **why)
{
	int with_header = tl->t->header_rows > 0;
	int best = r, fb = r, fb_score = 99;
	gw_len best_h = 0, fb_h = 0;
	const char *after = NULL; /* why the page cannot take more than best */
	int emax = r + 1;
	while (emax < r1 && tl->ry[emax + 1] - tl->ry[r] <= room)
		emax++;
	gw_len *h = gw_xmalloc(((size_t)(emax - r) + 1) * sizeof *h);
	int soft = r; /* the last cut inside a sub-group that keeps the other rules */
	gw_len soft_h = 0;
	for (int e = r + 1; e <= r1 && tl->ry[e] - tl->ry[r] <= room; e++) {
		gw_len ph = part_heights(tl, r, e, h);
		if (ph > room)
			continue;
		const char *rule = cut_rule(tl, r1, r, e, with_header);
		int is_soft = rule && strcmp(rule, "keep-subgroup") == 0;
		if (!rule) {
			best = e, best_h = ph, after = NULL;
		} else if (!after || best < e) {
			after = rule;
		}
		if (is_soft)
			soft = e, soft_h = ph;
		int score = !rule || is_soft                       ? 0
		            : strcmp(rule, "table-long-cell") == 0 ? 3
		            : strcmp(rule, "keep-group") == 0      ? 2
		                                                   : 1;
		if (score <= fb_score)
			fb = e, fb_h = ph, fb_score = score;
	}
	free(h);
	/* issue 12, point 3: a sub-group of a group cut anyway is kept whole, unless that
	 * leaves more than the layout's max_empty of the page empty while a cut inside it
	 * (min_rows of its rows on each side) fills the page better */
	if (soft > best && room - best_h > tl->loose) {
		best = soft, best_h = soft_h;
		after = NULL;
		for (int e = soft + 1; e <= r1 && tl->ry[e] - tl->ry[r] <= room && !after; e++)
			after = cut_rule(tl, r1, r, e, with_header);
	}
	if (best == r && fresh && fb > r) {
		/* a page that holds nothing else: the least bad cut that fits (pages progress) */
		best = fb, best_h = fb_h;
	}
	if (best == r && fresh) {
		/* nothing fits as it should: the first row, when it fits here or nothing but
		 * the repeated header is above it (fresh 2; its labels fit a page) */
		gw_len one[1];
		gw_len ph = part_heights(tl, r, r + 1, one);
		if (ph <= room || fresh == 2)
			best = r + 1, best_h = ph;
	}
	*height = best_h;
	*why = best == r1 ? NULL : after ? after : "fill";
	return best;
}

gw_len gw_table_min_share(const gw_tlayout *tl, int r1, int r)
{
	int with_header = tl->t->header_rows > 0;
	int emax = r + 1;
	while (emax < r1 && tl->ry[emax + 1] - tl->ry[r] <= tl->page)
		emax++;
	gw_len *h = gw_xmalloc(((size_t)(emax - r) + 1) * sizeof *h);
	gw_len got = -1;
	for (int e = r + 1; e <= r1 && tl->ry[e] - tl->ry[r] <= tl->page; e++) {
		if (cut_rule(tl, r1, r, e, with_header))
			continue;
		got = part_heights(tl, r, e, h);
		break;
	}
	free(h);
	if (got < 0) {
		/* no share keeps the rules on a page: what a page that holds nothing else
		 * takes at least, the first row (gw_table_cut's last resort) */
		gw_len one[1];
		got = part_heights(tl, r, r + 1, one);
	}
	return got;
}

void gw_table_part(gw_tlayout *tl, int r0, int r1, gw_vitem *out)
{
	memset(out, 0, sizeof *out);
	out->kind = GW_V_BLOCK;
	out->outline = -1;
	out->header_of = -1;
	out->cont_of = -1;
	out->lead = -1;
	fill_part(tl, out, r0, r1, 0, 0, 1);
}

int gw_table_check_whole(const gw_tlayout *tl, gw_diags *d)
{
	const gw_table *t = tl->t;
	int status = 0;
	for (int i = 0; i < t->ncells; i++) {
		const cellbox *cb = &tl->cb[i];
		if (cb->whole || cb->next >= cb->nl)
			continue; /* shown whole in a part, or gone on to its end */
		const gw_cell *cell = &t->cells[i];
		gw_json_error(cell->src.json, d, cell->src.node, 0,
		              "this cell's text (%d lines) does not fit the pieces its %d rows get "
		              "when the table is cut across pages: %d line%s would be lost; give "
		              "it fewer rows to span or less text, or split it into cells",
		              cb->nl, cell->rowspan, cb->nl - cb->next,
		              cb->nl - cb->next == 1 ? "" : "s");
		status = -1;
	}
	return status;
}

void gw_table_layout_drop(gw_tlayout *tl)
{
	if (!tl)
		return;
	for (int i = 0; i < tl->t->ncells; i++) {
		free(tl->cb[i].g);
		free(tl->cb[i].lines);
	}
	free(tl->cb);
	free(tl->colw);
	free(tl->colx);
	free(tl->rowh);
	free(tl->seen);
	free(tl->ry);
	free(tl->nbody);
	free(tl->prev_label);
	free(tl->next_label);
	free(tl);
}

/*
 * The body rows [g0, g1) of one row group with a row taller than a page: cut here into
 * parts no taller than cap, a row taller than cap between its text lines.
 */
static void cut_group(tlayout *tl, gw_vlist *vl, int g0, int g1, gw_len cap, int header_ix,
                      int cont_ix)
{
	int r = g0;
	while (r < g1) {
		gw_len h = 0;
		int e = r;
		while (e < g1 && h + tl->rowh[e] <= cap)
			h += tl->rowh[e++];
		if (e > r) {
			gw_vitem *v = part(tl, vl, r, e, h, 0);
			v->header_of = header_ix;
			v->cont_of = cont_ix;
			r = e;
			continue;
		}
		/* one row taller than a page: cut it between text lines */
		int per = (int)((cap - 2 * tl->pad_y) / tl->lh);
		if (per < 1)
			per = 1;
		int most = 0;
		for (int c = 0; c < tl->t->ncols; c++) {
			int i = tl->t->grid[r * tl->t->ncols + c];
			if (tl->cb[i].nl > most)
				most = tl->cb[i].nl;
		}
		for (int done = 0; done < most || done == 0; done += per) {
			int lines = most - done < per ? most - done : per;
			gw_vitem *v =
			        part(tl, vl, r, r + 1, (gw_len)lines * tl->lh + 2 * tl->pad_y, 1);
			v->header_of = header_ix;
			v->cont_of = cont_ix;
			if (most == 0)
				break;
		}
		r++;
	}
}

/*
 * Row facts for pagination: row tops, body-row counts and the full-width label rows (a row
 * of one cell spanning every column, "第二十条第（五）项", GB/T 9704 being silent: the
 * annual report's Table 二 section rows, standards.md 2.4).
 */
static void row_facts(tlayout *tl)
{
	const gw_table *t = tl->t;
	tl->ry = gw_xmalloc(((size_t)t->nrows + 1) * sizeof *tl->ry);
	tl->nbody = gw_xmalloc(((size_t)t->nrows + 1) * sizeof *tl->nbody);
	tl->prev_label = gw_xmalloc(((size_t)t->nrows + 1) * sizeof *tl->prev_label);
	tl->next_label = gw_xmalloc(((size_t)t->nrows + 1) * sizeof *tl->next_label);
	tl->ry[0] = 0;
	tl->nbody[0] = 0;
	tl->prev_label[0] = -1;
	for (int r = 0; r < t->nrows; r++) {
		int i = t->grid[r * t->ncols];
		const gw_cell *cell = &t->cells[i];
		int label = t->ncols > 1 && r >= t->header_rows && cell->colspan == t->ncols &&
		            cell->rowspan == 1;
		tl->ry[r + 1] = tl->ry[r] + tl->rowh[r];
		tl->nbody[r + 1] = tl->nbody[r] + (r >= t->header_rows && !label);
		tl->prev_label[r + 1] = label ? r : tl->prev_label[r];
		tl->next_label[r] = label; /* marks, made "next" below */
	}
	int next = t->nrows;
	tl->next_label[t->nrows] = t->nrows;
	for (int r = t->nrows - 1; r >= 0; r--) {
		int label = tl->next_label[r];
		tl->next_label[r] = next;
		if (label)
			next = r;
	}
}

/*
 * The "续表" line above a continued page's header (issue 12, point 5): a block of the
 * header rows (if any) under one line of the layout's text in the table style, aligned as
 * the layout says; never placed in the flow (repeat_only). Returns its index, -1 after
 * errors.
 */
static int cont_block(tlayout *tl, gw_vlist *vl, gw_diags *d)
{
	const gw_layout *l = tl->l;
	gw_glyph *g;
	int n = gw_shape(l, tl->st, l->table_cont_text, strlen(l->table_cont_text),
	                 l->table_cont_src, 1, d, &g);
	if (n < 0)
		return -1;
	gw_len width = l->page_w - l->margin_left - l->margin_right;
	int64_t w = 0;
	for (int k = 0; k < n; k++) {
		g[k].x = (gw_len)(w < ROW_MAX ? w : ROW_MAX);
		w += g[k].adv;
		if (g[k].cp == '\n')
			w = ROW_MAX +
			    1; /* a line break: refused below (the loader refuses it too) */
	}
	if (w > width) {
		gw_json_error(l->table_cont_src.json, d, l->table_cont_src.node, 0,
		              "the continued-table line \"%s\" is wider than the type area",
		              l->table_cont_text);
		free(g);
		return -1;
	}
	gw_len line = tl->lh + tl->pad_y;
	gw_vitem *v = gw_vlist_push(vl, GW_V_BLOCK, 0);
	if (tl->t->header_rows > 0) {
		int64_t hh = 0;
		for (int r = 0; r < tl->t->header_rows; r++)
			hh += tl->rowh[r];
		fill_part(tl, v, 0, tl->t->header_rows, (gw_len)hh, 0, 0);
		for (int k = 0; k < v->nitems; k++)
			v->items[k].y += line;
	}
	int cap = v->nitems;
	gw_item it = {0};
	it.kind = GW_ITEM_TEXT;
	it.size = tl->st->size;
	gw_len x = 0;
	if (w < width && l->table_cont_align == GW_ALIGN_CENTER)
		x = (gw_len)((width - w) / 2);
	else if (w < width && l->table_cont_align == GW_ALIGN_RIGHT)
		x = (gw_len)(width - w);
	it.x = l->margin_left + x;
	it.y = (tl->lh - it.size) / 2 + (gw_len)((int64_t)it.size * EM_ASCENT / 1000);
	it.nglyphs = n;
	it.glyphs = g;
	add_item(v, &cap, &it);
	v->height += line;
	v->header = 1;
	v->repeat_only = 1;
	return vl->n - 1;
}

int gw_build_table(const gw_layout *l, const gw_block *b, gw_diags *d, gw_vlist *vl)
{
	const gw_table *t = b->table;
	int si = l->block_style[GW_BLOCK_TABLE];
	if (t->style) {
		si = -1;
		for (int i = 0; i < l->nstyles; i++)
			if (strcmp(l->styles[i].name, t->style) == 0)
				si = i;
		if (si < 0) {
			gw_json_error(t->style_src.json, d, t->style_src.node, 0,
			              "the layout has no style \"%s\"", t->style);
			return -1;
		}
	}
	tlayout *tl = gw_xcalloc(1, sizeof *tl);
	tl->l = l;
	tl->t = t;
	tl->st = &l->styles[si];
	tl->lh = (gw_len)((int64_t)tl->st->size * l->table_leading / 1000);
	tl->pad_x = l->table_pad_x;
	tl->pad_y = l->table_pad_y;
	tl->border = l->table_border;
	tl->cb = gw_xcalloc((size_t)t->ncells, sizeof *tl->cb);
	tl->colw = gw_xcalloc((size_t)t->ncols, sizeof *tl->colw);
	tl->colx = gw_xcalloc((size_t)t->ncols + 1, sizeof *tl->colx);
	tl->rowh = gw_xcalloc((size_t)t->nrows, sizeof *tl->rowh);
	tl->seen = gw_xcalloc((size_t)t->ncells, sizeof *tl->seen);
	int status = shape_cells(tl, d);
	if (status == 0)
		status = column_widths(tl, d);
	/* a cell that does not fit is an error, but the table is still laid out (as it would be
	 * drawn) so that its other errors are found too */
	int fit = status == 0 ? fit_cells(tl, d) : 0;
	if (status == 0) {
		rows(tl);
		gw_len cap = (gw_len)l->lines_per_page * gw_line_pitch(l);
		int caption_ix = -1;
		if (t->caption.len) {
			/* the caption: a centred line in the table's style, kept with the table */
			gw_glyph *g;
			int n = gw_shape(l, tl->st, t->caption.s, t->caption.len, t->caption.src, 1,
			                 d, &g);
			if (n < 0) {
				status = -1;
			} else {
				gw_len width = l->page_w - l->margin_left - l->margin_right;
				gw_line *lines;
				int nl = gw_break_lines(l->icu, g, n, width, 0, &lines);
				/* one block per line, each kept with the rest of the caption and
				 * the table's first row, so a caption taller than a page is cut
				 * between its lines instead of running off the page */
				for (int k = 0; k < nl; k++) {
					gw_vitem *v = gw_vlist_push(vl, GW_V_BLOCK, 0);
					int icap = 0;
					gw_item it = {0};
					it.kind = GW_ITEM_TEXT;
					it.size = tl->st->size;
					it.x = l->margin_left + gw_place_line(g, &lines[k], width,
					                                      0, GW_ALIGN_CENTER);
					it.y = (tl->lh - it.size) / 2 +
					       (gw_len)((int64_t)it.size * EM_ASCENT / 1000);
					it.nglyphs = lines[k].to - lines[k].from;
					it.glyphs =
					        gw_xmalloc((size_t)(it.nglyphs ? it.nglyphs : 1) *
					                   sizeof *it.glyphs);
					memcpy(it.glyphs, g + lines[k].from,
					       (size_t)it.nglyphs * sizeof *it.glyphs);
					add_item(v, &icap, &it);
					v->height = tl->lh + (k == nl - 1 ? tl->pad_y : 0);
					/* with the header too: it keeps the body's first share */
					v->keep_next =
					        nl - k +
					        (t->header_rows > 0 && t->header_rows < t->nrows);
					v->why = "keep-caption";
					if (k == 0)
						caption_ix = vl->n - 1;
				}
				free(lines);
				free(g);
			}
		}
		int header_ix = -1, cont_ix = -1;
		gw_len head_h = 0;
		if (status == 0 && t->header_rows > 0) {
			int64_t h = 0;
			for (int r = 0; r < t->header_rows; r++)
				h += tl->rowh[r];
			/* the header repeats above every page's share of the body, and the body
			 * can be cut down to one text line of a row (cut_group() below): both
			 * must fit on a page, or the header would run off it and pages would not
			 * progress */
			gw_len body = t->header_rows < t->nrows ? tl->lh + 2 * tl->pad_y : 0;
			if (h + body > cap) {
				gw_json_error(
				        t->header_src.json, d, t->header_src.node, 0,
				        "the header (%d row%s) is %.1f pt tall; with %s a page "
				        "needs %.1f pt, but the type area is %.1f pt tall: a "
				        "header repeated on every page must leave room for "
				        "the body (fewer header rows, or shorter header text)",
				        t->header_rows, t->header_rows == 1 ? "" : "s", h / 1000.0,
				        body ? "one body line under it" : "nothing else",
				        (h + body) / 1000.0, cap / 1000.0);
				status = -1;
			} else {
				gw_vitem *v = part(tl, vl, 0, t->header_rows, (gw_len)h, 0);
				v->header = 1;
				/* issue 12, point 1: never last on a page; the body's first share
				 * (keep_rows body rows at least) comes along (paginate's needed())
				 */
				v->keep_next = 1;
				v->why = "keep-table-head";
				header_ix = vl->n - 1;
				head_h = (gw_len)h;
			}
		}
		if (status == 0 && l->table_cont_text && t->header_rows < t->nrows) {
			/* point 5: "续表" above the repeated header of continued pages */
			cont_ix = cont_block(tl, vl, d);
			if (cont_ix < 0)
				status = -1;
			else if (vl->v[cont_ix].height + tl->lh + 2 * tl->pad_y > cap) {
				gw_json_error(l->table_cont_src.json, d, l->table_cont_src.node, 0,
				              "with the continued-table line above the header, "
				              "a page has no room for the table's body");
				status = -1;
			} else {
				head_h = vl->v[cont_ix].height;
			}
		}
		cap -= head_h;
		tl->page = cap > tl->lh ? cap : tl->lh;
		tl->keep_rows = l->table_keep_rows;
		tl->min_rows = l->table_min_rows;
		tl->loose = (gw_len)((int64_t)l->lines_per_page * gw_line_pitch(l) *
		                     l->table_max_empty / 100);
		row_facts(tl);
		/* row groups: a boundary between rows r-1 and r is free unless a span crosses it */
		int *crossed = gw_xcalloc((size_t)t->nrows + 1, sizeof *crossed);
		int deferred = 0;
		for (int i = 0; i < t->ncells; i++)
			for (int r = t->cells[i].row + 1; r < t->cells[i].row + t->cells[i].rowspan;
			     r++)
				crossed[r] = 1;
		/*
		 * The body: runs of row groups whose rows each fit on a page are one deferred
		 * item that paginate/ cuts where pages end (gw_table_cut: groups kept whole
		 * when they fit, else cut between sub-groups; headers and labels with their
		 * rows; no orphan or widow rows); a group with a row taller than a page is
		 * cut here, that row between its text lines.
		 */
		int lead = caption_ix >= 0 ? caption_ix : header_ix; /* where the table starts */
		for (int r = t->header_rows; status == 0 && r < t->nrows;) {
			int run = r;
			while (run < t->nrows) {
				int e = run + 1;
				while (e < t->nrows && crossed[e])
					e++;
				int tall = 0;
				for (int q = run; q < e; q++)
					tall |= tl->rowh[q] > tl->page;
				if (tall)
					break;
				run = e;
			}
			if (run > r) {
				gw_vitem *v = gw_vlist_push(vl, GW_V_BLOCK, 0);
				v->height = clamp_len(tl->ry[run] - tl->ry[r]);
				v->split = tl;
				v->split_r0 = r;
				v->split_r1 = run;
				v->header_of = header_ix;
				v->cont_of = cont_ix;
				v->lead = r == t->header_rows ? lead : -1;
				deferred = 1;
				r = run;
				continue;
			}
			int e = r + 1;
			while (e < t->nrows && crossed[e])
				e++;
			cut_group(tl, vl, r, e, tl->page, header_ix, cont_ix);
			r = e;
		}
		free(crossed);
		if (deferred) {
			/* paginate/ cuts the deferred groups: the vertical list keeps tl */
			vl->tables = gw_xrealloc(vl->tables,
			                         ((size_t)vl->ntables + 1) * sizeof *vl->tables);
			vl->tables[vl->ntables++] = tl;
			tl = NULL;
		}
	}
	if (tl && status == 0 && gw_table_check_whole(tl, d) < 0)
		status = -1;
	if (fit < 0)
		status = -1;
	gw_table_layout_drop(tl);
	return status;
}
