/*
 * test_compose.c: unit tests of the font-free parts of composition: UTF-8, lengths,
 * diagnostics formatting, line breaking and line placement on synthetic glyphs.
 */
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/utf8.h"
#include "break/linebreak.h"
#include "gw.h"
#include "harness.h"

/* n synthetic glyphs for the code points of s (ASCII) or CJK (any other byte = 一). */
static gw_glyph *glyphs(const char *s, gw_len cjk, gw_len latin, int *n)
{
	int len = (int)strlen(s);
	gw_glyph *g = calloc((size_t)len, sizeof *g);
	for (int i = 0; i < len; i++) {
		g[i].cp = s[i] == '#' ? 0x4E00 : (uint32_t)s[i];
		g[i].adv = s[i] == '#' ? cjk : latin;
	}
	*n = len;
	return g;
}

int main(void)
{
	/* UTF-8, RFC 3629 */
	uint32_t cp;
	CHECK("utf8: decodes a 4-byte character U+20BB7",
	      gw_utf8_decode((const unsigned char *)"\xF0\xA0\xAE\xB7", 4, &cp) == 4 &&
	              cp == 0x20BB7);
	CHECK("utf8: rejects an overlong '/'",
	      gw_utf8_decode((const unsigned char *)"\xC0\xAF", 2, &cp) == 0);
	CHECK("utf8: rejects an encoded surrogate",
	      gw_utf8_decode((const unsigned char *)"\xED\xA0\x80", 3, &cp) == 0);
	CHECK("utf8: rejects a truncated sequence",
	      gw_utf8_decode((const unsigned char *)"\xE4\xB8", 2, &cp) == 0);
	char buf[4];
	CHECK("utf8: encodes U+20BB7 in 4 bytes",
	      gw_utf8_encode(0x20BB7, buf) == 4 && memcmp(buf, "\xF0\xA0\xAE\xB7", 4) == 0);

	/* lengths */
	CHECK("units: 210 mm is 595.276 pt", gw_mm(210) == 595276);
	CHECK("units: 156 mm is 442.205 pt", gw_mm(156) == 442205);

	/* diagnostics */
	gw_diags d = {0};
	gw_diags_add(&d, "a.json", 3, 7, "/body/0", "unknown key \"%s\"", "pp");
	gw_diags_add(&d, NULL, 0, 0, NULL, "layout \"x\" not found");
	gw_diags_add(&d, "a.json", 1, 1, "", "expected an object");
	char *s0 = gw_diag_format(&d.v[0]), *s1 = gw_diag_format(&d.v[1]),
	     *s2 = gw_diag_format(&d.v[2]);
	CHECK("diag: FILE:LINE:COL: error: MESSAGE (at POINTER)",
	      strcmp(s0, "a.json:3:7: error: unknown key \"pp\" (at /body/0)") == 0);
	CHECK("diag: without a position",
	      strcmp(s1, "gongwen: error: layout \"x\" not found") == 0);
	CHECK("diag: the root pointer is named",
	      strcmp(s2, "a.json:1:1: error: expected an object (at the root)") == 0);
	free(s0), free(s1), free(s2);
	gw_diags_clear(&d);

	/* line breaking: 10 CJK cells of 1000 in a 4500 line, indent 2000 */
	int n;
	gw_glyph *g = glyphs("##########", 1000, 500, &n);
	gw_line *ln;
	int nl = gw_break_lines(NULL, g, n, 4500, 2000, &ln);
	CHECK("break: first line holds 2 after a 2-cell indent, then 4, 4",
	      nl == 3 && ln[0].to - ln[0].from == 2 && ln[1].to - ln[1].from == 4 &&
	              ln[2].to - ln[2].from == 4 && ln[2].last && !ln[1].last && ln[0].first);
	gw_len x0 = gw_place_line(g, &ln[1], 4500, 2000, GW_ALIGN_JUSTIFY);
	CHECK("place: a justified full line ends flush right",
	      x0 == 0 && g[ln[1].to - 1].x + g[ln[1].to - 1].adv == 4500);
	CHECK("place: the spare 500 is spread over 3 gaps (167, 167, 166)",
	      g[ln[1].from + 1].x == 1167 && g[ln[1].from + 2].x == 2334 &&
	              g[ln[1].from + 3].x == 3500);
	x0 = gw_place_line(g, &ln[2], 4500, 2000, GW_ALIGN_JUSTIFY);
	CHECK("place: a paragraph's last line stays flush left",
	      x0 == 0 && g[ln[2].from + 1].x == 1000);
	free(ln);
	free(g);

	g = glyphs("##abcdef", 1000, 500, &n);
	nl = gw_break_lines(NULL, g, n, 4000, 0, &ln);
	CHECK("break: a Latin word is not split when it fits the next line",
	      nl == 2 && ln[0].to == 2 && ln[1].from == 2 && ln[1].to == 8);
	x0 = gw_place_line(g, &ln[0], 4000, 0, GW_ALIGN_CENTER);
	CHECK("place: centred line", x0 == 1000);
	x0 = gw_place_line(g, &ln[0], 4000, 0, GW_ALIGN_RIGHT);
	CHECK("place: right-aligned line", x0 == 2000);
	free(ln);
	free(g);

	g = glyphs("abcdefghij", 1000, 1000, &n);
	nl = gw_break_lines(NULL, g, n, 4000, 0, &ln);
	CHECK("break: a word longer than the line is cut (progress first)",
	      nl == 3 && ln[0].to == 4 && ln[1].to == 8 && ln[2].to == 10);
	free(ln);
	free(g);

	g = glyphs("## #\n#", 1000, 300, &n);
	g[4].cp = '\n';
	nl = gw_break_lines(NULL, g, n, 2000, 0, &ln);
	CHECK("break: spaces vanish at line ends and starts; \\n forces a break",
	      nl == 3 && ln[0].from == 0 && ln[0].to == 2 && ln[1].from == 3 && ln[1].to == 4 &&
	              ln[1].last && ln[2].from == 5 && ln[2].to == 6);
	free(ln);
	free(g);
	DONE();
}
