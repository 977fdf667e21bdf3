/*
 * table.h: a resolved table (model.h gw_table) -> vertical items.
 *
 * In: the layout (table style, border, padding, leading) and a table block. Out: blocks on
 * the vertical list: an optional caption, the header rows as one block that paginate/
 * repeats on every page the table spans (with the layout's "续表" line above it, a second
 * block, repeat_only), then the body: one deferred block that paginate/ cuts with
 * gw_table_cut, or, around a row taller than a page, parts cut here.
 */
#ifndef GW_TABLE_H
#define GW_TABLE_H

#include "../base/diag.h"
#include "../model.h"
#include "build.h"

/* Builds table block b; returns 0, or -1 after adding errors (characters, widths). */
int gw_build_table(const gw_layout *l, const gw_block *b, gw_diags *d, gw_vlist *vl);

/*
 * Where a page's share of the deferred body rows [r, r1) ends (issue 12, points 1 to 3):
 * the last row e such that rows [r, e) fit in room (1/1000 pt) and may end a page: no row
 * group that fits on a page is cut (a taller one only between its sub-groups), a header or
 * full-width label row keeps the layout's keep_rows body rows, each page and the rest keep
 * min_rows. Returns r when nothing may go on this page; on a page that holds nothing else
 * the least bad cut that fits, so pages progress (fresh 2: nothing above the share but the
 * repeated header; 1: nothing but the table's own caption and header). *height: the share's height
 * with its cut labels made whole; *why: the rule that stopped the page there ("keep-group",
 * "table-widow", ...; "fill" when the next row did not fit), NULL when the body ends.
 */
int gw_table_cut(const gw_tlayout *tl, int r1, int r, gw_len room, int fresh, gw_len *height,
                 const char **why);

/* The height of the smallest first share that rows [r, r1) may put on a page (the table's
 * header and caption keep it with them); when none fits a page, the first row's. */
gw_len gw_table_min_share(const gw_tlayout *tl, int r1, int r);

/*
 * Paints rows [r0, r1) of a laid-out table into out (a fresh GW_V_BLOCK whose items the
 * caller owns), its cut labels whole: paginate/ calls it for each page's share of a
 * deferred body.
 */
void gw_table_part(gw_tlayout *tl, int r0, int r1, gw_vitem *out);

/*
 * After every part of a table is painted: 0 when every cell's text was shown whole (in one
 * part, or repeated whole in each, a label) or went on to its last line across its parts;
 * else -1 after an error at each cell whose pieces were too short for the rest of its text
 * (a rowspan cut across pages loses a line to each piece's padding and rounding): text is
 * never dropped in silence.
 */
int gw_table_check_whole(const gw_tlayout *tl, gw_diags *d);

void gw_table_layout_drop(gw_tlayout *tl);

#endif
