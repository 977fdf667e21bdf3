/*
 * linebreak.h: glyphs -> lines at a given width, and placement of glyphs inside a line.
 *
 * In: shaped glyphs (shape.h) of one paragraph. Out: gw_line ranges and, after
 * gw_place_line, every glyph's x from the line start (and the compressed advance of the
 * marks the line compresses).
 * Lines break only where breaks.h allows (UAX #14 via ICU, tailored to GB/T 15834-2011 5.1
 * and clreq: no closing mark at a line start, no opening mark at a line end, —— and ……
 * whole, numbers with their units and Latin words whole; two ellipses together on a line of
 * their own, 5.1.5). A full-width closing mark or 点号
 * at a line end takes half a cell (GB/T 15834-2011 5.1.10). When the character after a
 * full line may not start a line, the line is first squeezed (adjacent marks at its end
 * compressed from 2 cells to 1.5, clreq "punctuation width adjustment") to take it back,
 * and only if that fails are characters pushed to the next line, the short line being
 * stretched (clreq 先挤进，后推出). Full lines are justified to the exact millipoint.
 */
#ifndef GW_LINEBREAK_H
#define GW_LINEBREAK_H

#include "../model.h"

typedef struct gw_line {
	int from, to; /* glyph range [from, to) drawn on this line (no trailing spaces) */
	gw_len width; /* natural width of the range with its compressed marks, 1/1000 pt */
	int last; /* 1 for a paragraph's last line or a line ended by '\n' */
	int first; /* 1 for a paragraph's first line (it carries the indent) */
} gw_line;

/*
 * Breaks g[0..n) into lines of at most `width` (the first line also holds `indent`).
 * A glyph with cp '\n' forces a break; spaces at line starts (after the first) and line
 * ends are dropped. Returns the number of lines and a malloc'ed array in *out (caller
 * frees). g is not modified; fonts are not read. icu: the context's ICU iterators
 * (breaks.h), NULL for one opened per call.
 */
int gw_break_lines(gw_icu *icu, const gw_glyph *g, int n, gw_len width, gw_len indent,
                   gw_line **out);

/*
 * Sets g[i].x for the glyphs of ln so the line fills `width` as align says, and sets the
 * advance of the marks the line compresses (a line-end mark, and the pairs a line too
 * long by its natural width needs squeezed, as gw_break_lines chose them) to half a cell.
 * Only from, to, first and last of ln are read, so callers may build lines themselves.
 * Justified lines that are not a paragraph's last stretch Latin word spaces first (up to
 * half a cell each), then every other gap equally, never inside a Latin word or number,
 * inside —— or ……, or beside a 连接号 or 分隔号, so the line ends flush to the millipoint;
 * the last line of a justified paragraph is flush left. Calling it again for the same line
 * gives the same result. Returns the x of the first glyph from the line's start.
 */
gw_len gw_place_line(gw_glyph *g, const gw_line *ln, gw_len width, gw_len indent, gw_align align);

#endif
