/*
 * build.c: blocks -> vertical list (see build.h).
 *
 * Every line sits on the layout's grid: the em box of a line's text starts at the top of
 * its grid line (GB/T 9704 5.2.2: the type area holds lines_per_page lines), with the
 * baseline 0.88 em below (the ideographic em box of Fandol and Noto CJK spans 880/-120).
 */
#include "build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/util.h"
#include "../break/linebreak.h"
#include "../shape/shape.h"

#define GW_EM_ASCENT 880 /* baseline below the em box top, 1/1000 em */

gw_len gw_line_pitch(const gw_layout *l)
{
	return (l->page_h - l->margin_top - l->margin_bottom) / l->lines_per_page;
}

static gw_vitem *push(gw_vlist *vl, gw_vkind kind, int nlines)
{
	if (vl->n == vl->cap) {
		vl->cap = vl->cap ? vl->cap * 2 : 64;
		vl->v = gw_xrealloc(vl->v, (size_t)vl->cap * sizeof *vl->v);
	}
	gw_vitem *v = &vl->v[vl->n++];
	memset(v, 0, sizeof *v);
	v->kind = kind;
	v->nlines = nlines;
	return v;
}

static void blank(gw_vlist *vl, int n)
{
	if (n > 0)
		push(vl, GW_V_BLANK, n);
}

/* A paragraph: shaped, broken at the type area width, one vitem per line. */
static int paragraph(const gw_layout *l, const gw_style *st, const gw_text *t, gw_diags *d,
                     gw_vlist *vl)
{
	gw_glyph *g;
	int n = gw_shape(l, st, t->s, t->len, t->src, 1, d, &g);
	if (n < 0)
		return -1;
	gw_len width = l->page_w - l->margin_left - l->margin_right;
	gw_len indent = (gw_len)st->indent * gw_grid_advance(l, 1000, st->size);
	gw_line *lines;
	int nl = gw_break_lines(g, n, width, indent, &lines);
	blank(vl, st->space_before);
	for (int i = 0; i < nl; i++) {
		gw_line *ln = &lines[i];
		gw_len x0 = gw_place_line(g, ln, width, indent, st->align);
		gw_vitem *v = push(vl, GW_V_LINES, 1);
		if (ln->to == ln->from)
			continue; /* an empty line (two '\n' in a row) paints nothing */
		v->items = gw_xcalloc(1, sizeof *v->items);
		v->nitems = 1;
		gw_item *it = &v->items[0];
		it->kind = GW_ITEM_TEXT;
		it->x = l->margin_left + x0;
		it->y = (gw_len)((int64_t)st->size * GW_EM_ASCENT / 1000);
		it->size = st->size;
		it->nglyphs = ln->to - ln->from;
		it->glyphs = gw_xmalloc((size_t)it->nglyphs * sizeof *it->glyphs);
		memcpy(it->glyphs, g + ln->from, (size_t)it->nglyphs * sizeof *g);
	}
	blank(vl, st->space_after);
	free(lines);
	free(g);
	return 0;
}

int gw_build_text_item(const gw_layout *l, const gw_style *st, const char *s, size_t len,
                       gw_src src, int src_is_text, gw_diags *d, gw_item *out, gw_len *width)
{
	gw_glyph *g;
	int n = gw_shape(l, st, s, len, src, src_is_text, d, &g);
	if (n < 0)
		return -1;
	gw_len x = 0;
	for (int i = 0; i < n; i++) {
		g[i].x = x;
		x += g[i].adv;
	}
	memset(out, 0, sizeof *out);
	out->kind = GW_ITEM_TEXT;
	out->y = (gw_len)((int64_t)st->size * GW_EM_ASCENT / 1000);
	out->size = st->size;
	out->glyphs = g;
	out->nglyphs = n;
	*width = x;
	return 0;
}

/*
 * The signature block, GB/T 9704-2012 7.3.5 (standards.md 1.8):
 *  - without a seal (7.3.5.2): one blank line after the body; the organ 2 characters from
 *    the right; the date on the next line, starting 2 characters right of the organ's
 *    start; a date longer than the organ sits 2 characters from the right and pushes the
 *    organ left to keep that offset;
 *  - with a seal (7.3.5.1): the date 4 characters from the right, the organ centred over
 *    the date, the seal centred on them with its centre at the organ line's top, so both
 *    lie below the centre; two blank lines above give the seal room.
 */
static int signature(const gw_layout *l, const gw_style *st, const gw_block *b, gw_diags *d,
                     gw_vlist *vl)
{
	char date[64];
	snprintf(date, sizeof date, "%d年%d月%d日", b->date.y, b->date.m, b->date.d);
	gw_item org, dt;
	gw_len wo, wd;
	if (gw_build_text_item(l, st, b->org.s, b->org.len, b->org.src, 1, d, &org, &wo) < 0)
		return -1;
	if (gw_build_text_item(l, st, date, strlen(date), b->date_src, 0, d, &dt, &wd) < 0) {
		free(org.glyphs);
		return -1;
	}
	gw_len cell = gw_grid_advance(l, 1000, st->size);
	gw_len right = l->page_w - l->margin_right;
	gw_len pitch = gw_line_pitch(l);
	int above = b->seal_path ? 2 : 1;
	gw_vitem *v = push(vl, GW_V_LINES, above + 2);
	v->items = gw_xcalloc(3, sizeof *v->items);
	if (b->seal_path) {
		dt.x = right - 4 * cell - wd;
		org.x = dt.x + (wd - wo) / 2;
	} else {
		org.x = right - 2 * cell - wo;
		dt.x = org.x + 2 * cell;
		if (dt.x + wd > right - 2 * cell) {
			dt.x = right - 2 * cell - wd;
			org.x = dt.x - 2 * cell;
		}
	}
	org.y += above * pitch;
	dt.y += (above + 1) * pitch;
	v->items[v->nitems++] = org;
	v->items[v->nitems++] = dt;
	if (b->seal_path) {
		gw_item *s = &v->items[v->nitems++];
		s->kind = GW_ITEM_IMAGE;
		s->path = b->seal_path;
		s->w = l->seal_width;
		s->h = (gw_len)((int64_t)l->seal_width * b->seal_h / b->seal_w);
		s->x = dt.x + wd / 2 - s->w / 2;
		s->y = above * pitch - s->h / 2;
	}
	return 0;
}

int gw_build(const gw_layout *l, const gw_doc *doc, gw_diags *d, gw_vlist *out)
{
	memset(out, 0, sizeof *out);
	int status = 0;
	for (int i = 0; i < doc->nblocks; i++) {
		const gw_block *b = &doc->blocks[i];
		if (b->kind == GW_BLOCK_PAGE_BREAK) {
			push(out, GW_V_PAGE_BREAK, 0);
			continue;
		}
		int si = l->block_style[b->kind];
		if (si < 0)
			continue; /* cannot happen: the layout loader requires every style */
		const gw_style *st = &l->styles[si];
		int r = b->kind == GW_BLOCK_SIGNATURE ? signature(l, st, b, d, out)
		                                      : paragraph(l, st, &b->text, d, out);
		if (r < 0)
			status = -1; /* keep going: report every block's errors at once */
	}
	return status;
}

void gw_vlist_free(gw_vlist *vl)
{
	for (int i = 0; i < vl->n; i++) {
		for (int k = 0; k < vl->v[i].nitems; k++)
			free(vl->v[i].items[k].glyphs);
		free(vl->v[i].items);
	}
	free(vl->v);
	memset(vl, 0, sizeof *vl);
}
