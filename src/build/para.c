/*
 * para.c: paragraphs with alignment, indent and runs; 主送, 附注, 附件说明, 纪要's attendance
 * lines (see para.h and docs/guide/paragraphs.md).
 *
 * Every line is one grid line: its items' em boxes start at the line's top (build.c). The
 * glyphs of all runs of a paragraph are broken as one text (breaks.h: kinsoku and the other
 * rules see the runs joined), then each line is cut into one item per run piece.
 */
#include "para.h"

#include <stdlib.h>
#include <string.h>

#include "../base/util.h"
#include "../break/linebreak.h"
#include "../load/values.h"
#include "../shape/shape.h"

/* How a run piece is painted. */
typedef struct piece {
	const gw_style *st; /* its style (the size of the paragraph's style) */
	int bold; /* 1: emboldened (gw_item.bold) */
} piece;

/* Text shaped from several pieces: the glyphs and, per glyph, its piece. */
typedef struct ptext {
	gw_glyph *g; /* glyphs (owned) */
	int *pc; /* per glyph: index into the pieces (owned) */
	int n; /* glyphs */
} ptext;

static void ptext_free(ptext *t)
{
	free(t->g);
	free(t->pc);
	memset(t, 0, sizeof *t);
}

/* Appends the n glyphs g (owned, freed here) as piece pc. */
static void ptext_put(ptext *t, gw_glyph *g, int n, int pc)
{
	t->g = gw_xrealloc(t->g, ((size_t)t->n + (size_t)n + 1) * sizeof *t->g);
	t->pc = gw_xrealloc(t->pc, ((size_t)t->n + (size_t)n + 1) * sizeof *t->pc);
	if (n)
		memcpy(t->g + t->n, g, (size_t)n * sizeof *g);
	for (int i = 0; i < n; i++)
		t->pc[t->n + i] = pc;
	t->n += n;
	free(g);
}

/* Shapes s[0..len) in st as piece pc and appends it; -1 after errors. */
static int ptext_add(ptext *t, const gw_layout *l, const gw_style *st, const char *s, size_t len,
                     gw_src src, int src_is_text, int pc, gw_diags *d)
{
	gw_glyph *g;
	int n = gw_shape(l, st, s, len, src, src_is_text, d, &g);
	if (n < 0)
		return -1;
	ptext_put(t, g, n, pc);
	return 0;
}

/* Adds a text item to v. */
static gw_item *add_item(gw_vitem *v)
{
	v->items = gw_xrealloc(v->items, ((size_t)v->nitems + 1) * sizeof *v->items);
	gw_item *it = &v->items[v->nitems++];
	memset(it, 0, sizeof *it);
	return it;
}

/*
 * Adds g[from..to) (x set by gw_place_line, from the line's start) to v as one item per run
 * piece, the line starting at x0 from the page's left; '\n' glyphs (no font) paint nothing.
 */
static void put_glyphs(const ptext *t, const piece *pcs, int from, int to, gw_len x0, gw_vitem *v)
{
	int a = from;
	while (a < to) {
		if (!t->g[a].font) {
			a++;
			continue;
		}
		int b = a;
		while (b < to && t->g[b].font && t->pc[b] == t->pc[a])
			b++;
		const piece *p = &pcs[t->pc[a]];
		gw_item *it = add_item(v);
		it->kind = GW_ITEM_TEXT;
		it->x = x0 + t->g[a].x;
		it->y = (gw_len)((int64_t)p->st->size * GW_EM_ASCENT / 1000);
		it->size = p->st->size;
		it->color = p->st->color;
		it->bold = p->bold;
		it->nglyphs = b - a;
		it->glyphs = gw_xmalloc((size_t)it->nglyphs * sizeof *it->glyphs);
		for (int k = a; k < b; k++) {
			it->glyphs[k - a] = t->g[k];
			it->glyphs[k - a].x -= t->g[a].x;
		}
		a = b;
	}
}

/*
 * Breaks t at width (the line starting left from the type area's left edge; the first line
 * also holds indent) and appends one vitem per line. Returns the first line's vitem index.
 */
static int put_lines(const gw_layout *l, ptext *t, const piece *pcs, gw_len left, gw_len indent,
                     gw_align align, gw_vlist *vl)
{
	gw_len width = l->page_w - l->margin_left - l->margin_right - left;
	gw_line *lines;
	int nl = gw_break_lines(l->icu, t->g, t->n, width, indent, &lines);
	int first = vl->n;
	for (int i = 0; i < nl; i++) {
		gw_len x0 = gw_place_line(t->g, &lines[i], width, indent, align);
		gw_vitem *v = gw_vlist_push(vl, GW_V_LINES, 1);
		put_glyphs(t, pcs, lines[i].from, lines[i].to, l->margin_left + left + x0, v);
	}
	free(lines);
	return first;
}

static void blank(gw_vlist *vl, int n)
{
	if (n > 0)
		gw_vlist_push(vl, GW_V_BLANK, n);
}

/* The width of t's glyphs g[from..n) as shaped. */
static gw_len natural_width(const ptext *t, int from)
{
	gw_len w = 0;
	for (int i = from; i < t->n; i++)
		w += t->g[i].adv;
	return w;
}

/*
 * Adds a one-line text (a label, a number) to v at x from the page's left, before the items
 * v has (reading order: the label comes first); returns its width.
 */
static gw_len put_label(const ptext *t, const piece *pcs, gw_len x, int at, gw_vitem *v)
{
	gw_len w = 0;
	for (int i = 0; i < t->n; i++) {
		t->g[i].x = w;
		w += t->g[i].adv;
	}
	int n0 = v->nitems;
	put_glyphs(t, pcs, 0, t->n, x, v);
	int k = v->nitems - n0; /* rotate the new items to position at */
	gw_item *tmp = gw_xmalloc(((size_t)k + 1) * sizeof *tmp);
	memcpy(tmp, v->items + n0, (size_t)k * sizeof *tmp);
	memmove(v->items + at + k, v->items + at, (size_t)(n0 - at) * sizeof *tmp);
	memcpy(v->items + at, tmp, (size_t)k * sizeof *tmp);
	free(tmp);
	return w;
}

/* Where member key of the block's kind value is, else the block. */
static gw_src member_src(const gw_block *b, const char *key)
{
	gw_src src = b->src;
	const cJSON *kind = src.node ? src.node->child : NULL;
	const cJSON *m = cJSON_IsObject(kind) ? cJSON_GetObjectItemCaseSensitive(kind, key) : NULL;
	if (m)
		src.node = m;
	return src;
}

static void src_error(gw_src src, gw_diags *d, const char *msg)
{
	if (src.json)
		gw_json_error(src.json, d, src.node, 0, "%s", msg);
	else
		gw_diags_add(d, NULL, 0, 0, NULL, "%s", msg);
}

/* The style a run names, or -1 after an error at its "style" (unknown; another size). */
static const gw_style *run_style(const gw_layout *l, const gw_style *st, const gw_run *r,
                                 gw_diags *d)
{
	if (!r->style)
		return st;
	for (int i = 0; i < l->nstyles; i++) {
		if (strcmp(l->styles[i].name, r->style) != 0)
			continue;
		const gw_style *rs = &l->styles[i];
		if (rs->size != st->size) {
			char *msg = gw_xasprintf("the run's style \"%s\" is %gpt and the "
			                         "paragraph's \"%s\" is %gpt: "
			                         "the runs of a paragraph share its size (its "
			                         "lines stay on the grid)",
			                         rs->name, rs->size / 1000.0, st->name,
			                         st->size / 1000.0);
			src_error(r->style_src, d, msg);
			free(msg);
			return NULL;
		}
		return rs;
	}
	const char **names = gw_xcalloc((size_t)l->nstyles + 1, sizeof *names);
	for (int i = 0; i < l->nstyles; i++)
		names[i] = l->styles[i].name;
	const char *hint = gw_did_you_mean(r->style, names);
	char *msg =
	        hint ? gw_xasprintf("unknown style \"%s\" (did you mean \"%s\"?)", r->style, hint)
	             : gw_xasprintf("unknown style \"%s\" in the layout", r->style);
	src_error(r->style_src, d, msg);
	free(msg);
	free(names);
	return NULL;
}

/* A paragraph given with runs, "align" or "indent". */
static int para_p(const gw_layout *l, const gw_style *st, const gw_block *b, gw_diags *d,
                  gw_vlist *vl)
{
	int errors0 = d->nerr;
	int nind = b->indent >= 0 ? b->indent : st->indent;
	if (nind >= l->chars_per_line) {
		char *msg = gw_xasprintf("the indent is %d characters and a line of this layout "
		                         "holds %d: at most %d",
		                         nind, l->chars_per_line, l->chars_per_line - 1);
		src_error(member_src(b, "indent"), d, msg);
		free(msg);
	}
	int np = b->runs ? b->nruns : 1;
	piece *pcs = gw_xcalloc((size_t)np, sizeof *pcs);
	ptext t = {0};
	if (!b->runs) {
		pcs[0].st = st;
		pcs[0].bold = st->bold;
		ptext_add(&t, l, st, b->text.s, b->text.len, b->text.src, 1, 0, d);
	}
	for (int i = 0; b->runs && i < b->nruns; i++) {
		const gw_run *r = &b->runs[i];
		const gw_style *rs = run_style(l, st, r, d);
		if (!rs)
			continue;
		pcs[i].st = rs;
		pcs[i].bold = r->bold > 0 ? 1 : r->bold < 0 ? 0 : rs->bold;
		ptext_add(&t, l, rs, r->text.s, r->text.len, r->text.src, 1, i, d);
	}
	if (d->nerr == errors0) {
		gw_align align = b->align >= 0 ? (gw_align)b->align : st->align;
		gw_len indent = (gw_len)nind * gw_grid_advance(l, 1000, st->size);
		blank(vl, st->space_before);
		put_lines(l, &t, pcs, 0, indent, align, vl);
		blank(vl, st->space_after);
	}
	ptext_free(&t);
	free(pcs);
	return d->nerr > errors0 ? -1 : 0;
}

/* Shapes the generated text s (no position of its own: errors point at src) and appends it. */
static int add_gen(ptext *t, const gw_layout *l, const gw_style *st, const char *s, gw_src src,
                   int pc, gw_diags *d)
{
	return ptext_add(t, l, st, s, strlen(s), src, 0, pc, d);
}

/*
 * Ends t (the text of src) with a full-width colon: an ASCII ':' at its end becomes "：" with
 * a warning at it; a missing one is added. Returns -1 after errors.
 */
static int end_with_colon(ptext *t, const gw_layout *l, const gw_style *st, gw_src src, int pc,
                          const char *what, gw_diags *d)
{
	uint32_t last = t->n ? t->g[t->n - 1].cp : 0;
	if (last == 0xFF1A) /* ： */
		return 0;
	if (last == ':') {
		if (src.json)
			gw_json_warning_at_text(src.json, d, src.node, t->g[t->n - 1].off,
			                        "%s ends with a full-width colon \"：\": the ASCII "
			                        "':' is printed as \"：\"",
			                        what);
		t->n--;
	}
	return add_gen(t, l, st, "：", src, pc, d);
}

/*
 * 主送机关 (GB/T 9704-2012 7.3.2): below the title (the title style's space_after gives the
 * blank line), flush left, continuation lines flush left too (full lines justified), ending
 * with a full-width colon.
 */
static int para_to(const gw_layout *l, const gw_style *st, const gw_block *b, gw_diags *d,
                   gw_vlist *vl)
{
	piece pc = {st, st->bold};
	ptext t = {0};
	int rc = ptext_add(&t, l, st, b->text.s, b->text.len, b->text.src, 1, 0, d);
	if (rc == 0)
		rc = end_with_colon(&t, l, st, b->text.src, 0,
		                    "the 主送机关 (GB/T 9704-2012 7.3.2)", d);
	if (rc == 0) {
		blank(vl, st->space_before);
		put_lines(l, &t, &pc, 0, 0, GW_ALIGN_JUSTIFY, vl);
		blank(vl, st->space_after);
	}
	ptext_free(&t);
	return rc;
}

/*
 * 附注 (GB/T 9704-2012 7.3.6): on the line after the date (no blank line), the style's
 * indent in (2 字 in gbt9704), in full-width round brackets, added when missing; ASCII
 * brackets around the whole text become full-width ones, with a warning.
 */
static int para_note(const gw_layout *l, const gw_style *st, const gw_block *b, gw_diags *d,
                     gw_vlist *vl)
{
	piece pc = {st, st->bold};
	ptext t = {0}, in = {0};
	if (ptext_add(&in, l, st, b->text.s, b->text.len, b->text.src, 1, 0, d) < 0)
		return -1;
	uint32_t c0 = in.n ? in.g[0].cp : 0, c1 = in.n ? in.g[in.n - 1].cp : 0;
	int from = 0, to = in.n, rc = 0;
	if (in.n >= 2 && c0 == '(' && c1 == ')') {
		if (b->text.src.json)
			gw_json_warning_at_text(
			        b->text.src.json, d, b->text.src.node, 0,
			        "a 附注 is set in full-width brackets (GB/T 9704-2012 "
			        "7.3.6): the ASCII '(' and ')' are printed as "
			        "\"（\" and \"）\"");
		from++, to--;
	}
	int wrap = !(in.n >= 2 && c0 == 0xFF08 && c1 == 0xFF09); /* （…） */
	if (wrap)
		rc = add_gen(&t, l, st, "（", b->text.src, 0, d);
	gw_glyph *mid = gw_xmalloc(((size_t)(to - from) + 1) * sizeof *mid);
	memcpy(mid, in.g + from, (size_t)(to - from) * sizeof *mid);
	ptext_put(&t, mid, to - from, 0);
	if (wrap && rc == 0)
		rc = add_gen(&t, l, st, "）", b->text.src, 0, d);
	if (rc == 0) {
		gw_len indent = (gw_len)st->indent * gw_grid_advance(l, 1000, st->size);
		blank(vl, st->space_before);
		int first = put_lines(l, &t, &pc, 0, indent, st->align, vl);
		if (first < vl->n) {
			vl->v[first].keep_prev = 1; /* on the date's page (7.3.6: the next line) */
			vl->v[first].why = "keep-note";
		}
		blank(vl, st->space_after);
	}
	ptext_free(&in);
	ptext_free(&t);
	return rc;
}

/*
 * 附件说明 (GB/T 9704-2012 7.3.4): one blank line below the 正文, the style's indent in (2 字),
 * "附件：" and the names; several are numbered "1." "2." ... (the numbers under one another,
 * after "附件："), a single one is not; a name's continuation lines align with its first
 * character (附件名称较长需回行时，应当与上一行附件名称的首字对齐).
 */
static int para_attach_note(const gw_layout *l, const gw_style *st, const gw_block *b, gw_diags *d,
                            gw_vlist *vl)
{
	piece pc = {st, st->bold};
	gw_len cell = gw_grid_advance(l, 1000, st->size);
	gw_len x = (gw_len)st->indent * cell;
	ptext label = {0};
	if (add_gen(&label, l, st, "附件：", b->src, 0, d) < 0)
		return -1;
	gw_len xnum = x + natural_width(&label, 0);
	int rc = 0;
	blank(vl, 1 + st->space_before); /* 7.3.4: 在正文下空一行 */
	for (int i = 0; i < b->nitems; i++) {
		const gw_text *it = &b->items[i];
		ptext num = {0}, t = {0};
		if (b->nitems > 1) {
			char s[24];
			snprintf(s, sizeof s, "%d.", i + 1);
			add_gen(&num, l, st, s, it->src, 0, d);
		}
		gw_len xtext = xnum + natural_width(&num, 0);
		if (ptext_add(&t, l, st, it->s, it->len, it->src, 1, 0, d) < 0 ||
		    xtext >= l->page_w - l->margin_left - l->margin_right - 2 * cell) {
			if (xtext >= l->page_w - l->margin_left - l->margin_right - 2 * cell)
				src_error(it->src, d,
				          "no room for the attachment's name after \"附件：\" and "
				          "its "
				          "number on a line of this layout");
			rc = -1;
		} else {
			int first = put_lines(l, &t, &pc, xtext, 0, st->align, vl);
			if (first < vl->n) {
				gw_vitem *v = &vl->v[first];
				int at = 0;
				if (i == 0)
					at = v->nitems,
					put_label(&label, &pc, l->margin_left + x, 0, v),
					at = v->nitems - at;
				put_label(&num, &pc, l->margin_left + xnum, at, v);
			}
		}
		ptext_free(&num);
		ptext_free(&t);
	}
	blank(vl, st->space_after);
	ptext_free(&label);
	return rc;
}

/*
 * 纪要's attendance line (GB/T 9704-2012 10.3): the style's indent in (2 字), the label in
 * the attendance block style (3号黑体 in gbt9704) with a full-width colon, then the names in
 * the paragraph style (3号仿宋), their continuation lines aligned after the colon. One blank
 * line above the first of a series of attendance blocks.
 */
static int para_attendance(const gw_layout *l, const gw_style *lst, const gw_block *b,
                           const gw_block *prev, gw_diags *d, gw_vlist *vl)
{
	const gw_style *st = &l->styles[l->block_style[GW_BLOCK_P]];
	piece pcs[2] = {{lst, lst->bold}, {st, st->bold}};
	gw_len cell = gw_grid_advance(l, 1000, st->size);
	gw_len x = (gw_len)st->indent * cell;
	ptext label = {0}, t = {0};
	int rc = ptext_add(&label, l, lst, b->label.s, b->label.len, b->label.src, 1, 0, d);
	if (rc == 0)
		rc = end_with_colon(&label, l, lst, b->label.src, 0, "an attendance label", d);
	if (ptext_add(&t, l, st, b->text.s, b->text.len, b->text.src, 1, 1, d) < 0)
		rc = -1;
	gw_len xtext = x + (rc == 0 ? natural_width(&label, 0) : 0);
	if (rc == 0 && xtext >= l->page_w - l->margin_left - l->margin_right - 2 * cell) {
		src_error(b->label.src, d,
		          "the attendance label is too long: no room for the names after it");
		rc = -1;
	}
	if (rc == 0) {
		if (!prev || prev->kind != GW_BLOCK_ATTENDANCE)
			blank(vl, 1); /* 10.3: the attendance lines stand apart from the 正文 */
		blank(vl, st->space_before);
		int first = put_lines(l, &t, pcs, xtext, 0, st->align, vl);
		if (first < vl->n)
			put_label(&label, pcs, l->margin_left + x, 0, &vl->v[first]);
		blank(vl, st->space_after);
	}
	ptext_free(&label);
	ptext_free(&t);
	return rc;
}

int gw_para_kind(const gw_block *b)
{
	switch (b->kind) {
	case GW_BLOCK_P:
		return b->runs || b->align >= 0 || b->indent >= 0;
	case GW_BLOCK_TO:
	case GW_BLOCK_NOTE:
	case GW_BLOCK_ATTACH_NOTE:
	case GW_BLOCK_ATTENDANCE:
		return 1;
	default:
		return 0;
	}
}

int gw_build_para(const gw_layout *l, const gw_block *b, const gw_block *prev, gw_diags *d,
                  gw_vlist *vl)
{
	const gw_style *st = &l->styles[l->block_style[b->kind]];
	switch (b->kind) {
	case GW_BLOCK_P:
		return para_p(l, st, b, d, vl);
	case GW_BLOCK_TO:
		return para_to(l, st, b, d, vl);
	case GW_BLOCK_NOTE:
		return para_note(l, st, b, d, vl);
	case GW_BLOCK_ATTACH_NOTE:
		return para_attach_note(l, st, b, d, vl);
	case GW_BLOCK_ATTENDANCE:
		return para_attendance(l, st, b, prev, d, vl);
	default:
		return 0;
	}
}
