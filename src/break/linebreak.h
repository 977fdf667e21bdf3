/*
 * linebreak.h: glyphs -> lines at a given width, and placement of glyphs inside a line.
 *
 * In: shaped glyphs (shape.h) of one paragraph. Out: gw_line ranges and, after
 * gw_place_line, every glyph's x from the line start.
 * This first version breaks between any two characters except inside a run of Latin
 * letters and digits (a word or number stays whole unless it alone overflows the line);
 * the GB/T 15834 / clreq rules come with the composition issue.
 */
#ifndef GW_LINEBREAK_H
#define GW_LINEBREAK_H

#include "../model.h"

typedef struct gw_line {
	int from, to; /* glyph range [from, to) drawn on this line (no trailing spaces) */
	gw_len width; /* natural width of the range, 1/1000 pt */
	int last; /* 1 for a paragraph's last line or a line ended by '\n' */
	int first; /* 1 for a paragraph's first line (it carries the indent) */
} gw_line;

/*
 * Breaks g[0..n) into lines of at most `width` (the first line also holds `indent`).
 * Returns the number of lines and a malloc'ed array in *out (caller frees).
 */
int gw_break_lines(const gw_glyph *g, int n, gw_len width, gw_len indent, gw_line **out);

/*
 * Sets g[i].x for the glyphs of ln so the line fills `width` as align says (justified lines
 * spread the rest over the gaps between characters, never inside a Latin word; the last
 * line of a justified paragraph is flush left). Returns the x of the first glyph.
 */
gw_len gw_place_line(gw_glyph *g, const gw_line *ln, gw_len width, gw_len indent, gw_align align);

#endif
