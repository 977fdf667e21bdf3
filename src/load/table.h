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

/*
 * Keys a caller allows beyond a data table's, in the table object and in its object cells
 * (NULL-terminated lists, or NULL for none). The loader accepts them and ignores them; the
 * caller reads them from the JSON (a template's cells: gw_cell.src.node). Table templates
 * (load/template.c) share the grid resolution of data tables this way.
 */
typedef struct gw_table_keys {
	const char *const *table; /* extra keys of the table object */
	const char *const *cell; /* extra keys of an object cell */
} gw_table_keys;

/* gw_load_table with extra keys (extra may be NULL). */
gw_table *gw_load_table_ext(const gw_json *j, gw_diags *d, const cJSON *v,
                            const gw_table_keys *extra);

/*
 * Formats v in the shortest form that reads back as the same double, as ECMAScript's
 * Number::toString does ("0", "12", "12.5", "-3", "0.001", "1e+21"); -0 is "0". The text of
 * number cells, given or computed; "Infinity", "-Infinity", "NaN" as in ECMAScript for the
 * values that are not finite. Returns a malloc'ed string.
 */
char *gw_format_number(double v);

/* Frees t and everything it owns; NULL is allowed. */
void gw_table_drop(gw_table *t);

#endif
