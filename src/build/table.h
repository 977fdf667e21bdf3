/*
 * table.h: a resolved table (model.h gw_table) -> vertical items.
 *
 * In: the layout (table style, border, padding, leading) and a table block. Out: blocks on
 * the vertical list: an optional caption, the header rows as one block that paginate/
 * repeats on every page the table spans, then the body as row groups (rows tied together
 * by a rowspan stay in one group), each group cut into fragments no taller than a page.
 */
#ifndef GW_TABLE_H
#define GW_TABLE_H

#include "../base/diag.h"
#include "../model.h"
#include "build.h"

/* Builds table block b; returns 0, or -1 after adding errors (characters, widths). */
int gw_build_table(const gw_layout *l, const gw_block *b, gw_diags *d, gw_vlist *vl);

/* Height of row r of a laid-out table, 1/1000 pt. */
gw_len gw_table_row_height(const gw_tlayout *tl, int r);

/*
 * 1 when rows [r, e) may end a page's share of a row group: every cell cut at e spans rows
 * taller than cap (rows that fit on one page stay together) and keeps room for its whole
 * text on both sides, so its label can be repeated whole.
 */
int gw_table_cut_ok(const gw_tlayout *tl, int r, int e, gw_len cap);

/*
 * Paints rows [r0, r1) of a laid-out table into out (a fresh GW_V_BLOCK whose items the
 * caller owns): paginate/ calls it for each page's share of a deferred row group.
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
