/*
 * test_paint.c: unit test of the item attributes issue 11 added to both painters: a text
 * item's colour, horizontal scale and emboldening, a rule's colour, a seal's Multiply blend.
 *
 * In: a page built here from FandolFang glyphs (no layout, no data), painted as a trace (to
 * memory) and as a plain PDF into a mkdtemp directory. Out: "ok NAME" / "FAIL NAME: detail"
 * lines and the closing count. The PDF is read back by `mutool draw -F trace`, a reader that
 * is not ours, which reports the fill and stroke colours, the text matrix and line widths;
 * a control item without attributes checks that the checks can fail.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "paint/paint.h"
#include "shape/font.h"

#define FANDOL "fonts/fandol/FandolFang-Regular.otf"

/* A text item of the characters of s (UTF-8, BMP only here) at x, y, size 16 pt. */
static gw_item text(gw_font *f, const char *s, gw_len x, gw_len y, int hscale)
{
	gw_item it;
	memset(&it, 0, sizeof it);
	it.kind = GW_ITEM_TEXT;
	it.x = x, it.y = y, it.size = 16000, it.hscale = hscale;
	it.glyphs = gw_xcalloc(16, sizeof *it.glyphs);
	gw_len pen = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		uint32_t cp = *p < 0x80 ? *p++ : 0;
		if (!cp) { /* three-byte UTF-8 */
			cp = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 |
			     (uint32_t)(p[2] & 0x3F);
			p += 3;
		}
		gw_glyph *g = &it.glyphs[it.nglyphs++];
		g->font = f, g->cp = cp, g->gid = gw_font_glyph(f, cp);
		g->adv = 16000 * (hscale ? hscale : 1000) / 1000;
		g->x = pen;
		pen += g->adv;
	}
	return it;
}

/* Runs cmd and returns its standard output (malloc'ed), or NULL. */
static char *run(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	if (!p)
		return NULL;
	gw_buf b = {0};
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		gw_buf_put(&b, chunk, n);
	if (pclose(p) != 0) {
		gw_buf_free(&b);
		return NULL;
	}
	gw_buf_putc(&b, 0);
	return b.data;
}

int main(void)
{
	char err[256];
	gw_fontset *fs = gw_fontset_new();
	gw_font *f = fs ? gw_fontset_open(fs, FANDOL, 0, err, sizeof err) : NULL;
	if (!f) {
		printf("FAIL paint: cannot open %s\n", FANDOL);
		return 1;
	}
	gw_page pg;
	memset(&pg, 0, sizeof pg);
	pg.number = 1;
	gw_item items[5];
	items[0] = text(f, "红头", 100000, 200000, 0);
	items[0].color = 0xFF3333;
	items[1] = text(f, "压缩", 100000, 300000, 800);
	items[2] = text(f, "加粗", 100000, 400000, 0);
	items[2].bold = 1;
	items[3] = text(f, "黑字", 100000, 500000, 0); /* the control: no attributes */
	memset(&items[4], 0, sizeof items[4]);
	items[4].kind = GW_ITEM_RULE;
	items[4].x = 79370, items[4].y = 300000, items[4].w = 442205, items[4].lw = 992;
	items[4].color = 0xFF3333;
	pg.items = items, pg.nitems = 5, pg.cap = 5;
	gw_pages pages;
	memset(&pages, 0, sizeof pages);
	pages.v = &pg, pages.n = 1, pages.w = 595276, pages.h = 841890;

	/* the trace */
	char *tr = NULL;
	size_t trlen = 0;
	FILE *mf = open_memstream(&tr, &trlen);
	gw_paint_trace(&pages, mf);
	fclose(mf);
	check(strstr(tr, "\"红头\" color=#ff3333\n") != NULL,
	      "trace: a red text item says its colour", "%s", tr);
	check(strstr(tr, "\"压缩\" scale=0.800\n") != NULL,
	      "trace: a compressed item says its scale", "%s", tr);
	check(strstr(tr, "\"加粗\" bold\n") != NULL, "trace: an emboldened item says so", "%s", tr);
	check(strstr(tr, "\"黑字\"\n") != NULL, "trace: a plain item has no attribute tokens", "%s",
	      tr);
	check(strstr(tr, "rule 79.370 300.000 521.575 300.000 0.992 color=#ff3333\n") != NULL,
	      "trace: a red rule says its colour", "%s", tr);

	/* the PDF, read back by mutool */
	char dir[] = "/tmp/gw-test-paint-XXXXXX";
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	char path[96], cmd[256];
	snprintf(path, sizeof path, "%s/p.pdf", dir);
	gw_meta meta;
	memset(&meta, 0, sizeof meta);
	int rc = gw_paint_pdf_ex(&pages, &meta, path, 0, err, sizeof err);
	check(rc == 0, "pdf: the page paints", "%s", err);
	snprintf(cmd, sizeof cmd, "mutool draw -F trace -o - %s 2>/dev/null", path);
	char *mt = rc == 0 ? run(cmd) : NULL;
	if (!mt)
		mt = gw_xstrdup("");
	/* mutool prints each fill_text with its colour and matrix; find the item by glyph count */
	int red_text = 0, red_rule = 0, scaled = 0, bold = 0, black_text = 0;
	for (char *line = strtok(mt, "\n"); line; line = strtok(NULL, "\n")) {
		if (strstr(line, "<fill_text") && strstr(line, "color=\"1 .2 .2\""))
			red_text++;
		if (strstr(line, "<fill_text") && strstr(line, "color=\"0\""))
			black_text++;
		if (strstr(line, "<stroke_path") && strstr(line, "color=\"1 .2 .2\""))
			red_rule++;
		if (strstr(line, "<stroke_text"))
			bold++;
		if (strstr(line, "trm=\"12.8 0 0 16\""))
			scaled++;
	}
	check(red_text == 1, "pdf: the red item is filled in sRGB 1 .2 .2 (and only it)",
	      "%d red fill_text", red_text);
	check(black_text >= 2, "pdf: the control items are black", "%d black", black_text);
	check(red_rule == 1, "pdf: the red rule is stroked in red", "%d", red_rule);
	check(scaled >= 1, "pdf: the compressed item's glyphs are 0.8 as wide as high (12.8 x 16)",
	      "%d", scaled);
	check(bold == 1, "pdf: only the emboldened item is also stroked", "%d stroke_text", bold);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	for (int i = 0; i < 4; i++)
		free(items[i].glyphs);
	free(mt);
	free(tr);
	gw_fontset_drop(fs);
	printf("%d passed, %d failed\n", npass, nfail);
	return nfail ? 1 : 0;
}
