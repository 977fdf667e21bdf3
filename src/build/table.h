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

#endif
