/*
 * gen_doc.h: a generator of structured documents for fuzzing (fuzz_struct.c) and for the
 * seeded random test (struct_random.c).
 *
 * In: bytes, read front to back like libFuzzer's FuzzedDataProvider (every decision takes one
 * to four bytes; when they run out every decision takes its smallest choice, so any input
 * gives a finished document). Out: a layout JSON (a variant of layouts/gbt9704.json: page
 * size, margins, grid, fonts, styles, page numbers, seal width and table settings, mostly
 * in the range real layouts use, sometimes anywhere within the loader's limits) and a data
 * JSON (title, headings h1-h4 with automatic, own or no numbers, paragraphs, signatures with
 * and without seals, page breaks, and tables with random rowspans and colspans, header rows,
 * captions, long rowspans over hundreds of rows and category cells over many rows), with
 * texts of CJK, Latin words, numbers, punctuation that the line-break rules treat apart,
 * ellipsis and dash runs, forced line breaks. Besides the two files the generator says what
 * must happen:
 *   - GEN_MUST_REFUSE: it put in one deliberate input error (an unknown key, a bad date, a
 *     hole in a table, a 16-bit seal, ...); rendering must fail with at least one error;
 *   - GEN_MAY_REFUSE: the document runs into a limit whose exact place the generator cannot
 *     compute (a header taller than a page, an indent as wide as the line, thousands of
 *     pages); a refusal is right, and a rendered document must still pass every check;
 *   - GEN_MUST_RENDER: everything else; a refusal is a failure.
 * and the characters (other than spaces and line breaks) that a rendered document must paint:
 * every character of every text it wrote, table cells included.
 * Seal images are written by gen_write_seals into the folder of the data file; the data names
 * them relative to it.
 */
#ifndef GW_GEN_DOC_H
#define GW_GEN_DOC_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "base/util.h"
#include "gw.h"

/* What the document must do (see the file comment). */
enum { GEN_MUST_RENDER, GEN_MUST_REFUSE };

/*
 * Limits a document may run into, each with where its error points; a document with one of
 * these bits set may be refused with errors at those places only (fuzz_struct.c).
 */
enum {
	LIM_HEADER = 1, /* header rows taller than a page less a body line: at .../header_rows */
	LIM_PAGES = 2, /* more than GW_MAX_PAGES pages: no position */
	LIM_ORG = 4, /* an organ's name wider than the line: at .../signature/... */
	LIM_INDENT = 8, /* an indent as wide as the line (defect 7): in the layout, at indent */
	LIM_META = 16, /* a meta title too long for a PDF string (defect 5): at /meta/... */
	LIM_LAYOUT = 32, /* an extreme layout: anywhere in the layout file */
	LIM_SEAL = 64, /* a seal that may run off the page: at .../signature/seal */
	LIM_SPAN = 128, /* a rowspan cell cut across pages whose pieces are too short for its
	                   text: at that cell (an open defect, refused, never lost in silence) */
	LIM_NARROW = 256 /* a number or character wider than its table column even at the
	                    layout's table min_size (issue 12, point 7): at that cell. Any table
	                    may meet it: narrow fixed widths, up to 100 columns, big sizes */
};

/* Why a rendered document may have items off its page (counted, not failed). */
enum {
	OFF_LAYOUT = 1 /* an extreme layout (tiny type areas, huge sizes, indents, paddings) */
};

/* Counts kept by fuzz_struct.c, printed by struct_random.c. */
struct fuzz_struct_stats {
	long docs, rendered, refused_must, refused_limit, pages, max_pages, pdfs, offpage,
	        span_loss;
};
extern struct fuzz_struct_stats fuzz_struct_stats;

/*
 * 1: text of a table cell with a rowspan may be missing when the table is cut across pages
 * (such losses are counted, not failed). 0 since gongwen refuses such a document with an
 * error at the cell (LIM_SPAN; growing the cell's last piece is an open defect, see
 * tests/fuzz/README.md): text must always be painted, or the document refused.
 */
#ifndef GEN_KNOWN_SPAN_LOSS
#define GEN_KNOWN_SPAN_LOSS 0
#endif

/* 1: seals whose PNG data is damaged (truncated, too little image data): issue 10 defect 2. */
#ifndef GEN_DAMAGED_SEALS
#define GEN_DAMAGED_SEALS 1
#endif

typedef struct gen {
	const uint8_t *p; /* the input */
	size_t n, i; /* its size, bytes consumed */
	gw_buf data, layout; /* the two JSON files */
	uint32_t *cps; /* characters a rendered document paints (spaces and '\n' left out) */
	size_t ncps, capcps;
	uint32_t *span_cps; /* those of them in table cells with a rowspan (GEN_KNOWN_SPAN_LOSS) */
	size_t nspan, capspan;
	int in_span; /* 1 while writing such a cell */
	int must; /* GEN_MUST_RENDER or GEN_MUST_REFUSE */
	char why[160]; /* why GEN_MUST_REFUSE: the deliberate error */
	int pdf; /* 1: also paint the PDF (it costs more than the rest) */
	int mistake; /* the deliberate error still to place, 0 when placed or none */
	long budget; /* characters of text left to write (keeps a document's size bounded) */
	/* the layout's numbers, 1/1000 pt, to know the type area */
	int64_t page_w, page_h, ml, mr, mt, mb;
	int cpl, lpp; /* grid */
	int64_t size[16]; /* size of each style, 1/1000 pt (index: gen_styles) */
	int indent[16]; /* indent of each style, characters */
	int64_t table_lh, table_pad_y; /* a cell line's pitch and the padding, 1/1000 pt */
	int extreme; /* 1: layout values anywhere in the loader's ranges */
	int limits; /* LIM_* bits: the limits the document may run into */
	int has_header; /* 1: a table has header rows */
	int noutline; /* titles and headings: one bookmark each */
	int offpage; /* OFF_* bits: why items may lie off the page (counted, not failed) */
	int64_t seal_w; /* the seal's width, 1/1000 pt */
} gen;

/* ---- reading the input ---------------------------------------------------------------- */

/* The next byte, 0 when the input is used up. */
static unsigned gen_byte(gen *g)
{
	return g->i < g->n ? g->p[g->i++] : 0;
}

/* An integer in [lo, hi] from as few bytes as the range needs; lo when the input is used up. */
static int64_t gen_int(gen *g, int64_t lo, int64_t hi)
{
	if (hi <= lo)
		return lo;
	uint64_t range = (uint64_t)(hi - lo), v = 0;
	int bytes = range < 0x100 ? 1 : range < 0x10000 ? 2 : range < 0x1000000 ? 3 : 4;
	for (int k = 0; k < bytes; k++)
		v = v << 8 | gen_byte(g);
	return lo + (int64_t)(v % (range + 1));
}

/* 1 with a chance of about pct percent (one byte); 0 when the input is used up. */
static int gen_chance(gen *g, int pct)
{
	if (g->i >= g->n)
		return 0;
	return (int)(gen_byte(g) * 100 / 256) < pct;
}

/* A size: usually in [lo, mid], with pct percent in [mid, hi]. */
static int64_t gen_size(gen *g, int64_t lo, int64_t mid, int64_t hi, int pct)
{
	return gen_chance(g, pct) ? gen_int(g, mid, hi) : gen_int(g, lo, mid);
}

/* Marks the document as one that must be refused (a deliberate error). */
static void gen_must_refuse(gen *g, const char *why)
{
	if (g->must != GEN_MUST_REFUSE) {
		g->must = GEN_MUST_REFUSE;
		snprintf(g->why, sizeof g->why, "%s", why);
	}
}

/* ---- texts ------------------------------------------------------------------------------ */

static void gen_expect(gen *g, uint32_t cp)
{
	if (cp == ' ' || cp == '\n' || cp == 0x3000)
		return;
	if (g->ncps == g->capcps) {
		g->capcps = g->capcps ? g->capcps * 2 : 1024;
		g->cps = gw_xrealloc(g->cps, g->capcps * sizeof *g->cps);
	}
	g->cps[g->ncps++] = cp;
	if (g->in_span) {
		if (g->nspan == g->capspan) {
			g->capspan = g->capspan ? g->capspan * 2 : 256;
			g->span_cps = gw_xrealloc(g->span_cps, g->capspan * sizeof *g->span_cps);
		}
		g->span_cps[g->nspan++] = cp;
	}
}

/* Appends UTF-8 s to a JSON string being written (escaped) and, when expect, to the characters
 * a rendered document paints. */
static void gen_put(gen *g, gw_buf *b, const char *s, int expect)
{
	for (const unsigned char *q = (const unsigned char *)s; *q;) {
		uint32_t cp = *q;
		int k = 1;
		if (cp >= 0xF0)
			cp &= 0x07, k = 4;
		else if (cp >= 0xE0)
			cp &= 0x0F, k = 3;
		else if (cp >= 0xC0)
			cp &= 0x1F, k = 2;
		for (int i = 1; i < k; i++)
			cp = cp << 6 | (q[i] & 0x3F);
		if (cp == '"' || cp == '\\')
			gw_buf_printf(b, "\\%c", (char)cp);
		else if (cp == '\n')
			gw_buf_puts(b, "\\n");
		else if (cp < 0x20)
			gw_buf_printf(b, "\\u%04x", (unsigned)cp);
		else
			gw_buf_put(b, q, (size_t)k);
		if (expect)
			gen_expect(g, cp);
		q += k;
		g->budget--;
	}
}

/* Common characters (GB 2312 level 1: every family of the generated layouts has them). */
static const char gen_hanzi[] =
        "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能"
        "下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量"
        "都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各"
        "重"
        "新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想"
        "已"
        "通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较"
        "将"
        "组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府研况育申请信息";

/* Marks that may not start a line (GB/T 15834-2011 5.1.7; clreq): 点号 and closing marks. */
static const char *const gen_closing[] = {"。", "，", "、", "；", "：", "？", "！", "）",
                                          "》", "」", "』", "”",  "’",  "】", "〕", "%"};
/* Marks that may not end a line: opening brackets and quotes. */
static const char *const gen_opening[] = {"（", "《", "「", "『", "“", "‘", "【", "〔"};
/* Runs kept whole (——, ……), two ellipses on a line of their own (5.1.5), and others. */
static const char *const gen_runs[] = {"——", "……", "…………", "…",  "·",    "／",
                                       "－", "～", "①",    "％", "１２", "ＡＢ"};
static const char *const gen_units[] = {"年", "%", "km", "元", "个", "月", "kg", "mm", ""};

/* One hanzi of the pool, UTF-8 (3 bytes each). */
static void gen_hanzi1(gen *g, char out[4])
{
	size_t n = (sizeof gen_hanzi - 1) / 3;
	size_t k = (size_t)gen_int(g, 0, (int64_t)n - 1);
	memcpy(out, gen_hanzi + 3 * k, 3);
	out[3] = 0;
}

/*
 * Writes a JSON string of about `chars` characters into b: hanzi, Latin words, numbers with
 * units, punctuation, ellipsis and dash runs, spaces and (when newlines) forced breaks.
 */
static void gen_text_body(gen *g, gw_buf *b, long chars, int newlines, int expect)
{
	char h[4];
	if (chars > g->budget)
		chars = g->budget > 1 ? g->budget : 1;
	long start = g->budget;
	int any = 0;
	while (start - g->budget < chars || !any) {
		int k = (int)gen_int(g, 0, 99);
		any = 1;
		if (k < 50) {
			gen_hanzi1(g, h);
			gen_put(g, b, h, expect);
		} else if (k < 60) {
			gen_put(g, b, gen_closing[gen_int(g, 0, 15)], expect);
		} else if (k < 65) {
			gen_put(g, b, gen_opening[gen_int(g, 0, 7)], expect);
			gen_hanzi1(g, h);
			gen_put(g, b, h, expect);
		} else if (k < 75) {
			/* a Latin word, sometimes after a space, sometimes capitalised */
			char w[16];
			int n = (int)gen_int(g, 1, 12);
			for (int i = 0; i < n; i++)
				w[i] = (char)('a' + gen_int(g, 0, 25));
			if (gen_chance(g, 30))
				w[0] = (char)(w[0] - 'a' + 'A');
			w[n] = 0;
			if (gen_chance(g, 50))
				gen_put(g, b, " ", expect);
			gen_put(g, b, w, expect);
		} else if (k < 82) {
			/* a number with its unit (kept whole on a line) */
			char w[40];
			int64_t v = gen_size(g, 0, 99, 999999999, 20);
			snprintf(w, sizeof w, "%lld%s%s", (long long)v,
			         gen_chance(g, 20) ? ".5" : "", gen_units[gen_int(g, 0, 8)]);
			gen_put(g, b, w, expect);
		} else if (k < 86) {
			gen_put(g, b, gen_runs[gen_int(g, 0, 11)], expect);
		} else if (k < 87) {
			/* a word too long for most lines and cells: it cannot break */
			char w[130];
			int n = (int)gen_int(g, 20, 120);
			for (int i = 0; i < n; i++)
				w[i] = (char)('a' + gen_int(g, 0, 25));
			w[n] = 0;
			gen_put(g, b, w, expect);
		} else if (k < 90 && newlines) {
			gen_put(g, b, "\n", expect);
		} else if (k < 93) {
			gen_put(g, b, gen_chance(g, 50) ? " " : "\xe3\x80\x80",
			        expect); /* U+3000 */
		} else {
			gen_hanzi1(g, h);
			gen_put(g, b, h, expect);
		}
	}
}

/* Deliberate errors; one at most per document, placed where its kind fits. */
enum {
	MIS_NONE,
	MIS_UNKNOWN_KEY, /* {"para": ...} */
	MIS_TWO_KINDS, /* {"p": ..., "h1": ...} */
	MIS_BAD_DATE, /* 2021-02-30 */
	MIS_EMPTY_TEXT, /* "p": "" */
	MIS_CONTROL, /* U+0001 in a text */
	MIS_NO_GLYPH, /* U+10FFFD: no font has it */
	MIS_PAGE_BREAK_FALSE, /* "page_break": false */
	MIS_NUMBER_TYPE, /* "number": 5 */
	MIS_SEAL_NOT_PNG, /* a text file named .png */
	MIS_SEAL_MISSING, /* no such file */
	MIS_SEAL_DAMAGED, /* a truncated PNG, or one with too little image data (defect 2) */
	MIS_ORG_NEWLINE, /* a line break in the organ's name (set on one line) */
	MIS_TABLE_HOLE, /* a row leaves a column empty */
	MIS_TABLE_EXTRA, /* a row with one cell too many */
	MIS_TABLE_ROWSPAN, /* a rowspan past the last row */
	MIS_TABLE_COLSPAN, /* a colspan past the last column */
	MIS_TABLE_HEADER_ROWS, /* header_rows more than the rows */
	MIS_TABLE_NO_UNIT, /* a column width "30" */
	MIS_TABLE_STYLE, /* a style the layout lacks */
	MIS_TABLE_FIXED_WIDE, /* fixed columns wider than the type area */
	MIS_LAYOUT_GRID, /* chars_per_line 0 */
	MIS_LAYOUT_ALIGN, /* an unknown alignment */
	MIS_LAYOUT_MARGINS, /* margins that leave no type area */
	MIS_LAYOUT_FAMILY, /* a style naming no family */
	MIS_COUNT
};

/* A deliberate error of one of the kinds [from, to] is due here: takes it (once). */
static int gen_mistake(gen *g, int from, int to)
{
	if (g->mistake >= from && g->mistake <= to) {
		int m = g->mistake;
		g->mistake = MIS_NONE;
		return m;
	}
	return MIS_NONE;
}

/*
 * A text value (a JSON string) of about `chars` characters; it may carry a text mistake
 * (empty_ok: "" is allowed there, as in a cell, so only the other text mistakes go in).
 */
static void gen_text_in(gen *g, gw_buf *b, long chars, int newlines, int empty_ok)
{
	int m = gen_mistake(g, empty_ok ? MIS_CONTROL : MIS_EMPTY_TEXT, MIS_NO_GLYPH);
	gw_buf_putc(b, '"');
	if (m == MIS_EMPTY_TEXT) {
		gen_must_refuse(g, "an empty text");
	} else {
		gen_text_body(g, b, chars, newlines, 1);
		if (m == MIS_CONTROL) {
			gw_buf_puts(b, "\\u0001");
			gen_must_refuse(g, "a control character in a text");
		} else if (m == MIS_NO_GLYPH) {
			gw_buf_puts(b, "\xf4\x8f\xbf\xbd"); /* U+10FFFD */
			gen_must_refuse(g, "a character no font has");
		}
	}
	gw_buf_putc(b, '"');
}

static void gen_text(gen *g, gw_buf *b, long chars, int newlines)
{
	gen_text_in(g, b, chars, newlines, 0);
}

/* A text length: mostly short, sometimes a long paragraph, rarely a very long one. */
static long gen_text_len(gen *g, long usual)
{
	int k = (int)gen_int(g, 0, 99);
	if (k < 80)
		return (long)gen_int(g, 1, usual);
	if (k < 97)
		return (long)gen_int(g, usual, usual * 10);
	return (long)gen_int(g, usual * 10, usual * 100);
}

/* ---- seal images ------------------------------------------------------------------------ */

/* Seal files: name, size, bit depth, PNG colour type; the data names them. */
static const struct gen_seal {
	const char *name;
	int w, h, depth, ctype;
	int must; /* what a document that uses it must do */
} gen_seals[] = {
        {"seal.png", 200, 200, 8, 6, GEN_MUST_RENDER}, /* RGBA, as tests/tools/mkpng.py */
        {"seal-rgb.png", 120, 120, 8, 2, GEN_MUST_RENDER},
        {"seal-gray.png", 64, 64, 8, 0, GEN_MUST_RENDER},
        {"seal-ga.png", 50, 50, 8, 4, GEN_MUST_RENDER},
        {"seal-pal.png", 80, 80, 8, 3, GEN_MUST_RENDER}, /* palette with tRNS */
        {"seal-pal4.png", 30, 30, 4, 3, GEN_MUST_RENDER},
        {"seal-gray1.png", 33, 33, 1, 0, GEN_MUST_RENDER},
        {"seal-wide.png", 300, 100, 8, 6, GEN_MUST_RENDER},
        {"seal-tall.png", 60, 180, 8, 2, GEN_MUST_RENDER},
        {"seal-1px.png", 1, 1, 8, 6, GEN_MUST_RENDER},
        {"seal16.png", 40, 40, 16, 6, GEN_MUST_RENDER}, /* rounded to 8 bits at load */
        {"not-a-png.png", 0, 0, 0, 0, GEN_MUST_REFUSE},
        {"missing.png", -1, -1, 0, 0, GEN_MUST_REFUSE}, /* never written */
        {"seal-trunc.png", 200, 200, 8, 6, GEN_MUST_REFUSE}, /* the first 59 bytes */
        {"seal-short.png", 64, 64, 8, 2, GEN_MUST_REFUSE}, /* IDAT of half the rows */
};
enum { GEN_SEAL_GOOD = 11, GEN_SEAL_NOT_PNG = 11, GEN_SEAL_MISSING, GEN_SEAL_TRUNC };

static void gen_be32(gw_buf *b, uint32_t v)
{
	unsigned char c[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
	                      (unsigned char)(v >> 8), (unsigned char)v};
	gw_buf_put(b, c, 4);
}

static void gen_png_chunk(gw_buf *b, const char *type, const unsigned char *data, size_t len)
{
	gen_be32(b, (uint32_t)len);
	gw_buf_put(b, type, 4);
	if (len)
		gw_buf_put(b, data, len);
	uLong crc = crc32(0, (const Bytef *)type, 4);
	crc = crc32(crc, data ? data : (const Bytef *)"", (uInt)len);
	gen_be32(b, (uint32_t)crc);
}

/* A PNG of a red ring on transparency (as the colour type allows); rows < h: a short IDAT. */
static void gen_png(gw_buf *b, int w, int h, int depth, int ctype, int rows)
{
	static const int chans[] = {1, 0, 3, 1, 2, 0, 4};
	int bits = chans[ctype] * depth;
	size_t stride = 1 + ((size_t)w * (size_t)bits + 7) / 8;
	unsigned char *raw = gw_xcalloc((size_t)h, stride);
	for (int y = 0; y < h; y++) {
		unsigned char *row = raw + (size_t)y * stride;
		for (int x = 0; x < w; x++) {
			double dx = x - (w - 1) / 2.0, dy = y - (h - 1) / 2.0;
			double r = sqrt(dx * dx / ((double)w * w) + dy * dy / ((double)h * h));
			int on = r > 0.40 && r < 0.48;
			unsigned v[4] = {on ? 220u : 255u, on ? 20u : 255u, on ? 20u : 255u,
			                 on ? 200u : 0u};
			if (ctype == 3) {
				int idx = on ? 1 : 0;
				int bit = x * depth;
				row[1 + bit / 8] |= (unsigned char)(idx << (8 - depth - bit % 8));
			} else if (depth < 8) {
				int bit = x * depth;
				if (!on)
					row[1 + bit / 8] |=
					        (unsigned char)(((1 << depth) - 1)
					                        << (8 - depth - bit % 8));
			} else {
				unsigned vals[4];
				int nc = chans[ctype];
				if (ctype == 0 || ctype == 4)
					vals[0] = on ? 80 : 255, vals[1] = v[3];
				else
					memcpy(vals, v, sizeof vals);
				for (int c = 0; c < nc; c++) {
					if (depth == 16) {
						row[1 + ((size_t)x * nc + c) * 2] =
						        (unsigned char)vals[c];
						row[2 + ((size_t)x * nc + c) * 2] =
						        (unsigned char)vals[c];
					} else {
						row[1 + (size_t)x * nc + c] =
						        (unsigned char)vals[c];
					}
				}
			}
		}
	}
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
	gw_buf_put(b, sig, 8);
	unsigned char ihdr[13] = {0};
	for (int k = 0; k < 4; k++) {
		ihdr[k] = (unsigned char)((unsigned)w >> (24 - 8 * k));
		ihdr[4 + k] = (unsigned char)((unsigned)h >> (24 - 8 * k));
	}
	ihdr[8] = (unsigned char)depth;
	ihdr[9] = (unsigned char)ctype;
	gen_png_chunk(b, "IHDR", ihdr, 13);
	if (ctype == 3) {
		static const unsigned char plte[6] = {255, 255, 255, 220, 20, 20};
		static const unsigned char trns[2] = {0, 200};
		gen_png_chunk(b, "PLTE", plte, 6);
		gen_png_chunk(b, "tRNS", trns, 2);
	}
	uLongf zlen = compressBound((uLong)(stride * (size_t)rows));
	unsigned char *z = gw_xmalloc(zlen);
	compress2(z, &zlen, raw, (uLong)(stride * (size_t)rows), 9);
	gen_png_chunk(b, "IDAT", z, zlen);
	gen_png_chunk(b, "IEND", NULL, 0);
	free(z);
	free(raw);
}

/* Writes every seal file into dir (which exists). Returns 0, or -1 when a file cannot be made. */
static int gen_write_seals(const char *dir) __attribute__((unused));
static int gen_write_seals(const char *dir)
{
	int rc = 0;
	for (size_t k = 0; k < sizeof gen_seals / sizeof gen_seals[0]; k++) {
		const struct gen_seal *s = &gen_seals[k];
		if (s->w < 0)
			continue;
		gw_buf b = {0};
		if (s->w == 0)
			gw_buf_puts(&b, "not a png\n");
		else if (k == GEN_SEAL_TRUNC)
			gen_png(&b, s->w, s->h, s->depth, s->ctype, s->h);
		else
			gen_png(&b, s->w, s->h, s->depth, s->ctype,
			        k == GEN_SEAL_TRUNC + 1 ? s->h / 2 : s->h);
		if (k == GEN_SEAL_TRUNC)
			b.len = 59; /* issue 10: "the first 59 bytes of a valid one" */
		char *path = gw_xasprintf("%s/%s", dir, s->name);
		FILE *f = fopen(path, "wb");
		if (!f || fwrite(b.data, 1, b.len, f) != b.len)
			rc = -1;
		if (f && fclose(f) != 0)
			rc = -1;
		free(path);
		gw_buf_free(&b);
	}
	return rc;
}

/* ---- the layout ------------------------------------------------------------------------- */

/* Style names of the generated layout; the order is gen.size[]'s. */
static const char *const gen_styles[] = {"title",     "h1",    "h2",          "h3",  "h4", "body",
                                         "signature", "table", "page_number", "alt", NULL};
enum { ST_TITLE, ST_H1, ST_H2, ST_H3, ST_H4, ST_BODY, ST_SIGNATURE, ST_TABLE, ST_PAGENUM, ST_ALT };

static const char *const gen_families[] = {"fang", "hei", "kai", "song", "xiaobiaosong"};

/* Writes a length of `mpt` millipoints' worth in pt or in whole mm; returns the mpt the loader
 * reads (lround(pt * 1000), values.c). */
static int64_t gen_length(gen *g, gw_buf *b, int64_t pt_lo, int64_t pt_hi)
{
	if (gen_chance(g, 50)) {
		int64_t mm =
		        gen_int(g, (int64_t)ceil(pt_lo * 25.4 / 72), (int64_t)(pt_hi * 25.4 / 72));
		gw_buf_printf(b, "\"%lldmm\"", (long long)mm);
		return (int64_t)lround(mm * 72.0 / 25.4 * 1000.0);
	}
	int64_t pt = gen_int(g, pt_lo, pt_hi);
	if (gen_chance(g, 50))
		gw_buf_printf(b, "%lld", (long long)pt);
	else
		gw_buf_printf(b, "\"%lldpt\"", (long long)pt);
	return pt * 1000;
}

/* The fonts: the families of gbt9704 (Liberation for ASCII, Fandol, Noto CJK), or Noto only. */
static void gen_fonts(gen *g, gw_buf *b)
{
	static const char *const lib_serif =
	        "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf";
	static const char *const lib_sans =
	        "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf";
	static const char *const noto_serif =
	        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc";
	static const char *const noto_bold = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc";
	static const char *const noto_sans =
	        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
	static const char *const fandol[] = {"FandolFang-Regular.otf", "FandolHei-Regular.otf",
	                                     "FandolKai-Regular.otf", "FandolSong-Regular.otf",
	                                     "FandolSong-Bold.otf"};
	const char *latin[] = {lib_serif, lib_sans, lib_serif, NULL, NULL};
	const char *noto[] = {noto_serif, noto_sans, noto_serif, noto_serif, noto_bold};
	int noto_only = gen_chance(g, 10);
	gw_buf_puts(b, "\"fonts\": {");
	for (int f = 0; f < 5; f++) {
		gw_buf_printf(b, "%s\"%s\": [", f ? ", " : "", gen_families[f]);
		if (noto_only) {
			gw_buf_printf(b, "{\"file\": \"%s\", \"index\": 2}]", noto[f]);
			continue;
		}
		if (latin[f])
			gw_buf_printf(b, "{\"file\": \"%s\", \"chars\": [\"U+0020-U+007E\"]}, ",
			              latin[f]);
		gw_buf_printf(b, "{\"file\": \"%s/fandol/%s\"}, ", GW_FONT_DIR, fandol[f]);
		gw_buf_printf(b, "{\"file\": \"%s\", \"index\": 2}]", noto[f]);
	}
	gw_buf_puts(b, "},\n");
}

/* A font size: a 字号 name or points, at most max_mpt (usual) or anything from 1 to 600 pt
 * (extreme); returns it in 1/1000 pt. */
static int64_t gen_font_size(gen *g, gw_buf *b, int extreme, int64_t max_mpt)
{
	static const struct {
		const char *name;
		int64_t mpt;
	} zh[] = {{"二号", 22000}, {"三号", 16000}, {"小三", 15000}, {"四号", 14000},
	          {"小四", 12000}, {"五号", 10500}, {"小二", 18000}, {"一号", 26000}};
	if (extreme) {
		int64_t pt = gen_size(g, 1, 60, 600, 30);
		gw_buf_printf(b, "%lld", (long long)pt);
		return pt * 1000;
	}
	int k = (int)gen_int(g, 0, 7);
	if (gen_chance(g, 70) && zh[k].mpt <= max_mpt) {
		gw_buf_printf(b, "\"%s\"", zh[k].name);
		return zh[k].mpt;
	}
	int64_t hi = max_mpt / 1000 < 30 ? max_mpt / 1000 : 30;
	int64_t pt = gen_int(g, hi < 8 ? hi : 8, hi);
	gw_buf_printf(b, "\"%lldpt\"", (long long)pt);
	return pt * 1000;
}

/*
 * The layout. Usual values are the ones a real layout has: a paper of the usual sizes or
 * from 250 x 300 pt, margins of at least 15 pt and at most a fifth of the paper, a grid
 * cell of 8 to 40 pt and a line pitch of 12 to 60 pt, styles no larger than the pitch,
 * page numbers inside the bottom margin, a seal no wider than half the type area. Extreme
 * layouts (one in eight) take values anywhere within the loader's ranges; what they draw
 * off the page is counted, not failed (fuzz_struct.c), since the loader lets such layouts
 * through today.
 */
static void gen_layout(gen *g)
{
	gw_buf *b = &g->layout;
	int mis = gen_mistake(g, MIS_LAYOUT_GRID, MIS_LAYOUT_FAMILY);
	int ex = g->extreme = gen_chance(g, 12);
	if (ex) {
		g->limits |= LIM_LAYOUT;
		g->offpage |= OFF_LAYOUT;
	}
	gw_buf_puts(b, "{\n\"version\": 1,\n\"name\": \"generated\",\n\"page\": {");
	/* the paper: the usual sizes, or any from 1 inch (72 pt) to the 14400 pt limit */
	static const int presets[][2] = {{210, 297}, {297, 420}, {148, 210}, {176, 250},
	                                 {297, 210}, {105, 148}, {210, 1000}};
	int k = (int)gen_int(g, 0, 9);
	if (k < 7 && !(ex && gen_chance(g, 50))) {
		gw_buf_printf(b, "\"width\": \"%dmm\", \"height\": \"%dmm\"", presets[k][0],
		              presets[k][1]);
		g->page_w = lround(presets[k][0] * 72.0 / 25.4 * 1000.0);
		g->page_h = lround(presets[k][1] * 72.0 / 25.4 * 1000.0);
	} else {
		gw_buf_puts(b, "\"width\": ");
		g->page_w = ex ? gen_length(g, b, 72, gen_chance(g, 80) ? 700 : 14400)
		               : gen_length(g, b, 250, 1200);
		gw_buf_puts(b, ", \"height\": ");
		g->page_h = ex ? gen_length(g, b, 72, gen_chance(g, 80) ? 1000 : 14400)
		               : gen_length(g, b, 300, 1700);
	}
	/* margins, written in whole mm or pt (or pt with decimals) so the type area is known
	 * here exactly */
	gw_buf_puts(b, ", \"margins\": {");
	int64_t *m[4] = {&g->mt, &g->mb, &g->ml, &g->mr};
	static const char *const side[4] = {"top", "bottom", "left", "right"};
	for (int s = 0; s < 4; s++) {
		int64_t dim = s < 2 ? g->page_h : g->page_w;
		int64_t used = s == 1 ? g->mt : s == 3 ? g->ml : 0;
		gw_buf_printf(b, "%s\"%s\": ", s ? ", " : "", side[s]);
		if (s % 2 && mis == MIS_LAYOUT_MARGINS) {
			/* the second side meets the first one: no type area */
			*m[s] = gen_length(g, b, (dim - used) / 1000 + 1, (dim - used) / 1000 + 10);
		} else if (s % 2 && ex && gen_chance(g, 5)) {
			/* a type area of a few millipoints */
			*m[s] = dim - used - gen_int(g, 1, 2000);
			if (*m[s] < 0)
				*m[s] = 0;
			gw_buf_printf(b, "%lld.%03lld", (long long)(*m[s] / 1000),
			              (long long)(*m[s] % 1000));
		} else if (ex) {
			int64_t hi = (dim - used) / 1000 - 2;
			*m[s] = gen_length(g, b, 0, hi < 0 ? 0 : hi);
		} else {
			*m[s] = gen_length(g, b, 15, dim / 5000);
		}
	}
	gw_buf_puts(b, "}},\n");
	if (mis == MIS_LAYOUT_MARGINS)
		gen_must_refuse(g, "margins that leave no type area");
	int64_t area_w = g->page_w - g->ml - g->mr, area_h = g->page_h - g->mt - g->mb;
	if (area_w <= 0 || area_h <= 0)
		gen_must_refuse(g, "margins that leave no type area");
	/* the grid: usual cells of 8 to 40 pt, lines of 12 to 60 pt */
	if (ex) {
		g->cpl = (int)gen_int(g, 1, 200);
		g->lpp = (int)gen_int(g, 1, 200);
	} else {
		int64_t lo = area_w / 40000, hi = area_w / 8000;
		g->cpl = (int)gen_int(g, lo < 1 ? 1 : lo, hi < 1 ? 1 : hi > 200 ? 200 : hi);
		lo = area_h / 60000, hi = area_h / 12000;
		g->lpp = (int)gen_int(g, lo < 1 ? 1 : lo, hi < 1 ? 1 : hi > 200 ? 200 : hi);
	}
	int64_t pitch = area_h > 0 ? area_h / g->lpp : 0;
	gw_buf_printf(b,
	              "\"grid\": {\"chars_per_line\": %d, \"lines_per_page\": %d, \"style\": "
	              "\"body\"},\n",
	              mis == MIS_LAYOUT_GRID ? 0 : g->cpl, g->lpp);
	if (mis == MIS_LAYOUT_GRID)
		gen_must_refuse(g, "chars_per_line 0");
	gen_fonts(g, b);
	/* styles */
	gw_buf_puts(b, "\"styles\": {\n");
	for (int s = 0; gen_styles[s]; s++) {
		int exs = ex && gen_chance(g, 30);
		gw_buf_printf(b, "%s  \"%s\": {\"font\": \"%s\", \"size\": ", s ? ",\n" : "",
		              gen_styles[s],
		              mis == MIS_LAYOUT_FAMILY && s == ST_H3
		                      ? "nosuch"
		                      : gen_families[gen_int(g, 0, 4)]);
		/* usual: no larger than the line pitch; page numbers no larger than 2/3 of the
		 * bottom margin, and "— 10000 —" with an indent of 2 fits the type area: 4 grid
		 * cells of its size and 4 em for the digits and spaces at most */
		int64_t max = pitch;
		if (s == ST_PAGENUM) {
			int64_t bc = g->size[ST_BODY] * g->cpl;
			max = g->mb * 2 / 3;
			if (area_w > 0 && area_w * bc / (4 * area_w + 4 * bc) < max)
				max = area_w * bc / (4 * area_w + 4 * bc);
		}
		g->size[s] = gen_font_size(g, b, exs, max < 5000 ? 5000 : max);
		static const char *const aligns[] = {"left", "center", "right", "justify"};
		if (gen_chance(g, 80))
			gw_buf_printf(b, ", \"align\": \"%s\"",
			              mis == MIS_LAYOUT_ALIGN && s == ST_BODY
			                      ? "centre"
			                      : aligns[gen_int(g, 0, 3)]);
		else if (mis == MIS_LAYOUT_ALIGN && s == ST_BODY)
			gw_buf_puts(b, ", \"align\": \"centre\"");
		if (gen_chance(g, 60)) {
			g->indent[s] = (int)(exs ? gen_int(g, 0, 100) : gen_int(g, 0, 2));
			gw_buf_printf(b, ", \"indent\": %d", g->indent[s]);
		}
		if (gen_chance(g, 30))
			gw_buf_printf(b, ", \"space_before\": %d",
			              (int)(exs ? gen_int(g, 0, 100) : gen_int(g, 0, 1)));
		if (gen_chance(g, 30))
			gw_buf_printf(b, ", \"space_after\": %d",
			              (int)(exs ? gen_int(g, 0, 100) : gen_int(g, 0, 1)));
		gw_buf_putc(b, '}');
	}
	gw_buf_puts(b, "\n},\n");
	if (mis == MIS_LAYOUT_ALIGN)
		gen_must_refuse(g, "an unknown alignment");
	if (mis == MIS_LAYOUT_FAMILY)
		gen_must_refuse(g, "a style naming no family");
	gw_buf_puts(b, "\"blocks\": {\"title\": \"title\", \"h1\": \"h1\", \"h2\": \"h2\", \"h3\": "
	               "\"h3\", \"h4\": \"h4\", \"p\": \"body\", \"signature\": \"signature\", "
	               "\"table\": \"table\"},\n");
	/* page numbers: usual ones inside the bottom margin, at most 2 characters in */
	if (gen_chance(g, 80)) {
		static const char *const fmts[] = {"— {n} —", "{n}", "第{n}页", "- {n} -"};
		gw_buf_printf(b, "\"page_number\": {\"style\": \"page_number\", \"format\": \"%s\"",
		              fmts[gen_int(g, 0, 3)]);
		int64_t room = (g->mb - g->size[ST_PAGENUM]) / 1000 - 1;
		if (gen_chance(g, 80) && (ex || room >= 0)) {
			gw_buf_puts(b, ", \"below\": ");
			gen_length(g, b, 0, ex ? (gen_chance(g, 30) ? 14400 : 20) : room);
		}
		if (gen_chance(g, 60))
			gw_buf_printf(b, ", \"indent\": %d",
			              (int)(ex ? gen_int(g, 0, 100) : gen_int(g, 0, 2)));
		gw_buf_puts(b, "},\n");
	} else if (gen_chance(g, 50)) {
		gw_buf_puts(b, "\"page_number\": null,\n");
	}
	/* the seal: usual ones 80 to 150 pt wide, at most half the type area */
	g->seal_w = gw_mm(42);
	if (gen_chance(g, 50)) {
		gw_buf_puts(b, "\"seal\": {\"width\": ");
		int64_t hi = area_w / 2000 < 150 ? area_w / 2000 : 150;
		g->seal_w = ex ? gen_length(g, b, 1, gen_chance(g, 30) ? 14400 : 150)
		               : gen_length(g, b, hi < 80 ? hi : 80, hi);
		gw_buf_puts(b, "},\n");
	}
	/* tables: border, padding, leading */
	g->table_pad_y = gw_mm(1);
	int64_t leading = 1250;
	if (gen_chance(g, 50)) {
		int ext = ex && gen_chance(g, 30);
		gw_buf_puts(b, "\"table\": {\"border\": ");
		gen_length(g, b, 0, ext ? 14400 : 2);
		gw_buf_puts(b, ", \"padding_x\": ");
		gen_length(g, b, 0, ext ? 14400 : 8);
		gw_buf_puts(b, ", \"padding_y\": ");
		g->table_pad_y = gen_length(g, b, 0, ext ? 14400 : 8);
		leading = gen_int(g, 1000, 3000);
		gw_buf_printf(b, ", \"leading\": %.3f},\n", leading / 1000.0);
	}
	g->table_lh = g->size[ST_TABLE] * leading / 1000;
	gw_buf_puts(b, "\"$schema\": \"../schemas/layout.schema.json\"\n}\n");
	/* an indent as wide as the line leaves no room for text (issue 10 defect 7) */
	for (int s = 0; gen_styles[s]; s++)
		if (g->indent[s] &&
		    (int64_t)(g->indent[s] + 1) * g->size[s] >= g->size[ST_BODY] * g->cpl)
			g->limits |= LIM_INDENT;
}

/* ---- tables ----------------------------------------------------------------------------- */

/* How a table's spans are drawn. */
enum {
	TP_RANDOM, /* any spans, mostly 1 */
	TP_CATEGORY, /* a first column of category cells over many rows */
	TP_TWO_LEVEL, /* categories in the first column, subcategories in the second */
	TP_LONG_FIRST, /* one first cell spanning every body row (issue 10 defect 1) */
	TP_TALL_HEADER, /* header rows that may be taller than a page (defect 3) */
	TP_KINDS
};

/* One cell's value: empty, a number or a text (header cells: short). */
static void gen_cell_text(gen *g, gw_buf *b, int header, int label)
{
	int k = (int)gen_int(g, 0, 99);
	if (!header && k < 8) {
		gw_buf_puts(b, k < 4 ? "null" : "\"\"");
	} else if (!header && k < 30) {
		int64_t v = gen_size(g, 0, 9999, 99999999, 10);
		int half = gen_chance(g, 20), neg = gen_chance(g, 5);
		gw_buf_printf(b, "%s%lld%s", neg ? "-" : "", (long long)v, half ? ".5" : "");
		char s[48];
		snprintf(s, sizeof s, "%s%lld%s", neg ? "-" : "", (long long)v, half ? ".5" : "");
		for (const char *q = s; *q; q++)
			gen_expect(g, (unsigned char)*q);
	} else {
		gen_text_in(g, b, header ? gen_int(g, 1, 6) : gen_text_len(g, label ? 8 : 6), 0, 1);
	}
}

/* A table: column widths, header rows, a caption and a grid of cells with spans. */
static void gen_table(gen *g, gw_buf *b)
{
	int pat = (int)gen_int(g, 0, 9);
	pat = pat < 4   ? TP_RANDOM
	      : pat < 6 ? TP_CATEGORY
	      : pat < 7 ? TP_TWO_LEVEL
	      : pat < 9 ? TP_LONG_FIRST
	                : TP_TALL_HEADER;
	int C = (int)gen_size(g, 1, 6, 100, 5);
	int H = (int)(gen_chance(g, 40) ? gen_int(g, 1, 3) : 0);
	int R;
	if (pat == TP_LONG_FIRST) {
		static const int lens[] = {2, 10, 100, 300, 1000};
		C = (int)gen_int(g, 2, 3);
		R = H + lens[gen_int(g, 0, 4)];
	} else if (pat == TP_TALL_HEADER) {
		H = (int)gen_size(g, 1, 10, 200, 30);
		R = H + (int)gen_int(g, 1, 30);
	} else {
		R = H + (int)gen_size(g, 1, 12, 200, 10);
	}
	if (pat == TP_TWO_LEVEL && C < 3)
		C = 3;
	int mis = gen_mistake(g, MIS_TABLE_HOLE, MIS_TABLE_FIXED_WIDE);
	g->limits |= LIM_NARROW;
	/* columns */
	int64_t area = g->page_w - g->ml - g->mr, fixed = 0;
	gw_buf_puts(b, "{\"columns\": [");
	for (int c = 0; c < C; c++) {
		int k = (int)gen_int(g, 0, 9);
		if (c)
			gw_buf_puts(b, ", ");
		if (mis == MIS_TABLE_NO_UNIT && c == C - 1) {
			gw_buf_puts(b, "\"30\"");
			gen_must_refuse(g, "a column width without a unit");
		} else if (k < 5) {
			int64_t fr = gen_size(g, 1, 5, 1000, 5);
			gw_buf_printf(b, "\"%lldfr\"", (long long)fr);
		} else if (k < 7) {
			gw_buf_puts(b, "\"auto\"");
		} else if (k < 8) {
			gw_buf_printf(b, "\"%lld.5fr\"", (long long)gen_int(g, 0, 3));
		} else {
			/* a fixed width; together they must fit the type area */
			int64_t w;
			if (mis == MIS_TABLE_FIXED_WIDE && c == 0) {
				w = area + 1000;
				gw_buf_printf(b, "%lld", (long long)(w / 1000));
				w = w / 1000 * 1000;
			} else {
				int64_t hi = area / 1000 / C;
				w = gen_length(g, b, 1, hi < 1 ? 1 : hi);
			}
			fixed += w;
		}
	}
	gw_buf_puts(b, "]");
	if (fixed > area)
		gen_must_refuse(g, "fixed columns wider than the type area");
	if (H || mis == MIS_TABLE_HEADER_ROWS) {
		gw_buf_printf(b, ", \"header_rows\": %d", mis == MIS_TABLE_HEADER_ROWS ? R + 1 : H);
		if (mis == MIS_TABLE_HEADER_ROWS)
			gen_must_refuse(g, "header_rows more than the rows");
	}
	if (gen_chance(g, 30)) {
		gw_buf_puts(b, ", \"caption\": ");
		gen_text(g, b, gen_text_len(g, 15), 0);
	}
	if (mis == MIS_TABLE_STYLE) {
		gw_buf_puts(b, ", \"style\": \"nosuch\"");
		gen_must_refuse(g, "a table style the layout lacks");
	} else if (gen_chance(g, 15)) {
		gw_buf_printf(b, ", \"style\": \"%s\"", gen_styles[gen_int(g, 0, ST_ALT)]);
	}
	/* header rows taller than a page less a body line are refused (issue 10 defect 3);
	 * how tall they are depends on the text and the column widths */
	if (H) {
		g->has_header = 1;
		g->limits |= LIM_HEADER;
	}
	/* the grid: occ marks the slots taken by cells placed so far */
	unsigned char *occ = gw_xcalloc((size_t)R * (size_t)C, 1);
	int bad_row = mis == MIS_TABLE_HOLE || mis == MIS_TABLE_EXTRA || mis == MIS_TABLE_COLSPAN
	                      ? (int)gen_int(g, 0, R - 1)
	                      : -1;
	int placed_bad = 0;
	gw_buf_puts(b, ", \"rows\": [\n");
	for (int r = 0; r < R; r++) {
		gw_buf_puts(b, r ? ",\n  [" : "  [");
		int first = 1, last_cell_at = -1;
		size_t last_cell_len = 0;
		for (int c = 0; c < C; c++) {
			if (occ[(size_t)r * C + c])
				continue;
			int maxcs = 0;
			while (c + maxcs < C && !occ[(size_t)r * C + c + maxcs])
				maxcs++;
			int body = r >= H;
			int limit_r = body ? R - r : H - r;
			if (limit_r > GW_MAX_SPAN)
				limit_r = GW_MAX_SPAN;
			int cs = 1, rs = 1;
			if (pat == TP_LONG_FIRST && c == 0 && r == H)
				rs = limit_r;
			else if ((pat == TP_CATEGORY || pat == TP_TWO_LEVEL) && c == 0 && body)
				rs = (int)gen_size(g, 1, 8, 60, 20);
			else if (pat == TP_TWO_LEVEL && c == 1 && body)
				rs = (int)gen_int(g, 1, 4);
			else if (pat == TP_RANDOM || !body) {
				if (gen_chance(g, 20))
					cs = (int)gen_int(g, 2, maxcs > 2 ? maxcs : 2);
				if (gen_chance(g, 15))
					rs = (int)gen_size(g, 2, 4, 30, 10);
			}
			if (cs > maxcs)
				cs = maxcs;
			if (rs > limit_r)
				rs = limit_r;
			/* the rectangle must be free below (other cells' rowspans) */
			for (int y = 1; y < rs; y++)
				for (int x = 0; x < cs; x++)
					if (occ[(size_t)(r + y) * C + c + x]) {
						rs = y;
						break;
					}
			int wcs = cs, wrs = rs;
			if (mis == MIS_TABLE_COLSPAN && r == bad_row && !placed_bad &&
			    c + cs == C) {
				wcs = cs + 1;
				placed_bad = 1;
				gen_must_refuse(g, "a colspan past the last column");
			}
			if (mis == MIS_TABLE_ROWSPAN && r == R - 1 && !placed_bad) {
				wrs = rs + 1;
				placed_bad = 1;
				gen_must_refuse(g, "a rowspan past the last row");
			}
			for (int y = 0; y < rs; y++)
				memset(occ + (size_t)(r + y) * C + c, 1, (size_t)cs);
			if (!first)
				gw_buf_puts(b, ", ");
			first = 0;
			last_cell_at = (int)b->len;
			size_t exp0 = g->ncps;
			int obj = wcs > 1 || wrs > 1 || gen_chance(g, 10);
			g->in_span = rs > 1;
			if (obj) {
				gw_buf_puts(b, "{\"text\": ");
				gen_cell_text(g, b, !body, c == 0);
				if (wcs > 1)
					gw_buf_printf(b, ", \"colspan\": %d", wcs);
				if (wrs > 1) {
					gw_buf_printf(b, ", \"rowspan\": %d", wrs);
					g->limits |= LIM_SPAN;
				}
				if (gen_chance(g, 15)) {
					static const char *const al[] = {"left", "center", "right"};
					gw_buf_printf(b, ", \"align\": \"%s\"",
					              al[gen_int(g, 0, 2)]);
				}
				if (gen_chance(g, 15)) {
					static const char *const va[] = {"top", "middle", "bottom"};
					gw_buf_printf(b, ", \"valign\": \"%s\"",
					              va[gen_int(g, 0, 2)]);
				}
				gw_buf_putc(b, '}');
			} else {
				gen_cell_text(g, b, !body, c == 0);
			}
			last_cell_len = g->ncps - exp0;
			g->in_span = 0;
			c += cs - 1;
		}
		if (r == bad_row && mis == MIS_TABLE_EXTRA && !placed_bad) {
			gw_buf_puts(b, first ? "\"extra\"" : ", \"extra\"");
			placed_bad = 1;
			gen_must_refuse(g, "a row with a cell too many");
		}
		if (r == bad_row && mis == MIS_TABLE_HOLE && !placed_bad && last_cell_at >= 0) {
			/* the row's last cell left out: its columns stay empty */
			b->len = (size_t)last_cell_at;
			b->data[b->len] = 0;
			if (b->len >= 2 && b->data[b->len - 2] == ',')
				b->len -= 2, b->data[b->len] = 0;
			g->ncps -= last_cell_len;
			placed_bad = 1;
			gen_must_refuse(g, "a row that leaves a column empty");
		}
		gw_buf_putc(b, ']');
	}
	gw_buf_puts(b, "\n]}");
	if (mis && !placed_bad && mis != MIS_TABLE_NO_UNIT && mis != MIS_TABLE_FIXED_WIDE &&
	    mis != MIS_TABLE_HEADER_ROWS && mis != MIS_TABLE_STYLE)
		g->mistake = mis; /* not placed here (no fitting cell): a later table takes it */
	free(occ);
}

/* ---- blocks ----------------------------------------------------------------------------- */

static void gen_date(gen *g, gw_buf *b, int must_be_valid)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (!must_be_valid && gen_mistake(g, MIS_BAD_DATE, MIS_BAD_DATE)) {
		gw_buf_puts(b, "\"2021-02-30\"");
		gen_must_refuse(g, "a date that does not exist");
		return;
	}
	int y = (int)gen_size(g, 1949, 2030, 9999, 5), m = (int)gen_int(g, 1, 12);
	int d = (int)gen_int(g, 1, days[m - 1]);
	gw_buf_printf(b, "\"%04d-%02d-%02d\"", y, m, d);
}

static void gen_signature(gen *g, gw_buf *b)
{
	gw_buf_puts(b, "{\"signature\": {\"org\": ");
	long len = gen_chance(g, 90) ? gen_int(g, 2, 12) : gen_text_len(g, 30);
	size_t c0 = g->ncps;
	if (gen_mistake(g, MIS_ORG_NEWLINE, MIS_ORG_NEWLINE)) {
		/* the organ's name is set on one line */
		gw_buf_puts(b, "\"机关\\n名称\"");
		gen_must_refuse(g, "a line break in the organ's name");
	} else {
		gen_text(g, b, len, 0);
	}
	/* the organ's name and the date on one line each, right of the centre: a longer one is
	 * refused; a character takes at most a grid cell or an em (Latin letters) */
	int64_t area_w = g->page_w - g->ml - g->mr;
	int64_t cell = g->size[ST_BODY] * g->cpl != 0
	                       ? area_w * g->size[ST_SIGNATURE] / (g->size[ST_BODY] * g->cpl)
	                       : 0;
	int64_t ch = cell > g->size[ST_SIGNATURE] ? cell : g->size[ST_SIGNATURE];
	int64_t n = (int64_t)(g->ncps - c0) > 11 ? (int64_t)(g->ncps - c0) : 11; /* the date */
	if (n * ch + 6 * cell >= area_w || g->lpp < 5)
		g->limits |= LIM_ORG; /* or a page of fewer lines than the signature takes */
	gw_buf_puts(b, ", \"date\": ");
	gen_date(g, b, 0);
	int mis = gen_mistake(g, MIS_SEAL_NOT_PNG, MIS_SEAL_DAMAGED);
	int k = -1;
	if (mis == MIS_SEAL_NOT_PNG)
		k = GEN_SEAL_NOT_PNG;
	else if (mis == MIS_SEAL_MISSING)
		k = GEN_SEAL_MISSING;
	else if (mis == MIS_SEAL_DAMAGED)
		k = GEN_SEAL_TRUNC + (int)gen_int(g, 0, 1);
	else if (gen_chance(g, 50))
		k = gen_chance(g, 60) ? 0 : (int)gen_int(g, 0, GEN_SEAL_GOOD - 1);
	if (k >= 0) {
		gw_buf_printf(b, ", \"seal\": \"%s\"", gen_seals[k].name);
		if (gen_seals[k].must == GEN_MUST_REFUSE)
			gen_must_refuse(g, "a seal file that is not a PNG, or a damaged one");
		/* the seal is centred on the organ's line top, 2 grid lines below the group's
		 * top, and on the date's centre: one taller than the margins and those lines
		 * allow wherever the block lands, or wider than the room right of the date's
		 * centre, is refused (issue 10 defect 7: it ran off the page) */
		int64_t pitch = (g->page_h - g->mt - g->mb) / (g->lpp ? g->lpp : 1);
		int64_t h = gen_seals[k].w > 0 ? g->seal_w * gen_seals[k].h / gen_seals[k].w : 0;
		int64_t up = g->mt + 2 * pitch, down = g->mb + 2 * pitch;
		int64_t centre = g->page_w - g->mr - 4 * cell - n * ch / 2;
		if (h + 1000 > 2 * (up < down ? up : down) || g->seal_w > area_w ||
		    g->seal_w / 2 > g->mr + 4 * cell || centre < g->seal_w / 2)
			g->limits |= LIM_SEAL;
	}
	gw_buf_puts(b, "}}");
}

static void gen_heading(gen *g, gw_buf *b, int level)
{
	g->noutline++;
	gw_buf_printf(b, "{\"h%d\": ", level);
	long len = gen_chance(g, 90) ? gen_int(g, 1, 20) : gen_text_len(g, 40);
	int k = (int)gen_int(g, 0, 9);
	int mis = gen_mistake(g, MIS_NUMBER_TYPE, MIS_NUMBER_TYPE);
	if (k < 7 && !mis) {
		gen_text(g, b, len, 0);
	} else {
		gw_buf_puts(b, "{\"text\": ");
		gen_text(g, b, len, 0);
		if (mis) {
			gw_buf_puts(b, ", \"number\": 5");
			gen_must_refuse(g, "a heading number that is not a string");
		} else if (k == 7) {
			gw_buf_puts(b, ", \"number\": false");
		} else if (k == 8) {
			gw_buf_puts(b, ", \"number\": \"\"");
		} else {
			gw_buf_puts(b, ", \"number\": ");
			gen_text_in(g, b, gen_int(g, 1, 4), 0, 1);
		}
		gw_buf_putc(b, '}');
	}
	gw_buf_putc(b, '}');
}

static void gen_block(gen *g, gw_buf *b)
{
	int mis = gen_mistake(g, MIS_UNKNOWN_KEY, MIS_TWO_KINDS);
	if (mis == MIS_UNKNOWN_KEY) {
		gw_buf_puts(b, "{\"para\": \"正文\"}");
		gen_must_refuse(g, "an unknown block key");
		return;
	}
	if (mis == MIS_TWO_KINDS) {
		gw_buf_puts(b, "{\"p\": \"正文\", \"h1\": \"标题\"}");
		gen_must_refuse(g, "a block with two kind keys");
		return;
	}
	int k = (int)gen_int(g, 0, 99);
	if (k < 38) {
		gw_buf_puts(b, "{\"p\": ");
		gen_text(g, b, gen_text_len(g, 120), 1);
		gw_buf_putc(b, '}');
	} else if (k < 55) {
		gen_heading(g, b, (int)gen_int(g, 1, 4));
	} else if (k < 77) {
		gw_buf_puts(b, "{\"table\": ");
		gen_table(g, b);
		gw_buf_putc(b, '}');
	} else if (k < 87) {
		gen_signature(g, b);
	} else if (k < 94) {
		if (gen_mistake(g, MIS_PAGE_BREAK_FALSE, MIS_PAGE_BREAK_FALSE)) {
			gw_buf_puts(b, "{\"page_break\": false}");
			gen_must_refuse(g, "page_break false");
		} else {
			gw_buf_puts(b, "{\"page_break\": true}");
		}
	} else {
		gw_buf_puts(b, "{\"title\": ");
		g->noutline++;
		gen_text(g, b, gen_text_len(g, 25), 1);
		gw_buf_putc(b, '}');
	}
}

/* The data file: meta, then the body's blocks. */
static void gen_data(gen *g)
{
	gw_buf *b = &g->data;
	gw_buf_puts(b, "{\n");
	if (gen_chance(g, 30)) {
		/* a title of 32 KB or more cannot be a PDF string (issue 10 defect 5) */
		long len = gen_chance(g, 3) ? (long)gen_int(g, 10000, 40000) : gen_text_len(g, 30);
		gw_buf_puts(b, "\"meta\": {\"title\": \"");
		size_t at = b->len;
		gen_text_body(g, b, len, 0, 0);
		if (b->len - at > 30000)
			g->limits |= LIM_META;
		gw_buf_puts(b, "\", \"author\": \"作者\", \"keywords\": [\"年度报告\", \"abc\"]");
		if (gen_chance(g, 50)) {
			gw_buf_puts(b, ", \"date\": ");
			gen_date(g, b, 0);
		}
		gw_buf_puts(b, "},\n");
	}
	gw_buf_puts(b, "\"body\": [\n");
	int n = (int)gen_size(g, 1, 12, 60, 10);
	for (int i = 0; i < n; i++) {
		if (i)
			gw_buf_puts(b, ",\n");
		if (i == 0 && gen_chance(g, 60)) {
			gw_buf_puts(b, "{\"title\": ");
			g->noutline++;
			gen_text(g, b, gen_text_len(g, 25), 1);
			gw_buf_putc(b, '}');
			continue;
		}
		gen_block(g, b);
		/* a deliberate error that found no place yet goes into a block made for it */
		if (i == n - 1 && g->mistake && g->mistake < MIS_LAYOUT_GRID) {
			int m = g->mistake;
			gw_buf_puts(b, ",\n");
			if (m >= MIS_TABLE_HOLE && m <= MIS_TABLE_FIXED_WIDE) {
				gw_buf_puts(b, "{\"table\": ");
				gen_table(g, b);
				gw_buf_putc(b, '}');
			} else if (m >= MIS_SEAL_NOT_PNG && m <= MIS_ORG_NEWLINE) {
				gen_signature(g, b);
			} else if (m == MIS_NUMBER_TYPE) {
				gen_heading(g, b, 2);
			} else {
				gen_block(g, b);
			}
		}
	}
	gw_buf_puts(b, "\n]}\n");
}

/*
 * Decodes data[0..size) into g: the layout JSON, the data JSON, what must happen and what a
 * rendered document paints. The caller frees with gen_free.
 */
static void gen_doc(gen *g, const uint8_t *data, size_t size) __attribute__((unused));
static void gen_doc(gen *g, const uint8_t *data, size_t size)
{
	memset(g, 0, sizeof *g);
	g->p = data;
	g->n = size;
	g->budget = 60000;
	g->pdf = gen_chance(g, 12);
	if (gen_chance(g, 12)) {
		g->mistake = (int)gen_int(g, 1, MIS_COUNT - 1);
		if (g->mistake == MIS_SEAL_DAMAGED && !GEN_DAMAGED_SEALS)
			g->mistake = MIS_SEAL_NOT_PNG;
	}
	gen_layout(g);
	gen_data(g);
	if (g->mistake) /* still not placed (the loop above places every kind): cannot happen */
		g->mistake = MIS_NONE;
}

static void gen_free(gen *g) __attribute__((unused));
static void gen_free(gen *g)
{
	gw_buf_free(&g->data);
	gw_buf_free(&g->layout);
	free(g->cps);
	free(g->span_cps);
}

#endif
