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

/* How gw_resolve and the fill functions treat figures (flags). */
enum {
	GW_RESOLVE_FORCE =
	        1, /* render --force: failed checks (and --strict's errors) are warnings */
	GW_RESOLVE_STRICT = 2 /* --strict: a published figure that is not its sum, and a failed
	                         warning-level check, are errors */
};

/* One template of the layout with the data's values. */
typedef struct gw_filled {
	const gw_template *t;
	const gw_json *j; /* the data file (for the printed figures' and labels' positions) */
	const cJSON **given; /* per cell: the data's value, NULL when it gives none (owned array) */
	const cJSON **label; /* per cell: the data's text for a label ("labels"), NULL for the
	                        layout's (owned array) */
	gw_val *val; /* per cell: its value, after gw_fill_compute (owned); a sum cell's is the
	                computed sum even where the data's figure is printed */
	const cJSON *obj; /* the data's values.TEMPLATE object, NULL when absent */
} gw_filled;

/*
 * Reads s as a figure as published (issue 12, docs/templates.md section 4): an optional sign,
 * ASCII digits (optionally grouped by "," in threes), an optional decimal part, optional
 * spaces, an optional 万 (x 10^4), 亿 (x 10^8) or 万亿 (x 10^12), and an optional unit of 1 to 4
 * Chinese characters other than 万 and 亿: "251000元", "3.5万元", "1,234件", "-2". Returns 1 with
 * *v the number (万 and 亿 applied), else 0.
 */
int gw_parse_figure(const char *s, double *v);

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
 * Binds the data's "labels" object (of file j): by template, then by label id, the texts that
 * replace the layout's labels; each replacement is a note. Unknown templates and ids, fixed
 * labels and texts that are not non-empty strings are errors.
 */
void gw_fill_labels(const gw_layout *l, const gw_json *j, const cJSON *labels, gw_filled *f,
                    gw_diags *d);

/*
 * Computes every cell's value: given values, "missing" for the rest, then the sums in
 * dependency order. A figure the data gives for a sum cell is printed as given; when it is not
 * the sum (blank counting as 0) that is a warning at the data's value, an error with
 * GW_RESOLVE_STRICT (unless GW_RESOLVE_FORCE). Returns the number of errors so reported.
 */
int gw_fill_compute(const gw_layout *l, const gw_json *j, gw_filled *f, int flags, gw_diags *d);

/*
 * Evaluates every check of the templates and the layout's top-level checks. A failure is an
 * error (a warning for a warning-level check unless GW_RESOLVE_STRICT, and for every check with
 * GW_RESOLVE_FORCE) at the data's
 * values.TEMPLATE object (for a top-level check, "values"; without them, the data's root).
 * Returns the number of failures reported as errors.
 */
int gw_fill_check(const gw_layout *l, const gw_filled *f, const gw_src *values, const gw_src *root,
                  int flags, gw_diags *d);

/*
 * The filled template as a table block's table (owned by the caller; gw_table_drop): a value or
 * sum cell prints the data's figure as given (a number in its shortest form, a string as
 * written, "" and null blank), else its value; a label prints the data's text, else the
 * layout's.
 */
gw_table *gw_fill_table(const gw_filled *f);

#endif
