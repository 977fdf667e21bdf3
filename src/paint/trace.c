/*
 * trace.c: the text-trace painter (see paint.h). Numbers are printed from the integer
 * millipoints with exactly three decimals, so traces are stable across compilers.
 */
#include <string.h>

#include "../base/utf8.h"
#include "paint.h"
#include "../shape/font.h"

static void put_len(FILE *f, gw_len v)
{
	if (v < 0) {
		fputc('-', f);
		v = -v;
	}
	fprintf(f, "%d.%03d", v / 1000, v % 1000);
}

static void put_run(FILE *f, const gw_item *it, int from, int to)
{
	fputs("text ", f);
	put_len(f, it->x + it->glyphs[from].x);
	fputc(' ', f);
	put_len(f, it->y);
	fputc(' ', f);
	const gw_glyph *last = &it->glyphs[to - 1];
	put_len(f, last->x + last->adv - it->glyphs[from].x);
	fputc(' ', f);
	put_len(f, it->size);
	fprintf(f, " %s \"", it->glyphs[from].font->ps_name);
	for (int k = from; k < to; k++) {
		char buf[4];
		int n = gw_utf8_encode(it->glyphs[k].cp, buf);
		if (it->glyphs[k].cp == '"' || it->glyphs[k].cp == '\\')
			fputc('\\', f);
		fwrite(buf, 1, (size_t)n, f);
	}
	fputc('"', f);
	if (it->color)
		fprintf(f, " color=#%06x", (unsigned)(it->color & 0xFFFFFF));
	if (it->hscale && it->hscale != 1000) {
		fputs(" scale=", f);
		put_len(f, it->hscale);
	}
	if (it->bold)
		fputs(" bold", f);
	fputc('\n', f);
}

void gw_paint_trace(const gw_pages *pages, FILE *f)
{
	for (int p = 0; p < pages->n; p++) {
		const gw_page *pg = &pages->v[p];
		fprintf(f, "page %d ", pg->number);
		put_len(f, pages->w);
		fputc(' ', f);
		put_len(f, pages->h);
		fputc('\n', f);
		/* issue 12, point 4: the page's empty grid height (1/1000 pt) and why it ends */
		fprintf(f, "waste page=%d empty=%d grid=%d reason=%s\n", pg->number, pg->empty,
		        pg->grid, pg->why ? pg->why : "last");
		for (int i = 0; i < pg->nitems; i++) {
			const gw_item *it = &pg->items[i];
			if (it->kind == GW_ITEM_RULE) {
				fputs("rule ", f);
				put_len(f, it->x);
				fputc(' ', f);
				put_len(f, it->y);
				fputc(' ', f);
				put_len(f, it->x + it->w);
				fputc(' ', f);
				put_len(f, it->y + it->h);
				fputc(' ', f);
				put_len(f, it->lw);
				if (it->color)
					fprintf(f, " color=#%06x",
					        (unsigned)(it->color & 0xFFFFFF));
				fputc('\n', f);
				continue;
			}
			if (it->kind == GW_ITEM_IMAGE) {
				fputs("image ", f);
				put_len(f, it->x);
				fputc(' ', f);
				put_len(f, it->y);
				fputc(' ', f);
				put_len(f, it->w);
				fputc(' ', f);
				put_len(f, it->h);
				const char *base = strrchr(it->path, '/');
				fprintf(f, " %s%s\n", base ? base + 1 : it->path,
				        it->multiply ? " multiply" : "");
				continue;
			}
			/* runs of one font; a glyph without a font (a forced line break that
			 * reached a painted line) is skipped, never dereferenced */
			int from = 0;
			while (from < it->nglyphs && !it->glyphs[from].font)
				from++;
			for (int k = from + 1; k <= it->nglyphs; k++) {
				if (k < it->nglyphs && it->glyphs[k].font == it->glyphs[from].font)
					continue;
				if (from < it->nglyphs)
					put_run(f, it, from, k);
				from = k;
				while (from < it->nglyphs && !it->glyphs[from].font)
					from++;
				k = from;
			}
		}
	}
}
