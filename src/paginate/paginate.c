/*
 * paginate.c: grid lines -> pages, page numbers, outline targets (see paginate.h).
 *
 * Two passes. The first decides, for every vertical item, its page and grid line, on line
 * counts alone; it honours keep rules: an item with keep_next (a heading) moves to a new
 * page when it and the next keep_next content lines do not fit; an item with keep_prev
 * (the signature block, GB/T 9704-2012 7.3.5.5) that would have fewer than keep_prev
 * content lines above it on its page makes the previous page end earlier, so that those
 * lines come along (decided again with that break). The second pass places the items.
 * Pagination always progresses: every decision either places an item or starts a page
 * after one that holds something, and every new break lies strictly inside a page.
 */
#include "paginate.h"

#include <stdlib.h>
#include <string.h>

#include "../base/util.h"

/* Appends an empty page; NULL (after an error) when the document would pass GW_MAX_PAGES. */
static gw_page *new_page(gw_pages *p, gw_diags *d)
{
	if (p->n == GW_MAX_PAGES) {
		gw_diags_add(d, NULL, 0, 0, NULL, "the document needs more than %d pages",
		             GW_MAX_PAGES);
		return NULL;
	}
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 8;
		p->v = gw_xrealloc(p->v, (size_t)p->cap * sizeof *p->v);
	}
	gw_page *pg = &p->v[p->n++];
	memset(pg, 0, sizeof *pg);
	pg->number = p->n;
	return pg;
}

static void add_item(gw_page *pg, const gw_item *it)
{
	if (pg->nitems == pg->cap) {
		pg->cap = pg->cap ? pg->cap * 2 : 32;
		pg->items = gw_xrealloc(pg->items, (size_t)pg->cap * sizeof *pg->items);
	}
	pg->items[pg->nitems++] = *it;
}

/*
 * Page number, GB/T 9704-2012 7.5: below the type area (the layout's "below" to the em
 * box top), odd pages at the right and even pages at the left, `indent` characters in
 * from the type area's edge (one character of the number's own size).
 */
static int page_number(const gw_layout *l, gw_page *pg, gw_diags *d)
{
	const gw_style *st = &l->styles[l->pagenum_style];
	gw_buf b = {0};
	const char *f = l->pagenum_format;
	const char *at = strstr(f, "{n}");
	gw_buf_put(&b, f, (size_t)(at - f));
	gw_buf_printf(&b, "%d", pg->number);
	gw_buf_puts(&b, at + 3);
	gw_item it;
	gw_len w;
	int r = gw_build_text_item(l, st, b.data, b.len, l->pagenum_src, 0, d, &it, &w);
	gw_buf_free(&b);
	if (r < 0)
		return -1;
	gw_len cell = st->size; /* one character of the number's size */
	if (pg->number % 2)
		it.x = l->page_w - l->margin_right - l->pagenum_indent * cell - w;
	else
		it.x = l->margin_left + l->pagenum_indent * cell;
	it.y += l->page_h - l->margin_bottom + l->pagenum_below;
	add_item(pg, &it);
	return 0;
}

/* Grid lines that item i and the next `keep` content lines take (blank lines between count). */
static int lines_needed(const gw_vlist *vl, int i, int keep)
{
	int need = vl->v[i].nlines, got = 0;
	for (int k = i + 1; k < vl->n && got < keep; k++) {
		const gw_vitem *v = &vl->v[k];
		if (v->kind == GW_V_PAGE_BREAK)
			break;
		if (v->kind == GW_V_BLANK) {
			need += v->nlines;
			continue;
		}
		int take = v->nlines < keep - got ? v->nlines : keep - got;
		need += take;
		got += take;
	}
	return need;
}

/*
 * Pass 1: gives every vertical item its page and first grid line (page -1: dropped), with
 * a page break before every item i where brk[i] is set. Returns the number of pages, or
 * -1 past GW_MAX_PAGES. When an item with keep_prev finds fewer than keep_prev content lines
 * above it on a page that began by overflow, *again is set to the vitem where the previous
 * page should end instead (the caller sets brk there and decides again); else -1.
 */
static int decide(const gw_layout *l, const gw_vlist *vl, const uint8_t *brk, int *page, int *line,
                  int *again)
{
	int lpp = l->lines_per_page;
	int pg = 0, ln = 0, npages = 1, pending = 0, overflowed = 0;
	*again = -1;
	for (int i = 0; i < vl->n; i++) {
		const gw_vitem *v = &vl->v[i];
		page[i] = -1;
		if (v->kind == GW_V_PAGE_BREAK) {
			pending = pending || ln > 0;
			continue;
		}
		if (v->kind == GW_V_BLANK) {
			if (ln == 0 || pending || brk[i])
				continue; /* blank lines vanish at a page top */
			page[i] = pg, line[i] = ln;
			ln += v->nlines;
			continue;
		}
		int need = v->keep_next ? lines_needed(vl, i, v->keep_next) : v->nlines;
		if (need > lpp)
			need = v->nlines; /* cannot be kept: place it at least */
		int forced = pending || (brk[i] && ln > 0);
		if (forced || (ln > 0 && ln + need > lpp)) {
			if (npages == GW_MAX_PAGES)
				return -1;
			overflowed = !forced;
			pending = 0;
			pg++, npages++, ln = 0;
		}
		if (v->keep_prev && overflowed && *again < 0) {
			/* GB/T 9704-2012 7.3.5.5: not alone on its page; count the lines above it
			 */
			int got = 0, k;
			for (k = i - 1; k >= 0 && got < v->keep_prev; k--)
				if (vl->v[k].kind == GW_V_LINES && page[k] >= 0)
					got += vl->v[k].nlines;
			int b = k + 1; /* the keep_prev-th content item above */
			int lines_here = 0;
			for (int q = i - 1; q >= 0 && page[q] == pg; q--)
				if (vl->v[q].kind == GW_V_LINES)
					lines_here += vl->v[q].nlines;
			if (lines_here < v->keep_prev && got >= v->keep_prev && page[b] == pg - 1 &&
			    line[b] > 0 && !brk[b])
				*again = b;
		}
		page[i] = pg, line[i] = ln;
		ln += v->nlines;
	}
	return npages;
}

int gw_paginate(const gw_layout *l, gw_vlist *vl, gw_diags *d, gw_pages *out)
{
	memset(out, 0, sizeof *out);
	out->w = l->page_w;
	out->h = l->page_h;
	int lpp = l->lines_per_page;
	int *page = gw_xcalloc((size_t)vl->n + 1, sizeof *page); /* 0-based page, -1 dropped */
	int *line = gw_xcalloc((size_t)vl->n + 1, sizeof *line); /* first grid line on it */
	uint8_t *brk = gw_xcalloc((size_t)vl->n + 1, 1); /* page breaks we chose */
	int status = 0, again, npages;
	/* each round adds a break strictly before a keep_prev item: rounds are finite */
	while ((npages = decide(l, vl, brk, page, line, &again)) > 0 && again >= 0)
		brk[again] = 1;
	free(brk);
	if (npages < 0) {
		gw_diags_add(d, NULL, 0, 0, NULL, "the document needs more than %d pages",
		             GW_MAX_PAGES);
		status = -1;
	}

	/* pass 2: place */
	gw_len pitch = (l->page_h - l->margin_top - l->margin_bottom) / lpp;
	for (int p = 0; status == 0 && p < npages; p++)
		if (!new_page(out, d))
			status = -1;
	for (int i = 0; status == 0 && i < vl->n; i++) {
		gw_vitem *v = &vl->v[i];
		if (page[i] < 0 || v->kind != GW_V_LINES)
			continue;
		gw_page *pgp = &out->v[page[i]];
		gw_len top = l->margin_top + line[i] * pitch;
		for (int k = 0; k < v->nitems; k++) {
			gw_item it = v->items[k];
			it.y += top;
			add_item(pgp, &it);
			v->items[k].glyphs = NULL; /* moved to the page */
		}
		if (v->outline >= 0) {
			gw_outline *o = &vl->outline[v->outline];
			o->page = page[i] + 1;
			o->y = top;
		}
	}
	if (status == 0) {
		/* the outline moves to the pages */
		out->outline = vl->outline;
		out->noutline = vl->noutline;
		vl->outline = NULL;
		vl->noutline = 0;
	}
	free(page);
	free(line);
	if (status == 0 && l->pagenum_style >= 0)
		for (int i = 0; i < out->n; i++)
			if (page_number(l, &out->v[i], d) < 0)
				return -1;
	return status;
}

void gw_pages_free(gw_pages *p)
{
	for (int i = 0; i < p->n; i++) {
		for (int k = 0; k < p->v[i].nitems; k++)
			free(p->v[i].items[k].glyphs);
		free(p->v[i].items);
	}
	free(p->v);
	for (int i = 0; i < p->noutline; i++)
		free(p->outline[i].title);
	free(p->outline);
	memset(p, 0, sizeof *p);
}
