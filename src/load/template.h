/*
 * template.h: a layout's table templates, skeleton and checks (docs/templates.md 2-3).
 *
 * In: the JSON values of a layout's "templates" entries, "skeleton" and "checks", each with
 * the file that holds it. Out: gw_template (the table's grid through load/table.c's grid
 * resolution, every value and sum cell with its key, the sums' inputs and an order that
 * computes every sum after the sums it uses), gw_skel entries and gw_check rules expanded
 * into equations of cells. Errors, at the layout's values, with "did you mean" hints: unknown
 * keys, row and column keys that do not fit the grid or repeat, value cells without keys, sums
 * of labels, cycles of sums, checks naming rows, columns, templates or keys that do not exist.
 */
#ifndef GW_LOAD_TEMPLATE_H
#define GW_LOAD_TEMPLATE_H

#include "../base/diag.h"
#include "../model.h"
#include "json.h"

/*
 * Reads template entry m (a "templates" member, or the one "from" leads to) as the template
 * `name` (the entry's name in the layout), number index, into t.
 */
void gw_load_template(const gw_json *j, gw_diags *d, const cJSON *m, const char *name, int index,
                      gw_template *t);

/* Reads the "skeleton" array v into l->skeleton; l->templates must be loaded. */
void gw_load_skeleton(const gw_json *j, gw_diags *d, const cJSON *v, gw_layout *l);

/* Reads the top-level "checks" array v (full keys TEMPLATE.KEY) into l->checks. */
void gw_load_checks(const gw_json *j, gw_diags *d, const cJSON *v, gw_layout *l);

/* The index of t's cell with key `key` (a value or a sum), or -1. */
int gw_template_find(const gw_template *t, const char *key);

/* The first label cell of t with the id `id` ("labels" of the data), or -1. */
int gw_template_label(const gw_template *t, const char *id);

/* Frees what t and c own (not t or c themselves). */
void gw_template_free(gw_template *t);
void gw_check_free(gw_check *c);

#endif
