/*
 * template.h (resolve/): a layout's templates filled with the data's values.
 *
 * In: the layout's templates and the data's "values" object. Out: per template the value of
 * every value and sum cell (a number, blank, or for a value the data leaves out what the
 * template's "missing" says), the checks evaluated, and each template as a gw_table ready for
 * build/. The rules are docs/templates.md sections 3 and 4.
 */
#ifndef GW_RESOLVE_TEMPLATE_H
#define GW_RESOLVE_TEMPLATE_H

#include "../base/diag.h"
#include "../model.h"

/* A cell's value: not given (only before computing), blank, or a number. */
typedef enum gw_vstate { GW_VAL_MISSING, GW_VAL_BLANK, GW_VAL_NUMBER } gw_vstate;

typedef struct gw_val {
	gw_vstate state;
	double v; /* GW_VAL_NUMBER: the number */
	int dec; /* decimals the number is exact to (sums are rounded to their inputs' most) */
} gw_val;

/* One template of the layout with the data's values. */
typedef struct gw_filled {
	const gw_template *t;
	const cJSON **given; /* per cell: the data's value, NULL when it gives none (owned array) */
	gw_val *val; /* per cell: its value, after gw_fill_compute (owned) */
	const cJSON *obj; /* the data's values.TEMPLATE object, NULL when absent */
} gw_filled;

/* A new array of l->ntemplates empty fills (free with gw_fill_free). */
gw_filled *gw_fill_new(const gw_layout *l);
void gw_fill_free(gw_filled *f, int n);

/*
 * Binds the data's "values" object (of file j) to the templates' cells by key. Unknown
 * templates and keys, and values that are not numbers, "" or null, are errors at the data.
 */
void gw_fill_bind(const gw_layout *l, const gw_json *j, const cJSON *values, gw_filled *f,
                  gw_diags *d);

/*
 * Computes every cell's value: given values, "missing" for the rest, then the sums in
 * dependency order; a sum the data gives that differs is a warning at the data's value.
 */
void gw_fill_compute(const gw_layout *l, const gw_json *j, gw_filled *f, gw_diags *d);

/*
 * Evaluates every check of the templates and the layout's top-level checks. A failure is an
 * error (a warning for a warning-level check, or for every check with force) at the data's
 * values.TEMPLATE object (for a top-level check, "values"; without them, the data's root).
 * Returns the number of failures reported as errors.
 */
int gw_fill_check(const gw_layout *l, const gw_filled *f, const gw_src *values, const gw_src *root,
                  int force, gw_diags *d);

/* The filled template as a table block's table (owned by the caller; gw_table_drop). */
gw_table *gw_fill_table(const gw_filled *f);

#endif
