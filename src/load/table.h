/*
 * table.h: a "table" block's value (docs/data-format.md) -> gw_table.
 *
 * In: the JSON value of a table block, {"columns": [...], "header_rows": N, "rows": [...],
 * "caption": "...", "style": "..."}, and the gw_json it belongs to. Out: a gw_table whose
 * cells sit on a resolved grid (the HTML model: a row lists only the cells that start in
 * it; each takes the next slot that no rowspan from above covers), or NULL after adding
 * every error of the table to the diagnostics: bad widths, bad cell values, unknown keys,
 * spans that run past the table's edge or overlap another cell, rows with more cells than
 * columns or with holes, a header that cuts through a rowspan, and the size limits of gw.h.
 * Texts are borrowed from the JSON tree, which must outlive the table.
 */
#ifndef GW_LOAD_TABLE_H
#define GW_LOAD_TABLE_H

#include "../base/diag.h"
#include "../model.h"
#include "json.h"

/* Reads table value v of file j; returns NULL when errors were added to d. */
gw_table *gw_load_table(const gw_json *j, gw_diags *d, const cJSON *v);

/* Frees t and everything it owns; NULL is allowed. */
void gw_table_drop(gw_table *t);

#endif
