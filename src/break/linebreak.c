/*
 * linebreak.c: first-fit line breaking on character boundaries (see linebreak.h).
 */
#include "linebreak.h"

#include "../base/util.h"

static int is_word_char(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
}

/* 1 when a line may end between g[j-1] and g[j]. */
static int can_break_before(const gw_glyph *g, int j)
{
	return !(is_word_char(g[j - 1].cp) && is_word_char(g[j].cp));
}

int gw_break_lines(const gw_glyph *g, int n, gw_len width, gw_len indent, gw_line **out)
{
	int cap = 8, nl = 0, i = 0, first = 1;
	gw_line *lines = gw_xmalloc((size_t)cap * sizeof *lines);
	while (i < n || first) {
		if (!first)
			while (i < n && g[i].cp == ' ')
				i++; /* spaces at a line start vanish */
		int start = i, end = n, next = n, forced = 0, last_break = -1;
		gw_len w = first ? indent : 0;
		for (int j = start; j < n; j++) {
			if (g[j].cp == '\n') {
				end = j, next = j + 1, forced = 1;
				break;
			}
			if (j > start && can_break_before(g, j))
				last_break = j;
			if (w + g[j].adv > width && j > start) {
				/* a space that overflows ends the line itself (it is dropped) */
				end = next = g[j].cp == ' ' || last_break <= start ? j : last_break;
				break;
			}
			w += g[j].adv;
		}
		if (nl == cap) {
			cap *= 2;
			lines = gw_xrealloc(lines, (size_t)cap * sizeof *lines);
		}
		int to = end;
		while (to > start && g[to - 1].cp == ' ')
			to--; /* spaces at a line end take no room */
		gw_line *ln = &lines[nl++];
		ln->from = start;
		ln->to = to;
		ln->width = 0;
		for (int k = start; k < to; k++)
			ln->width += g[k].adv;
		ln->first = first;
		ln->last = forced || next >= n;
		first = 0;
		i = next;
		if (next >= n && !forced)
			break;
		if (forced && next >= n) {
			/* "\n" at the very end: nothing follows */
			break;
		}
	}
	*out = lines;
	return nl;
}

gw_len gw_place_line(gw_glyph *g, const gw_line *ln, gw_len width, gw_len indent, gw_align align)
{
	gw_len avail = width - (ln->first ? indent : 0);
	gw_len rest = avail - ln->width;
	gw_len start = ln->first ? indent : 0;
	int gaps = 0;
	if (align == GW_ALIGN_JUSTIFY && !ln->last && rest > 0)
		for (int k = ln->from + 1; k < ln->to; k++)
			if (!(is_word_char(g[k - 1].cp) && is_word_char(g[k].cp)))
				gaps++;
	if (align == GW_ALIGN_CENTER && rest > 0)
		start += rest / 2;
	else if (align == GW_ALIGN_RIGHT && rest > 0)
		start += rest;
	gw_len x = 0;
	int gap = 0;
	for (int k = ln->from; k < ln->to; k++) {
		if (gaps && k > ln->from && !(is_word_char(g[k - 1].cp) && is_word_char(g[k].cp))) {
			/* spread rest evenly; the first (rest % gaps) gaps take one unit more */
			x += rest / gaps + (gap < rest % gaps ? 1 : 0);
			gap++;
		}
		g[k].x = x;
		x += g[k].adv;
	}
	return start;
}
