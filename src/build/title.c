/*
 * title.c: balanced title lines (see title.h).
 *
 * GB/T 9704-2012 7.3.1: a title that needs several lines breaks so that words stay whole
 * ("词意完整"), lines are symmetric and of sensible lengths ("排列对称，长短适宜"), and the
 * lines form a trapezoid or a diamond ("梯形或菱形"). We take the fewest lines that fit,
 * try every set of breaks at word boundaries (a title has few), and keep the set with the
 * smallest spread of line lengths among the allowed shapes: a monotonic run of lengths
 * (trapezoid) or one that rises then falls (diamond). A line shorter than both neighbours
 * (an hourglass) is never chosen. On a tie the longer line goes first.
 * Only boundaries where a line may break at all are candidates (GB/T 15834-2011 5.1).
 */
#include "title.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/utf16.h>

#include "../base/util.h"
#include "../break/breaks.h"

/*
 * Word boundaries of g[0..n) (ICU, locale zh) where a line may also break (breaks.c: the
 * GB/T 15834 line-start and line-end rules, —— …… whole), as glyph indexes 1..n-1 where a
 * line may start; returns their count.
 */
static int word_boundaries(const gw_glyph *g, int n, int *cand)
{
	unsigned char *ok = gw_xmalloc((size_t)n + 1);
	gw_break_opportunities(g, n, ok);
	UChar *u = gw_xmalloc((size_t)n * 2 * sizeof *u);
	int *glyph_at = gw_xmalloc(((size_t)n * 2 + 1) * sizeof *glyph_at);
	int32_t len = 0;
	for (int i = 0; i < n; i++) {
		glyph_at[len] = i;
		if (g[i].cp >= 0x10000) {
			u[len++] = U16_LEAD(g[i].cp);
			glyph_at[len] = -1;
			u[len++] = U16_TRAIL(g[i].cp);
		} else {
			u[len++] = (UChar)g[i].cp;
		}
	}
	int nc = 0;
	UErrorCode err = U_ZERO_ERROR;
	UBreakIterator *bi = ubrk_open(UBRK_WORD, "zh", u, len, &err);
	if (U_SUCCESS(err)) {
		for (int32_t p = ubrk_first(bi); p != UBRK_DONE; p = ubrk_next(bi)) {
			if (p <= 0 || p >= len || glyph_at[p] < 0)
				continue;
			int i = glyph_at[p];
			if (ok[i] && !gw_is_space(g[i].cp))
				cand[nc++] = i;
		}
		ubrk_close(bi);
	}
	free(u);
	free(glyph_at);
	free(ok);
	return nc;
}

/* Width of g[a..b). */
static int64_t span(const int64_t *prefix, int a, int b)
{
	return prefix[b] - prefix[a];
}

/* 1 when the lengths rise then fall at most once (trapezoid or diamond), no valley. */
static int good_shape(const int64_t *len, int k)
{
	for (int i = 1; i + 1 < k; i++)
		if (len[i] < len[i - 1] && len[i] < len[i + 1])
			return 0;
	return 1;
}

typedef struct search {
	const int64_t *prefix;
	const int *cand;
	int nc, n, k;
	gw_len width;
	int cur[GW_TITLE_MAX_LINES], best[GW_TITLE_MAX_LINES];
	double best_cost;
} search;

static void try_sets(search *s, int depth, int from)
{
	if (depth == s->k - 1) {
		int64_t len[GW_TITLE_MAX_LINES];
		int a = 0;
		for (int i = 0; i < s->k; i++) {
			int b = i < s->k - 1 ? s->cur[i] : s->n;
			len[i] = span(s->prefix, a, b);
			if (len[i] > s->width || len[i] == 0)
				return;
			a = b;
		}
		if (!good_shape(len, s->k))
			return;
		double mean = (double)s->prefix[s->n] / s->k, cost = 0;
		for (int i = 0; i < s->k; i++)
			cost += ((double)len[i] - mean) * ((double)len[i] - mean);
		if (s->k == 2 && len[0] < len[1])
			cost += 1.0; /* tie: the longer line first */
		if (cost < s->best_cost) {
			s->best_cost = cost;
			memcpy(s->best, s->cur, sizeof s->cur);
		}
		return;
	}
	for (int c = from; c < s->nc; c++) {
		s->cur[depth] = s->cand[c];
		try_sets(s, depth + 1, c + 1);
	}
}

int gw_title_breaks(const gw_glyph *g, int n, gw_len width, int *starts)
{
	int64_t *prefix = gw_xmalloc(((size_t)n + 1) * sizeof *prefix);
	prefix[0] = 0;
	for (int i = 0; i < n; i++)
		prefix[i + 1] = prefix[i] + g[i].adv;
	if (prefix[n] <= width) {
		free(prefix);
		return 1;
	}
	int *cand = gw_xmalloc(((size_t)n * 2 + 1) * sizeof *cand);
	int nc = word_boundaries(g, n, cand);
	int lines = 0;
	/* a title of more than ~60 words is not a title: bound the search */
	if (nc <= 64) {
		for (int k = (int)((prefix[n] + width - 1) / width);
		     k <= GW_TITLE_MAX_LINES && !lines; k++) {
			search s = {.prefix = prefix,
			            .cand = cand,
			            .nc = nc,
			            .n = n,
			            .k = k,
			            .width = width,
			            .best_cost = -1};
			s.best_cost = 1e300;
			try_sets(&s, 0, 0);
			if (s.best_cost < 1e300) {
				memcpy(starts, s.best, (size_t)(k - 1) * sizeof *starts);
				lines = k;
			}
		}
	}
	free(cand);
	free(prefix);
	return lines;
}
