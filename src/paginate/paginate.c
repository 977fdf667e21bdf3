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
#include "../build/build.h"
#include "../build/table.h"

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
	if (r < 0) {
		gw_buf_free(&b);
		return -1;
	}
	gw_len cell = st->size; /* one character of the number's size */
	gw_len area = l->page_w - l->margin_left - l->margin_right;
	if ((int64_t)l->pagenum_indent * cell + w > area) {
		/* the layout loader checked the indent; the format can still be too wide */
		gw_json_error(l->pagenum_src.json, d, l->pagenum_src.node, 0,
		              "the page number \"%s\" is %gpt wide: with its indent of %d "
		              "character%s it does not fit the type area's width of %gpt",
		              b.len <= 240 ? b.data : "...", (double)w / 1000.0, l->pagenum_indent,
		              l->pagenum_indent == 1 ? "" : "s", (double)area / 1000.0);
		gw_buf_free(&b);
		free(it.glyphs);
		return -1;
	}
	gw_buf_free(&b);
	if (pg->number % 2)
		it.x = l->page_w - l->margin_right - l->pagenum_indent * cell - w;
	else
		it.x = l->margin_left + l->pagenum_indent * cell;
	it.y += l->page_h - l->margin_bottom + l->pagenum_below;
	add_item(pg, &it);
	return 0;
}

/* The height item i takes: its grid lines, or a block's own height. */
static gw_len height_of(const gw_vitem *v, gw_len pitch)
{
	return v->kind == GW_V_BLOCK ? v->height : (gw_len)v->nlines * pitch;
}

/*
 * The height item i and the next `keep` units of content take (a grid line or a block is a
 * unit; blank lines between count in the height, not as units).
 */
static gw_len needed(const gw_vlist *vl, int i, int keep, gw_len pitch)
{
	gw_len need = height_of(&vl->v[i], pitch);
	int got = 0;
	for (int k = i + 1; k < vl->n && got < keep; k++) {
		const gw_vitem *v = &vl->v[k];
		if (v->kind == GW_V_PAGE_BREAK)
			break;
		if (v->kind == GW_V_BLANK) {
			need += (gw_len)v->nlines * pitch;
		} else if (v->kind == GW_V_LINES) {
			int take = v->nlines < keep - got ? v->nlines : keep - got;
			need += (gw_len)take * pitch;
			got += take;
		} else {
			/* a deferred row group can start on this page with its first row */
			need += v->split ? gw_table_row_height(v->split, v->split_r0) : v->height;
			got++;
		}
	}
	return need;
}

/* y rounded up to the next grid line. */
static gw_len grid_up(gw_len y, gw_len pitch)
{
	return (gw_len)(((int64_t)y + pitch - 1) / pitch * pitch);
}

/*
 * Pass 1: gives every vertical item its page and its top (from the type area's top, 1/1000
 * pt; page -1: dropped), with a page break before every item i where brk[i] is set. Grid
 * items start on a grid line; blocks (table rows) start where the previous item ended, and
 * text after them resumes on the grid. A table body block that opens a page gets its
 * table's header repeated above it: rep[page] is then the header's vitem index, else -1.
 * Returns the number of pages, or -1 past GW_MAX_PAGES. When an item with keep_prev finds
 * fewer than keep_prev content units above it on a page that began by overflow, *again is
 * set to the vitem where the previous page should end instead (the caller sets brk there
 * and decides again); else -1.
 */
/* Where a deferred row group is cut: rows [r0, r1) on page `page` at `top`. */
typedef struct cut {
	int vi; /* the vitem */
	int r0, r1; /* its rows on this page */
	int page; /* 0-based page */
	gw_len top; /* from the type area's top, 1/1000 pt */
} cut;

typedef struct cuts {
	cut *v;
	int n, cap;
} cuts;

static void add_cut(cuts *c, int vi, int r0, int r1, int page, gw_len top)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->v = gw_xrealloc(c->v, (size_t)c->cap * sizeof *c->v);
	}
	c->v[c->n++] = (cut){vi, r0, r1, page, top};
}

static int decide(const gw_layout *l, const gw_vlist *vl, const uint8_t *brk, int *page,
                  gw_len *top, int *rep, int *again, cuts *cs)
{
	gw_len pitch = gw_line_pitch(l);
	gw_len cap = (gw_len)l->lines_per_page * pitch;
	int pg = 0, npages = 1, pending = 0, overflowed = 0, after_block = 0;
	gw_len y = 0;
	*again = -1;
	rep[0] = -1;
	cs->n = 0;
	for (int i = 0; i < vl->n; i++) {
		const gw_vitem *v = &vl->v[i];
		page[i] = -1;
		if (v->kind == GW_V_PAGE_BREAK) {
			pending = pending || y > 0;
			continue;
		}
		if (v->kind == GW_V_BLANK) {
			if (y == 0 || pending || brk[i])
				continue; /* blank lines vanish at a page top */
			y = grid_up(y, pitch);
			page[i] = pg, top[i] = y;
			y += (gw_len)v->nlines * pitch;
			continue;
		}
		if (v->split) {
			/* a row group taller than a page: as many rows as fit on each page, the
			 * table's header repeated above every page's share */
			int r = v->split_r0;
			gw_len fresh = y == 0 ? 0 : -1; /* y of a page that holds nothing yet */
			int forced = pending || (brk[i] && y > 0);
			pending = 0;
			while (r < v->split_r1) {
				gw_len h = 0;
				int e = r;
				while (e < v->split_r1 &&
				       y + h + gw_table_row_height(v->split, e) <= cap)
					h += gw_table_row_height(v->split, e++);
				/* a cell cut here must keep room for its text on both pages */
				gw_len room =
				        cap - (v->header_of >= 0 ? vl->v[v->header_of].height : 0);
				while (e > r && e < v->split_r1 &&
				       !gw_table_cut_ok(v->split, r, e, room))
					h -= gw_table_row_height(v->split, --e);
				if (e == r &&
				    y == fresh) /* no good cut on a whole page: take what fits */
					while (e < v->split_r1 &&
					       y + h + gw_table_row_height(v->split, e) <= cap)
						h += gw_table_row_height(v->split, e++);
				if (e == r || forced) {
					if (npages == GW_MAX_PAGES)
						return -1;
					overflowed = !forced;
					forced = 0;
					pg++, npages++, y = 0;
					rep[pg] = -1;
					if (v->header_of >= 0 && page[v->header_of] >= 0) {
						rep[pg] = v->header_of;
						y = vl->v[v->header_of].height;
					}
					fresh = y;
					continue;
				}
				if (r == v->split_r0)
					page[i] = pg, top[i] = y;
				add_cut(cs, i, r, e, pg, y);
				y += h;
				r = e;
			}
			after_block = 1;
			continue;
		}
		int block = v->kind == GW_V_BLOCK;
		/* text resumes on the grid; after a table, a quarter line clear of its rule */
		gw_len at = block ? y : grid_up(y + (after_block && y > 0 ? pitch / 4 : 0), pitch);
		gw_len need =
		        v->keep_next ? needed(vl, i, v->keep_next, pitch) : height_of(v, pitch);
		if (need > cap)
			need = height_of(v, pitch); /* cannot be kept: place it at least */
		int forced = pending || (brk[i] && y > 0);
		if (forced || (y > 0 && at + need > cap)) {
			if (npages == GW_MAX_PAGES)
				return -1;
			overflowed = !forced;
			pending = 0;
			pg++, npages++, y = 0, at = 0;
			rep[pg] = -1;
			if (block && !v->header && v->header_of >= 0 && page[v->header_of] >= 0) {
				/* the table goes on: its header rows open the page */
				rep[pg] = v->header_of;
				at = y = vl->v[v->header_of].height;
			}
		}
		if (v->keep_prev && overflowed && *again < 0) {
			/* GB/T 9704-2012 7.3.5.5: not alone on its page; count the units above it
			 */
			int got = 0, k;
			for (k = i - 1; k >= 0 && got < v->keep_prev; k--)
				if (vl->v[k].kind != GW_V_BLANK &&
				    vl->v[k].kind != GW_V_PAGE_BREAK && page[k] >= 0)
					got += vl->v[k].kind == GW_V_LINES ? vl->v[k].nlines : 1;
			int b = k + 1; /* the keep_prev-th content item above */
			int here = 0;
			for (int q = i - 1; q >= 0 && page[q] == pg; q--)
				if (vl->v[q].kind != GW_V_BLANK)
					here += vl->v[q].kind == GW_V_LINES ? vl->v[q].nlines : 1;
			if (here < v->keep_prev && got >= v->keep_prev && page[b] == pg - 1 &&
			    top[b] > 0 && !brk[b])
				*again = b;
		}
		page[i] = pg, top[i] = at;
		y = at + height_of(v, pitch);
		after_block = block;
	}
	return npages;
}

/* Deep copy of an item (its glyphs), for a repeated table header. */
static gw_item copy_item(const gw_item *it)
{
	gw_item c = *it;
	if (it->nglyphs) {
		c.glyphs = gw_xmalloc((size_t)it->nglyphs * sizeof *c.glyphs);
		memcpy(c.glyphs, it->glyphs, (size_t)it->nglyphs * sizeof *c.glyphs);
	}
	return c;
}

int gw_paginate(const gw_layout *l, gw_vlist *vl, gw_diags *d, gw_pages *out)
{
	memset(out, 0, sizeof *out);
	out->w = l->page_w;
	out->h = l->page_h;
	int *page = gw_xcalloc((size_t)vl->n + 1, sizeof *page); /* 0-based page, -1 dropped */
	gw_len *top = gw_xcalloc((size_t)vl->n + 1, sizeof *top); /* from the type area top */
	/* repeated header per page: indexed by page, not by item (one table tied by a long
	 * rowspan is one item over many pages); decide() never passes GW_MAX_PAGES pages */
	int *rep = gw_xcalloc((size_t)GW_MAX_PAGES + 1, sizeof *rep);
	uint8_t *brk = gw_xcalloc((size_t)vl->n + 1, 1); /* page breaks we chose */
	int status = 0, again, npages;
	cuts cs = {0};
	/* each round adds a break strictly before a keep_prev item: rounds are finite */
	while ((npages = decide(l, vl, brk, page, top, rep, &again, &cs)) > 0 && again >= 0)
		brk[again] = 1;
	free(brk);
	if (npages < 0) {
		gw_diags_add(d, NULL, 0, 0, NULL, "the document needs more than %d pages",
		             GW_MAX_PAGES);
		status = -1;
	}

	/* pass 2: place */
	for (int p = 0; status == 0 && p < npages; p++) {
		if (!new_page(out, d)) {
			status = -1;
			break;
		}
		const gw_vitem *h = rep[p] >= 0 ? &vl->v[rep[p]] : NULL;
		for (int k = 0; h && k < h->nitems; k++) {
			gw_item it = copy_item(&h->items[k]);
			it.y += l->margin_top;
			add_item(&out->v[p], &it);
		}
	}
	int ci = 0; /* next cut */
	for (int i = 0; status == 0 && i < vl->n; i++) {
		gw_vitem *v = &vl->v[i];
		if (v->split) {
			for (; ci < cs.n && cs.v[ci].vi == i; ci++) {
				gw_vitem part;
				gw_table_part(v->split, cs.v[ci].r0, cs.v[ci].r1, &part);
				for (int k = 0; k < part.nitems; k++) {
					gw_item it = part.items[k];
					it.y += l->margin_top + cs.v[ci].top;
					add_item(&out->v[cs.v[ci].page], &it);
				}
				free(part.items);
			}
			continue;
		}
		if (page[i] < 0 || (v->kind != GW_V_LINES && v->kind != GW_V_BLOCK))
			continue;
		gw_page *pgp = &out->v[page[i]];
		gw_len y0 = l->margin_top + top[i];
		for (int k = 0; k < v->nitems; k++) {
			gw_item it = v->header ? copy_item(&v->items[k]) : v->items[k];
			it.y += y0;
			add_item(pgp, &it);
			if (!v->header)
				v->items[k].glyphs = NULL; /* moved to the page */
		}
		if (v->outline >= 0) {
			gw_outline *o = &vl->outline[v->outline];
			o->page = page[i] + 1;
			o->y = y0;
		}
	}
	/* the deferred tables' parts are all painted now: no cell may have lost text */
	for (int k = 0; status == 0 && k < vl->ntables; k++)
		if (gw_table_check_whole(vl->tables[k], d) < 0)
			status = -1;
	if (status == 0) {
		/* the outline moves to the pages */
		out->outline = vl->outline;
		out->noutline = vl->noutline;
		vl->outline = NULL;
		vl->noutline = 0;
	}
	free(page);
	free(top);
	free(rep);
	free(cs.v);
	if (status == 0 && !l->pagenum_first && out->n)
		out->v[0].no_number = 1; /* GB/T 9704-2012 10.1: a 信函's page 1 has no number */
	if (status == 0 && l->pagenum_style >= 0)
		for (int i = 0; i < out->n; i++)
			if (!out->v[i].no_number && page_number(l, &out->v[i], d) < 0)
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
