/*
 * test_linebreak.c: unit tests of break/ (breaks.c, linebreak.c) on synthetic glyphs.
 *
 * In: UTF-8 strings held in this file (and generated paragraphs) turned into glyphs with
 * made-up advances: one cell for every character from U+0100 on and for ·, half a cell for
 * the other Latin-1 characters, a quarter cell for the space, a '\n' glyph with font ==
 * NULL. Fonts are a dummy pointer, never read. Out: one line per check, "ok NAME" or
 * "FAIL NAME: detail", then "N passed, N failed"; exit status 1 when any check failed.
 *
 * The kinsoku table gives, per case, a paragraph, a line width in cells and the expected
 * lines joined by '|', worked out by hand from the rules (GB/T 15834-2011 5.1, clreq's
 * GB-style prohibitions, squeeze before push) and the peers' failures (peers.md 2, 7).
 * Every case is also checked for the properties that hold for any input: no line starts
 * with a forbidden mark or ends with an opening one, —— and …… are whole, every glyph but
 * the dropped spaces is on exactly one line, and full justified lines end flush.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/utf8.h"
#include "break/breaks.h"
#include "break/linebreak.h"
#include "harness.h"

static int dummy_font; /* glyphs point at this; the breaker never dereferences fonts */

/* Glyphs for UTF-8 s, with cell as the full-width advance (see the header comment). */
static gw_glyph *glyphs(const char *s, gw_len cell, int *n)
{
	size_t len = strlen(s);
	gw_glyph *g = calloc(len + 1, sizeof *g);
	int k = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int b = gw_utf8_decode((const unsigned char *)s + i, len - i, &cp);
		g[k].cp = cp;
		g[k].off = (uint32_t)i;
		if (cp == '\n') {
			g[k].font = NULL;
			g[k].adv = 0;
		} else {
			g[k].font = (gw_font *)&dummy_font;
			g[k].adv = cp == ' '                  ? cell / 4
			           : cp < 0x100 && cp != 0xB7 ? cell / 2
			                                      : cell;
		}
		k++;
		i += (size_t)(b ? b : 1);
	}
	*n = k;
	return g;
}

/* The lines' text joined by '|' (malloc'ed). */
static char *joined(const gw_glyph *g, const gw_line *ln, int nl)
{
	size_t cap = 16;
	for (int i = 0; i < nl; i++)
		cap += (size_t)(ln[i].to - ln[i].from) * 4 + 1;
	char *s = malloc(cap), *p = s;
	for (int i = 0; i < nl; i++) {
		if (i)
			*p++ = '|';
		for (int k = ln[i].from; k < ln[i].to; k++)
			p += gw_utf8_encode(g[k].cp, p);
	}
	*p = 0;
	return s;
}

/*
 * The properties of any breaking, on g[0..n) broken into ln (returns NULL when they hold,
 * else a static message): lines in order covering every glyph except dropped spaces and
 * the '\n'; no line start in the forbidden set and no line end in the opening set (except
 * at a paragraph's or a forced line's own edge); no split —— or ……; every justified
 * non-last line ends flush at width to the millipoint, a compressed line-end mark included.
 */
static const char *props(gw_glyph *g, int n, gw_line *ln, int nl, gw_len width, gw_len indent)
{
	int k = 0;
	for (int i = 0; i < nl; i++) {
		while (k < ln[i].from) {
			if (g[k].cp != ' ' && g[k].cp != '\n')
				return "a glyph is on no line";
			k++;
		}
		if (ln[i].from < k)
			return "lines overlap";
		k = ln[i].to;
		if (ln[i].to > ln[i].from && g[ln[i].to - 1].cp == ' ')
			return "a line ends with a space";
		if (i > 0 && ln[i].to > ln[i].from && g[ln[i].from].cp == ' ')
			return "a line starts with a space";
		int after_forced = i > 0 && ln[i - 1].last;
		if (i > 0 && !after_forced && ln[i].to > ln[i].from &&
		    gw_forbid_start(g, n, ln[i].from))
			return "a line starts with a mark that may not start one";
		if (!ln[i].last && ln[i].to > ln[i].from && gw_forbid_end(g[ln[i].to - 1].cp))
			return "a line ends with a mark that may not end one";
		if (i > 0 && !after_forced && ln[i].from > 0 &&
		    gw_splits_unit(g, ln[i - 1].from, ln[i].from))
			return "—— or …… split across lines";
		/* GB/T 15834-2011 5.1.5: four or more … (⋯) in a row fill a line of their own */
		for (int a = ln[i].from; a < ln[i].to; a++) {
			int e = a;
			while (e < ln[i].to && g[e].cp == g[a].cp)
				e++;
			if ((g[a].cp == 0x2026 || g[a].cp == 0x22EF) && e - a >= 4 &&
			    (a != ln[i].from || e != ln[i].to))
				return "two ellipses share a line with other text";
			a = e - 1;
		}
		gw_len x0 = gw_place_line(g, &ln[i], width, indent, GW_ALIGN_JUSTIFY);
		if (!ln[i].last && ln[i].to - ln[i].from > 1) {
			const gw_glyph *e = &g[ln[i].to - 1];
			if (x0 + e->x + e->adv != width)
				return "a full line does not end flush to the millipoint";
		}
	}
	while (k < n) {
		if (g[k].cp != ' ' && g[k].cp != '\n')
			return "a glyph is on no line";
		k++;
	}
	return NULL;
}

/* One kinsoku case: text, width and indent in cells, expected lines joined by '|'. */
typedef struct kcase {
	const char *why;
	const char *text;
	int cells, indent;
	const char *want;
} kcase;

static const kcase table[] = {
        /* GB/T 15834 5.1.1-5.1.3: 点号 and closing marks never start a line; no pairs to
         * squeeze, so the previous character is pushed down (ReportLab starts lines with ，；”) */
        {"， pushed", "一二三四五，六七", 5, 0, "一二三四|五，六七"},
        {"。 pushed", "一二三四五。六七", 5, 0, "一二三四|五。六七"},
        {"、 pushed", "一二三四五、六七", 5, 0, "一二三四|五、六七"},
        {"； pushed", "一二三四五；六七", 5, 0, "一二三四|五；六七"},
        {"： pushed", "一二三四五：六七", 5, 0, "一二三四|五：六七"},
        {"？ pushed", "一二三四五？六七", 5, 0, "一二三四|五？六七"},
        {"！ pushed", "一二三四五！六七", 5, 0, "一二三四|五！六七"},
        {"” pushed", "一二三四五”六七", 5, 0, "一二三四|五”六七"},
        {"’ pushed", "一二三四五’六七", 5, 0, "一二三四|五’六七"},
        {"） pushed", "一二三四五）六七", 5, 0, "一二三四|五）六七"},
        {"》 pushed", "一二三四五》六七", 5, 0, "一二三四|五》六七"},
        {"】 pushed", "一二三四五】六七", 5, 0, "一二三四|五】六七"},
        {"〕 pushed", "一二三四五〕六七", 5, 0, "一二三四|五〕六七"},
        {"」 pushed", "一二三四五」六七", 5, 0, "一二三四|五」六七"},
        {"』 pushed", "一二三四五』六七", 5, 0, "一二三四|五』六七"},
        {"〉 pushed", "一二三四五〉六七", 5, 0, "一二三四|五〉六七"},
        {"． pushed", "一二三四五．六七", 5, 0, "一二三四|五．六七"},
        /* 5.1.6, 5.1.7, 5.1.9: 连接号, 间隔号 (Typst #6774), 分隔号 never start a line */
        {"· pushed (Typst #6774)", "一二三四五·六七", 5, 0, "一二三四|五·六七"},
        {"～ pushed", "一二三四五～六七", 5, 0, "一二三四|五～六七"},
        {"– pushed", "一二三四五–六七", 5, 0, "一二三四|五–六七"},
        {"a lone — pushed", "一二三四五—六七", 5, 0, "一二三四|五—六七"},
        {"/ pushed", "一二三四五/六七", 5, 0, "一二三四|五/六七"},
        {"／ pushed", "一二三四五／六七", 5, 0, "一二三四|五／六七"},
        {"Latin , pushed", "一二三四abcd,ef", 6, 0, "一二三四|abcd,ef"},
        {"Latin ) pushed", "一二三四五)六", 5, 0, "一二三四|五)六"},
        /* Typst #560: the 间隔号 stays with the character before it */
        {"张·三 stays joined (Typst #560)", "一二三四张·三", 5, 0, "一二三四|张·三"},
        {"a break after · (class ID in Chinese text, UAX #14 LB1)", "一二三将·30%", 5, 0,
         "一二三将·|30%"},
        /* 5.1.3: opening marks never end a line; they go down with what they open */
        {"“ goes down", "一二三四“五六”", 5, 0, "一二三四|“五六”"},
        {"‘ goes down", "一二三四‘五六’", 5, 0, "一二三四|‘五六’"},
        {"（ goes down", "一二三四（五六）", 5, 0, "一二三四|（五六）"},
        {"《 goes down", "一二三四《五六》", 5, 0, "一二三四|《五六》"},
        {"【 goes down", "一二三四【五六】", 5, 0, "一二三四|【五六】"},
        {"〔 goes down", "一二三四〔五六〕", 5, 0, "一二三四|〔五六〕"},
        {"「 goes down", "一二三四「五六」", 5, 0, "一二三四|「五六」"},
        {"『 goes down", "一二三四『五六』", 5, 0, "一二三四|『五六』"},
        {"〈 goes down", "一二三四〈五六〉", 5, 0, "一二三四|〈五六〉"},
        {"Latin ( goes down", "一二三四(五", 5, 0, "一二三四|(五"},
        {"/ ends no line (5.1.9)", "一二三/四五", 4, 0, "一二|三/四五"},
        /* 5.1.10: a closing mark at a line end takes half a cell, so it fits (LibreOffice
         * drops a line-end comma) */
        {"line-end ， kept, in half a cell (LibreOffice)", "一二三四，五六七八", 5, 0,
         "一二三四，|五六七八"},
        {"line-end ， fits flush in its half cell", "一二三a，四", 4, 0, "一二三a，|四"},
        {"line-end ， pushed with the Han before it", "一二三四，五六七八", 4, 0,
         "一二三|四，五六|七八"},
        {"。 after a Latin word (Typst #3082)", "一二三abc。四", 5, 0, "一二三abc。|四"},
        {"two marks pushed together", "一二三四五。”六", 5, 0, "一二三四|五。”六"},
        {"）（ breaks between them", "一二三四）（五", 5, 0, "一二三四）|（五"},
        {"）（ at the overflow", "一二三四五）（六", 5, 0, "一二三四|五）（六"},
        /* clreq 先挤进: squeeze before push */
        /* issue 12: marks inside the line give their blank half (clreq squeeze priority) */
        {"squeeze: 。 inside the line takes 四， back", "一二。“三四，五", 6, 0,
         "一二。“三四，|五"},
        {"squeeze: 。” at the line end, one more char", "一二三四五。”六", 6, 0,
         "一二三四五。”|六"},
        {"squeeze: not enough for three marks, push", "一二三四五。”）六", 6, 0,
         "一二三四|五。”）六"},
        {"squeeze: ） and ， inside the line take 四”。 back", "一）（二，“三四”。六", 8, 0,
         "一）（二，“三四”。|六"},
        {"squeeze: Latin takes a line off the grid: its inner 。“ compresses", "一二。“三ab，五", 6,
         0, "一二。“三ab，|五"},
        {"squeeze: two pairs of a final 。”） take ） back", "一二三四a。”）五", 6, 0,
         "一二三四a。”）|五"},
        /* 5.1.4, 5.1.5: —— and …… are never split; …… does not start a line (ICU strict) */
        {"—— not split", "一二三四——五六", 5, 0, "一二三四|——五六"},
        {"—— at the line edge", "一二三四五——六", 6, 0, "一二三四五|——六"},
        {"…… not split, not at a line start", "一二三四……五", 5, 0, "一二三|四……五"},
        {"⋯⋯ not split", "一二三四⋯⋯五", 5, 0, "一二三|四⋯⋯五"},
        {"⸺ may start a line", "一二三四⸺五", 4, 0, "一二三四|⸺五"},
        /* 5.1.5: two ellipses together (twelve dots) take a line of their own */
        {"two ellipses: a line of their own", "一二三…………四五", 8, 0, "一二三|…………|四五"},
        {"two ellipses: spaces around them vanish", "一二 ………… 三", 8, 0, "一二|…………|三"},
        {"two ellipses of ⋯ too", "一⋯⋯⋯⋯二", 8, 0, "一|⋯⋯⋯⋯|二"},
        {"one ellipsis stays in the text", "一二……三四", 8, 0, "一二……三四"},
        {"two ellipses at the start and the end", "…………一二…………", 8, 0, "…………|一二|…………"},
        {"two ellipses after a full line", "一二三四五…………六", 5, 0, "一二三四五|…………|六"},
        {"two ellipses wider than the line are cut between them", "一…………二", 3, 0, "一|……|……|二"},
        /* numbers with their units, Latin words */
        {"30% whole", "一二三四30%五", 5, 0, "一二三四|30%五"},
        {"12.4 whole", "一二三四12.4五", 5, 0, "一二三四|12.4五"},
        {"2020年 whole", "一二三四2020年", 6, 0, "一二三四|2020年"},
        {"50℃ whole", "一二三四50℃", 5, 0, "一二三四|50℃"},
        {"¥100 whole", "一二三四¥100", 5, 0, "一二三四|¥100"},
        {"APP whole", "一二三四APP应用", 5, 0, "一二三四|APP应用"},
        {"Latin words break at spaces", "一二 Latin words 三四", 6, 0, "一二 Latin|words 三四"},
        {"Latin spaces vanish at the break", "ab cd ef", 3, 0, "ab cd|ef"},
        {"a word longer than the line is cut", "abcdefghijkl", 3, 0, "abcdef|ghijkl"},
        {"a long word goes to its own line first", "一二abcdefghij", 3, 0, "一二|abcdef|ghij"},
        /* indent, forced breaks, characters outside the BMP */
        {"first-line indent", "一二三四五六七八九十", 5, 2, "一二三|四五六七八|九十"},
        {"indent then a pushed mark", "一二三，四五六", 5, 2, "一二|三，四五六"},
        {"\\n forces a break", "一二\n三四五六七八", 5, 0, "一二|三四五六七|八"},
        {"\\n then spaces", "一二\n  三四", 5, 0, "一二|三四"},
        {"U+20BB7 counts as one glyph", "一二三四𠮷，五", 5, 0, "一二三四|𠮷，五"},
        {"U+20BB7 before an allowed break", "𠮷𠮷𠮷𠮷𠮷𠮷", 4, 0, "𠮷𠮷𠮷𠮷|𠮷𠮷"},
        {"an opening mark at a line start keeps its cell", "（一）二三四五六", 5, 0,
         "（一）二三|四五六"},
        {"quotes among Han may break outside (LB19a)", "一二三四”五六", 5, 0, "一二三四”|五六"},
        {"‘’ inside a Latin word do not break", "ab‘c’d 一二三四", 5, 0, "ab‘c’d 一|二三四"},
};

/* Runs the table: expected lines and the general properties, one check per case. */
static void run_table(void)
{
	const gw_len cell = 1000;
	for (size_t c = 0; c < sizeof table / sizeof table[0]; c++) {
		const kcase *t = &table[c];
		int n;
		gw_glyph *g = glyphs(t->text, cell, &n);
		gw_line *ln;
		gw_len width = t->cells * cell, indent = t->indent * cell;
		int nl = gw_break_lines(NULL, g, n, width, indent, &ln);
		char *got = joined(g, ln, nl);
		const char *bad = props(g, n, ln, nl, width, indent);
		char name[200];
		snprintf(name, sizeof name, "kinsoku %02zu: %s", c + 1, t->why);
		check(strcmp(got, t->want) == 0 && !bad, name, "got \"%s\", want \"%s\"%s%s", got,
		      t->want, bad ? "; " : "", bad ? bad : "");
		free(got);
		free(ln);
		free(g);
	}
}

/* A paragraph of the given Han count: 一 repeated. */
static char *han(int count)
{
	char *s = malloc((size_t)count * 3 + 1);
	for (int i = 0; i < count; i++)
		memcpy(s + 3 * i, "一", 3);
	s[3 * count] = 0;
	return s;
}

/* Real sizes: 三号 on the 156 mm line, 28 cells of 15.793 pt. */
#define CELL 15793
#define WIDTH 442205

static void real_size(void)
{
	int n, nl;
	gw_line *ln;
	gw_glyph *g;
	/* 28 cells per full line, 26 after a 2-cell indent, flush at both ends */
	char *s = han(200);
	g = glyphs(s, CELL, &n);
	nl = gw_break_lines(NULL, g, n, WIDTH, 2 * CELL, &ln);
	int ok28 = ln[0].to - ln[0].from == 26;
	for (int i = 1; i + 1 < nl; i++)
		ok28 &= ln[i].to - ln[i].from == 28;
	check(ok28 && nl == 8, "grid: 26 characters after the indent, then 28 per full line",
	      "%d lines, first holds %d", nl, ln[0].to - ln[0].from);
	const char *bad = props(g, n, ln, nl, WIDTH, 2 * CELL);
	check(!bad, "grid: every full line ends flush at 442.205 pt to the millipoint", "%s",
	      bad ? bad : "");
	gw_len x0 = gw_place_line(g, &ln[0], WIDTH, 2 * CELL, GW_ALIGN_JUSTIFY);
	check(x0 == 2 * CELL && g[1].x == CELL + 1 && g[2].x == 2 * CELL + 1,
	      "grid: the first line starts after 2 cells; the 1 mpt left over goes to one gap",
	      "x0 %d, x1 %d, x2 %d", x0, g[1].x, g[2].x);
	gw_place_line(g, &ln[nl - 1], WIDTH, 2 * CELL, GW_ALIGN_JUSTIFY);
	check(g[ln[nl - 1].from + 1].x == CELL && ln[nl - 1].last,
	      "grid: the last line is flush left (no stretch)", "x %d", g[ln[nl - 1].from + 1].x);
	free(ln);
	free(g);
	free(s);

	/* 27 Han + 。: the mark takes half a cell and its logical end is the right edge */
	s = han(40);
	char *t = malloc(strlen(s) + 8);
	memcpy(t, s, 27 * 3);
	strcpy(t + 27 * 3, "。");
	strcat(t, s + 27 * 3);
	g = glyphs(t, CELL, &n);
	nl = gw_break_lines(NULL, g, n, WIDTH, 0, &ln);
	gw_place_line(g, &ln[0], WIDTH, 0, GW_ALIGN_JUSTIFY);
	gw_glyph *e = &g[ln[0].to - 1];
	check(ln[0].to == 28 && e->cp == 0x3002 && e->adv == CELL / 2 && e->x + e->adv == WIDTH,
	      "5.1.10: a line-end 。 takes half a cell and ends flush to the millipoint",
	      "to %d, adv %d, end %d", ln[0].to, e->adv, e->x + e->adv);
	gw_place_line(g, &ln[0], WIDTH, 0, GW_ALIGN_JUSTIFY);
	check(e->adv == CELL / 2 && e->x + e->adv == WIDTH && g[27].adv == CELL / 2,
	      "place: a second call gives the same advances and positions", "adv %d", e->adv);
	free(ln);
	free(g);
	free(t);

	/* 28 Han then 。: no pair to squeeze, so the 28th goes down with the mark */
	t = malloc(strlen(s) + 8);
	memcpy(t, s, 28 * 3);
	strcpy(t + 28 * 3, "。");
	strcat(t, s + 28 * 3);
	g = glyphs(t, CELL, &n);
	nl = gw_break_lines(NULL, g, n, WIDTH, 0, &ln);
	gw_place_line(g, &ln[0], WIDTH, 0, GW_ALIGN_JUSTIFY);
	e = &g[ln[0].to - 1];
	check(ln[0].to == 27 && g[ln[1].from].cp == 0x4E00 && g[ln[1].from + 1].cp == 0x3002 &&
	              e->x + e->adv == WIDTH,
	      "push: 28 Han + 。 pushes one Han down and stretches 27 to the full width",
	      "line 0 holds %d, ends at %d", ln[0].to, e->x + e->adv);
	free(ln);
	free(g);
	free(t);
	free(s);

	/* squeeze with real sizes: 27 Han + 。” + more; the pair 。” at the line end goes from
	 * 2 cells to 1.5 and ” takes half a cell, so 29 characters fill the 28 cells */
	s = han(40);
	t = malloc(strlen(s) + 16);
	memcpy(t, s, 27 * 3);
	strcpy(t + 27 * 3, "。”");
	strcat(t, s + 27 * 3);
	g = glyphs(t, CELL, &n);
	nl = gw_break_lines(NULL, g, n, WIDTH, 0, &ln);
	gw_place_line(g, &ln[0], WIDTH, 0, GW_ALIGN_JUSTIFY);
	e = &g[ln[0].to - 1];
	gw_len d = g[28].x - g[27].x;
	check(ln[0].to == 29 && e->cp == 0x201D && g[27].adv == CELL / 2 &&
	              (d == CELL / 2 || d == CELL / 2 + 1) && e->adv == CELL / 2 &&
	              e->x + e->adv == WIDTH,
	      "squeeze: 。” at the line end in 1 cell lets a 29th character in, flush",
	      "to %d, 。 adv %d, gap %d, end %d", ln[0].to, g[27].adv, d, e->x + e->adv);
	free(ln);
	free(g);
	free(t);

	/*
	 * issue 12, clreq 先挤进 inside the line: the ， after a full line comes back by giving
	 * the 。 inside the line its blank half (the line end's ， takes half a cell too)
	 */
	strcpy(t = malloc(200), "一二。“三四五六七八九十一二三四五六七八九十一二三四五六，七八");
	g = glyphs(t, CELL, &n);
	nl = gw_break_lines(NULL, g, n, WIDTH, 0, &ln);
	gw_place_line(g, &ln[0], WIDTH, 0, GW_ALIGN_JUSTIFY);
	e = &g[ln[0].to - 1];
	check(nl == 2 && ln[0].to == 29 && g[2].adv == CELL / 2 && e->adv == CELL / 2 &&
	              e->x + e->adv == WIDTH,
	      "squeeze: a mark inside the line gives its blank half to take a ， back, flush",
	      "lines %d, to %d, 。 adv %d", nl, ln[0].to, g[2].adv);
	free(ln);
	free(g);
	free(t);
	free(s);
}

static void placement(void)
{
	int n;
	gw_line *ln;
	/* Latin word spaces stretch first, up to half a cell; letters never separate */
	gw_glyph *g = glyphs("一二 ab cd efghij", 1000, &n);
	int nl = gw_break_lines(NULL, g, n, 6000, 0, &ln);
	/* line 1: 一二 ab cd (2000 + 250 + 1000 + 250 + 1000 = 4500), 1500 to spread: the two
	 * spaces take their cap of 500 each, the one Han gap the other 500 */
	gw_place_line(g, &ln[0], 6000, 0, GW_ALIGN_JUSTIFY);
	int sp1 = g[3].x - (g[2].x + g[2].adv), sp2 = g[6].x - (g[5].x + g[5].adv);
	check(nl == 2 && ln[0].to == 8 && g[4].x == g[3].x + 500 && g[7].x == g[6].x + 500,
	      "justify: never inside a Latin word", "nl %d to %d", nl, ln[0].to);
	check(sp1 == 500 && sp2 == 500 && g[1].x == 1500 && g[7].x + g[7].adv == 6000,
	      "justify: spaces stretch by half a cell first, then the other gaps; flush",
	      "spaces %d %d, 二 at %d, end %d", sp1, sp2, g[1].x, g[7].x + g[7].adv);
	free(ln);
	free(g);

	/* no stretching inside —— and …… or beside a 连接号 */
	g = glyphs("一——二……三1～2四五六七八九", 1000, &n);
	nl = gw_break_lines(NULL, g, n, 14000, 0, &ln);
	gw_place_line(g, &ln[0], 14000, 0, GW_ALIGN_JUSTIFY);
	int inside = g[2].x == g[1].x + 1000 && g[5].x == g[4].x + 1000 && g[8].x == g[7].x + 500 &&
	             g[9].x == g[8].x + 1000;
	check(nl == 2 && inside && g[ln[0].to - 1].x + g[ln[0].to - 1].adv == 14000,
	      "justify: —— …… and 1～2 keep their glyphs together", "nl %d", nl);
	free(ln);
	free(g);

	/* centred and right-aligned lines keep working, with the line-end compression */
	g = glyphs("一二三。", 1000, &n);
	nl = gw_break_lines(NULL, g, n, 10000, 0, &ln);
	gw_len x0 = gw_place_line(g, &ln[0], 10000, 0, GW_ALIGN_CENTER);
	check(nl == 1 && x0 == (10000 - 3500) / 2 && g[3].adv == 500,
	      "align: a centred line is centred on its logical width", "x0 %d", x0);
	x0 = gw_place_line(g, &ln[0], 10000, 0, GW_ALIGN_RIGHT);
	check(x0 == 6500 && g[3].x == 3000, "align: a right-aligned line ends at the edge", "x0 %d",
	      x0);
	x0 = gw_place_line(g, &ln[0], 10000, 0, GW_ALIGN_LEFT);
	check(x0 == 0 && g[1].x == 1000, "align: a left-aligned line is not stretched", "x0 %d",
	      x0);
	free(ln);
	free(g);

	/* a forced break's line is a last line: flush left, not stretched */
	g = glyphs("一二\n三四五六七八", 1000, &n);
	nl = gw_break_lines(NULL, g, n, 5000, 0, &ln);
	gw_place_line(g, &ln[0], 5000, 0, GW_ALIGN_JUSTIFY);
	check(ln[0].last && g[1].x == 1000, "justify: a line ended by \\n stays flush left", "%d",
	      g[1].x);
	free(ln);
	free(g);

	/* the empty paragraph and the '\n' at the very end */
	nl = gw_break_lines(NULL, NULL, 0, 5000, 0, &ln);
	check(nl == 1 && ln[0].from == 0 && ln[0].to == 0 && ln[0].last && ln[0].first,
	      "break: an empty paragraph is one empty line", "%d lines", nl);
	free(ln);
	g = glyphs("一二\n", 1000, &n);
	nl = gw_break_lines(NULL, g, n, 5000, 0, &ln);
	check(nl == 1 && ln[0].to == 2 && ln[0].last, "break: a final \\n adds no empty line",
	      "%d lines", nl);
	free(ln);
	free(g);
}

static void opportunities(void)
{
	int n;
	gw_glyph *g = glyphs("𠮷𠮷，“𠮷”。a", 1000, &n);
	unsigned char ok[16];
	gw_break_opportunities(NULL, g, n, ok);
	/* 𠮷|𠮷，|“𠮷”。|a: UTF-16 offsets map back to glyphs (𠮷 is two units) */
	check(n == 8 && ok[1] && !ok[2] && ok[3] && !ok[4] && !ok[5] && !ok[6] && ok[7] && ok[8],
	      "icu: boundaries after characters outside the BMP land on the right glyphs",
	      "%d %d %d %d %d %d %d", ok[1], ok[2], ok[3], ok[4], ok[5], ok[6], ok[7]);
	free(g);
	g = glyphs("中a/b十——", 1000, &n);
	gw_break_opportunities(NULL, g, n, ok);
	check(!ok[2] && !ok[3] && ok[5] && !ok[6],
	      "tailoring: / binds both sides (5.1.9); —— may start a line, never split", "%d%d%d%d",
	      ok[2], ok[3], ok[5], ok[6]);
	free(g);
}

/* Pseudo-random text of Han, marks, quotes, Latin words, numbers, spaces, —— and …… */
static char *random_text(int pieces, unsigned *seed)
{
	static const char *bits[] = {
	        "政",    "府",  "信",   "息",     "公",          "开", "，", "。",  "、",  "；",
	        "：",    "“",   "”",    "（",     "）",          "《", "》", "——",  "……",  "·",
	        " APP ", "30%", "12.4", "2020年", "Latin words", "！", "？", "”。", "。“", "）、",
	        "〔",    "〕",  "／",   "～",     "【",          "】", "𠮷"};
	const int nb = (int)(sizeof bits / sizeof bits[0]);
	size_t cap = (size_t)pieces * 16 + 1, len = 0;
	char *s = malloc(cap);
	for (int i = 0; i < pieces; i++) {
		*seed = *seed * 1103515245u + 12345u;
		unsigned r = (*seed >> 16) % 100u;
		/* Han two times in three, so marks rarely pile up */
		const char *b = r < 66 ? bits[(*seed >> 8) % 6] : bits[6 + (int)(r % (nb - 6))];
		size_t bl = strlen(b);
		memcpy(s + len, b, bl);
		len += bl;
	}
	s[len] = 0;
	return s;
}

static void random_paragraphs(void)
{
	unsigned seed = 20240321u;
	int bad_n = 0;
	const char *why = NULL;
	for (int r = 0; r < 300; r++) {
		char *s = random_text(40 + r, &seed);
		int n;
		gw_glyph *g = glyphs(s, CELL, &n);
		gw_line *ln;
		int cells = 8 + r % 21;
		gw_len width = cells * CELL + (r % 3), indent = (r % 2) * 2 * CELL;
		int nl = gw_break_lines(NULL, g, n, width, indent, &ln);
		const char *bad = props(g, n, ln, nl, width, indent);
		if (bad) {
			if (!bad_n)
				why = bad;
			bad_n++;
		}
		free(ln);
		free(g);
		free(s);
	}
	check(bad_n == 0, "random: 300 mixed paragraphs keep every rule and end flush",
	      "%d bad, first: %s", bad_n, why ? why : "");
}

static void big(void)
{
	/* 200,000 characters of mixed text in one paragraph */
	unsigned seed = 7u;
	char *s = random_text(160000, &seed);
	int n;
	gw_glyph *g = glyphs(s, CELL, &n);
	gw_line *ln;
	clock_t t0 = clock();
	int nl = gw_break_lines(NULL, g, n, WIDTH, 2 * CELL, &ln);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	const char *bad = props(g, n, ln, nl, WIDTH, 2 * CELL);
	check(n >= 200000 && secs < 2.0 && !bad,
	      "big: a 200,000-character paragraph breaks in under 2 s and keeps the rules",
	      "%d glyphs, %d lines, %.2f s, %s", n, nl, secs, bad ? bad : "");
	free(ln);
	free(g);
	free(s);

	/* 350,000 。 (1 MiB of marks that may not start a line): emergency cuts, no hang */
	int m = 350000;
	s = malloc((size_t)m * 3 + 1);
	for (int i = 0; i < m; i++)
		memcpy(s + 3 * i, "。", 3);
	s[3 * m] = 0;
	g = glyphs(s, CELL, &n);
	t0 = clock();
	nl = gw_break_lines(NULL, g, n, WIDTH, 0, &ln);
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	int covered = ln[nl - 1].to == n;
	check(covered && secs < 2.0 && nl > 10000,
	      "big: 1 MiB of 。 in one paragraph is cut into lines without hanging",
	      "%d lines, %.2f s", nl, secs);
	free(ln);
	free(g);
	free(s);

	/* 300,000 — in a row: cut between the 2-em units, never inside one */
	m = 300000;
	s = malloc((size_t)m * 3 + 1);
	for (int i = 0; i < m; i++)
		memcpy(s + 3 * i, "—", 3);
	s[3 * m] = 0;
	g = glyphs(s, CELL, &n);
	t0 = clock();
	nl = gw_break_lines(NULL, g, n, WIDTH, 0, &ln);
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	int even = 1;
	for (int i = 0; i < nl; i++)
		even &= ln[i].from % 2 == 0;
	check(even && secs < 2.0 && ln[nl - 1].to == n,
	      "big: a run of 300,000 — is cut only between —— units", "%d lines, %.2f s", nl, secs);
	free(ln);
	free(g);
	free(s);
}

int main(void)
{
	run_table();
	real_size();
	placement();
	opportunities();
	random_paragraphs();
	big();
	DONE();
}
