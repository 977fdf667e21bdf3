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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/util.h"
#include "../build/build.h"
#include "../build/table.h"
#include "../load/json.h"

/* Appends an empty page; NULL (after an error) when the document would pass max pages. */
static gw_page *new_page(gw_pages *p, int max, gw_diags *d)
{
	if (p->n == max) {
		gw_diags_add(d, NULL, 0, 0, NULL, "the document needs more than %d pages", max);
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
 * Gives each page's item array back what add_item's doubling left unused (issue 14, point
 * 4: the pages live until the document is dropped, and the doubling left a page of a long
 * table up to half empty: 3 MB of a 334-page document).
 */
static void fit_items(gw_pages *p)
{
	for (int i = 0; i < p->n; i++) {
		gw_page *pg = &p->v[i];
		if (pg->nitems > 0 && pg->nitems < pg->cap) {
			pg->items = gw_xrealloc(pg->items, (size_t)pg->nitems * sizeof *pg->items);
			pg->cap = pg->nitems;
		}
	}
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
		if (v->kind == GW_V_PAGE_BREAK || v->bottom)
			break; /* the 版记 goes to the bottom of a page on its own terms */
		if (v->kind == GW_V_BLANK) {
			need += (gw_len)v->nlines * pitch;
		} else if (v->kind == GW_V_LINES) {
			int take = v->nlines < keep - got ? v->nlines : keep - got;
			need += (gw_len)take * pitch;
			got += take;
		} else {
			/* a deferred table body: its smallest first share (issue 12, point 1) */
			need += v->split ? gw_table_min_share(v->split, v->split_r1, v->split_r0)
			                 : v->height;
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
 * Returns the number of pages, -1 past pf->max pages, -2 past the deadline. When an item with
 * keep_prev finds fewer than keep_prev content units above it on a page that began by overflow,
 * *again is set to the vitem where the previous page should end instead (the caller sets brk there
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

/* Per page: what pass 1 learnt for the waste line (issue 12, point 4). */
typedef struct pagefacts {
	int *rep; /* the repeated header's vitem index, -1 none */
	gw_len *used; /* height from the type area's top to the end of the content, 1/1000 pt */
	const char **why; /* why the page ends where it does */
	int max; /* the page limit (the context's, else GW_MAX_PAGES) */
	gw_rt *rt; /* the deadline, checked at every new page; NULL: none */
	gw_diags *d; /* where "took longer than" goes */
} pagefacts;

/* The block repeated above a table's continued page: the "续表" line and header, or the
 * header, or the "续表" line alone; -1 none (or the table has not started yet). */
static int repeat_of(const gw_vlist *vl, const gw_vitem *v, const int *page)
{
	if (v->header_of >= 0 && page[v->header_of] < 0)
		return -1;
	if (v->cont_of >= 0)
		return v->cont_of;
	return v->header_of;
}

static int decide(const gw_layout *l, const gw_vlist *vl, const char **brk, int *page, gw_len *top,
                  pagefacts *pf, int *again, const char **again_why, cuts *cs, int *blank)
{
	gw_len pitch = gw_line_pitch(l);
	gw_len cap = (gw_len)l->lines_per_page * pitch;
	int pg = 0, npages = 1, pending = 0, overflowed = 0, after_block = 0;
	const char *pending_why = NULL;
	int first_on_page = -1; /* the first vitem placed on page pg */
	gw_len fresh_y = 0; /* y of page pg when it holds nothing but a repeated header */
	gw_len y = 0;
	int *rep = pf->rep;
	*again = -1;
	*blank = -1;
	rep[0] = -1;
	pf->used[0] = 0;
	pf->why[0] = "last";
	cs->n = 0;
/* ends page pg for reason w and opens the next (empty, no repeat) */
#define NEXT_PAGE(w)                                                                               \
	do {                                                                                       \
		pf->used[pg] = y;                                                                  \
		pf->why[pg] = (w);                                                                 \
		if (gw_rt_late(pf->rt, pf->d))                                                     \
			return -2;                                                                 \
		pg++, npages++, y = 0;                                                             \
		rep[pg] = -1;                                                                      \
		pf->used[pg] = 0;                                                                  \
		pf->why[pg] = "last";                                                              \
		first_on_page = -1;                                                                \
		fresh_y = 0;                                                                       \
	} while (0)
	for (int i = 0; i < vl->n; i++) {
		const gw_vitem *v = &vl->v[i];
		page[i] = -1;
		if (v->repeat_only)
			continue; /* a table's "续表" repeat: only above continued pages */
		if (v->kind == GW_V_PAGE_BREAK) {
			if (y > 0 && !pending)
				pending_why = v->why ? v->why : "page-break";
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
		if (v->bottom) {
			/*
			 * The 版记 (GB/T 9704-2012 7.4.1): its last rule on the bottom edge of
			 * the type area of the last page, below what the page holds, else on a
			 * new page. With the layout's even_page (an interpretation of 7.4 for
			 * double-sided printing: the 版记 on the back of the last sheet) its page
			 * must be even: when the last content page is odd, the 版记 goes on the
			 * next page (the back of that sheet); when the content ends on an even
			 * page without room for it, a blank page is inserted before the page of
			 * the 版记 (7.5: both then carry no page number). build/ made sure it is
			 * never taller than the type area.
			 */
			gw_len area = l->page_h - l->margin_top - l->margin_bottom;
			gw_len at = grid_up(y, pitch);
			int fits = !pending && !(brk[i] && y > 0) && at + v->height <= area;
			int rp = fits ? pg : pg + 1;
			const char *w =
			        pending ? pending_why : "record"; /* 7.4.1: whole, at the foot */
			if (l->record_even && rp % 2 == 0) { /* 0-based rp: an odd page number */
				if (rp == pg) {
					rp = pg + 1;
					w = "record-even-page";
				} else {
					*blank = pg + 1;
					rp = pg + 2;
				}
			}
			if (rp >= pf->max)
				return -1;
			gw_len before = y; /* the content above the 版记 on its own page */
			while (pg < rp) {
				NEXT_PAGE(w);
				w = "record-even-page"; /* the blank page before it (7.5) */
				before = 0;
			}
			page[i] = pg, top[i] = area - v->height;
			y = area;
			pf->used[pg] = before + v->height;
			pending = 0;
			continue;
		}
		if (v->split) {
			/* a table's body: each page takes the share gw_table_cut allows (issue 12,
			 * points 1 to 3), the header (and "续表") repeated above the next */
			int r = v->split_r0;
			int forced = pending || (brk[i] && y > 0);
			const char *fw = pending ? pending_why : brk[i];
			pending = 0;
			if (forced) {
				if (npages == pf->max)
					return -1;
				NEXT_PAGE(fw);
				overflowed = 0;
			}
			while (r < v->split_r1) {
				/* 2: the page holds nothing (but a repeated header); 1: nothing but
				 * this table's caption and header */
				int fresh = y == fresh_y                               ? 2
				            : v->lead >= 0 && first_on_page >= v->lead ? 1
				                                                       : 0;
				gw_len h;
				const char *why;
				int e = gw_table_cut(v->split, v->split_r1, r, cap - y, fresh, &h,
				                     &why);
				if (e > r) {
					if (r == v->split_r0)
						page[i] = pg, top[i] = y;
					if (first_on_page < 0)
						first_on_page = i;
					add_cut(cs, i, r, e, pg, y);
					y += h;
					r = e;
					if (r == v->split_r1)
						break;
				}
				if (npages == pf->max)
					return -1;
				overflowed = 1;
				NEXT_PAGE(why);
				int rp = repeat_of(vl, v, page);
				if (rp >= 0 && (r > v->split_r0 || v->header_of >= 0)) {
					rep[pg] = rp;
					y = vl->v[rp].height;
				}
				fresh_y = y;
			}
			after_block = 1;
			pf->used[pg] = y;
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
			if (npages == pf->max)
				return -1;
			const char *w = pending                           ? pending_why
			                : forced                          ? brk[i]
			                : v->why                          ? v->why
			                : at + height_of(v, pitch) <= cap ? "keep-next"
			                : block || v->nlines > 1          ? "keep-block"
			                                                  : "fill";
			overflowed = !forced;
			pending = 0;
			NEXT_PAGE(w);
			at = 0;
			if (block && !v->header && v->header_of >= 0 && page[v->header_of] >= 0) {
				/* the table goes on: its header rows open the page */
				int rp = repeat_of(vl, v, page);
				rep[pg] = rp;
				at = y = vl->v[rp].height;
				fresh_y = y;
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
			    top[b] > 0 && !brk[b]) {
				*again = b;
				*again_why = v->why ? v->why : "keep-prev";
			}
		}
		page[i] = pg, top[i] = at;
		if (first_on_page < 0)
			first_on_page = i;
		y = at + height_of(v, pitch);
		pf->used[pg] = y;
		after_block = block;
	}
#undef NEXT_PAGE
	return npages;
}

/*
 * GW_DEBUG_PAGES (the CLI's GW_DEBUG=pages; issue 12, point 4): one line per page on the
 * runtime's debug stream with its empty height and the reason, as the trace's waste lines
 * but in points and percent of the grid.
 */
static void debug_pages(const gw_layout *l, const gw_rt *rt, const gw_pages *out)
{
	if (!rt || !(rt->debug & GW_DEBUG_PAGES) || !rt->debug_out)
		return;
	gw_len cap = (gw_len)l->lines_per_page * gw_line_pitch(l);
	for (int p = 0; p < out->n; p++)
		fprintf(rt->debug_out,
		        "gongwen: page %d: %.3f pt empty (%.1f %% of the type area), %s\n",
		        out->v[p].number, out->v[p].empty / 1000.0,
		        cap ? 100.0 * out->v[p].empty / cap : 0.0, out->v[p].why);
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

int gw_paginate(const gw_layout *l, gw_vlist *vl, gw_rt *rt, gw_diags *d, gw_pages *out)
{
	int max = gw_rt_max_pages(rt);
	memset(out, 0, sizeof *out);
	out->w = l->page_w;
	out->h = l->page_h;
	int *page = gw_xcalloc((size_t)vl->n + 1, sizeof *page); /* 0-based page, -1 dropped */
	gw_len *top = gw_xcalloc((size_t)vl->n + 1, sizeof *top); /* from the type area top */
	/* repeated header per page: indexed by page, not by item (one table tied by a long
	 * rowspan is one item over many pages); decide() never passes max pages */
	int *rep = gw_xcalloc((size_t)max + 1, sizeof *rep);
	pagefacts pf = {rep,
	                gw_xcalloc((size_t)max + 1, sizeof *pf.used),
	                gw_xcalloc((size_t)max + 1, sizeof *pf.why),
	                max,
	                rt,
	                d};
	/* page breaks we chose, each with the rule that chose it */
	const char **brk = gw_xcalloc((size_t)vl->n + 1, sizeof *brk);
	int status = 0, again, npages, blank;
	const char *again_why = NULL;
	cuts cs = {0};
	/* each round adds a break strictly before a keep_prev item: rounds are finite */
	while ((npages = decide(l, vl, brk, page, top, &pf, &again, &again_why, &cs, &blank)) > 0 &&
	       again >= 0)
		brk[again] = again_why;
	free(brk);
	if (npages == -1)
		gw_diags_add(d, NULL, 0, 0, NULL, "the document needs more than %d pages", max);
	if (npages < 0)
		status = -1;

	/* pass 2: place */
	for (int p = 0; status == 0 && p < npages; p++) {
		if (!new_page(out, max, d) || gw_rt_late(rt, d)) {
			status = -1;
			break;
		}
		/* issue 12, point 4: the page's empty grid height and why it ends there */
		gw_len cap = (gw_len)l->lines_per_page * gw_line_pitch(l);
		out->v[p].empty = pf.used[p] < cap ? cap - pf.used[p] : 0;
		out->v[p].grid = cap;
		out->v[p].why = p == npages - 1 ? "last" : pf.why[p];
		const gw_vitem *h = rep[p] >= 0 ? &vl->v[rep[p]] : NULL;
		for (int k = 0; h && k < h->nitems; k++) {
			gw_item it = copy_item(&h->items[k]);
			it.y += l->margin_top;
			add_item(&out->v[p], &it);
		}
	}
	/*
	 * Each deferred table's last entry in the list: once its parts are on their pages, its
	 * layout (shaped cells, their lines) is checked and freed, so that the pages grow into
	 * the memory of the tables already placed (issue 14, point 4). A table's entries follow
	 * each other and the tables are in the list's order (build/table.c), so one cursor finds
	 * each entry's table.
	 */
	int *last = gw_xmalloc(((size_t)vl->ntables + 1) * sizeof *last);
	for (int k = 0; k < vl->ntables; k++)
		last[k] = -1;
	for (int i = 0, k = 0; i < vl->n; i++) {
		if (!vl->v[i].split)
			continue;
		while (k < vl->ntables && vl->tables[k] != vl->v[i].split)
			k++;
		if (k == vl->ntables) /* not in order after all: keep them to the end */
			break;
		last[k] = i;
	}
	int ci = 0, tk = 0; /* next cut, table of the next split entry */
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
			while (tk < vl->ntables && vl->tables[tk] != v->split)
				tk++;
			if (tk < vl->ntables && last[tk] == i) {
				/* its parts are all painted now: no cell may have lost text */
				if (gw_table_check_whole(vl->tables[tk], d) < 0)
					status = -1;
				gw_table_layout_drop(vl->tables[tk]);
				vl->tables[tk] = NULL;
				v->split = NULL; /* no later entry refers to it (last[]) */
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
		if (!v->header) { /* all moved: the array goes (a header is copied per page) */
			free(v->items);
			v->items = NULL;
			v->nitems = 0;
		}
		if (v->outline >= 0) {
			gw_outline *o = &vl->outline[v->outline];
			o->page = page[i] + 1;
			o->y = y0;
		}
	}
	/* GB/T 9704-2012 7.5: a blank page before the 版记 page, and that page, carry no page
	 * number; 10.1 (the layout's page_number.first_page false): a 信函's first page none */
	if (status == 0 && blank >= 0 && blank < out->n) {
		out->v[blank].no_number = 1;
		for (int i = 0; i < vl->n; i++)
			if (vl->v[i].bottom && page[i] >= 0 && page[i] < out->n)
				out->v[page[i]].no_number = 1;
	}
	if (status == 0 && !l->pagenum_first && out->n > 0)
		out->v[0].no_number = 1;
	/* the deferred tables' parts are all painted now: no cell may have lost text (each
	   table was checked after its last part above; these are any left) */
	for (int k = 0; status == 0 && k < vl->ntables; k++)
		if (vl->tables[k] && gw_table_check_whole(vl->tables[k], d) < 0)
			status = -1;
	free(last);
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
	free(pf.used);
	free(pf.why);
	free(cs.v);
	if (status == 0)
		debug_pages(l, rt, out);
	if (status == 0 && l->pagenum_style >= 0)
		for (int i = 0; i < out->n; i++)
			if (!out->v[i].no_number && page_number(l, &out->v[i], d) < 0)
				return -1;
	if (status == 0)
		fit_items(out);
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
