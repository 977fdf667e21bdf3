/*
 * paginate.c: grid lines -> pages, page numbers (see paginate.h).
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
	gw_len cell = (gw_len)((int64_t)st->size * 1); /* one character of the number's size */
	if (pg->number % 2)
		it.x = l->page_w - l->margin_right - l->pagenum_indent * cell - w;
	else
		it.x = l->margin_left + l->pagenum_indent * cell;
	it.y += l->page_h - l->margin_bottom + l->pagenum_below;
	add_item(pg, &it);
	return 0;
}

int gw_paginate(const gw_layout *l, gw_vlist *vl, gw_diags *d, gw_pages *out)
{
	memset(out, 0, sizeof *out);
	out->w = l->page_w;
	out->h = l->page_h;
	gw_len pitch = (l->page_h - l->margin_top - l->margin_bottom) / l->lines_per_page;
	gw_page *pg = new_page(out, d);
	int line = 0; /* next free grid line on pg */
	int pending = 0; /* a page break waits for the next content (none at the very end) */
	for (int i = 0; i < vl->n; i++) {
		gw_vitem *v = &vl->v[i];
		if (v->kind == GW_V_PAGE_BREAK) {
			pending = line > 0 || pg->nitems > 0;
			continue;
		}
		if (v->kind == GW_V_BLANK) {
			if (line == 0 || pending)
				continue; /* blank lines vanish at a page top */
			line += v->nlines;
			continue;
		}
		if (pending || (line + v->nlines > l->lines_per_page && line > 0)) {
			pending = 0;
			if (!(pg = new_page(out, d)))
				return -1;
			line = 0;
		}
		gw_len top = l->margin_top + line * pitch;
		for (int k = 0; k < v->nitems; k++) {
			gw_item it = v->items[k];
			it.y += top;
			add_item(pg, &it);
			v->items[k].glyphs = NULL; /* moved to the page */
		}
		line += v->nlines;
	}
	if (l->pagenum_style >= 0)
		for (int i = 0; i < out->n; i++)
			if (page_number(l, &out->v[i], d) < 0)
				return -1;
	return 0;
}

void gw_pages_free(gw_pages *p)
{
	for (int i = 0; i < p->n; i++) {
		for (int k = 0; k < p->v[i].nitems; k++)
			free(p->v[i].items[k].glyphs);
		free(p->v[i].items);
	}
	free(p->v);
	memset(p, 0, sizeof *p);
}
