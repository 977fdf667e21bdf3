/*
 * title.h: line breaks for a document title (GB/T 9704-2012 7.3.1).
 *
 * In: the shaped glyphs of one title segment (between forced '\n' breaks) and the line
 * width. Out: where to break it: lines that keep words whole (ICU word boundaries, locale
 * zh, whose dictionary segments Chinese), are as even as possible, and form a trapezoid or
 * a diamond, never an hourglass.
 */
#ifndef GW_TITLE_H
#define GW_TITLE_H

#include "../model.h"

#define GW_TITLE_MAX_LINES 4

/*
 * Chooses breaks for g[0..n) at `width` (1/1000 pt). Writes the glyph index where each line
 * after the first starts into starts[] (at most GW_TITLE_MAX_LINES - 1 entries) and returns
 * the number of lines, or 0 when no break set fits (the caller then breaks as for a
 * paragraph). icu: the context's ICU iterators (break/breaks.h), NULL for ones opened per
 * call.
 */
int gw_title_breaks(gw_icu *icu, const gw_glyph *g, int n, gw_len width, int *starts);

#endif
