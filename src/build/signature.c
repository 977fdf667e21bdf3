/*
 * signature.c: the signature block, GB/T 9704-2012 7.3.5 (see signature.h; standards.md 1.8).
 *
 * Every text sits on the grid (its em box on a grid line's top, as build.c's lines); seals
 * and stamps are image items placed against those lines and drawn with the Multiply blend
 * mode, so the text under them prints as under ink (正片叠底). The whole signature is one
 * GW_V_LINES item: it never breaks across pages and keeps two body lines with it (7.3.5.5).
 */
#include "signature.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/util.h"
#include "../shape/shape.h"
#include "../load/json.h"

/* The position of a signature's member key (b->src is the block object), else the block. */
static gw_src signature_member(const gw_block *b, const char *key)
{
	gw_src src = b->src;
	const cJSON *sig =
	        src.node ? cJSON_GetObjectItemCaseSensitive(src.node, "signature") : NULL;
	const cJSON *m = sig ? cJSON_GetObjectItemCaseSensitive(sig, key) : NULL;
	if (m)
		src.node = m;
	return src;
}

/* Adds an error at src (a position, or none for a block without one). */
static void src_error(gw_src src, gw_diags *d, const char *msg)
{
	if (src.json)
		gw_json_error(src.json, d, src.node, 0, "%s", msg);
	else
		gw_diags_add(d, NULL, 0, 0, NULL, "%s", msg);
}

/* The member key of an organ's object (o->src), else the organ. */
static gw_src organ_member(const gw_organ *o, const char *key)
{
	gw_src src = o->src;
	const cJSON *m = src.node ? cJSON_GetObjectItemCaseSensitive(src.node, key) : NULL;
	if (m)
		src.node = m;
	return src;
}

/* The date as a text item: the data's text as given, else 2021年1月15日 (7.3.5.4: Arabic
 * numerals, the year in full, no leading zeros). */
static int date_item(const gw_layout *l, const gw_style *st, const gw_block *b, gw_diags *d,
                     gw_item *dt, gw_len *wd)
{
	if (b->date.text.len)
		return gw_build_text_item(l, st, b->date.text.s, b->date.text.len, b->date.text.src,
		                          1, d, dt, wd);
	char date[64];
	snprintf(date, sizeof date, "%d年%d月%d日", b->date.y, b->date.m, b->date.d);
	return gw_build_text_item(l, st, date, strlen(date), b->date_src, 0, d, dt, wd);
}

/* The drawn height of image im at width w, 1/1000 pt (64 bits: checked against the page). */
static int64_t image_h(const gw_image *im, gw_len w)
{
	return (int64_t)w * im->h / im->w;
}

/* An image item (a seal or a stamp), drawn with Multiply: it prints like ink. */
static void image_item(gw_item *s, const gw_organ *o, gw_len x, gw_len y, gw_len w)
{
	memset(s, 0, sizeof *s);
	s->kind = GW_ITEM_IMAGE;
	s->path = o->seal_path;
	s->image = o->seal;
	s->w = w;
	s->h = (gw_len)image_h(o->seal, w); /* checked against the page by the callers */
	s->x = x;
	s->y = y;
	s->multiply = 1; /* 正片叠底: the black text under a seal stays black */
}

/*
 * Checks that a one-organ signature stays on the page (issue 10): its lines (the blank ones
 * above, the organ, the date) fit one page; the organ and the date, set at their offsets
 * from the right (one_organ() below), start inside the type area; the seal, centred on the
 * date and on the organ line's top, lies on the page wherever the block lands in the type
 * area (its top at the type area's top, or its bottom at the type area's bottom). Returns
 * -1 after adding the errors.
 */
static int signature_fits(const gw_layout *l, const gw_block *b, int above, gw_len org_x,
                          gw_len dt_x, gw_len wd, gw_diags *d)
{
	int errors0 = d->nerr;
	const gw_organ *o = &b->organs[0];
	gw_len pitch = gw_line_pitch(l);
	char *msg;
	if (above + 2 > l->lines_per_page) {
		msg = gw_xasprintf(
		        "the signature takes %d lines (%d blank above the organ%s) and a "
		        "page of this layout has %d",
		        above + 2, above, o->seal_path ? ", room for the seal" : "",
		        l->lines_per_page);
		src_error(b->src, d, msg);
		free(msg);
	}
	gw_len left = org_x < dt_x ? org_x : dt_x;
	if (left < l->margin_left) {
		gw_len w = l->page_w - l->margin_left - l->margin_right;
		msg = gw_xasprintf("the signature does not fit on the line: the %s at its offset "
		                   "from the right (%d characters) starts %gpt left of the type "
		                   "area, which is %gpt wide",
		                   org_x <= dt_x ? "organ" : "date", o->seal_path ? 4 : 2,
		                   (double)(l->margin_left - left) / 1000.0, (double)w / 1000.0);
		src_error(org_x <= dt_x ? o->org.src : b->date_src, d, msg);
		free(msg);
	}
	if (o->seal_path) {
		int64_t w = l->seal_width, h = image_h(o->seal, l->seal_width);
		int64_t x = dt_x + wd / 2 - w / 2;
		/* the seal's centre: above * pitch below the block's top, 2 * pitch above its end
		 */
		int64_t up = (int64_t)l->margin_top + (int64_t)above * pitch;
		int64_t down = (int64_t)l->margin_bottom + 2 * (int64_t)pitch;
		int64_t room = 2 * (up < down ? up : down);
		gw_src at = signature_member(b, "seal");
		if (x < 0 || x + w > l->page_w) {
			msg = gw_xasprintf(
			        "the seal, %gpt wide and centred on the date, runs past the "
			        "page's %s edge",
			        (double)w / 1000.0, x < 0 ? "left" : "right");
			src_error(at, d, msg);
			free(msg);
		}
		if (h > room) {
			msg = gw_xasprintf(
			        "the seal image (%dx%d pixels) drawn %gpt wide is %gpt high: "
			        "centred on the organ's line it would run past the page's "
			        "%s edge; at most %gpt high fits",
			        o->seal->w, o->seal->h, (double)w / 1000.0, (double)h / 1000.0,
			        up < down ? "top" : "bottom", (double)room / 1000.0);
			src_error(at, d, msg);
			free(msg);
		}
	}
	return d->nerr > errors0 ? -1 : 0;
}

/*
 * One organ, GB/T 9704-2012 7.3.5 (standards.md 1.8):
 *  - without a seal (7.3.5.2): one blank line after the body; the organ 2 characters from
 *    the right; the date on the next line, starting 2 characters right of the organ's
 *    start; a date longer than the organ sits 2 characters from the right and pushes the
 *    organ left to keep that offset;
 *  - with a seal (7.3.5.1): the date 4 characters from the right, the organ centred over
 *    the date (but not past the type area's right edge), the seal centred on them with its
 *    centre at the organ line's top, so both lie below the centre; two blank lines above
 *    give the seal room (its top within one line of the text above).
 */
static int one_organ(const gw_layout *l, const gw_style *st, const gw_block *b, gw_diags *d,
                     gw_vlist *vl)
{
	const gw_organ *o = &b->organs[0];
	gw_item org, dt;
	gw_len wo, wd;
	if (gw_build_text_item(l, st, o->org.s, o->org.len, o->org.src, 1, d, &org, &wo) < 0)
		return -1;
	if (date_item(l, st, b, d, &dt, &wd) < 0) {
		free(org.glyphs);
		return -1;
	}
	gw_len cell = gw_grid_advance(l, 1000, st->size);
	gw_len right = l->page_w - l->margin_right;
	gw_len pitch = gw_line_pitch(l);
	int above = o->seal_path ? 2 : 1;
	gw_vitem *v = gw_vlist_push(vl, GW_V_LINES, above + 2);
	v->keep_prev = 2; /* never alone on a page: two body lines come with it (7.3.5.5) */
	v->why = "keep-signature";
	v->items = gw_xcalloc(3, sizeof *v->items);
	if (o->seal_path) {
		dt.x = right - 4 * cell - wd;
		org.x = dt.x + (wd - wo) / 2;
		if (org.x + wo > right)
			org.x = right - wo; /* a name much longer than the date ends at the edge */
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
	if (signature_fits(l, b, above, org.x, dt.x, wd, d) < 0)
		return -1; /* the items are freed with the list */
	if (o->seal_path) {
		gw_len w = l->seal_width;
		image_item(&v->items[v->nitems++], o, dt.x + wd / 2 - w / 2,
		           above * pitch - (gw_len)(image_h(o->seal, w) / 2), w);
	}
	return 0;
}

/* Shapes every organ's name (or signer's title, or name) into items[0..n); -1 after errors. */
static int shape_names(const gw_layout *l, const gw_style *st, const gw_block *b, int titles,
                       gw_diags *d, gw_item *items, gw_len *widths)
{
	int status = 0;
	for (int i = 0; i < b->norgans; i++) {
		const gw_text *t = titles ? &b->organs[i].title : &b->organs[i].org;
		if (gw_build_text_item(l, st, t->s, t->len, t->src, 1, d, &items[i], &widths[i]) <
		    0) {
			memset(&items[i], 0, sizeof items[i]);
			status = -1;
		}
	}
	return status;
}

/* Moves n text items into a new GW_V_LINES vitem of nlines lines with room for extra more. */
static gw_vitem *group(gw_vlist *vl, int nlines, gw_item *items, int n, int extra)
{
	gw_vitem *v = gw_vlist_push(vl, GW_V_LINES, nlines);
	v->keep_prev = 2; /* never alone on a page: two body lines come with it (7.3.5.5) */
	v->why = "keep-signature";
	v->items = gw_xcalloc((size_t)n + (size_t)extra + 1, sizeof *v->items);
	memcpy(v->items, items, (size_t)n * sizeof *items);
	v->nitems = n;
	return v;
}

/* Frees the glyphs of n text items (on an error before they were moved into a vitem). */
static void drop_items(gw_item *items, int n)
{
	for (int i = 0; i < n; i++)
		free(items[i].glyphs);
}

/* The error "the signature takes N lines ... a page has M" when nlines do not fit a page. */
static void check_lines(const gw_layout *l, const gw_block *b, int nlines, const char *what,
                        gw_diags *d)
{
	if (nlines <= l->lines_per_page)
		return;
	char *msg = gw_xasprintf("the signature takes %d lines (%s) and a page of this layout "
	                         "has %d",
	                         nlines, what, l->lines_per_page);
	src_error(b->src, d, msg);
	free(msg);
}

/* The error for a text that starts left of the type area (x < its left edge). */
static void check_left(const gw_layout *l, gw_len x, const char *what, gw_src at, gw_diags *d)
{
	if (x >= l->margin_left)
		return;
	char *msg = gw_xasprintf("the signature does not fit on the line: %s starts %gpt left "
	                         "of the type area, which is %gpt wide",
	                         what, (double)(l->margin_left - x) / 1000.0,
	                         (double)(l->page_w - l->margin_left - l->margin_right) / 1000.0);
	src_error(at, d, msg);
	free(msg);
}

/*
 * Joint issuance without seals (GB/T 9704-2012 7.3.5.2): one blank line after the body, the
 * organs stacked one a line, lead organ first, their starts aligned with the longest one 2
 * characters from the right; the date on the next line as for one organ: its start 2
 * characters right of the organs' start, or, when longer, 2 characters from the right with
 * the organs pushed left to keep that offset.
 */
static int joint_plain(const gw_layout *l, const gw_style *st, const gw_block *b, gw_diags *d,
                       gw_vlist *vl)
{
	int n = b->norgans, errors0 = d->nerr;
	gw_item *names = gw_xcalloc((size_t)n, sizeof *names), dt;
	gw_len *wo = gw_xcalloc((size_t)n, sizeof *wo), wd, wmax = 0;
	if (shape_names(l, st, b, 0, d, names, wo) < 0 || date_item(l, st, b, d, &dt, &wd) < 0) {
		drop_items(names, n);
		free(names);
		free(wo);
		return -1;
	}
	for (int i = 0; i < n; i++)
		wmax = wo[i] > wmax ? wo[i] : wmax;
	gw_len cell = gw_grid_advance(l, 1000, st->size);
	gw_len right = l->page_w - l->margin_right;
	gw_len pitch = gw_line_pitch(l);
	gw_len x = right - 2 * cell - wmax;
	dt.x = x + 2 * cell;
	if (dt.x + wd > right - 2 * cell) {
		dt.x = right - 2 * cell - wd;
		x = dt.x - 2 * cell;
	}
	const int above = 1;
	for (int i = 0; i < n; i++) {
		names[i].x = x;
		names[i].y += (above + i) * pitch;
	}
	dt.y += (above + n) * pitch;
	gw_vitem *v = group(vl, above + n + 1, names, n, 1);
	v->items[v->nitems++] = dt;
	char what[64];
	snprintf(what, sizeof what, "%d blank above %d organs and the date", above, n);
	check_lines(l, b, above + n + 1, what, d);
	/* the organs start left of the date (by 2 characters): they are what may not fit */
	check_left(l, x, "the organs (the longest 2 characters from the right)", b->src, d);
	free(names);
	free(wo);
	return d->nerr > errors0 ? -1 : 0;
}

/*
 * Joint issuance with seals (GB/T 9704-2012 7.3.5.1): each organ's name with its own seal
 * centred on it (the seal's centre on the name line's top, as for one organ, or raised so
 * far that the last row ends with the date's line: the names stay below the centres), in
 * rows of at most "per_row" seals read left to right, then top to bottom, lead organ first.
 * Every row is right-aligned to the date's column: the last organ's seal is centred on the
 * date (4 characters from the right) and presses on the last name and the date. Columns are
 * a seal plus "seal_gap" apart (wider when a name needs it: a name is at most the pitch less
 * one character), rows enough grid lines apart that seals neither touch nor overlap; a row
 * holds fewer seals when more would leave the type area. Two blank lines above put the
 * first row's top within one line of the text above, as for one organ.
 */
static int joint_seals(const gw_layout *l, const gw_style *st, const gw_block *b, gw_diags *d,
                       gw_vlist *vl)
{
	int n = b->norgans, errors0 = d->nerr;
	gw_item *names = gw_xcalloc((size_t)n, sizeof *names), dt;
	gw_len *wo = gw_xcalloc((size_t)n, sizeof *wo), wd, wmax = 0;
	if (shape_names(l, st, b, 0, d, names, wo) < 0 || date_item(l, st, b, d, &dt, &wd) < 0) {
		drop_items(names, n);
		free(names);
		free(wo);
		return -1;
	}
	gw_len cell = gw_grid_advance(l, 1000, st->size);
	gw_len right = l->page_w - l->margin_right;
	gw_len pitch = gw_line_pitch(l);
	int64_t w = l->seal_width, hmax = 0;
	for (int i = 0; i < n; i++) {
		wmax = wo[i] > wmax ? wo[i] : wmax;
		int64_t h = image_h(b->organs[i].seal, l->seal_width);
		hmax = h > hmax ? h : hmax;
	}
	dt.x = right - 4 * cell - wd;
	int64_t cx0 = (int64_t)dt.x + wd / 2; /* the last column's centre: the date's */
	int64_t col = w + l->seal_gap;
	if (col < (int64_t)wmax + cell)
		col = (int64_t)wmax + cell; /* names a character apart at least */
	int64_t half = w > wmax ? w / 2 : wmax / 2;
	int per = l->seal_per_row < n ? l->seal_per_row : n;
	while (per > 1 && cx0 - (per - 1) * col - half < l->margin_left)
		per--; /* fewer seals a row: more would leave the type area */
	int rows = (n + per - 1) / per;
	/* rows: seals a gap apart, the next row's seal clear of this row's names */
	int64_t k = (hmax + l->seal_gap + pitch - 1) / pitch;
	if (k < 2)
		k = 2;
	if (k > l->lines_per_page)
		k = l->lines_per_page; /* too tall for a page anyway: check_lines says so */
	const int above = 2;
	int last = above + (rows - 1) * (int)k; /* the last row's name line */
	gw_vitem *v = group(vl, last + 2, names, 0, n + 1 + n);
	for (int i = 0; i < n; i++) {
		int r = i / per, cnt = r < rows - 1 ? per : n - r * per,
		    c = cnt - 1 - (i - r * per);
		int line = above + r * (int)k;
		int64_t cx = cx0 - c * col;
		gw_item *t = &v->items[v->nitems++];
		*t = names[i];
		t->x = (gw_len)(i == n - 1 ? dt.x + (wd - wo[i]) / 2 : cx - wo[i] / 2);
		if (t->x + wo[i] > right)
			t->x = right -
			       wo[i]; /* a name much longer than the seal ends at the edge */
		t->y += line * pitch;
		char what[96];
		snprintf(what, sizeof what, "organ %d's name, centred under its seal,", i + 1);
		check_left(l, t->x, what, organ_member(&b->organs[i], "org"), d);
	}
	dt.y += (last + 1) * pitch;
	v->items[v->nitems++] = dt;
	check_left(l, dt.x, "the date at 4 characters from the right", b->date_src, d);
	char what[96];
	snprintf(what, sizeof what, "%d rows of seals %d lines apart, 2 blank lines above", rows,
	         (int)k);
	check_lines(l, b, last + 2, what, d);
	/* every seal raised as far as the tallest needs to end with the date's line, so that
	   the last row stays in the type area (a 42 mm seal is 0.55 mm taller than 4 lines of
	   gbt9704): the names and the date still lie below the centres (7.3.5.1) */
	int64_t raise = hmax / 2 - 2 * (int64_t)pitch;
	if (raise < 0)
		raise = 0;
	/* the seals: on the page wherever the block lands (the first row's top at the type
	   area's top) */
	int64_t up = (int64_t)l->margin_top + (int64_t)above * pitch - raise;
	int64_t down = (int64_t)l->margin_bottom + 2 * (int64_t)pitch + raise;
	for (int i = 0; i < n; i++) {
		const gw_organ *o = &b->organs[i];
		int r = i / per, cnt = r < rows - 1 ? per : n - r * per,
		    c = cnt - 1 - (i - r * per);
		int line = above + r * (int)k;
		int64_t cx = cx0 - c * col, h = image_h(o->seal, l->seal_width);
		int64_t x = i == n - 1 ? dt.x + wd / 2 - w / 2 : cx - w / 2;
		gw_src at = organ_member(o, "seal");
		char *msg = NULL;
		if (x < l->margin_left || x + w > right)
			msg = gw_xasprintf("seal %d, %gpt wide, runs past the type area's %s edge",
			                   i + 1, (double)w / 1000.0,
			                   x < l->margin_left ? "left" : "right");
		else if ((r == 0 && h / 2 > up) || (r == rows - 1 && h / 2 > down))
			msg = gw_xasprintf(
			        "seal %d (%dx%d pixels) drawn %gpt wide is %gpt high: "
			        "centred on its name's line it would run past the page's "
			        "%s edge",
			        i + 1, o->seal->w, o->seal->h, (double)w / 1000.0,
			        (double)h / 1000.0, h / 2 > up ? "top" : "bottom");
		if (msg) {
			src_error(at, d, msg);
			free(msg);
			continue;
		}
		image_item(&v->items[v->nitems++], o, (gw_len)x,
		           line * pitch - (gw_len)(h / 2) - (gw_len)raise, (gw_len)w);
	}
	free(names);
	free(wo);
	return d->nerr > errors0 ? -1 : 0;
}

/*
 * 签发人签名章 (GB/T 9704-2012 7.3.5.3): two blank lines after the body; each signer's
 * signature stamp (the layout's "signature.stamp.width" wide) 4 characters from the right,
 * the signer's title ending 2 characters left of it, vertically centred on it (the stamp's
 * centre on the middle of the title's em box); several signers stacked, lead first, one a
 * line (or as many lines as the tallest stamp needs), stamps and titles aligned on the right;
 * a signer without a stamp image has the name set in the stamp's place, centred. One blank line
 * below the last stamp, the date 4 characters from the right.
 */
static int stamps(const gw_layout *l, const gw_style *st, const gw_block *b, gw_diags *d,
                  gw_vlist *vl)
{
	int n = b->norgans, errors0 = d->nerr;
	gw_item *titles = gw_xcalloc((size_t)n, sizeof *titles), dt;
	gw_item *nm = gw_xcalloc((size_t)n, sizeof *nm);
	gw_len *wt = gw_xcalloc((size_t)n, sizeof *wt), *wn = gw_xcalloc((size_t)n, sizeof *wn), wd;
	int status = shape_names(l, st, b, 1, d, titles, wt);
	for (int i = 0; i < n; i++) {
		const gw_text *t = &b->organs[i].name;
		if (!b->organs[i].seal_path &&
		    gw_build_text_item(l, st, t->s, t->len, t->src, 1, d, &nm[i], &wn[i]) < 0)
			status = -1;
	}
	if (status < 0 || date_item(l, st, b, d, &dt, &wd) < 0) {
		drop_items(titles, n);
		drop_items(nm, n);
		free(titles), free(nm), free(wt), free(wn);
		return -1;
	}
	gw_len cell = gw_grid_advance(l, 1000, st->size);
	gw_len right = l->page_w - l->margin_right;
	gw_len pitch = gw_line_pitch(l);
	gw_len edge = right - 4 * cell; /* the stamps' (names') right edge */
	int64_t w = l->stamp_width, hmax = 0;
	gw_len tr = edge; /* the titles' right edge: 2 characters left of every stamp or name */
	for (int i = 0; i < n; i++) {
		const gw_organ *o = &b->organs[i];
		int64_t h = o->seal_path ? image_h(o->seal, l->stamp_width) : 0;
		hmax = h > hmax ? h : hmax;
		gw_len left = o->seal_path || wn[i] < w ? edge - (gw_len)w : edge - wn[i];
		tr = left - 2 * cell < tr ? left - 2 * cell : tr;
	}
	int64_t band = (hmax + pitch - 1) / pitch; /* lines a signer takes */
	if (band < 1)
		band = 1;
	if (band > l->lines_per_page)
		band = l->lines_per_page;
	const int above = 2;
	gw_vitem *v = group(vl, 1, titles, 0, 3 * n + 1);
	int64_t bottom = 0; /* the last stamp's bottom, from the block's top */
	int tline = above;
	for (int i = 0; i < n; i++) {
		const gw_organ *o = &b->organs[i];
		tline = above + i * (int)band + ((int)band - 1) / 2;
		gw_item *t = &v->items[v->nitems++];
		*t = titles[i];
		t->x = tr - wt[i];
		t->y += tline * pitch;
		check_left(l, t->x, "a signer's title, 2 characters left of the stamp,",
		           organ_member(o, "title"), d);
		if (!o->seal_path) {
			gw_item *s = &v->items[v->nitems++];
			*s = nm[i];
			/* in the stamp's place, centred (at the edge when wider) */
			s->x = wn[i] < w ? edge - (gw_len)(w / 2) - wn[i] / 2 : edge - wn[i];
			s->y += tline * pitch;
			continue;
		}
		int64_t h = image_h(o->seal, l->stamp_width);
		int64_t cy = (int64_t)tline * pitch + st->size / 2; /* the title's em box middle */
		int64_t top = cy - h / 2;
		if (top + l->margin_top < 0) {
			char *msg = gw_xasprintf("the stamp (%dx%d pixels) drawn %gpt wide is %gpt "
			                         "high: centred on the title it would run past the "
			                         "page's top edge",
			                         o->seal->w, o->seal->h, (double)w / 1000.0,
			                         (double)h / 1000.0);
			src_error(organ_member(o, "stamp"), d, msg);
			free(msg);
			continue;
		}
		image_item(&v->items[v->nitems++], o, edge - (gw_len)w, (gw_len)top, (gw_len)w);
		bottom = top + h;
	}
	/* one blank line below the last stamp (and the last title line) */
	int64_t below = (bottom + pitch - 1) / pitch;
	int dline = (int)(below > tline + 1 ? below : tline + 1) + 1;
	dt.x = edge - wd;
	dt.y += dline * pitch;
	v->items[v->nitems++] = dt;
	v->nlines = dline + 1;
	check_left(l, dt.x, "the date at 4 characters from the right", b->date_src, d);
	char what[96];
	snprintf(what, sizeof what,
	         "2 blank lines above %d signers and a blank line before the date", n);
	check_lines(l, b, dline + 1, what, d);
	free(titles), free(nm), free(wt), free(wn);
	return d->nerr > errors0 ? -1 : 0;
}

int gw_build_signature(const gw_layout *l, const gw_style *st, const gw_block *b, gw_diags *d,
                       gw_vlist *vl)
{
	if (b->norgans < 1)
		return -1; /* cannot happen: the loader requires an organ */
	if (b->sig_mode == GW_SIG_STAMP)
		return stamps(l, st, b, d, vl);
	if (b->norgans == 1)
		return one_organ(l, st, b, d, vl);
	return b->sig_mode == GW_SIG_SEAL ? joint_seals(l, st, b, d, vl)
	                                  : joint_plain(l, st, b, d, vl);
}
