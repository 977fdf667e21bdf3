/*
 * breaks.c: line-break opportunities (UAX #14 via ICU, tailored) and character classes
 * (see breaks.h).
 *
 * The tailoring applied on top of ICU's "zh@lb=strict" iterator, in this order:
 *  T0 allow  a break before an opening ‘“ after an East Asian character and after a closing
 *            ’” before one (UAX #14 LB19a of Unicode 15.1; ICU 72 has Unicode 15.0, whose
 *            LB19 forbids both sides of every quotation mark; its zh rules already allow
 *            this for “” but not for ‘’, and without it a quoted phrase could only be
 *            pushed whole); and a break after the 间隔号 · (UAX #14 LB1 resolves its class AI
 *            to ID in East Asian text, where ICU takes AL, which glues it to a following
 *            number or Latin word as in 将·30%).
 *  T1 forbid a break before the GB-style "not at line start" set (standards.md 3.2).
 *  T2 forbid a break after the "not at line end" set (spaces between do not help).
 *  T3 forbid a break inside —— …… ⋯⋯ (GB/T 15834-2011 5.1.4, 5.1.5).
 *  T4 forbid a break between a number and its unit: a digit and a following Han
 *     character (2020年, 12个, 5万) or unit sign, a currency sign and a digit (clreq 3.2
 *     "Beyond GB/T 15834"; ICU already keeps 30% and 12.4 whole, UAX #14 LB25).
 *  T5 forbid a break before a space (UAX #14 LB7; ICU breaks after the spaces).
 *  T6 allow  a break after "/", "." and "@" inside a URL or an e-mail address (clreq
 *            "Composition of Chinese and Western mixed texts": a Latin run may break only
 *            at its break points; a URL's are after its separators), where UAX #14 LB13
 *            and LB29 glue them and T1, T2 forbid "/" at either line edge (5.1.9 is about
 *            the 分隔号 between words, not a URL's path separator). Never before a
 *            separator, so "//" and "://" stay whole.
 * ICU is stricter than GB-style in two places we keep: no break before …… (clreq strict
 * level, UAX #14 LB22) and none inside a run of several —— or …… (UAX #14 LB17, LB22).
 */
#include "breaks.h"

#include <stdlib.h>

#include <unicode/ubrk.h>
#include <unicode/utf16.h>

#include "../base/util.h"

/* Sorted code point sets, searched by bisection. */
static int in_set(const uint32_t *set, size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (set[mid] == cp)
			return 1;
		if (set[mid] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

#define IN(set, cp) in_set(set, sizeof set / sizeof set[0], cp)

/*
 * Not at line start (GB/T 15834-2011 5.1.1 点号, 5.1.2 ？！, 5.1.3 closing halves, 5.1.6
 * 连接号 – ～, 5.1.7 间隔号 ·, 5.1.9 分隔号 /; standards.md 3.2 table). Added: the
 * Latin closing punctuation ! % ) , . : ; ? ] } (UAX #14 LB13, LB25 already keep them), the other
 * full-width closing brackets ］｝〗〙〛｠, the Japanese middle dot ・, the iteration marks
 * and the prolonged sound mark ゝゞ々ヽヾー, and ‼⁇⁈⁉ (UAX #14 NS/EX classes).
 * U+2014 is handled in gw_forbid_start (only a lone one is a 连接号).
 */
static const uint32_t no_start[] = {
        0x0021, 0x0025, 0x0029, 0x002C, 0x002E, 0x002F, 0x003A, 0x003B, 0x003F, 0x005D,
        0x007D, 0x00B7, 0x2013, 0x2019, 0x201D, 0x203C, 0x2047, 0x2048, 0x2049, 0x3001,
        0x3002, 0x3005, 0x3009, 0x300B, 0x300D, 0x300F, 0x3011, 0x3015, 0x3017, 0x3019,
        0x301B, 0x309D, 0x309E, 0x30FB, 0x30FC, 0x30FD, 0x30FE, 0xFF01, 0xFF09, 0xFF0C,
        0xFF0E, 0xFF0F, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF3D, 0xFF5D, 0xFF5E, 0xFF60,
};

/*
 * Not at line end (5.1.3 opening halves, 5.1.9 分隔号; standards.md 3.2 table). Added:
 * Latin ( [ { (UAX #14 LB14) and the full-width ［｛〖〘〚｟.
 */
static const uint32_t no_end[] = {
        0x0028, 0x002F, 0x005B, 0x007B, 0x2018, 0x201C, 0x3008, 0x300A, 0x300C, 0x300E,
        0x3010, 0x3014, 0x3016, 0x3018, 0x301A, 0xFF08, 0xFF0F, 0xFF3B, 0xFF5B, 0xFF5F,
};

/* Full-width marks with a blank left half: opening quotes, brackets, 书名号 (clreq). */
static const uint32_t mark_open[] = {
        0x2018, 0x201C, 0x3008, 0x300A, 0x300C, 0x300E, 0x3010, 0x3014,
        0x3016, 0x3018, 0x301A, 0xFF08, 0xFF3B, 0xFF5B, 0xFF5F,
};

/* Full-width marks with a blank right half: closing marks and 点号 (GB/T 15834 5.1.1-5.1.3). */
static const uint32_t mark_close[] = {
        0x2019, 0x201D, 0x3001, 0x3002, 0x3009, 0x300B, 0x300D, 0x300F,
        0x3011, 0x3015, 0x3017, 0x3019, 0x301B, 0xFF01, 0xFF09, 0xFF0C,
        0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF3D, 0xFF5D, 0xFF60,
};

gw_mark gw_mark_kind(uint32_t cp)
{
	if (IN(mark_close, cp))
		return GW_MARK_CLOSE;
	if (IN(mark_open, cp))
		return GW_MARK_OPEN;
	return GW_MARK_NONE;
}

int gw_is_space(uint32_t cp)
{
	return cp == ' ';
}

int gw_is_wordish(uint32_t cp)
{
	if (cp > 0x20 && cp < 0x2000 && cp != 0x00A0 && cp != 0x00B7)
		return 1; /* Latin, Greek, Cyrillic letters, digits, Latin punctuation, ° ¥ */
	/* unit and currency signs that belong to their number: ‰ ‱ ′ ″ € ℃ ℉ ％ ￥ */
	return cp == 0x2030 || cp == 0x2031 || cp == 0x2032 || cp == 0x2033 ||
	       (cp >= 0x20A0 && cp <= 0x20C0) || cp == 0x2103 || cp == 0x2109 || cp == 0xFF05 ||
	       cp == 0xFFE5 || (cp >= 0xFF10 && cp <= 0xFF19) /* full-width digits */;
}

int gw_is_cjk(uint32_t cp)
{
	return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	       (cp >= 0xFF01 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) ||
	       (cp >= 0x20000 && cp <= 0x3FFFF);
}

int gw_is_han(uint32_t cp)
{
	return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF) || cp == 0x3007;
}

static int is_digit(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

/* A sign that follows its number: % ‰ ‱ ° ′ ″ ℃ ℉ ％ and the CJK squared units ㎡ ㎏ … */
static int is_unit_sign(uint32_t cp)
{
	return cp == '%' || cp == 0x2030 || cp == 0x2031 || cp == 0x00B0 || cp == 0x2032 ||
	       cp == 0x2033 || cp == 0x2103 || cp == 0x2109 || cp == 0xFF05 ||
	       (cp >= 0x3380 && cp <= 0x33DF);
}

/* A sign that precedes its number: $ £ ¥ € ￥ ￡ ＄ */
static int is_currency(uint32_t cp)
{
	return cp == '$' || cp == 0x00A3 || cp == 0x00A5 || (cp >= 0x20A0 && cp <= 0x20C0) ||
	       cp == 0xFFE5 || cp == 0xFFE1 || cp == 0xFF04;
}

/* The characters that make up a 2-em unit when doubled: — … ⋯ (5.1.4, 5.1.5). */
static int is_unit_half(uint32_t cp)
{
	return cp == 0x2014 || cp == 0x2026 || cp == 0x22EF;
}

int gw_forbid_start(const gw_glyph *g, int n, int i)
{
	uint32_t cp = g[i].cp;
	if (cp == 0x2014) /* a lone — is a 一字线 连接号 (5.1.6); —— may start a line */
		return !(i > 0 && g[i - 1].cp == 0x2014) && !(i + 1 < n && g[i + 1].cp == 0x2014);
	return IN(no_start, cp);
}

int gw_forbid_end(uint32_t cp)
{
	return IN(no_end, cp);
}

int gw_splits_unit(const gw_glyph *g, int from, int i)
{
	if (i <= from || !is_unit_half(g[i].cp) || g[i - 1].cp != g[i].cp)
		return 0;
	int run = 0; /* length of the run of g[i].cp ending at i - 1, counted from `from` */
	for (int k = i - 1; k >= from && g[k].cp == g[i].cp; k--)
		run++;
	return run % 2 == 1; /* pairs from the run start: odd means inside a pair */
}

int gw_is_joiner(const gw_glyph *g, int n, int i)
{
	uint32_t cp = g[i].cp;
	if (cp == 0x2014)
		return !(i > 0 && g[i - 1].cp == 0x2014) && !(i + 1 < n && g[i + 1].cp == 0x2014);
	return cp == 0x2013 || cp == 0xFF5E || cp == '~' || cp == '/' || cp == 0xFF0F;
}

/* East Asian for T0: a CJK character or a curly quotation mark (UAX #14 LB19a). */
static int is_ea(uint32_t cp)
{
	return gw_is_cjk(cp) || cp == 0x2018 || cp == 0x2019 || cp == 0x201C || cp == 0x201D;
}

/*
 * The untailored opportunities: ICU's line-break iterator for "zh@lb=strict" over the
 * UTF-16 of the code points, boundaries mapped back to glyph indexes (a character outside
 * the BMP is two UTF-16 units). Returns 0, or -1 when ICU cannot be used.
 */
struct gw_icu {
	UBreakIterator *line; /* zh@lb=strict, or NULL until first used */
	UBreakIterator *word; /* zh, or NULL until first used */
};

gw_icu *gw_icu_new(void)
{
	return gw_xcalloc(1, sizeof(gw_icu));
}

void gw_icu_drop(gw_icu *icu)
{
	if (!icu)
		return;
	if (icu->line)
		ubrk_close(icu->line);
	if (icu->word)
		ubrk_close(icu->word);
	free(icu);
}

UBreakIterator *gw_icu_word(gw_icu *icu)
{
	UErrorCode err = U_ZERO_ERROR;
	if (icu && !icu->word) {
		icu->word = ubrk_open(UBRK_WORD, "zh", NULL, 0, &err);
		if (U_FAILURE(err))
			icu->word = NULL;
	}
	return icu ? icu->word : NULL;
}

/* Glyphs of a text whose scratch arrays live on the stack (a table cell, a short line). */
enum { SHORT_TEXT = 64 };

static int icu_opportunities(gw_icu *icu, const gw_glyph *g, int n, unsigned char *ok)
{
	if ((size_t)n > (size_t)INT32_MAX / 2 - 1)
		return -1;
	/* a short text (a table cell: most of a long report's calls) on the stack, not two
	   allocations per call (issue 14) */
	UChar ubuf[2 * SHORT_TEXT + 1];
	int32_t atbuf[SHORT_TEXT + 1];
	UChar *u = n <= SHORT_TEXT ? ubuf : gw_xmalloc((size_t)n * 2 * sizeof *u + sizeof *u);
	/* UTF-16 offset of glyph i */
	int32_t *at = n <= SHORT_TEXT ? atbuf : gw_xmalloc(((size_t)n + 1) * sizeof *at);
	int32_t len = 0;
	for (int i = 0; i < n; i++) {
		uint32_t cp = g[i].cp;
		if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			cp = 0xFFFD;
		at[i] = len;
		U16_APPEND_UNSAFE(u, len, cp);
	}
	at[n] = len;
	/* the context's iterator (gw_icu), given each text in turn; else one for this call */
	UErrorCode err = U_ZERO_ERROR;
	if (icu && !icu->line) {
		icu->line = ubrk_open(UBRK_LINE, "zh@lb=strict", NULL, 0, &err);
		if (U_FAILURE(err))
			icu->line = NULL;
		err = U_ZERO_ERROR;
	}
	UBreakIterator *bi = icu ? icu->line : ubrk_open(UBRK_LINE, "zh@lb=strict", NULL, 0, &err);
	if (bi && U_SUCCESS(err))
		ubrk_setText(bi, u, len, &err);
	if (!bi || U_FAILURE(err)) {
		if (bi && !icu)
			ubrk_close(bi);
		if (at != atbuf)
			free(at);
		if (u != ubuf)
			free(u);
		return -1;
	}
	int gi = 0;
	for (int32_t p = ubrk_first(bi); p != UBRK_DONE; p = ubrk_next(bi)) {
		while (gi < n && at[gi] < p)
			gi++;
		if (gi > 0 && gi < n && at[gi] == p)
			ok[gi] = 1;
	}
	ubrk_setText(bi, NULL, 0, &err); /* drop the pointer to u */
	if (!icu)
		ubrk_close(bi);
	if (at != atbuf)
		free(at);
	if (u != ubuf)
		free(u);
	return 0;
}

/* A URL's or e-mail address's character: printable ASCII but the space. */
static int is_urlish(uint32_t cp)
{
	return cp > 0x20 && cp < 0x7F;
}

static int lower(uint32_t cp)
{
	return cp >= 'A' && cp <= 'Z' ? (int)cp + 32 : (int)cp;
}

/* 1 when g[a..e) begins with the ASCII text s (case-insensitive). */
static int starts_with(const gw_glyph *g, int a, int e, const char *s)
{
	for (; *s; s++, a++)
		if (a >= e || lower(g[a].cp) != *s)
			return 0;
	return 1;
}

void gw_url_runs(const gw_glyph *g, int n, unsigned char *url)
{
	for (int i = 0; i < n; i++)
		url[i] = 0;
	for (int a = 0; a < n;) {
		if (!is_urlish(g[a].cp)) {
			a++;
			continue;
		}
		int e = a;
		while (e < n && is_urlish(g[e].cp))
			e++;
		/* a sentence's own mark after the run is not part of it */
		int z = e;
		while (z > a && (g[z - 1].cp == '.' || g[z - 1].cp == ',' || g[z - 1].cp == ';' ||
		                 g[z - 1].cp == ':' || g[z - 1].cp == ')' || g[z - 1].cp == '!' ||
		                 g[z - 1].cp == '?'))
			z--;
		int is = 0;
		for (int k = a; k < z && !is; k++) {
			if (g[k].cp == '@' && k > a && k + 1 < z) /* name@host */
				is = 1;
			if (g[k].cp == ':' && k + 2 < z && g[k + 1].cp == '/' && g[k + 2].cp == '/')
				is = 1; /* scheme://… */
		}
		if (starts_with(g, a, z, "www."))
			is = 1;
		for (int k = a; is && k < z; k++)
			url[k] = 1;
		a = e;
	}
}

static int url_separator(uint32_t cp)
{
	return cp == '/' || cp == '.' || cp == '@';
}

void gw_break_opportunities(gw_icu *icu, const gw_glyph *g, int n, unsigned char *ok)
{
	for (int i = 0; i <= n; i++)
		ok[i] = 0;
	if (icu_opportunities(icu, g, n, ok) < 0)
		for (int i = 1; i < n; i++) /* fallback: anywhere except inside a word */
			ok[i] = !(gw_is_wordish(g[i - 1].cp) && gw_is_wordish(g[i].cp));
	unsigned char urlbuf[SHORT_TEXT + 1];
	unsigned char *url = n <= SHORT_TEXT ? urlbuf : gw_xmalloc((size_t)n + 1);
	gw_url_runs(g, n, url);
	int lastns = -1; /* last non-space glyph before i */
	int run = 0; /* length of the run of equal unit halves ending at i - 1 */
	for (int i = 1; i < n; i++) {
		uint32_t prev = g[i - 1].cp, cur = g[i].cp;
		if (!gw_is_space(prev))
			lastns = i - 1;
		run = is_unit_half(prev) && i >= 2 && g[i - 2].cp == prev ? run + 1
		                                                          : is_unit_half(prev);
		int v = ok[i];
		/* T0: UAX #14 LB19a, quotation marks among East Asian characters */
		if ((cur == 0x201C || cur == 0x2018) && is_ea(prev))
			v = 1;
		if ((prev == 0x201D || prev == 0x2019) && is_ea(cur))
			v = 1;
		if (prev == 0x00B7 && i >= 2 && !gw_is_space(g[i - 2].cp)) /* UAX #14 LB1 */
			v = 1;
		/* T1: GB/T 15834-2011 5.1.1-5.1.3, 5.1.6, 5.1.7, 5.1.9, not at line start */
		if (gw_forbid_start(g, n, i))
			v = 0;
		/* T2: 5.1.3, 5.1.9, not at line end (the spaces in between are dropped) */
		if (lastns >= 0 && gw_forbid_end(g[lastns].cp))
			v = 0;
		/* T3: 5.1.4, 5.1.5, —— and …… are never split (pairs from the run start) */
		if (is_unit_half(cur) && cur == prev && run % 2 == 1)
			v = 0;
		/* T4: a number stays with its unit or currency sign */
		if (is_digit(prev) && (gw_is_han(cur) || is_unit_sign(cur)))
			v = 0;
		if (is_currency(prev) && is_digit(cur))
			v = 0;
		/* T5: UAX #14 LB7, no break before a space */
		if (gw_is_space(cur))
			v = 0;
		/* T6: after / . @ inside a URL or e-mail address, never before a separator */
		if (url[i - 1] && url[i] && url_separator(prev) && !url_separator(cur) &&
		    cur != ':')
			v = 1;
		ok[i] = (unsigned char)v;
	}
	ok[n] = 1;
	if (url != urlbuf)
		free(url);
}
