/*
 * record.c: the 版记 block and the 附件说明 check (see record.h).
 *
 * GB/T 9704-2012 7.4 (standards.md 1.10), from the top of the block down:
 *  - the first rule (outer_rule, 0.35 mm) as wide as the type area;
 *  - 主送 moved here (7.3.2, 7.4.2: set like 抄送, on the line(s) above it, no rule between);
 *  - 抄送 (7.4.2): 4号仿宋, "抄送：" 1 字 from the left, the organs after it, wrapped lines
 *    aligned after "抄送：", 1 字 clear of the right edge, ending with "。" (added when the
 *    text does not end with it; a trailing "：" is dropped first); lines break between organs
 *    (after ，、；) and are flush left, unless an organ is longer than a line;
 *  - a thin rule (inner_rule, 0.25 mm) when there is 主送 or 抄送 (7.4.1: the other
 *    elements are separated from the 印发 line by a thin rule);
 *  - the 印发 line (7.4.3): 印发机关 1 字 from the left, 印发日期 ("2018年12月24日印发", no
 *    leading zeros) 1 字 from the right;
 *  - the last rule (outer_rule), which paginate/ puts on the type area's bottom edge.
 * Every line takes the layout's 版记 pitch (the grid's by default) with its text centred
 * in it, and the rules lie on the line boundaries.
 */
#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/util.h"
#include "../break/linebreak.h"
#include "../shape/shape.h"
#include "../load/json.h"

#define GW_EM_ASCENT 880 /* baseline below the em box top, 1/1000 em (as build.c) */

typedef struct items {
	gw_item *v;
	int n, cap;
} items;

static void push(items *it, const gw_item *x)
{
	if (it->n == it->cap) {
		it->cap = it->cap ? it->cap * 2 : 16;
		it->v = gw_xrealloc(it->v, (size_t)it->cap * sizeof *it->v);
	}
	it->v[it->n++] = *x;
}

static void rule(const gw_layout *l, items *it, gw_len y, gw_len lw)
{
	gw_item r = {0};
	r.kind = GW_ITEM_RULE;
	r.x = l->margin_left;
	r.y = y;
	r.w = l->page_w - l->margin_left - l->margin_right; /* 7.4.1: as wide as the type area */
	r.lw = lw;
	push(it, &r);
}

static void free_items(items *it)
{
	for (int i = 0; i < it->n; i++)
		free(it->v[i].glyphs);
	free(it->v);
}

/* The y of line k's baseline in the block: the text's em box centred in the line. */
static gw_len baseline(const gw_layout *l, const gw_style *st, int k)
{
	return (gw_len)k * l->record_pitch + (l->record_pitch - st->size) / 2 +
	       (gw_len)((int64_t)st->size * GW_EM_ASCENT / 1000);
}

static int ends_with(const char *s, size_t len, const char *tail)
{
	size_t n = strlen(tail);
	return len >= n && memcmp(s + len - n, tail, n) == 0;
}

/* 1 for the marks after which a list of organs may break: ，、；,; */
static int organ_end(uint32_t cp)
{
	return cp == 0xFF0C || cp == 0x3001 || cp == 0xFF1B || cp == ',' || cp == ';';
}

/*
 * Breaks a list of organs only between organs (after ，、；), so that no organ's name is
 * split over two lines, as clerks set a 抄送 list; lines are filled greedily. Returns the
 * number of lines (*out malloc'ed), or 0 when an organ is longer than a line or the text
 * has a '\n' (the caller then breaks it like a paragraph).
 */
static int organ_lines(const gw_glyph *g, int n, gw_len width, gw_line **out)
{
	int cap = 4, nl = 0, from = 0;
	gw_line *lines = gw_xmalloc((size_t)cap * sizeof *lines);
	gw_len w = 0; /* of [from, end) */
	int end = 0; /* the end of the last whole organ on the line */
	for (int i = 0; i <= n; i++) {
		if (i < n && g[i].cp == '\n') {
			free(lines);
			return 0;
		}
		if (i < n && !organ_end(g[i].cp) && i + 1 < n)
			continue;
		int e = i < n ? i + 1 : n; /* an organ ends after glyph i (or the text ends) */
		if (e <= end)
			continue;
		gw_len seg = 0;
		for (int k = end; k < e; k++)
			seg += g[k].adv;
		if (w + seg > width && end > from) {
			if (nl == cap)
				lines = gw_xrealloc(lines, (size_t)(cap *= 2) * sizeof *lines);
			lines[nl] = (gw_line){from, end, w, 0, nl == 0};
			nl++;
			from = end;
			w = 0;
		}
		if (seg > width) {
			free(lines);
			return 0;
		}
		w += seg;
		end = e;
	}
	if (nl == cap)
		lines = gw_xrealloc(lines, (size_t)(cap + 1) * sizeof *lines);
	lines[nl] = (gw_line){from, n, w, 1, nl == 0};
	nl++;
	*out = lines;
	return nl;
}

/*
 * "主送：" or "抄送：" with the organs (7.4.2), from line k0 on; returns the lines taken, or
 * -1 after errors.
 */
static int labelled(const gw_layout *l, const gw_style *st, const char *label, const gw_text *t,
                    int k0, items *it, gw_diags *d)
{
	gw_len cell = gw_grid_advance(l, 1000, st->size);
	gw_len area = l->page_w - l->margin_left - l->margin_right;
	gw_item lab;
	gw_len lw;
	if (gw_build_text_item(l, st, label, strlen(label), t->src, 0, d, &lab, &lw) < 0)
		return -1;
	gw_len width = area - 2 * cell - lw;
	if (width < 4 * cell) {
		free(lab.glyphs);
		gw_json_error(t->src.json, d, t->src.node, 0,
		              "the 版记's text is too large for the type area's width");
		return -1;
	}
	size_t len = t->len;
	if (ends_with(t->s, len, "："))
		len -= strlen("：");
	else if (ends_with(t->s, len, ":"))
		len -= 1;
	gw_buf b = {0};
	gw_buf_put(&b, t->s, len);
	if (!ends_with(t->s, len, "。"))
		gw_buf_puts(&b, "。"); /* 7.4.2: the list of organs ends with a full stop */
	gw_glyph *g;
	int n = gw_shape(l, st, b.data, b.len, t->src, 1, d, &g);
	gw_buf_free(&b);
	if (n < 0) {
		free(lab.glyphs);
		return -1;
	}
	lab.x = l->margin_left + cell;
	lab.y = baseline(l, st, k0);
	push(it, &lab);
	gw_line *lines;
	int whole = 1; /* organs kept whole, lines flush left */
	int nl = organ_lines(g, n, width, &lines);
	if (nl == 0) {
		whole = 0; /* broken like a paragraph, justified */
		nl = gw_break_lines(l->icu, g, n, width, 0, &lines);
	}
	for (int i = 0; i < nl; i++) {
		gw_line *ln = &lines[i];
		gw_len x0 =
		        gw_place_line(g, ln, width, 0, whole ? GW_ALIGN_LEFT : GW_ALIGN_JUSTIFY);
		if (ln->to == ln->from)
			continue;
		gw_item x = {0};
		x.kind = GW_ITEM_TEXT;
		x.x = l->margin_left + cell + lw + x0;
		x.y = baseline(l, st, k0 + i);
		x.size = st->size;
		x.nglyphs = ln->to - ln->from;
		x.glyphs = gw_xmalloc((size_t)x.nglyphs * sizeof *x.glyphs);
		memcpy(x.glyphs, g + ln->from, (size_t)x.nglyphs * sizeof *g);
		push(it, &x);
	}
	free(lines);
	free(g);
	return nl;
}

/* The 印发 line on line k (7.4.3). */
static int printed(const gw_layout *l, const gw_style *st, const gw_record *r, int k, items *it,
                   gw_diags *d)
{
	gw_len cell = gw_grid_advance(l, 1000, st->size);
	gw_len area = l->page_w - l->margin_left - l->margin_right;
	gw_buf b = {0};
	int as_text = r->date.text.len > 0;
	if (as_text) {
		gw_buf_put(&b, r->date.text.s, r->date.text.len);
		if (!ends_with(r->date.text.s, r->date.text.len, "印发"))
			gw_buf_puts(&b, "印发");
	} else {
		/* 7.4.3: the year in full, month and day without a leading zero */
		gw_buf_printf(&b, "%d年%d月%d日印发", r->date.y, r->date.m, r->date.d);
	}
	gw_item org, dt;
	gw_len wo, wd;
	if (gw_build_text_item(l, st, r->printer.s, r->printer.len, r->printer.src, 1, d, &org,
	                       &wo) < 0) {
		gw_buf_free(&b);
		return -1;
	}
	if (gw_build_text_item(l, st, b.data, b.len, r->date_src, as_text, d, &dt, &wd) < 0) {
		gw_buf_free(&b);
		free(org.glyphs);
		return -1;
	}
	gw_buf_free(&b);
	if (wo + wd + 3 * cell > area) {
		/* one character between them at least, besides the 1 字 at either side */
		gw_json_error(
		        r->printer.src.json, d, r->printer.src.node, 0,
		        "the 印发机关 and the 印发日期 (%gpt and %gpt wide) do not fit on one "
		        "line of the 版记: the type area is %gpt wide, with 1 字 kept clear at "
		        "either side and 1 between them",
		        (double)wo / 1000.0, (double)wd / 1000.0, (double)area / 1000.0);
		free(org.glyphs);
		free(dt.glyphs);
		return -1;
	}
	org.x = l->margin_left + cell; /* 7.4.3: 印发机关 1 字 from the left */
	org.y = baseline(l, st, k);
	dt.x = l->page_w - l->margin_right - cell - wd; /* 印发日期 1 字 from the right */
	dt.y = baseline(l, st, k);
	push(it, &org);
	push(it, &dt);
	return 0;
}

int gw_build_record(const gw_layout *l, const gw_doc *doc, gw_diags *d, gw_vlist *out)
{
	const gw_record *r = doc->record;
	if (!r)
		return 0;
	if (!l->record_on) {
		/* GB/T 9704-2012 10.1: a 信函 has no 版记 */
		gw_json_error(r->src.json, d, r->src.node, 1,
		              "this layout has no 版记 (its \"record\" is false, as for a 信函, "
		              "GB/T 9704-2012 10.1): remove \"record\"");
		return -1;
	}
	if (l->record_style < 0 || l->record_pitch <= 0)
		return -1; /* cannot happen: the layout loader gives both */
	const gw_style *st = &l->styles[l->record_style];
	items it = {0};
	int k = 0, status = 0;
	rule(l, &it, 0, l->record_rule_outer); /* 7.4.1: the first rule */
	if (r->to.len) {
		int n = labelled(l, st, "主送：", &r->to, k, &it, d);
		if (n < 0)
			status = -1;
		else
			k += n;
	}
	if (r->cc.len) {
		int n = labelled(l, st, "抄送：", &r->cc, k, &it, d);
		if (n < 0)
			status = -1;
		else
			k += n;
	}
	if (k > 0)
		rule(l, &it, (gw_len)k * l->record_pitch, l->record_rule_inner);
	if (printed(l, st, r, k, &it, d) < 0)
		status = -1;
	k++;
	rule(l, &it, (gw_len)k * l->record_pitch, l->record_rule_outer); /* the last rule */
	gw_len area_h = l->page_h - l->margin_top - l->margin_bottom;
	int64_t h = (int64_t)k * l->record_pitch;
	if (status == 0 && h > area_h) {
		gw_json_error(r->src.json, d, r->src.node, 0,
		              "the 版记 takes %d lines (%gpt) and the type area of a page is %gpt "
		              "high: the 版记 is never split over pages, so shorten 主送 or 抄送",
		              k, (double)h / 1000.0, (double)area_h / 1000.0);
		status = -1;
	}
	if (status < 0) {
		free_items(&it);
		return -1;
	}
	gw_vitem *v = gw_vlist_push(out, GW_V_BLOCK, 0);
	v->height = (gw_len)h;
	v->bottom = 1;
	v->items = it.v;
	v->nitems = it.n;
	return 0;
}

/* 1 when the texts are equal once line breaks are left out. */
static int same_name(const gw_text *a, const gw_text *b)
{
	size_t i = 0, k = 0;
	for (;;) {
		while (i < a->len && a->s[i] == '\n')
			i++;
		while (k < b->len && b->s[k] == '\n')
			k++;
		if (i == a->len || k == b->len)
			return i == a->len && k == b->len;
		if (a->s[i++] != b->s[k++])
			return 0;
	}
}

void gw_check_attachment_names(const gw_doc *doc, gw_diags *d)
{
	for (int i = 0; i < doc->nblocks; i++) {
		const gw_block *b = &doc->blocks[i];
		/* nothing to compare when the data gives no attachments (they may be sent as
		 * separate files) */
		if (b->kind != GW_BLOCK_ATTACH_NOTE || !b->src.json || doc->nattachments == 0)
			continue;
		/* GB/T 9704-2012 7.3.7: the 附件 match the 附件说明 in number and name */
		if (b->nitems != doc->nattachments) {
			gw_json_warning(
			        b->src.json, d, b->src.node, 0,
			        "the 附件说明 names %d attachment%s and the document has %d "
			        "(\"attachments\"): GB/T 9704-2012 7.3.7 wants them to match",
			        b->nitems, b->nitems == 1 ? "" : "s", doc->nattachments);
			continue;
		}
		for (int k = 0; k < b->nitems; k++) {
			const gw_attachment *a = &doc->attachments[k];
			if (!a->title.len || same_name(&b->items[k], &a->title))
				continue;
			int n = a->title.len > 200 ? 200 : (int)a->title.len;
			while (n > 0 && n < (int)a->title.len &&
			       ((unsigned char)a->title.s[n] & 0xC0) == 0x80)
				n--; /* not inside a character */
			gw_json_warning(
			        b->items[k].src.json ? b->items[k].src.json : b->src.json, d,
			        b->items[k].src.json ? b->items[k].src.node : b->src.node, 0,
			        "the 附件说明's item %d is not the title of attachment %d "
			        "(\"%.*s\"): GB/T 9704-2012 7.3.7 wants them to match",
			        k + 1, k + 1, n, a->title.s);
		}
	}
}
