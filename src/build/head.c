/*
 * head.c: the 版头 -> the first vertical item of page 1 (see head.h).
 *
 * Every position is computed from the type area's top (y, downwards) and the page's left
 * (x), in 1/1000 pt; the item is as many grid lines high as the 版头 reaches down, so the
 * title after it starts on the grid, title_space blank lines further (7.3.1).
 */
#include "head.h"

#include <stdlib.h>
#include <string.h>

#include "../base/util.h"
#include "../shape/shape.h"
#include "../load/json.h"
#include "../shape/font.h"

#define GW_MIN_HSCALE 200 /* a 标志 compressed below 20 % of its width is refused */

/* The items of the 版头, y from the type area's top. */
typedef struct hitems {
	gw_item *v;
	int n, cap;
} hitems;

static gw_item *push(hitems *s)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->v = gw_xrealloc(s->v, (size_t)s->cap * sizeof *s->v);
	}
	gw_item *it = &s->v[s->n++];
	memset(it, 0, sizeof *it);
	return it;
}

static void hitems_free(hitems *s)
{
	for (int i = 0; i < s->n; i++)
		free(s->v[i].glyphs);
	free(s->v);
}

/* Millipoints as millimetres, for messages. */
static double mm(int64_t v)
{
	return (double)v * 25.4 / 72000.0;
}

/* Adds an error at t when a line w wide does not fit the type area's width. */
static int fits(const gw_layout *l, const gw_text *t, gw_len w, gw_diags *d)
{
	gw_len area = l->page_w - l->margin_left - l->margin_right;
	if (w <= area)
		return 1;
	gw_json_error(t->src.json, d, t->src.node, 0,
	              "this text is %gmm wide and the type area %gmm: it is set on one line", mm(w),
	              mm(area));
	return 0;
}

/*
 * A one-line text in style st, added to out with its em box top at `top` and x at x; one wider
 * than the type area is an error.
 */
static int line(const gw_layout *l, const gw_style *st, const gw_text *t, gw_len x, gw_len top,
                gw_diags *d, hitems *out, gw_len *w)
{
	gw_item it;
	if (gw_build_text_item(l, st, t->s, t->len, t->src, 1, d, &it, w) < 0)
		return -1;
	if (!fits(l, t, *w, d)) {
		free(it.glyphs);
		return -1;
	}
	it.x = x;
	it.y += top;
	*push(out) = it;
	return 0;
}

/* A horizontal rule of width lw centred on y, from x over len. */
static void rule(hitems *out, gw_len x, gw_len y, gw_len len, gw_len lw, gw_rgb color)
{
	gw_item *r = push(out);
	r->kind = GW_ITEM_RULE;
	r->x = x;
	r->y = y;
	r->w = len;
	r->lw = lw;
	r->color = color;
}

/* Where an error about the head's member key goes (the head object when it is absent). */
static gw_src member_src(const gw_head *h, const char *key)
{
	gw_src s = h->src;
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(h->src.node, key);
	if (m)
		s.node = m;
	return s;
}

static void error_at(gw_src s, gw_diags *d, const char *msg)
{
	gw_json_error(s.json, d, s.node, 0, "%s", msg);
}

/*
 * The 发文机关标志 (GB/T 9704-2012 7.2.4): the organs stacked, lead first, each spread to the
 * longest name's width (joint issuance), the suffix ("文件") one character to their right and
 * vertically centred on the stack, the whole centred in the type area; em top at `top`. A
 * name too wide for the type area is compressed horizontally (every glyph x and advance
 * scaled, gw_item.hscale) or set smaller, as the layout says. *bottom: the stack's em bottom.
 */
static int issuer(const gw_layout *l, const gw_head *h, gw_len top, gw_diags *d, hitems *out,
                  gw_len *bottom)
{
	const gw_layout_head *lh = &l->head;
	gw_style st = l->styles[lh->issuer_style];
	gw_len area = l->page_w - l->margin_left - l->margin_right;
	int n = h->nissuers, has_suffix = h->suffix.len > 0;
	gw_item *it = gw_xcalloc((size_t)n + 1, sizeof *it); /* the organs, then the suffix */
	gw_len *w = gw_xcalloc((size_t)n + 1, sizeof *w);
	int64_t stack = 0, gap = 0, total = 0; /* a name may be 2^30 wide (build.c) */
	for (int round = 0;; round++) {
		int bad = 0;
		for (int i = 0; i < n; i++)
			if (gw_build_text_item(l, &st, h->issuers[i].s, h->issuers[i].len,
			                       h->issuers[i].src, 1, d, &it[i], &w[i]) < 0)
				bad = 1;
		if (has_suffix && gw_build_text_item(l, &st, h->suffix.s, h->suffix.len,
		                                     h->suffix.src, 1, d, &it[n], &w[n]) < 0)
			bad = 1;
		if (bad) {
			for (int i = 0; i <= n; i++)
				free(it[i].glyphs);
			free(it);
			free(w);
			return -1;
		}
		stack = 0;
		for (int i = 0; i < n; i++)
			stack = w[i] > stack ? w[i] : stack;
		/* joint issuance: a character's gap between the stack and the suffix */
		gap = n > 1 && has_suffix ? st.size : 0;
		total = stack + gap + (has_suffix ? w[n] : 0);
		/* the last glyph's em box may pass its grid cell (a cell is 0.21 pt narrower than
		 * 1 em at 3号, GB/T 9704 5.2.2): the whole em extent is centred and fits */
		const gw_item *last = has_suffix ? &it[n] : &it[0];
		for (int i = 0; !has_suffix && i < n; i++)
			if (w[i] == stack)
				last = &it[i];
		if (last->nglyphs) {
			const gw_glyph *g = &last->glyphs[last->nglyphs - 1];
			gw_len em = (gw_len)((int64_t)gw_font_advance(g->font, g->gid) * st.size /
			                     1000);
			if (em > g->adv)
				total += em - g->adv;
		}
		if (total <= area || lh->fit == GW_FIT_COMPRESS || round == 20)
			break;
		/* "shrink": a smaller size, in proportion (the grid advance is linear) */
		gw_len size = (gw_len)((int64_t)st.size * area / total);
		st.size = size < st.size ? size : st.size - 100;
		for (int i = 0; i <= n; i++) {
			free(it[i].glyphs);
			it[i].glyphs = NULL;
		}
		if (st.size < 1000)
			break;
	}
	int scale = 1000;
	if (total > area) {
		scale = (int)((int64_t)area * 1000 / total);
		if (lh->fit == GW_FIT_SHRINK || scale < GW_MIN_HSCALE) {
			char *msg = gw_xasprintf(
			        "the 发文机关标志 is %gmm wide and the type area %gmm: %s",
			        mm(total), mm(area),
			        lh->fit == GW_FIT_SHRINK
			                ? "even set at 1pt it does not fit"
			                : "compressed to fit it would keep less than 20% of its "
			                  "width; use the organ's standard short name");
			error_at(member_src(h, "issuer"), d, msg);
			free(msg);
			for (int i = 0; i <= n; i++)
				free(it[i].glyphs);
			free(it);
			free(w);
			return -1;
		}
	}
	gw_len leading =
	        lh->issuer_leading ? lh->issuer_leading : (gw_len)((int64_t)st.size * 12 / 10);
	gw_len x0 = l->margin_left + (area - (gw_len)(total * scale / 1000)) / 2;
	for (int i = 0; i <= n; i++) {
		if (i == n && !has_suffix)
			break;
		gw_item *t = &it[i];
		int64_t off; /* from x0, unscaled */
		if (i < n) {
			off = 0;
			int64_t extra = stack - w[i];
			if (t->nglyphs > 1) /* spread to the stack's width (分散对齐) */
				for (int k = 1; k < t->nglyphs; k++)
					t->glyphs[k].x += (gw_len)(extra * k / (t->nglyphs - 1));
			else
				off = extra / 2;
			t->y += top + (gw_len)i * leading;
		} else {
			off = n > 1 ? stack + gap : w[0];
			/* vertically centred on the stack (the same size: half the extra leading)
			 */
			t->y += top + (gw_len)((int64_t)(n - 1) * leading / 2);
		}
		t->x = x0 + (gw_len)(off * scale / 1000);
		if (scale != 1000) {
			for (int k = 0; k < t->nglyphs; k++) {
				t->glyphs[k].x = (gw_len)((int64_t)t->glyphs[k].x * scale / 1000);
				t->glyphs[k].adv =
				        (gw_len)((int64_t)t->glyphs[k].adv * scale / 1000);
			}
			t->hscale = scale;
		}
		*push(out) = *t;
	}
	*bottom = top + (gw_len)(n - 1) * leading + st.size;
	free(it);
	free(w);
	return 0;
}

/*
 * The 签发人 block (7.2.6): "签发人：" and the names, per_line to a line (continuation lines
 * aligned to the first name, names one character apart), the block flush right one character
 * in from the type area's right edge; line 1's em top at `top`. *left: the block's left edge.
 */
static int signers(const gw_layout *l, const gw_head *h, gw_len top, gw_diags *d, hitems *out,
                   gw_len *left)
{
	const gw_layout_head *lh = &l->head;
	const gw_style *ls = &l->styles[lh->signer_label_style];
	const gw_style *ns = &l->styles[lh->signer_style];
	gw_len pitch = gw_line_pitch(l);
	gw_len cell = gw_grid_advance(l, 1000, ls->size);
	gw_len ncell = gw_grid_advance(l, 1000, ns->size);
	static const char label[] = "签发人：";
	gw_item lab;
	gw_len lw;
	if (gw_build_text_item(l, ls, label, strlen(label), h->src, 0, d, &lab, &lw) < 0)
		return -1;
	int first = out->n, status = 0;
	int64_t widest = 0, lx = 0; /* names may be 2^30 wide each */
	for (int i = 0; i < h->nsigners; i++) {
		int col = i % lh->signers_per_line;
		if (col == 0)
			lx = 0;
		else
			lx += ncell; /* one character between the names */
		gw_len w;
		gw_len ltop = top + (gw_len)(i / lh->signers_per_line) * pitch;
		if (line(l, ns, &h->signers[i], 0, ltop, d, out, &w) < 0) {
			status = -1;
			continue;
		}
		out->v[out->n - 1].x = (gw_len)(lx < (1 << 30) ? lx : (1 << 30)); /* placed below */
		lx += w;
		widest = lx > widest ? lx : widest;
	}
	if (status < 0) {
		free(lab.glyphs);
		return -1;
	}
	gw_len right = l->page_w - l->margin_right - cell; /* 1 字 in */
	int64_t x = (int64_t)right - lw - widest;
	if (x < l->margin_left) {
		free(lab.glyphs);
		char *msg = gw_xasprintf("the 签发人 line is %gmm wide and does not fit the type "
		                         "area (%gmm)",
		                         mm((int64_t)lw + widest + cell),
		                         mm(l->page_w - l->margin_left - l->margin_right));
		error_at(member_src(h, "signers"), d, msg);
		free(msg);
		return -1;
	}
	for (int i = first; i < out->n; i++)
		out->v[i].x += (gw_len)x + lw;
	lab.x = (gw_len)x;
	lab.y += top;
	*push(out) = lab;
	*left = (gw_len)x;
	return 0;
}

int gw_build_head(const gw_layout *l, const gw_doc *doc, gw_diags *d, gw_vlist *vl)
{
	const gw_head *h = doc->head;
	const gw_layout_head *lh = &l->head;
	if (!lh->present) {
		gw_json_error(h->src.json, d, h->src.node, 1,
		              "the layout%s%s%s has no \"head\" settings, so it cannot set a 版头: "
		              "use a layout that has them (gbt9704, letter, order, minutes)",
		              l->name ? " \"" : "", l->name ? l->name : "", l->name ? "\"" : "");
		return -1;
	}
	if (lh->issuer_style < 0 || lh->number_style < 0 || lh->copy_no_style < 0 ||
	    lh->secrecy_style < 0 || lh->urgency_style < 0 || lh->signer_label_style < 0 ||
	    lh->signer_style < 0)
		return -1; /* cannot happen: the layout loader requires them */
	int letter = lh->format == GW_HEAD_LETTER;
	if (h->nsigners && (letter || lh->format == GW_HEAD_ORDER)) {
		error_at(member_src(h, "signers"), d,
		         letter ? "a 信函 has no 签发人 (GB/T 9704-2012 10.1): remove \"signers\""
		                : "a 命令 has no 签发人 (GB/T 9704-2012 10.2): remove \"signers\"");
		return -1;
	}
	gw_len pitch = gw_line_pitch(l);
	gw_len area = l->page_w - l->margin_left - l->margin_right;
	gw_len right = l->page_w - l->margin_right;
	hitems out = {0};
	int status = 0;
	gw_len bottom = 0; /* how far down the 版头 reaches */

	/* the 发文机关标志: 7.2.4 (35 mm below the type area's top), 10.1 (信函: 30 mm from the
	 * page's top), 10.2 (命令: 20 mm), as the layout's issuer_top says */
	gw_len itop = lh->issuer_top - (letter ? l->margin_top : 0);
	gw_len ibottom = 0;
	if (h->nissuers) {
		if (issuer(l, h, itop, d, &out, &ibottom) < 0)
			status = -1;
		bottom = ibottom;
	}

	/* 份号, 密级和保密期限, 紧急程度 (7.2.1-7.2.3): flush left, one a grid line, in that
	 * order from line 1 (信函, 10.1: from 7/8 of a 3号 character under the double rule) */
	const gw_text *elem[3] = {&h->copy_no, &h->secrecy, &h->urgency};
	const int elem_style[3] = {lh->copy_no_style, lh->secrecy_style, lh->urgency_style};
	gw_len etop = 0; /* the first element's em top */
	gw_len rule_lo = 0; /* 信函: the double rule's lower edge */
	if (letter && lh->rule) {
		/* 10.1: red double rules (thick over thin) 4 mm below the 标志, 170 mm long,
		 * centred on the type area */
		gw_len len = lh->rule_length ? lh->rule_length : area;
		gw_len x = l->margin_left + (area - len) / 2;
		gw_len y1 = (h->nissuers ? ibottom : 0) + lh->rule_below;
		gw_len y2 = y1 + lh->rule_width / 2 + lh->rule_gap + lh->rule_thin / 2;
		rule(&out, x, y1, len, lh->rule_width, lh->rule_color);
		rule(&out, x, y2, len, lh->rule_thin, lh->rule_color);
		rule_lo = y2 + lh->rule_thin / 2;
		/* and (thin over thick) rule_bottom above the page's bottom edge, on page 1 */
		gw_len b1 = l->page_h - lh->rule_bottom - l->margin_top;
		gw_len b2 = b1 - lh->rule_width / 2 - lh->rule_gap - lh->rule_thin / 2;
		rule(&out, x, b2, len, lh->rule_thin, lh->rule_color);
		rule(&out, x, b1, len, lh->rule_width, lh->rule_color);
		bottom = rule_lo;
	}
	if (letter)
		etop = (lh->rule ? rule_lo : h->nissuers ? ibottom : 0) + lh->number_below;
	int k = 0;
	gw_len w;
	for (int e = 0; e < 3; e++) {
		if (!elem[e]->len)
			continue;
		const gw_style *st = &l->styles[elem_style[e]];
		gw_len top = etop + (gw_len)k * pitch;
		if (line(l, st, elem[e], l->margin_left, top, d, &out, &w) < 0)
			status = -1;
		else if (top + st->size > bottom)
			bottom = top + st->size;
		k++;
	}
	if (!letter && k && h->nissuers && (gw_len)k * pitch > itop) {
		char *msg = gw_xasprintf(
		        "the 份号, 密级 and 紧急程度 take %d grid line%s, %gmm down from the type "
		        "area's top, and reach the 发文机关标志 %gmm down (the layout's "
		        "issuer_top)",
		        k, k > 1 ? "s" : "", mm((gw_len)k * pitch), mm(itop));
		error_at(h->src, d, msg);
		free(msg);
		status = -1;
	}

	/* the 发文字号 (7.2.5; 令号, 10.2): number_space blank lines below the 标志, centred;
	 * 上行文 (7.2.6): 1 字 in from the left, on the line of the last 签发人, the 签发人 flush
	 * right 1 字 in; 信函 (10.1): flush right under the double rule */
	const gw_style *nst = &l->styles[lh->number_style];
	gw_len ntop = h->nissuers ? ibottom + (gw_len)lh->number_space * pitch : (gw_len)k * pitch;
	gw_len ref = bottom; /* what the separator is measured from */
	if (h->nsigners && !letter) {
		gw_len sleft = 0;
		int nlines = (h->nsigners + lh->signers_per_line - 1) / lh->signers_per_line;
		if (signers(l, h, ntop, d, &out, &sleft) < 0)
			status = -1;
		ntop += (gw_len)(nlines - 1) * pitch;
		ref = ntop + l->styles[lh->signer_style].size;
		if (h->number.len) {
			gw_len cell = gw_grid_advance(l, 1000, nst->size);
			if (line(l, nst, &h->number, l->margin_left + cell, ntop, d, &out, &w) <
			    0) {
				status = -1;
			} else if (status == 0 && l->margin_left + cell + w + cell > sleft) {
				char *msg = gw_xasprintf(
				        "the 发文字号 and the last 签发人 line do not fit on one "
				        "line "
				        "with a character between them (%gmm and %gmm in %gmm)",
				        mm(w), mm(right - cell - sleft), mm(area));
				error_at(member_src(h, "number"), d, msg);
				free(msg);
				status = -1;
			}
			if (ntop + nst->size > ref)
				ref = ntop + nst->size;
		}
	} else if (h->number.len) {
		gw_item it;
		if (gw_build_text_item(l, nst, h->number.s, h->number.len, h->number.src, 1, d, &it,
		                       &w) < 0) {
			status = -1;
		} else if (!fits(l, &h->number, w, d)) {
			free(it.glyphs);
			status = -1;
		} else {
			if (letter)
				ntop = etop;
			it.x = letter ? right - w : l->margin_left + (area - w) / 2;
			it.y += ntop;
			*push(&out) = it;
			ref = ntop + nst->size;
		}
	}
	if (ref > bottom)
		bottom = ref;

	/* the red separator (7.2.7): 4 mm below the 发文字号, as wide as the type area */
	if (!letter && lh->rule && status == 0) {
		gw_len len = lh->rule_length ? lh->rule_length : area;
		gw_len y = ref + lh->rule_below;
		rule(&out, l->margin_left + (area - len) / 2, y, len, lh->rule_width,
		     lh->rule_color);
		bottom = y + lh->rule_width / 2;
	}
	gw_len height = l->page_h - l->margin_top - l->margin_bottom;
	if (status == 0 && bottom > height) {
		char *msg = gw_xasprintf("the 版头 reaches %gmm below the type area's top and the "
		                         "type area is %gmm high",
		                         mm(bottom), mm(height));
		error_at(h->src, d, msg);
		free(msg);
		status = -1;
	}
	if (status < 0 || out.n == 0) {
		hitems_free(&out);
		return status;
	}
	int nlines = (int)((bottom + pitch - 1) / pitch);
	gw_vitem *v = gw_vlist_push(vl, GW_V_LINES, nlines > 0 ? nlines : 1);
	v->items = out.v;
	v->nitems = out.n;
	if (lh->title_space > 0)
		gw_vlist_push(vl, GW_V_BLANK, lh->title_space);
	return 0;
}
