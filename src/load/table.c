/*
 * table.c: a table block's value -> gw_table (see table.h and docs/data-format.md).
 *
 * In: {"columns": [COLUMN, ...], "header_rows": N, "rows": [[CELL, ...], ...], "caption": TEXT,
 * "style": NAME}. COLUMN is a WIDTH or {"width": WIDTH, "align": ALIGN} (issue 12, point 6);
 * WIDTH is a length ("30mm", "12pt", a number of points), "Nfr" or "auto".
 * CELL is a string, a number, null (empty) or {"text", "rowspan", "colspan", "align",
 * "valign"}. Out: a gw_table with every cell on the grid, or NULL and every error found.
 *
 * How: the columns are read first (their count is the grid's width), then one pass over the
 * rows reads each cell and places it at once, as the HTML table model does (MuPDF's
 * next_table_cell, Typst's CellGrid resolution): a cursor walks the row left to right past
 * the slots that a rowspan from a row above covers; the cell takes the slot under the cursor
 * and the rectangle of its spans, and the cursor moves on by its colspan. grid[] holds the
 * owner of every slot. A cell's rectangle can only collide with a cell placed before it in its
 * own first row (a cell from above that covers a slot further down covers this row's slot of
 * that column too), so checking the first row of the rectangle finds every overlap. Each slot
 * is written once and scanned a bounded number of times: the work is linear in rows times
 * columns plus cells.
 *
 * Errors: all are collected. A cell whose span is wrong is placed clamped (at the table's edge,
 * or before the cell it runs into) and the cursor still moves by the colspan as written, so
 * the cells after it land where the author meant them; the rows the bad cell reaches get no
 * hole or "more cells" errors, which would only repeat the same mistake. A span that is not a
 * valid number counts as 1 and quiets those errors likewise (a bad rowspan: for the rest of
 * the table). Messages number rows and columns from 1.
 */
#include "table.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/util.h"
#include "values.h"

#define MAX_FR 1000 /* largest share of a "Nfr" width */
#define MAX_WIDTH_PT 14400 /* widest fixed column: PDF's largest page side */
#define MAX_DECIMAL 40 /* characters of the number in a width string */

enum { BAD_COLSPAN = 1, BAD_ROWSPAN = 2 };

static const char *const table_keys[] = {"columns", "header_rows", "rows",
                                         "caption", "style",       NULL};
static const char *const cell_keys[] = {"text", "rowspan", "colspan", "align", "valign", NULL};
static const char *const column_keys[] = {"width", "align", NULL};
static const char *const align_names[] = {"left", "center", "right", NULL};
static const char *const valign_names[] = {"top", "middle", "bottom", NULL};

/* One table's load in progress. */
typedef struct loader {
	const gw_json *j;
	gw_diags *d;
	gw_table *t; /* the table being filled; t->ncols and t->nrows are the grid's size */
	int place; /* 1 when the grid's size is known, so cells are placed and checked */
	int quiet_until; /* rows before this index get no hole or "more cells" errors */
	const char *const *cell_keys; /* keys an object cell may have */
} loader;

/*
 * Reads the unsigned decimal at the start of s ("12", "12.5"; no sign, no exponent, a digit
 * before any point) into *v. Returns the bytes read, 0 when s does not start with one.
 */
static size_t read_decimal(const char *s, double *v)
{
	size_t i = 0;
	while (s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == 0)
		return 0;
	if (s[i] == '.') {
		size_t f = ++i;
		while (s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == f)
			return 0;
	}
	if (i > MAX_DECIMAL)
		return 0;
	/* strtod reads the locale's decimal point, as cJSON's numbers do (json.c) */
	char buf[MAX_DECIMAL + 1];
	const struct lconv *lc = localeconv();
	char point = lc && lc->decimal_point && lc->decimal_point[0] ? lc->decimal_point[0] : '.';
	for (size_t k = 0; k < i; k++)
		buf[k] = s[k] == '.' ? point : s[k];
	buf[i] = 0;
	*v = strtod(buf, NULL);
	return i;
}

/*
 * Reads one column width: a number (points), "Nmm" "Npt" "Ncm" (a fixed width above 0 and at
 * most 14400 pt), "Nfr" (a share of the width left over, 0.001 to 1000, kept in 1/1000 fr)
 * or "auto". Returns 1, or 0 after adding an error.
 */
static int read_width(const gw_json *j, gw_diags *d, const cJSON *v, gw_colspec *c)
{
	c->src.json = j;
	c->src.node = v;
	double x = 0;
	const char *unit = NULL;
	if (cJSON_IsNumber(v)) {
		x = v->valuedouble;
		unit = "pt";
	} else if (cJSON_IsString(v)) {
		const char *s = v->valuestring;
		if (strcmp(s, "auto") == 0) {
			c->kind = GW_COL_AUTO;
			return 1;
		}
		size_t n = read_decimal(s, &x);
		if (n && !s[n]) {
			gw_json_error(
			        j, d, v, 0,
			        "column width \"%s\" needs a unit: \"%smm\", \"%spt\" or \"%sfr\"",
			        s, s, s, s);
			return 0;
		}
		if (n && (strcmp(s + n, "pt") == 0 || strcmp(s + n, "mm") == 0 ||
		          strcmp(s + n, "cm") == 0 || strcmp(s + n, "fr") == 0))
			unit = s + n;
	}
	if (!unit) {
		gw_json_error(j, d, v, 0,
		              "expected a column width such as \"30mm\", 12, \"2fr\" or \"auto\"");
		return 0;
	}
	if (strcmp(unit, "fr") == 0) {
		if (!(x * 1000 >= 0.5 && x <= MAX_FR)) {
			gw_json_error(j, d, v, 0,
			              "column width \"%s\" is out of range (0.001fr to %dfr)",
			              v->valuestring, MAX_FR);
			return 0;
		}
		c->kind = GW_COL_FR;
		c->fr = (int)lround(x * 1000);
		return 1;
	}
	double pt = strcmp(unit, "mm") == 0   ? x * 72 / 25.4
	            : strcmp(unit, "cm") == 0 ? x * 720 / 25.4
	                                      : x;
	if (!(pt * 1000 >= 0.5 && pt <= MAX_WIDTH_PT)) {
		if (cJSON_IsString(v))
			gw_json_error(j, d, v, 0,
			              "column width \"%s\" is out of range (above 0, at most %dpt)",
			              v->valuestring, MAX_WIDTH_PT);
		else
			gw_json_error(j, d, v, 0,
			              "column width %g is out of range (above 0, at most %dpt)", x,
			              MAX_WIDTH_PT);
		return 0;
	}
	c->kind = GW_COL_FIXED;
	c->width = (gw_len)lround(pt * 1000);
	return 1;
}

/*
 * Formats v in the shortest form that reads back as the same double, laid out as ECMAScript's
 * Number::toString does: positional for 1e-7 <= |v| < 1e21 ("0", "12", "12.5", "-3", "0.001"),
 * with an exponent beyond ("1e+21", "1.5e-7"). -0 is "0". Returns a malloc'ed string.
 */
char *gw_format_number(double v)
{
	if (v == 0)
		return gw_xstrdup("0");
	if (!isfinite(v)) /* only a sum can get here: data numbers are finite (json.c) */
		return gw_xstrdup(isnan(v) ? "NaN" : v < 0 ? "-Infinity" : "Infinity");
	char e[40];
	for (int p = 1; p <= 17; p++) {
		snprintf(e, sizeof e, "%.*e", p - 1, v);
		if (strtod(e, NULL) == v)
			break; /* 17 significant digits always read back */
	}
	/* e is "[-]D[.DDD]e[+-]XX": collect the digits and the exponent */
	char dig[20];
	int k = 0;
	const char *s = e;
	int neg = *s == '-';
	for (s += neg; *s && *s != 'e'; s++)
		if (*s >= '0' && *s <= '9' && k < (int)sizeof dig)
			dig[k++] = *s;
	while (k > 1 && dig[k - 1] == '0')
		k--;
	int n = atoi(s + 1) + 1; /* v = 0.DIG x 10^n */
	gw_buf b = {0};
	if (neg)
		gw_buf_putc(&b, '-');
	if (k <= n && n <= 21) {
		gw_buf_put(&b, dig, (size_t)k);
		for (int i = k; i < n; i++)
			gw_buf_putc(&b, '0');
	} else if (0 < n && n <= 21) {
		gw_buf_put(&b, dig, (size_t)n);
		gw_buf_putc(&b, '.');
		gw_buf_put(&b, dig + n, (size_t)(k - n));
	} else if (-6 < n && n <= 0) {
		gw_buf_puts(&b, "0.");
		for (int i = n; i < 0; i++)
			gw_buf_putc(&b, '0');
		gw_buf_put(&b, dig, (size_t)k);
	} else {
		gw_buf_putc(&b, dig[0]);
		if (k > 1) {
			gw_buf_putc(&b, '.');
			gw_buf_put(&b, dig + 1, (size_t)(k - 1));
		}
		gw_buf_printf(&b, "e%c%d", n - 1 < 0 ? '-' : '+', abs(n - 1));
	}
	return gw_buf_take(&b);
}

/*
 * Sets c's text from v when v is a string (empty allowed), a number (formatted) or null
 * (empty). Returns 0 without an error for other types, 1 otherwise (a string longer than
 * GW_MAX_TEXT_BYTES adds an error).
 */
static int set_text(loader *l, const cJSON *v, gw_cell *c)
{
	c->text.src.json = l->j;
	c->text.src.node = v;
	if (cJSON_IsString(v) && v->valuestring) {
		size_t len = strlen(v->valuestring);
		if (len > GW_MAX_TEXT_BYTES)
			gw_json_error(l->j, l->d, v, 0, "text is longer than %u bytes",
			              GW_MAX_TEXT_BYTES);
		c->text.s = v->valuestring;
		c->text.len = len;
		return 1;
	}
	if (cJSON_IsNumber(v)) {
		c->num = gw_format_number(v->valuedouble);
		c->text.s = c->num;
		c->text.len = strlen(c->num);
		return 1;
	}
	if (cJSON_IsNull(v)) {
		c->text.s = "";
		c->text.len = 0;
		return 1;
	}
	return 0;
}

/*
 * Reads string v as one of names (NULL-terminated) into *out, its index; `list` names them
 * for the message. Returns 1, or 0 after adding an error.
 */
static int read_choice(loader *l, const cJSON *v, const char *const *names, const char *list,
                       int *out)
{
	if (cJSON_IsString(v)) {
		for (int i = 0; names[i]; i++) {
			if (strcmp(v->valuestring, names[i]) == 0) {
				*out = i;
				return 1;
			}
		}
		gw_json_error(l->j, l->d, v, 0, "expected %s, not \"%s\"", list, v->valuestring);
		return 0;
	}
	gw_json_error(l->j, l->d, v, 0, "expected %s", list);
	return 0;
}

/*
 * Reads cell value v into c (spans 1, alignments -1 unless given). *colspan and *rowspan get
 * the span values' nodes, NULL when absent. Returns BAD_COLSPAN and/or BAD_ROWSPAN when that
 * span is given but invalid (it then counts as 1); other errors are only added to l->d.
 */
static int read_cell(loader *l, const cJSON *v, gw_cell *c, const cJSON **colspan,
                     const cJSON **rowspan)
{
	c->row = c->col = -1;
	c->rowspan = c->colspan = 1;
	c->align = c->valign = -1;
	c->src.json = l->j;
	c->src.node = v;
	*colspan = *rowspan = NULL;
	if (set_text(l, v, c))
		return 0;
	if (!cJSON_IsObject(v)) {
		c->text.s = "";
		gw_json_error(l->j, l->d, v, 0,
		              "expected a cell: a string, a number, null or an object such as "
		              "{\"text\": \"...\", \"colspan\": 2}");
		return 0;
	}
	gw_json_check_keys(l->j, l->d, v, l->cell_keys);
	int bad = 0;
	const cJSON *m;
	c->text.s = "";
	c->text.src.node = v;
	if ((m = gw_member(v, "text")) && !set_text(l, m, c))
		gw_json_error(l->j, l->d, m, 0, "expected the cell's text: a string or a number");
	if ((m = gw_member(v, "colspan"))) {
		*colspan = m;
		if (!gw_read_int(l->j, l->d, m, 1, GW_MAX_SPAN, &c->colspan))
			bad |= BAD_COLSPAN;
	}
	if ((m = gw_member(v, "rowspan"))) {
		*rowspan = m;
		if (!gw_read_int(l->j, l->d, m, 1, GW_MAX_SPAN, &c->rowspan))
			bad |= BAD_ROWSPAN;
	}
	if ((m = gw_member(v, "align")))
		read_choice(l, m, align_names, "\"left\", \"center\" or \"right\"", &c->align);
	if ((m = gw_member(v, "valign")))
		read_choice(l, m, valign_names, "\"top\", \"middle\" or \"bottom\"", &c->valign);
	return bad;
}

/* Keeps the hole and "more cells" checks quiet in rows before `until`. */
static void quiet(loader *l, int until)
{
	if (until > l->quiet_until)
		l->quiet_until = until;
}

/*
 * Places cell k, the next cell of row r, at the first free slot from *col on (the caller
 * has found it free), checks its spans against the table's edges and the cells placed before
 * it, claims its rectangle (clamped when it is wrong) and moves *col past its colspan as
 * written. cs and rs are the span values' nodes (NULL when absent) for the messages.
 */
static void place_cell(loader *l, int r, int k, int *col, const cJSON *cs, const cJSON *rs)
{
	gw_table *t = l->t;
	gw_cell *c = &t->cells[k];
	int C = t->ncols, R = t->nrows, x = *col;
	int w = c->colspan, h = c->rowspan;
	*col = x + c->colspan;
	if (x + w > C) {
		gw_json_error(l->j, l->d, cs, 0,
		              "colspan %d from column %d runs past the table's %d columns", w,
		              x + 1, C);
		w = C - x;
		quiet(l, r + (r + h > R ? R - r : h));
	}
	for (int i = 1; i < w; i++) {
		int o = t->grid[(size_t)r * C + x + i];
		if (o < 0)
			continue;
		if (w == c->colspan) /* else the error above already covers it */
			gw_json_error(
			        l->j, l->d, cs, 0,
			        "colspan %d from column %d overlaps the cell at row %d, column %d, "
			        "which spans down into row %d",
			        c->colspan, x + 1, t->cells[o].row + 1, t->cells[o].col + 1, r + 1);
		w = i;
		quiet(l, r + (r + h > R ? R - r : h));
		break;
	}
	if (r + h > R) {
		gw_json_error(l->j, l->d, rs, 0,
		              "rowspan %d from row %d runs past the table's %d rows", h, r + 1, R);
		h = R - r;
	}
	c->row = r;
	c->col = x;
	c->colspan = w;
	c->rowspan = h;
	for (int y = r; y < r + h; y++)
		for (int i = x; i < x + w; i++)
			t->grid[(size_t)y * C + i] = k;
}

/* Adds "row N leaves column(s) ... empty" at row array v when row r has uncovered slots. */
static void check_holes(loader *l, int r, const cJSON *v)
{
	const int *g = l->t->grid + (size_t)r * l->t->ncols;
	int C = l->t->ncols, holes = 0;
	gw_buf b = {0};
	/* the runs of empty columns, as "2", "4 to 6", joined by ", " and a last " and " */
	int runs = 0;
	for (int i = 0; i < C; i++)
		if (g[i] < 0 && (i == 0 || g[i - 1] >= 0))
			runs++;
	for (int i = 0, run = 0; i < C; i++) {
		if (g[i] >= 0)
			continue;
		int e = i;
		while (e + 1 < C && g[e + 1] < 0)
			e++;
		holes += e - i + 1;
		if (run)
			gw_buf_puts(&b, run == runs - 1 ? " and " : ", ");
		run++;
		if (e == i)
			gw_buf_printf(&b, "%d", i + 1);
		else
			gw_buf_printf(&b, "%d to %d", i + 1, e + 1);
		i = e;
	}
	if (holes)
		gw_json_error(l->j, l->d, v, 0, "row %d leaves column%s %s empty", r + 1,
		              holes > 1 ? "s" : "", b.data);
	gw_buf_free(&b);
}

/* Adds "row N has more cells ..." at cell v, the first of row r that finds no free slot. */
static void too_many(loader *l, int r, const cJSON *v)
{
	const gw_table *t = l->t;
	int above = 0;
	for (int i = 0; i < t->ncols; i++) {
		int o = t->grid[(size_t)r * t->ncols + i];
		above += o >= 0 && t->cells[o].row < r;
	}
	if (above)
		gw_json_error(l->j, l->d, v, 0,
		              "row %d has more cells than fit in the table's %d columns "
		              "(%d taken by rowspans from above)",
		              r + 1, t->ncols, above);
	else
		gw_json_error(l->j, l->d, v, 0, "row %d has more cells than the table's %d columns",
		              r + 1, t->ncols);
}

/* Reads the rows (an array of at most GW_MAX_TABLE_ROWS arrays) into l->t's cells and grid. */
static void read_rows(loader *l, const cJSON *rows)
{
	gw_table *t = l->t;
	size_t ncells = 0;
	for (const cJSON *row = rows->child; row; row = row->next)
		if (cJSON_IsArray(row))
			for (const cJSON *v = row->child; v; v = v->next)
				ncells++;
	t->cells = gw_xcalloc(ncells ? ncells : 1, sizeof *t->cells);
	if (l->place) {
		size_t slots = (size_t)t->nrows * (size_t)t->ncols;
		t->grid = gw_xmalloc(slots * sizeof *t->grid);
		for (size_t i = 0; i < slots; i++)
			t->grid[i] = -1;
	}
	int r = 0;
	for (const cJSON *row = rows->child; row; row = row->next, r++) {
		if (!cJSON_IsArray(row)) {
			gw_json_error(l->j, l->d, row, 0, "expected a row: an array of cells");
			continue;
		}
		int col = 0, full = 0;
		for (const cJSON *v = row->child; v; v = v->next) {
			int k = t->ncells++;
			const cJSON *cs, *rs;
			int bad = read_cell(l, v, &t->cells[k], &cs, &rs);
			if (bad & BAD_ROWSPAN)
				quiet(l, t->nrows);
			if (bad & BAD_COLSPAN)
				quiet(l, r + t->cells[k].rowspan);
			if (!l->place || full)
				continue;
			while (col < t->ncols && t->grid[(size_t)r * t->ncols + col] >= 0)
				col++;
			if (col >= t->ncols) {
				full = 1;
				if (r >= l->quiet_until)
					too_many(l, r, v);
				continue;
			}
			place_cell(l, r, k, &col, cs, rs);
		}
		if (l->place && r >= l->quiet_until)
			check_holes(l, r, row);
	}
}

/*
 * Checks that the header's last row (header_rows, node v) does not cut through a cell that
 * starts in the header and spans further down; reports the first such cell.
 */
static void check_header(loader *l, const cJSON *v)
{
	const gw_table *t = l->t;
	int h = t->header_rows;
	for (int k = 0; k < t->ncells; k++) {
		const gw_cell *c = &t->cells[k];
		if (c->row >= 0 && c->row < h && c->row + c->rowspan > h) {
			gw_json_error(l->j, l->d, v, 0,
			              "header_rows %d cuts through the cell at row %d, column %d "
			              "(rowspan %d)",
			              h, c->row + 1, c->col + 1, c->rowspan);
			return;
		}
	}
}

/* Reads "columns" (node v) into t->cols; sets l->place when the count is usable. */
static void read_columns(loader *l, const cJSON *v)
{
	gw_table *t = l->t;
	if (!cJSON_IsArray(v)) {
		gw_json_error(l->j, l->d, v, 0,
		              "expected an array of column widths such as [\"30mm\", \"2fr\", "
		              "\"auto\"] (a column may be {\"width\": \"30mm\", \"align\": "
		              "\"left\"})");
		return;
	}
	int n = cJSON_GetArraySize(v);
	if (n == 0) {
		gw_json_error(l->j, l->d, v, 0, "a table needs at least one column");
		return;
	}
	if (n > GW_MAX_TABLE_COLS) {
		gw_json_error(l->j, l->d, v, 0, "more than %d columns", GW_MAX_TABLE_COLS);
		return;
	}
	t->cols = gw_xcalloc((size_t)n, sizeof *t->cols);
	for (const cJSON *w = v->child; w; w = w->next) {
		gw_colspec *c = &t->cols[t->ncols++];
		c->align = -1;
		if (!cJSON_IsObject(w)) {
			read_width(l->j, l->d, w, c);
			continue;
		}
		/* {"width": "20mm", "align": "left"}: a column with its cells' alignment */
		gw_json_check_keys(l->j, l->d, w, column_keys);
		const cJSON *m = gw_require(l->j, l->d, w, "width");
		if (m)
			read_width(l->j, l->d, m, c);
		if ((m = gw_member(w, "align")))
			read_choice(l, m, align_names, "\"left\", \"center\" or \"right\"",
			            &c->align);
	}
	l->place = 1;
}

/* Joins two NULL-terminated key lists (b may be NULL) into a malloc'ed list. */
static const char **join_keys(const char *const *a, const char *const *b)
{
	size_t na = 0, nb = 0;
	while (a[na])
		na++;
	while (b && b[nb])
		nb++;
	const char **r = gw_xmalloc((na + nb + 1) * sizeof *r);
	for (size_t i = 0; i < na; i++)
		r[i] = a[i];
	for (size_t i = 0; i < nb; i++)
		r[na + i] = b[i];
	r[na + nb] = NULL;
	return r;
}

gw_table *gw_load_table(const gw_json *j, gw_diags *d, const cJSON *v)
{
	return gw_load_table_ext(j, d, v, NULL);
}

gw_table *gw_load_table_ext(const gw_json *j, gw_diags *d, const cJSON *v,
                            const gw_table_keys *extra)
{
	int errors0 = d->nerr;
	gw_table *t = gw_xcalloc(1, sizeof *t);
	const char **tkeys = join_keys(table_keys, extra ? extra->table : NULL);
	const char **ckeys = join_keys(cell_keys, extra ? extra->cell : NULL);
	loader l = {j, d, t, 0, 0, ckeys};
	if (!cJSON_IsObject(v)) {
		gw_json_error(j, d, v, 0,
		              "expected a table object such as {\"columns\": [\"1fr\", \"1fr\"], "
		              "\"rows\": [[\"a\", \"b\"]]}");
		goto out;
	}
	gw_json_check_keys(j, d, v, tkeys);
	const cJSON *m;
	if ((m = gw_require(j, d, v, "columns")))
		read_columns(&l, m);
	const cJSON *rows = gw_require(j, d, v, "rows");
	int rows_ok = 0;
	if (rows && !cJSON_IsArray(rows)) {
		gw_json_error(j, d, rows, 0, "expected an array of rows, each an array of cells");
	} else if (rows) {
		int n = cJSON_GetArraySize(rows);
		if (n == 0)
			gw_json_error(j, d, rows, 0, "a table needs at least one row");
		else if (n > GW_MAX_TABLE_ROWS)
			gw_json_error(j, d, rows, 0, "more than %d rows", GW_MAX_TABLE_ROWS);
		else
			rows_ok = 1;
		t->nrows = n;
	}
	if (!rows_ok)
		l.place = 0;
	if (rows_ok)
		read_rows(&l, rows);
	const cJSON *hr = gw_member(v, "header_rows");
	t->header_src.json = j;
	t->header_src.node = hr;
	if (hr &&
	    gw_read_int(j, d, hr, 0, rows_ok ? t->nrows : GW_MAX_TABLE_ROWS, &t->header_rows) &&
	    l.place)
		check_header(&l, hr);
	if ((m = gw_member(v, "caption")) && gw_read_string(j, d, m, &t->caption.s)) {
		t->caption.len = strlen(t->caption.s);
		t->caption.src.json = j;
		t->caption.src.node = m;
		if (t->caption.len == 0)
			gw_json_error(j, d, m, 0, "caption is empty; leave the key out for none");
		else if (t->caption.len > GW_MAX_TEXT_BYTES)
			gw_json_error(j, d, m, 0, "text is longer than %u bytes",
			              GW_MAX_TEXT_BYTES);
	}
	if ((m = gw_member(v, "style")) && gw_read_string(j, d, m, &t->style)) {
		t->style_src.json = j;
		t->style_src.node = m;
		if (!t->style[0])
			gw_json_error(j, d, m, 0,
			              "style name is empty; leave the key out for the "
			              "layout's table style");
	}
out:
	free(tkeys);
	free(ckeys);
	if (d->nerr > errors0) {
		gw_table_drop(t);
		return NULL;
	}
	return t;
}

void gw_table_drop(gw_table *t)
{
	if (!t)
		return;
	for (int i = 0; i < t->ncells; i++)
		free(t->cells[i].num);
	free(t->cells);
	free(t->cols);
	free(t->grid);
	free(t);
}
