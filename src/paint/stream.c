/*
 * stream.c: one page's content stream (see stream.h).
 *
 * Text (PDF 32000-1 9.4): a text object stays open across the page's text items until
 * rules or the caller's operators need the page outside it. Each item moves the text line
 * matrix with Td from the previous item's start (the numbers are differences of our integer
 * lengths, so exact), or sets it with Tm when the item is horizontally scaled (a compressed
 * 发文机关标志). Within an item the glyphs follow each other through their displacement
 * (9.4.4: tx = (w0 * Tfs + Tc + Tw) * Th; w0 the /W width, the same integer the layout
 * used): the item's most frequent deviation of the layout's glyph step from the /W width
 * is the character spacing Tc (9.3.2), and a TJ adjustment is written only for a glyph
 * whose step differs (squeezed punctuation, a stretched line, Latin text). Tw, the word
 * spacing, is never used: it applies only to the single-byte code 32 (9.3.3), and our
 * Type0 fonts use 2-byte codes. Tc, Tr, Tf, the colours and the line width are part of the
 * graphics state and persist across BT..ET (8.4, 9.3.1): they are written only when they
 * change, and every item sets what it needs (bold: Tr 2, the stroke colour and width).
 *
 * Pen positions are kept in units of 1e-9 pt ("nano-points") in text space: a TJ number
 * of a thousandths (printed with 3 decimals) moves the pen by a * size nano-points, Tc of
 * c millipoints by c * 1e6, so the pen after each glyph is known exactly as a viewer will
 * compute it, and each adjustment is chosen against that pen: no rounding accumulates.
 * A glyph is at most 1e-4 pt from its place (TOLERANCE; half a TJ step, size / 2
 * nano-points, for sizes over 200 pt).
 *
 * Rules (8.5.3.1 stroking): collected per page and painted together, one path of m/l
 * subpaths per width and colour, collinear segments that touch or overlap merged (with the
 * default butt caps, 8.4.3.3, the union paints the same area).
 */
#include "stream.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libdeflate.h>

#include "../shape/font.h"

#define NANO_PER_MILLI 1000000LL /* nano-points per millipoint */
#define TOLERANCE 100000 /* a glyph's largest distance from its place, nano-points */

void gw_stream_num(gw_buf *b, int64_t v)
{
	char s[32];
	char *e = s + sizeof s;
	int neg = v < 0;
	uint64_t u = neg ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	uint64_t ip = u / 1000, fp = u % 1000;
	if (fp) {
		/* up to three decimals, trailing zeros cut */
		int nd = 3;
		while (fp % 10 == 0)
			fp /= 10, nd--;
		for (int k = 0; k < nd; k++) {
			*--e = (char)('0' + fp % 10);
			fp /= 10;
		}
		*--e = '.';
	}
	do {
		*--e = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip);
	if (neg)
		*--e = '-';
	gw_buf_put(b, e, (size_t)(s + sizeof s - e));
}

/* num / den rounded to the nearest integer, halves away from zero (den > 0). */
static int64_t div_round(int64_t num, int64_t den)
{
	return num >= 0 ? (num + den / 2) / den : -((-num + den / 2) / den);
}

/* Appends "R G B op " for colour c: each component c / 255 to 3 decimals (DeviceRGB:
 * PDF/A-2b allows it with our sRGB OutputIntent, ISO 19005-2 6.2.4.3). Black goes back to
 * the initial graphics state's DeviceGray black ("0 g", "0 G": PDF 32000-1 8.4, table 52)
 * rather than RGB 0 0 0, which a print workflow may separate into a rich black of all four
 * inks: the body text of a 公文 prints in black ink alone. */
static void put_rgb(gw_buf *b, gw_rgb c, const char *op)
{
	if (c == 0) {
		gw_buf_puts(b, op[0] == 'r' ? "0 g\n" : "0 G\n");
		return;
	}
	for (int k = 2; k >= 0; k--) {
		gw_stream_num(b, div_round((int64_t)((c >> (8 * k)) & 0xFF) * 1000, 255));
		gw_buf_putc(b, ' ');
	}
	gw_buf_puts(b, op);
	gw_buf_putc(b, '\n');
}

void gw_stream_begin(gw_stream *s, gw_len page_h)
{
	s->buf.len = 0;
	s->page_h = page_h;
	s->in_bt = 0;
	s->font = NULL;
	s->size = 0;
	s->tc = 0;
	s->tr = 0;
	s->lw = 1000;
	s->fill = s->stroke = 0;
	s->lm_scale = 0;
	s->lm_x = s->lm_y = 0;
	s->nrules = 0;
}

static void end_text(gw_stream *s)
{
	if (s->in_bt) {
		gw_buf_puts(&s->buf, "ET\n");
		s->in_bt = 0;
	}
}

/*
 * The Tc for the run of one font that starts at glyph from: the run's most frequent step
 * deviation (the layout's step after a glyph minus its /W width, in 1/1000 pt of text
 * space), or the current Tc when that one is almost as frequent (a change costs an
 * operator: it has to save two adjustments). Sets *end to the glyph after the run.
 */
static gw_len pick_tc(gw_len cur, const gw_item *it, int hs, int from, int *end)
{
	enum { MAXD = 16 };
	gw_len dev[MAXD];
	int cnt[MAXD], nd = 0, ncur = 0;
	const gw_glyph *p = NULL;
	int k = from;
	for (; k < it->nglyphs; k++) {
		const gw_glyph *g = &it->glyphs[k];
		if (!g->font)
			continue;
		if (p) {
			int64_t gap = (int64_t)(g->x - p->x) * NANO_PER_MILLI * 1000 / hs;
			int64_t nat = (int64_t)gw_font_advance(p->font, p->gid) * it->size * 1000;
			gw_len d = (gw_len)div_round(gap - nat, NANO_PER_MILLI);
			int j = 0;
			while (j < nd && dev[j] != d)
				j++;
			if (j == nd && nd < MAXD)
				dev[nd] = d, cnt[nd++] = 0;
			if (j < nd)
				cnt[j]++;
			ncur += d == cur;
			if (g->font != p->font)
				break; /* the pair across the font change was the run's last */
		}
		p = g;
	}
	*end = k;
	gw_len tc = cur;
	int best = ncur + 1;
	for (int j = 0; j < nd; j++)
		if (cnt[j] > best)
			best = cnt[j], tc = dev[j];
	return tc;
}

/* Appends code c to a hexadecimal string (7.3.4.3), opening one unless *str is set
 * already: the glyphs between two adjustments are one string. Lower-case digits and one
 * string per stretch: 6 % smaller compressed than a string per glyph (and the literal
 * string of the same bytes is larger still), measured on the 50x document. */
static void put_code(gw_buf *b, uint16_t c, int *str)
{
	static const char hex[] = "0123456789abcdef";
	char h[5] = {'<', hex[c >> 12], hex[(c >> 8) & 15], hex[(c >> 4) & 15], hex[c & 15]};
	if (*str)
		gw_buf_put(b, h + 1, 4);
	else
		gw_buf_put(b, h, 5);
	*str = 1;
}

/* Ends a hexadecimal string put_code opened. */
static void end_code(gw_buf *b, int *str)
{
	if (*str)
		gw_buf_putc(b, '>');
	*str = 0;
}

int gw_stream_text(gw_stream *s, const gw_item *it, gw_stream_code_fn code, void *user, char *err,
                   size_t errlen)
{
	const gw_glyph *first = NULL;
	for (int k = 0; k < it->nglyphs && !first; k++)
		if (it->glyphs[k].font)
			first = &it->glyphs[k];
	if (!first)
		return 0; /* only forced line breaks: nothing to paint */
	gw_buf *b = &s->buf;
	int hs = it->hscale > 0 ? it->hscale : 1000;
	int64_t size = it->size;
	if (!s->in_bt) {
		gw_buf_puts(b, "BT\n");
		s->in_bt = 1;
		s->lm_scale = 1000, s->lm_x = s->lm_y = 0; /* BT: Tm = Tlm = identity (9.4.1) */
	}
	if (s->fill != it->color) {
		put_rgb(b, it->color, "rg");
		s->fill = it->color;
	}
	if (it->bold) {
		/* no bold weight in the face: fill and stroke the outlines (render mode 2,
		 * 9.3.6) with a line of size / 30 in the fill colour, as word processors
		 * embolden */
		gw_len w = (gw_len)div_round(size, 30);
		if (s->stroke != it->color) {
			put_rgb(b, it->color, "RG");
			s->stroke = it->color;
		}
		if (s->lw != w) {
			gw_stream_num(b, w);
			gw_buf_puts(b, " w\n");
			s->lw = w;
		}
	}
	int tr = it->bold ? 2 : 0;
	if (s->tr != tr) {
		gw_buf_puts(b, tr ? "2 Tr\n" : "0 Tr\n");
		s->tr = tr;
	}
	/* the line matrix to the first glyph's origin */
	gw_len x0 = it->x + first->x, y0 = s->page_h - it->y;
	if (hs == 1000 && s->lm_scale == 1000) {
		gw_stream_num(b, (int64_t)x0 - s->lm_x);
		gw_buf_putc(b, ' ');
		gw_stream_num(b, (int64_t)y0 - s->lm_y);
		gw_buf_puts(b, " Td\n");
	} else {
		gw_stream_num(b, hs);
		gw_buf_puts(b, " 0 0 1 ");
		gw_stream_num(b, x0);
		gw_buf_putc(b, ' ');
		gw_stream_num(b, y0);
		gw_buf_puts(b, " Tm\n");
		s->lm_scale = hs;
	}
	s->lm_x = x0, s->lm_y = y0;
	int open = 0; /* inside a TJ array */
	int str = 0; /* inside a hexadecimal string in it */
	int64_t tol = size / 2 > TOLERANCE ? size / 2 : TOLERANCE;
	int64_t pos = 0; /* the current glyph's origin from x0, text space, nano-points */
	const gw_glyph *p = NULL; /* the glyph painted before */
	int run_end = 0; /* the glyph after the current run of one font */
	int64_t last[2] = {0, 0}; /* the TJ numbers written last, 0 for none */
	for (int k = 0; k < it->nglyphs; k++) {
		const gw_glyph *g = &it->glyphs[k];
		if (!g->font)
			continue; /* a '\n' (a forced line break) paints nothing */
		const char *res;
		uint16_t c;
		if (code(user, g, &res, &c, err, errlen) < 0)
			return -1;
		int64_t a = 0; /* the TJ number before g, thousandths of a TJ unit */
		if (p) {
			/* the pen after p (9.4.4, with the Tc p was shown with), and the number
			   that brings it to g; an adjustment only where the pen is more than a
			   tenth of a millipoint (or half a TJ step, for sizes over 200 pt) off: a
			   pen half a step off after one adjustment would otherwise get one after
			   every glyph */
			int64_t pen = pos +
			              (int64_t)gw_font_advance(p->font, p->gid) * size * 1000 +
			              (int64_t)s->tc * NANO_PER_MILLI;
			int64_t want = (int64_t)(g->x - first->x) * NANO_PER_MILLI * 1000 / hs;
			if (pen - want > tol || want - pen > tol) {
				/* a number used just before when it is close enough: the
				   alternation of 0.063 and 0.062 for the same millipoint
				   compresses worse than the same number again */
				a = div_round(pen - want, size);
				for (int j = 0; j < 2; j++) {
					int64_t e = pen - last[j] * size - want;
					if (last[j] && e <= tol && -e <= tol)
						a = last[j];
				}
				if (a != last[0])
					last[1] = last[0], last[0] = a;
			}
			pos = pen - a * size;
		}
		if (a) {
			if (!open)
				gw_buf_putc(b, '['), open = 1;
			end_code(b, &str);
			gw_stream_num(b, a);
		}
		if (k >= run_end) {
			/* a run of one font: its own Tc when that saves adjustments */
			gw_len t = pick_tc(s->tc, it, hs, k, &run_end);
			if (t != s->tc) {
				end_code(b, &str);
				if (open)
					gw_buf_puts(b, "] TJ\n"), open = 0;
				gw_stream_num(b, t);
				gw_buf_puts(b, " Tc\n");
				s->tc = t;
			}
		}
		if (res != s->font || size != s->size) {
			end_code(b, &str);
			if (open)
				gw_buf_puts(b, "] TJ\n"), open = 0;
			gw_buf_putc(b, '/');
			gw_buf_puts(b, res);
			gw_buf_putc(b, ' ');
			gw_stream_num(b, size);
			gw_buf_puts(b, " Tf\n");
			s->font = res, s->size = (gw_len)size;
		}
		if (!open)
			gw_buf_putc(b, '['), open = 1;
		put_code(b, c, &str);
		p = g;
	}
	end_code(b, &str);
	if (open)
		gw_buf_puts(b, "] TJ\n");
	return 0;
}

void gw_stream_rule_add(gw_stream *s, const gw_item *it)
{
	if (s->nrules == s->rules_cap) {
		s->rules_cap = s->rules_cap ? 2 * s->rules_cap : 64;
		s->rules = gw_xrealloc(s->rules, (size_t)s->rules_cap * sizeof *s->rules);
	}
	gw_stream_rule *r = &s->rules[s->nrules++];
	r->x1 = it->x, r->y1 = s->page_h - it->y;
	r->x2 = it->x + it->w, r->y2 = s->page_h - it->y - it->h;
	/* horizontal and vertical segments from their lower end, so collinear ones sort
	 * along their line */
	if ((r->y1 == r->y2 && r->x1 > r->x2) || (r->x1 == r->x2 && r->y1 > r->y2)) {
		gw_len t = r->x1;
		r->x1 = r->x2, r->x2 = t;
		t = r->y1, r->y1 = r->y2, r->y2 = t;
	}
	r->lw = it->lw;
	r->color = it->color;
	gw_len x0 = r->x1 < r->x2 ? r->x1 : r->x2, x1 = r->x1 < r->x2 ? r->x2 : r->x1;
	gw_len y0 = r->y1 < r->y2 ? r->y1 : r->y2, y1 = r->y1 < r->y2 ? r->y2 : r->y1;
	if (s->nrules == 1)
		s->rx0 = x0, s->ry0 = y0, s->rx1 = x1, s->ry1 = y1;
	s->rx0 = x0 < s->rx0 ? x0 : s->rx0, s->ry0 = y0 < s->ry0 ? y0 : s->ry0;
	s->rx1 = x1 > s->rx1 ? x1 : s->rx1, s->ry1 = y1 > s->ry1 ? y1 : s->ry1;
}

int gw_stream_in_rules(const gw_stream *s, gw_len x, gw_len y)
{
	gw_len py = s->page_h - y;
	return s->nrules && x >= s->rx0 && x <= s->rx1 && py >= s->ry0 && py <= s->ry1;
}

/* 0 horizontal, 1 vertical, 2 any other direction (kept as drawn). */
static int rule_dir(const gw_stream_rule *r)
{
	return r->y1 == r->y2 ? 0 : r->x1 == r->x2 ? 1 : 2;
}

static int cmp_i64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

/* Width, colour, direction, the line (y of a horizontal, x of a vertical), then start. */
static int rule_cmp(const void *pa, const void *pb)
{
	const gw_stream_rule *a = pa, *b = pb;
	int c, da = rule_dir(a), db = rule_dir(b);
	if ((c = cmp_i64(a->lw, b->lw)) || (c = cmp_i64(a->color, b->color)) ||
	    (c = cmp_i64(da, db)))
		return c;
	if (da == 0 && ((c = cmp_i64(a->y1, b->y1)) || (c = cmp_i64(a->x1, b->x1)) ||
	                (c = cmp_i64(a->x2, b->x2))))
		return c;
	if (da == 1 && ((c = cmp_i64(a->x1, b->x1)) || (c = cmp_i64(a->y1, b->y1)) ||
	                (c = cmp_i64(a->y2, b->y2))))
		return c;
	if ((c = cmp_i64(a->x1, b->x1)) || (c = cmp_i64(a->y1, b->y1)) ||
	    (c = cmp_i64(a->x2, b->x2)))
		return c;
	return cmp_i64(a->y2, b->y2);
}

/* Appends "x1 y1 m x2 y2 l". */
static void put_segment(gw_buf *b, const gw_stream_rule *r)
{
	gw_stream_num(b, r->x1);
	gw_buf_putc(b, ' ');
	gw_stream_num(b, r->y1);
	gw_buf_puts(b, " m ");
	gw_stream_num(b, r->x2);
	gw_buf_putc(b, ' ');
	gw_stream_num(b, r->y2);
	gw_buf_puts(b, " l\n");
}

void gw_stream_flush(gw_stream *s)
{
	end_text(s);
	if (!s->nrules)
		return;
	gw_buf *b = &s->buf;
	qsort(s->rules, (size_t)s->nrules, sizeof *s->rules, rule_cmp);
	for (int i = 0; i < s->nrules;) {
		const gw_stream_rule *r = &s->rules[i];
		if (s->lw != r->lw) {
			gw_stream_num(b, r->lw);
			gw_buf_puts(b, " w\n");
			s->lw = r->lw;
		}
		if (s->stroke != r->color) {
			put_rgb(b, r->color, "RG");
			s->stroke = r->color;
		}
		int k = i;
		while (k < s->nrules && s->rules[k].lw == r->lw && s->rules[k].color == r->color) {
			gw_stream_rule m = s->rules[k++];
			int d = rule_dir(&m);
			/* join the following segments of the same line that touch or overlap */
			for (; d < 2 && k < s->nrules; k++) {
				const gw_stream_rule *n = &s->rules[k];
				if (n->lw != m.lw || n->color != m.color || rule_dir(n) != d)
					break;
				if (d == 0 && (n->y1 != m.y1 || n->x1 > m.x2))
					break;
				if (d == 1 && (n->x1 != m.x1 || n->y1 > m.y2))
					break;
				if (d == 0 && n->x2 > m.x2)
					m.x2 = n->x2;
				if (d == 1 && n->y2 > m.y2)
					m.y2 = n->y2;
			}
			put_segment(b, &m);
		}
		gw_buf_puts(b, "S\n");
		i = k;
	}
	s->nrules = 0;
}

void gw_stream_raw(gw_stream *s, const char *ops)
{
	gw_stream_flush(s);
	gw_buf_puts(&s->buf, ops);
}

unsigned char *gw_stream_deflate(gw_stream *s, const void *data, size_t len, size_t *zlen,
                                 char *err, size_t errlen)
{
	if (!s->z && !(s->z = libdeflate_alloc_compressor(GW_STREAM_DEFLATE_LEVEL))) {
		snprintf(err, errlen, "out of memory while compressing a page");
		return NULL;
	}
	size_t n = libdeflate_zlib_compress_bound(s->z, len);
	unsigned char *z = gw_xmalloc(n ? n : 1);
	*zlen = libdeflate_zlib_compress(s->z, data, len, z, n);
	if (!*zlen) {
		free(z);
		snprintf(err, errlen, "libdeflate could not compress a page");
		return NULL;
	}
	return z;
}

void gw_stream_free(gw_stream *s)
{
	gw_buf_free(&s->buf);
	free(s->rules);
	s->rules = NULL;
	if (s->z)
		libdeflate_free_compressor(s->z);
	s->z = NULL;
	s->nrules = s->rules_cap = 0;
}
