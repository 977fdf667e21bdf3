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
#include <uchar.h>

#include <unicode/ubrk.h>
#include <unicode/utf16.h>

#include "../base/util.h"
#include "../break/breaks.h"

/*
 * Single-character segments: ICU's zh dictionary (Debian's ICU) does not know many words of
 * official titles and leaves them as one-character segments (办公|厅, 印|发, 优|化|营|商,
 * 专|项, 自然|资源|和|规划|局). "词意完整" (GB/T 9704-2012 7.3.1) then needs them glued:
 *  - a run of two or more one-character segments is one word (印发, 优化营商, 专项);
 *  - a lone suffix of an organ, a place or a number (厅 局 委 办 …, 省 市 县 区, 年 月 号
 *    …) stays with what precedes it (…办公厅 / 关于…, …2020年 / 政府…);
 *  - a lone 的 stays with what follows it (…工作 / 的通知, never …工作的 / 通知);
 *  - a lone 和 与 及 stays with what follows it (…营商环境 / 和防汛工作…); when a segment
 *    ending in a suffix follows within three (an organ's name: 自然资源和规划局,
 *    住房和城乡建设局), it is glued on both sides and so is the rest of the name;
 *  - any other lone one-character segment is glued on both sides (a word the dictionary
 *    did not know).
 */
static const char32_t suffixes[] =
        U"厅局委办院部署处室会司所站队科股馆厂行社团年月日号届次期批类项";

/*
 * Terms of official titles that ICU's dictionary splits into words of their own (营商|环境,
 * 建筑|施工) but a clerk never breaks: no break inside them. Also the names of offices that
 * contain 和 (the glue rule for 和 covers most, these make sure).
 */
static const char32_t *const terms[] = {
        U"政府信息公开",   U"营商环境",       U"市场主体",           U"建筑施工",
        U"安全生产",       U"专项整治",       U"医疗卫生",           U"基层医疗卫生",
        U"疫情防控",       U"食品安全",       U"药品安全",           U"行政许可",
        U"行政审批",       U"年度报告",       U"实施意见",           U"实施方案",
        U"工作方案",       U"管理办法",       U"暂行办法",           U"实施细则",
        U"城乡规划",       U"服务体系",       U"人民政府",           U"办公厅",
        U"办公室",         U"委员会",         U"自然资源",           U"规划和自然资源",
        U"自然资源和规划", U"住房和城乡建设", U"人力资源和社会保障", U"发展和改革",
        U"文化和旅游",     U"卫生健康",       U"生态环境",           U"农业农村",
        U"交通运输",       U"市场监督管理",   U"退役军人事务",       U"应急管理",
        U"医疗保障",       U"乡村振兴",       U"高质量发展",         U"国民经济和社会发展",
        U"抽样检验",       U"现代服务业",     U"工业和信息化",       U"科学技术",
        U"林业和草原",     U"民族宗教",       U"公共资源交易",       U"社会保险",
        U"基本医疗保险",   U"义务教育",       U"知识产权",           U"数据资源",
        U"政务服务",       U"规范性文件",     U"重大行政决策",       U"人民代表大会",
        U"常务委员会",     U"政治协商会议",
};

static int is_suffix(uint32_t cp)
{
	for (const char32_t *p = suffixes; *p; p++)
		if (*p == cp)
			return 1;
	return 0;
}

/* Glues the boundaries inside every occurrence of a term of terms[] in g[0..n). */
static void glue_terms(const gw_glyph *g, int n, unsigned char *glued)
{
	for (size_t t = 0; t < sizeof terms / sizeof terms[0]; t++) {
		int len = 0;
		while (terms[t][len])
			len++;
		for (int i = 0; i + len <= n; i++) {
			int k = 0;
			while (k < len && g[i + k].cp == terms[t][k])
				k++;
			if (k == len)
				for (k = 1; k < len; k++)
					glued[i + k] = 1;
		}
	}
}

static int is_conj(uint32_t cp)
{
	return cp == 0x548C || cp == 0x4E0E || cp == 0x53CA; /* 和 与 及 */
}

/*
 * Marks in glued[i] (glyph indexes) the boundaries the rules above forbid, for the ICU
 * segments starting at seg[0..ns) (seg[0] = 0, seg[ns - 1] = n).
 */
static void glue_segments(const gw_glyph *g, const int *seg, int ns, unsigned char *glued)
{
	for (int s = 0; s + 1 < ns; s++) {
		int a = seg[s], b = seg[s + 1];
		if (b - a != 1 || !gw_is_han(g[a].cp))
			continue;
		int prev1 = s > 0 && seg[s] - seg[s - 1] == 1 && gw_is_han(g[seg[s - 1]].cp);
		int next1 = s + 2 < ns && seg[s + 2] - b == 1 && gw_is_han(g[b].cp);
		if (prev1 || next1) { /* a run of one-character segments: one word */
			if (prev1)
				glued[a] = 1;
			if (next1)
				glued[b] = 1;
			continue;
		}
		uint32_t cp = g[a].cp;
		if (is_suffix(cp)) {
			glued[a] = 1;
		} else if (cp == 0x7684) { /* 的 */
			glued[b] = 1;
		} else if (is_conj(cp)) {
			/* an organ's name when a segment ending in a suffix follows within 3 */
			int name = -1;
			for (int t = s + 1, k = 0; t + 1 < ns && k < 3 && name < 0; t++, k++)
				if (is_suffix(g[seg[t + 1] - 1].cp))
					name = t;
			glued[b] = 1; /* 和 starts a line, never ends one (…环境 / 和防汛…) */
			if (name >= 0) {
				glued[a] = 1;
				for (int t = s + 1; t < name; t++)
					glued[seg[t + 1]] = 1;
			}
		} else {
			glued[a] = glued[b] = 1;
		}
	}
}

/*
 * Word boundaries of g[0..n) (ICU, locale zh) where a line may also break (breaks.c: the
 * GB/T 15834 line-start and line-end rules, —— …… whole), as glyph indexes 1..n-1 where a
 * line may start; returns their count. With `strict`, boundaries next to a one-character
 * segment are dropped as glue() says (a word the dictionary did not know).
 */
static int word_boundaries(gw_icu *icu, const gw_glyph *g, int n, int *cand, int strict)
{
	unsigned char *ok = gw_xmalloc((size_t)n + 1);
	gw_break_opportunities(icu, g, n, ok);
	UChar *u = gw_xmalloc((size_t)n * 2 * sizeof *u + sizeof *u);
	int *glyph_at = gw_xmalloc(((size_t)n * 2 + 1) * sizeof *glyph_at);
	int *seg = gw_xmalloc(((size_t)n + 1) * sizeof *seg); /* segment starts, glyph indexes */
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
	glyph_at[len] = n;
	int ns = 0, nc = 0;
	UErrorCode err = U_ZERO_ERROR;
	/* the context's word iterator, given this text; else one for this call */
	UBreakIterator *bi = icu ? gw_icu_word(icu) : ubrk_open(UBRK_WORD, "zh", NULL, 0, &err);
	if (bi && U_SUCCESS(err))
		ubrk_setText(bi, u, len, &err);
	if (bi && U_SUCCESS(err))
		for (int32_t p = ubrk_first(bi); p != UBRK_DONE; p = ubrk_next(bi))
			if (p >= 0 && p <= len && glyph_at[p] >= 0)
				seg[ns++] = glyph_at[p];
	if (bi && icu)
		ubrk_setText(bi, NULL, 0, &err); /* drop the pointer to u */
	else if (bi)
		ubrk_close(bi);
	/* seg[0] = 0 and seg[ns - 1] = n: boundaries are seg[1 .. ns-2] */
	unsigned char *glued = gw_xcalloc((size_t)n + 1, 1);
	if (ns >= 2)
		glue_segments(g, seg, ns, glued);
	glue_terms(g, n, glued);
	for (int s = 1; s + 1 < ns; s++) {
		int i = seg[s];
		if (!ok[i] || gw_is_space(g[i].cp))
			continue;
		if (strict && glued[i])
			continue;
		cand[nc++] = i;
	}
	free(glued);
	free(seg);
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

int gw_title_breaks(gw_icu *icu, const gw_glyph *g, int n, gw_len width, int *starts)
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
	int lines = 0;
	/*
	 * First the boundaries that keep the dictionary's unknown words whole (strict); when no
	 * balanced set fits with those, ICU's boundaries alone.
	 */
	for (int strict = 1; strict >= 0 && !lines; strict--) {
		int nc = word_boundaries(icu, g, n, cand, strict);
		/* a title of more than ~60 words is not a title: bound the search */
		if (nc > 64)
			continue;
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
