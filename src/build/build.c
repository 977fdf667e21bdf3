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
#include "../base/utf8.h"
#include "../load/values.h"
#include "head.h"
#include "para.h"
#include "record.h"
#include "signature.h"
#include "table.h"
#include "title.h"

gw_len gw_line_pitch(const gw_layout *l)
{
	return (l->page_h - l->margin_top - l->margin_bottom) / l->lines_per_page;
}

gw_vitem *gw_vlist_push(gw_vlist *vl, gw_vkind kind, int nlines)
{
	if (vl->n == vl->cap) {
		vl->cap = vl->cap ? vl->cap * 2 : 64;
		vl->v = gw_xrealloc(vl->v, (size_t)vl->cap * sizeof *vl->v);
	}
	gw_vitem *v = &vl->v[vl->n++];
	memset(v, 0, sizeof *v);
	v->kind = kind;
	v->nlines = nlines;
	v->outline = -1;
	v->header_of = -1;
	v->cont_of = -1;
	v->lead = -1;
	return v;
}

static void blank(gw_vlist *vl, int n)
{
	if (n > 0)
		gw_vlist_push(vl, GW_V_BLANK, n);
}

/* One text line as a vitem of one grid line. */
static void line_item(const gw_layout *l, const gw_style *st, const gw_glyph *g, const gw_line *ln,
                      gw_len x0, gw_vlist *vl)
{
	gw_vitem *v = gw_vlist_push(vl, GW_V_LINES, 1);
	if (ln->to == ln->from)
		return; /* an empty line (two '\n' in a row) paints nothing */
	v->items = gw_xcalloc(1, sizeof *v->items);
	v->nitems = 1;
	gw_item *it = &v->items[0];
	it->kind = GW_ITEM_TEXT;
	it->x = l->margin_left + x0;
	it->y = (gw_len)((int64_t)st->size * GW_EM_ASCENT / 1000);
	it->size = st->size;
	it->color = st->color;
	it->bold = st->bold;
	it->nglyphs = ln->to - ln->from;
	it->glyphs = gw_xmalloc((size_t)it->nglyphs * sizeof *it->glyphs);
	memcpy(it->glyphs, g + ln->from, (size_t)it->nglyphs * sizeof *g);
}

/*
 * Title lines (GB/T 9704-2012 7.3.1): each '\n'-separated segment is broken into balanced
 * lines at word boundaries (title.c); a segment that no balanced set fits is broken like a
 * paragraph. Every line is placed with the style's alignment (centred in gbt9704).
 */
static int title_lines(const gw_layout *l, const gw_glyph *g, int n, gw_len width, gw_line **out)
{
	int cap = 8, nl = 0;
	gw_line *lines = gw_xmalloc((size_t)cap * sizeof *lines);
	int a = 0;
	while (a <= n) {
		int b = a;
		while (b < n && g[b].cp != '\n')
			b++;
		int starts[GW_TITLE_MAX_LINES];
		int k = gw_title_breaks(l->icu, g + a, b - a, width, starts);
		gw_line *seg;
		int ns;
		if (k > 0) {
			ns = k;
			seg = gw_xmalloc((size_t)k * sizeof *seg);
			for (int i = 0; i < k; i++) {
				seg[i].from = a + (i ? starts[i - 1] : 0);
				seg[i].to = i < k - 1 ? a + starts[i] : b;
			}
		} else {
			ns = gw_break_lines(l->icu, g + a, b - a, width, 0, &seg);
			for (int i = 0; i < ns; i++)
				seg[i].from += a, seg[i].to += a;
		}
		for (int i = 0; i < ns; i++) {
			gw_line *ln = &seg[i];
			ln->first = 0;
			ln->last = 1; /* title lines are never stretched */
			ln->width = 0;
			for (int q = ln->from; q < ln->to; q++)
				ln->width += g[q].adv;
			if (nl == cap) {
				cap *= 2;
				lines = gw_xrealloc(lines, (size_t)cap * sizeof *lines);
			}
			lines[nl++] = *ln;
		}
		free(seg);
		if (b >= n)
			break;
		a = b + 1;
	}
	*out = lines;
	return nl;
}

/*
 * A paragraph-like block: glyphs broken at the type area width, one vitem per line, with
 * the style's blank lines around it. Returns the index of its first line's vitem.
 */
static int paragraph(const gw_layout *l, const gw_style *st, gw_glyph *g, int n, int title,
                     gw_vlist *vl)
{
	gw_len width = l->page_w - l->margin_left - l->margin_right;
	gw_len indent = title ? 0 : (gw_len)st->indent * gw_grid_advance(l, 1000, st->size);
	gw_line *lines;
	int nl = title ? title_lines(l, g, n, width, &lines)
	               : gw_break_lines(l->icu, g, n, width, indent, &lines);
	blank(vl, st->space_before);
	int first = vl->n;
	for (int i = 0; i < nl; i++) {
		gw_len x0 = gw_place_line(g, &lines[i], width, indent, st->align);
		line_item(l, st, g, &lines[i], x0, vl);
	}
	blank(vl, st->space_after);
	free(lines);
	return first;
}

/* Concatenates two glyph arrays (b after a); frees both. */
static gw_glyph *join(gw_glyph *a, int na, gw_glyph *b, int nb)
{
	gw_glyph *g = gw_xmalloc(((size_t)na + (size_t)nb + 1) * sizeof *g);
	if (na)
		memcpy(g, a, (size_t)na * sizeof *g);
	if (nb)
		memcpy(g + na, b, (size_t)nb * sizeof *g);
	free(a);
	free(b);
	return g;
}

/* Chinese numeral for 1..999 (一, 十, 十一, 二十, 一百零五, ...); decimal digits beyond. */
static void zh_numeral(int n, gw_buf *b)
{
	static const char *const d[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	if (n <= 0 || n >= 1000) {
		gw_buf_printf(b, "%d", n);
		return;
	}
	if (n >= 100) {
		gw_buf_printf(b, "%s百", d[n / 100]);
		n %= 100;
		if (n == 0)
			return;
		if (n < 10) {
			gw_buf_printf(b, "零%s", d[n]);
			return;
		}
		gw_buf_printf(b, "%s十", d[n / 10]); /* 一百一十 */
	} else if (n >= 10) {
		if (n >= 20)
			gw_buf_puts(b, d[n / 10]);
		gw_buf_puts(b, "十");
	}
	if (n % 10)
		gw_buf_puts(b, d[n % 10]);
}

/* The automatic number of a heading (GB/T 9704-2012 7.3.3): 一、 （一） 1. （1）. */
static void heading_number(int level, int count, gw_buf *b)
{
	switch (level) {
	case 1:
		zh_numeral(count, b);
		gw_buf_puts(b, "、");
		break;
	case 2:
		gw_buf_puts(b, "（");
		zh_numeral(count, b);
		gw_buf_puts(b, "）");
		break;
	case 3:
		gw_buf_printf(b, "%d.", count);
		break;
	default:
		gw_buf_printf(b, "（%d）", count);
		break;
	}
}

/*
 * Appends an outline entry for the text of g[0..n) ('\n' dropped); returns its index. The
 * painter writes its title as a PDF text string, UTF-16BE with a byte order mark, and a PDF/A
 * string holds at most GW_PDF_MAX_STRING bytes (gw.h): a longer title keeps the characters
 * that fit before a closing "…", with a warning at src. A bookmark is a way into the text,
 * which the page shows whole, so a cut one is no reason to refuse the document.
 */
static int outline_entry(gw_vlist *vl, int level, const gw_glyph *g, int n, int vitem, gw_src src,
                         gw_diags *d)
{
	size_t total = 0, units = 0;
	for (int i = 0; i < n; i++)
		if (g[i].cp != '\n')
			total += g[i].cp >= 0x10000 ? 2 : 1;
	/* when it does not fit, the kept characters leave one unit for the "…" */
	size_t room = total <= GW_PDF_MAX_TEXT_UNITS ? total : GW_PDF_MAX_TEXT_UNITS - 1;
	gw_buf t = {0};
	size_t kept = 0;
	for (int i = 0; i < n; i++) {
		char u[4];
		if (g[i].cp == '\n')
			continue;
		size_t w = g[i].cp >= 0x10000 ? 2 : 1;
		if (units + w > room)
			break;
		units += w;
		kept++;
		gw_buf_put(&t, u, (size_t)gw_utf8_encode(g[i].cp, u));
	}
	if (room < total) {
		gw_buf_puts(&t, "…");
		if (src.json)
			gw_json_warning(src.json, d, src.node, 0,
			                "the text is too long for its bookmark in the PDF outline "
			                "(a PDF/A string "
			                "holds at most %d bytes): the bookmark shows the first %zu "
			                "characters and \"…\"",
			                GW_PDF_MAX_STRING, kept);
	}
	vl->outline = gw_xrealloc(vl->outline, ((size_t)vl->noutline + 1) * sizeof *vl->outline);
	gw_outline *o = &vl->outline[vl->noutline];
	o->level = level;
	o->title = gw_buf_take(&t);
	o->page = 0;
	o->y = 0;
	vl->v[vitem].outline = vl->noutline;
	return vl->noutline++;
}

int gw_build_text_item(const gw_layout *l, const gw_style *st, const char *s, size_t len,
                       gw_src src, int src_is_text, gw_diags *d, gw_item *out, gw_len *width)
{
	gw_glyph *g;
	int n = gw_shape(l, st, s, len, src, src_is_text, d, &g);
	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		if (g[i].cp != '\n')
			continue;
		/* a one-line text has no use for a line break (and its glyph has no font) */
		if (src.json)
			gw_json_error_at_text(
			        src.json, d, src.node, src_is_text ? g[i].off : (size_t)-1,
			        "a line break (\\n) is not allowed here: this text is set "
			        "on one line");
		else
			gw_diags_add(d, NULL, 0, 0, NULL,
			             "a line break (\\n) is not allowed in a text set on one line");
		free(g);
		return -1;
	}
	/* in 64 bits: a one-line text may be a 1 MiB organ's name, far wider than any page (the
	 * caller refuses it); positions are kept at most 2^30 (about 1,073,742 pt) */
	int64_t x = 0;
	for (int i = 0; i < n; i++) {
		g[i].x = (gw_len)(x < (1 << 30) ? x : (1 << 30));
		x += g[i].adv;
	}
	if (x > (1 << 30))
		x = 1 << 30;
	memset(out, 0, sizeof *out);
	out->kind = GW_ITEM_TEXT;
	out->y = (gw_len)((int64_t)st->size * GW_EM_ASCENT / 1000);
	out->size = st->size;
	out->color = st->color;
	out->bold = st->bold;
	out->glyphs = g;
	out->nglyphs = n;
	*width = (gw_len)x;
	return 0;
}

/* 1 for a Chinese numeral's character (一 to 九, 十, 百, 零, 〇). */
static int zh_digit(uint32_t c)
{
	static const char *const set = "零〇一二三四五六七八九十百";
	char u[5] = {0};
	gw_utf8_encode(c, u);
	return c >= 0x3000 && strstr(set, u) != NULL;
}

/*
 * The length in bytes of the heading number s starts with, 0 for none: the forms of GB/T
 * 9704-2012 7.3.3 (一、 （一） 1. （1）) and their common variants ((一) 1、 1． (1) （1)).
 * "1.5亿元" is a number, not a heading number: a '.' must not be followed by a digit.
 */
static size_t own_number(const char *s, size_t len)
{
	uint32_t c[48];
	size_t off[49];
	int n = 0;
	size_t i = 0;
	while (i < len && n < 48) {
		int k = gw_utf8_decode((const unsigned char *)s + i, len - i, &c[n]);
		if (k <= 0)
			break;
		off[n++] = i;
		i += (size_t)k;
	}
	off[n] = i;
	int k = 0;
	if (n > 0 && (c[0] == 0xFF08 || c[0] == '(')) { /* （一） (1) */
		k = 1;
		int zh = k < n && zh_digit(c[k]);
		while (k < n && (zh ? zh_digit(c[k]) : (c[k] >= '0' && c[k] <= '9')))
			k++;
		if (k > 1 && k < n && (c[k] == 0xFF09 || c[k] == ')'))
			return off[k + 1];
		return 0;
	}
	while (k < n && zh_digit(c[k]))
		k++;
	if (k > 0)
		return k < n && c[k] == 0x3001 ? off[k + 1] : 0; /* 一、 */
	while (k < n && c[k] >= '0' && c[k] <= '9')
		k++;
	if (k > 0 && k < n && (c[k] == '.' || c[k] == 0x3001 || c[k] == 0xFF0E) &&
	    !(k + 1 < n && c[k + 1] >= '0' && c[k + 1] <= '9'))
		return off[k + 1]; /* 1. 1、 1． */
	return 0;
}

/* Shapes a heading: its number (automatic, own or none) and its text, as one glyph run. */
static int heading_glyphs(const gw_layout *l, const gw_style *st, const gw_block *b, int count,
                          gw_diags *d, gw_glyph **out)
{
	int level = (int)(b->kind - GW_BLOCK_H1) + 1;
	gw_glyph *num = NULL, *txt;
	int nn = 0;
	size_t own = b->numbering == GW_NUMBER_AUTO ? own_number(b->text.s, b->text.len) : 0;
	if (own) {
		/* the text starts with its own number: kept as given, none added
		 * (docs/data-format.md); a number the automatic numbering would not give here is
		 * reported, as a mistake */
		gw_buf nb = {0};
		heading_number(level, count, &nb);
		if ((nb.len != own || memcmp(nb.data, b->text.s, own) != 0) && b->text.src.json)
			gw_json_warning_at_text(
			        b->text.src.json, d, b->text.src.node, 0,
			        "the heading starts with its own number \"%.*s\", which is kept "
			        "(no "
			        "number is added); the automatic numbering (GB/T 9704-2012 7.3.3) "
			        "gives \"%.*s\" here",
			        (int)own, b->text.s, (int)nb.len, nb.data);
		gw_buf_free(&nb);
	} else if (b->numbering == GW_NUMBER_AUTO) {
		gw_buf nb = {0};
		heading_number(level, count, &nb);
		nn = gw_shape(l, st, nb.data, nb.len, b->text.src, 0, d, &num);
		gw_buf_free(&nb);
	} else if (b->numbering == GW_NUMBER_OWN) {
		nn = gw_shape(l, st, b->number.s, b->number.len, b->number.src, 1, d, &num);
	}
	int nt = gw_shape(l, st, b->text.s, b->text.len, b->text.src, 1, d, &txt);
	if (nn < 0 || nt < 0) {
		free(nt >= 0 ? txt : NULL);
		free(nn > 0 ? num : NULL);
		return -1;
	}
	*out = join(num, nn, txt, nt);
	return nn + nt;
}

/* The blocks bs[0..n) of the body or of an attachment (headings numbered afresh in each). */
static int build_blocks(const gw_layout *l, const gw_block *bs, int nb, gw_rt *rt, gw_diags *d,
                        gw_vlist *out)
{
	int status = 0;
	int counts[5] = {0}; /* heading counters, levels 1-4 (7.3.3: restart under a parent) */
	for (int i = 0; i < nb; i++) {
		const gw_block *b = &bs[i];
		if (gw_rt_late(rt, d))
			return -1;
		if (b->kind == GW_BLOCK_PAGE_BREAK) {
			gw_vlist_push(out, GW_V_PAGE_BREAK, 0);
			continue;
		}
		int si = l->block_style[b->kind];
		if (si < 0)
			continue; /* cannot happen: the layout loader requires every style */
		const gw_style *st = &l->styles[si];
		if (b->kind == GW_BLOCK_SIGNATURE) {
			if (gw_build_signature(l, st, b, d, out) < 0)
				status = -1;
			continue;
		}
		if (gw_para_kind(b)) {
			if (gw_build_para(l, b, i ? &bs[i - 1] : NULL, d, out) < 0)
				status = -1;
			continue;
		}
		if (b->kind == GW_BLOCK_TABLE) {
			if (b->table && gw_build_table(l, b, d, out) < 0)
				status = -1;
			continue;
		}
		gw_glyph *g;
		int n, level = 0;
		if (b->kind >= GW_BLOCK_H1 && b->kind <= GW_BLOCK_H4) {
			level = (int)(b->kind - GW_BLOCK_H1) + 1;
			counts[level]++;
			for (int k = level + 1; k <= 4; k++)
				counts[k] = 0;
			n = heading_glyphs(l, st, b, counts[level], d, &g);
		} else {
			n = gw_shape(l, st, b->text.s, b->text.len, b->text.src, 1, d, &g);
		}
		if (n < 0) {
			status = -1; /* keep going: report every block's errors at once */
			continue;
		}
		int title = b->kind == GW_BLOCK_TITLE;
		int first = paragraph(l, st, g, n, title, out);
		if (first < out->n && (title || level)) {
			outline_entry(out, level, g, n, first, b->text.src, d);
			/* a heading never ends a page: its lines stay together and keep two lines
			 * of what follows with them */
			int last = out->n - 1 - (st->space_after > 0);
			for (int k = first; level && k <= last; k++) {
				out->v[k].keep_next = last - k + 2;
				out->v[k].why = "keep-heading";
			}
		}
		free(g);
	}
	return status;
}

/*
 * An attachment, GB/T 9704-2012 7.3.7: a new page; "附件" (with its number when the
 * document has more than one attachment) flush left on line 1 in the label style (3号黑体);
 * its title centred on line 3 in the title style; then its blocks as in the body.
 */
static int attachment(const gw_layout *l, const gw_doc *doc, int k, gw_rt *rt, gw_diags *d,
                      gw_vlist *out)
{
	const gw_attachment *a = &doc->attachments[k];
	int status = 0;
	/* GB/T 9704-2012 7.3.7: an attachment starts on a new page */
	gw_vlist_push(out, GW_V_PAGE_BREAK, 0)->why = "attachment";
	char label[32];
	if (doc->nattachments > 1)
		snprintf(label, sizeof label, "附件%d", k + 1);
	else
		snprintf(label, sizeof label, "附件");
	gw_item it;
	gw_len w;
	if (l->attach_label_style < 0 || l->attach_title_style < 0)
		return -1; /* cannot happen: the layout loader gives both */
	if (gw_build_text_item(l, &l->styles[l->attach_label_style], label, strlen(label), a->src,
	                       0, d, &it, &w) < 0) {
		status = -1;
	} else {
		gw_vitem *v = gw_vlist_push(out, GW_V_LINES, 1);
		it.x = l->margin_left; /* flush left, no indent */
		v->items = gw_xcalloc(1, sizeof *v->items);
		v->items[0] = it;
		v->nitems = 1;
		v->keep_next = 3; /* with the title */
		v->why = "keep-attachment-title";
	}
	blank(out, 1); /* line 2 */
	gw_style ts = l->styles[l->attach_title_style];
	ts.space_before = 0; /* the title on line 3 */
	gw_glyph *g;
	int n = a->title.len ? gw_shape(l, &ts, a->title.s, a->title.len, a->title.src, 1, d, &g)
	                     : -1;
	if (n < 0) {
		status = -1;
	} else {
		int first = paragraph(l, &ts, g, n, 1, out);
		if (first < out->n)
			outline_entry(out, 0, g, n, first, a->title.src, d);
		free(g);
	}
	if (build_blocks(l, a->blocks, a->nblocks, rt, d, out) < 0)
		status = -1;
	return status;
}

int gw_build(const gw_layout *l, const gw_doc *doc, gw_rt *rt, gw_diags *d, gw_vlist *out)
{
	memset(out, 0, sizeof *out);
	int status = 0;
	if (doc->head && gw_build_head(l, doc, d, out) < 0)
		status = -1; /* the 版头 (GB/T 9704-2012 7.2) opens page 1 */
	if (build_blocks(l, doc->blocks, doc->nblocks, rt, d, out) < 0)
		status = -1;
	/* 7.3.7: the attachments after the body (a skeleton's body as resolved), then the 版记 */
	for (int k = 0; k < doc->nattachments; k++)
		if (attachment(l, doc, k, rt, d, out) < 0)
			status = -1;
	gw_check_attachment_names(doc, d);
	if (gw_build_record(l, doc, d, out) < 0)
		status = -1;
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
	for (int i = 0; i < vl->noutline; i++)
		free(vl->outline[i].title);
	free(vl->outline);
	for (int i = 0; i < vl->ntables; i++)
		gw_table_layout_drop(vl->tables[i]);
	free(vl->tables);
	memset(vl, 0, sizeof *vl);
}
