/*
 * template.c (resolve/): values bound, sums computed, checks run, tables made (see template.h).
 *
 * Binding walks the data's values.TEMPLATE tree: a member's dotted path is looked up among the
 * template's keys (sorted, binary search); a path that is no key but the start of some is an
 * object to walk into; anything else is an unknown key, reported with the closest of the names
 * that could stand there (the next segments of the keys under the same path, a contiguous range
 * of the sorted keys).
 *
 * Numbers: values are doubles as the data gives them; a sum is rounded to the most decimals
 * of its inputs (each input is exact to the decimals of its shortest form), so 0.1 + 0.2 is
 * 0.3 and a total compares equal to the one a person adds up. Blank and 0 stay distinct: blank
 * inputs count as nothing, and a sum of nothing but blanks is blank when the template's missing
 * values are blank, else 0 (docs/templates.md section 3). In a check a blank side counts as 0.
 *
 * The office's figures are printed as published (issue 12): a figure the data gives for a sum
 * cell is printed as given, never replaced by the sum; the checks and the other sums use the
 * computed sum, and a published figure that is not it is reported. A figure may be a string
 * with its unit ("251000元", "3.5万元": gw_parse_figure), printed as written and counted as its
 * number. The data's "labels" replace label cells' texts by id, each a note.
 */
#include "template.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/util.h"
#include "../load/json.h"
#include "../load/table.h"
#include "../load/template.h"
#include "../load/values.h"

#define MAX_DEC 15 /* decimals beyond which sums are left unrounded */
#define MAX_LISTED 10 /* names listed after an unknown key that has no close match */

/* The decimals the shortest form of v shows ("12.5" 1, "1.5e-7" 8, "1e+21" 0). */
static int decimals(double v)
{
	char *s = gw_format_number(v);
	int frac = 0, exp = 0;
	const char *p = strchr(s, '.'), *e = strchr(s, 'e');
	if (p)
		frac = (int)((e ? (size_t)(e - p) : strlen(p)) - 1);
	if (e)
		exp = atoi(e + 1);
	free(s);
	int dec = frac - exp;
	return dec < 0 ? 0 : dec;
}

/* v rounded to dec decimals (unchanged beyond MAX_DEC or when that overflows). */
static double round_to(double v, int dec)
{
	if (dec > MAX_DEC)
		return v;
	double p = pow(10, dec), x = v * p;
	if (!isfinite(x) || fabs(x) > 9007199254740992.0) /* 2^53 */
		return v;
	return round(x) / p;
}

/* A number value, with the decimals of its shortest form. */
static gw_val number(double v)
{
	gw_val r = {GW_VAL_NUMBER, v, decimals(v)};
	return r;
}

/* 1 when a and b are the same value: both blank, or numbers equal to their decimals. */
static int same(gw_val a, gw_val b)
{
	if (a.state != b.state)
		return 0;
	if (a.state != GW_VAL_NUMBER)
		return 1;
	int dec = a.dec > b.dec ? a.dec : b.dec;
	return round_to(a.v, dec) == round_to(b.v, dec);
}

/* A value as messages print it: the number's shortest form, or "blank" (malloc'ed). */
static char *show(gw_val v)
{
	return v.state == GW_VAL_NUMBER ? gw_format_number(v.v) : gw_xstrdup("blank");
}

/* One fill per template, with room for every cell's given node and value. */
gw_filled *gw_fill_new(const gw_layout *l)
{
	gw_filled *f = gw_xcalloc((size_t)l->ntemplates + 1, sizeof *f);
	for (int i = 0; i < l->ntemplates; i++) {
		int n = l->templates[i].table->ncells;
		f[i].t = &l->templates[i];
		f[i].given = gw_xcalloc((size_t)n + 1, sizeof *f[i].given);
		f[i].label = gw_xcalloc((size_t)n + 1, sizeof *f[i].label);
		f[i].val = gw_xcalloc((size_t)n + 1, sizeof *f[i].val);
	}
	return f;
}

/* Frees n fills and the array. */
void gw_fill_free(gw_filled *f, int n)
{
	if (!f)
		return;
	for (int i = 0; i < n; i++) {
		free(f[i].given);
		free(f[i].label);
		free(f[i].val);
	}
	free(f);
}

/* 1 for a CJK Unified Ideograph (a unit's character: 元, 件, 人次). */
static int han(uint32_t c)
{
	return c >= 0x4E00 && c <= 0x9FFF;
}

/* Decodes the UTF-8 character at *p (advancing *p), 0 at the end or for a bad byte. */
static uint32_t next_char(const char **p)
{
	const unsigned char *s = (const unsigned char *)*p;
	uint32_t c;
	int n;
	if (!s[0])
		return 0;
	if (s[0] < 0x80)
		c = s[0], n = 1;
	else if ((s[0] & 0xE0) == 0xC0)
		c = s[0] & 0x1F, n = 2;
	else if ((s[0] & 0xF0) == 0xE0)
		c = s[0] & 0x0F, n = 3;
	else if ((s[0] & 0xF8) == 0xF0)
		c = s[0] & 0x07, n = 4;
	else
		return 0;
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	*p += n;
	return c;
}

#define MAX_FIGURE_DIGITS 30 /* digits of a figure as published (more is not a count) */

/*
 * A figure as published (docs/templates.md section 4): [+-] digits [, digits in threes]
 * [. digits] [spaces] [万 | 亿 | 万亿] [unit of 1-4 Chinese characters, neither 万 nor 亿]. The
 * number is rebuilt as text with the decimal point moved 4 (万) or 8 (亿) places, so "1.23万" is
 * exactly 12300.
 */
int gw_parse_figure(const char *s, double *v)
{
	char digits[MAX_FIGURE_DIGITS + 1];
	int nd = 0, point = -1, group = 0, grouped = 0;
	const char *p = s;
	int neg = 0;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (*p < '0' || *p > '9')
		return 0;
	for (; (*p >= '0' && *p <= '9') || *p == ','; p++) {
		if (*p == ',') {
			/* grouping: the first group 1-3 digits, then groups of exactly 3 */
			if ((grouped ? group != 3 : (group < 1 || group > 3)) || p[1] < '0' ||
			    p[1] > '9')
				return 0;
			grouped = 1;
			group = 0;
			continue;
		}
		if (nd == MAX_FIGURE_DIGITS)
			return 0;
		digits[nd++] = *p;
		group++;
	}
	if (grouped && group != 3)
		return 0;
	if (*p == '.') {
		point = nd;
		p++;
		if (*p < '0' || *p > '9')
			return 0;
		for (; *p >= '0' && *p <= '9'; p++) {
			if (nd == MAX_FIGURE_DIGITS)
				return 0;
			digits[nd++] = *p;
		}
	}
	if (point < 0)
		point = nd;
	while (*p == ' ')
		p++;
	const char *q = p;
	uint32_t c = next_char(&q);
	if (c == 0x4E07 || c == 0x4EBF) { /* 万 x 10^4, 亿 x 10^8, 万亿 x 10^12 */
		point += c == 0x4E07 ? 4 : 8;
		p = q;
		if (c == 0x4E07 && next_char(&q) == 0x4EBF) {
			point += 8;
			p = q;
		}
	}
	int units = 0;
	while ((c = next_char(&p)) != 0) {
		/* a unit never holds a multiplier: "3万5千", "7亿万" are not figures */
		if (!han(c) || c == 0x4E07 || c == 0x4EBF || ++units > 4)
			return 0;
	}
	if (*p)
		return 0; /* a byte next_char refused */
	/* digits with the point at `point` (past the digits: zeros added) */
	char num[2 * MAX_FIGURE_DIGITS + 16];
	int k = 0;
	if (neg)
		num[k++] = '-';
	for (int i = 0; i < (point > nd ? point : nd); i++) {
		if (i == point)
			num[k++] = '.';
		num[k++] = i < nd ? digits[i] : '0';
	}
	num[k] = 0;
	*v = strtod(num, NULL);
	return 1;
}

/* The first position in t->keyed whose key is >= s. */
static int lower_bound(const gw_template *t, const char *s)
{
	int lo = 0, hi = t->nkeyed;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (strcmp(t->cells[t->keyed[mid]].key, s) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The names that may follow path (NULL: at the top) in t's keys, each once, in order:
 * the segment after "PATH." of every key under it. Returns a malloc'ed NULL-terminated list
 * of malloc'ed names, *n their count.
 */
static char **next_names(const gw_template *t, const char *path, int *n)
{
	char *pre = path ? gw_xasprintf("%s.", path) : gw_xstrdup("");
	size_t plen = strlen(pre);
	int cap = 8;
	char **names = gw_xmalloc((size_t)cap * sizeof *names);
	*n = 0;
	for (int i = lower_bound(t, pre); i < t->nkeyed; i++) {
		const char *key = t->cells[t->keyed[i]].key;
		if (strncmp(key, pre, plen) != 0)
			break;
		const char *seg = key + plen, *dot = strchr(seg, '.');
		size_t len = dot ? (size_t)(dot - seg) : strlen(seg);
		if (*n && strlen(names[*n - 1]) == len && strncmp(names[*n - 1], seg, len) == 0)
			continue;
		if (*n + 1 == cap) {
			cap *= 2;
			names = gw_xrealloc(names, (size_t)cap * sizeof *names);
		}
		names[(*n)++] = gw_xstrndup(seg, len);
	}
	names[*n] = NULL;
	free(pre);
	return names;
}

/* 1 when some key of t starts with "PATH.". */
static int is_prefix(const gw_template *t, const char *path)
{
	char *pre = gw_xasprintf("%s.", path);
	int i = lower_bound(t, pre);
	int yes = i < t->nkeyed && strncmp(t->cells[t->keyed[i]].key, pre, strlen(pre)) == 0;
	free(pre);
	return yes;
}

/* What a key at depth (0 = first segment) is called: a row or column key, or a key. */
static const char *key_kind(const gw_template *t, int depth)
{
	int rows = 0, cols = 0;
	for (int i = 0; t->row_keys && i < t->table->nrows && !rows; i++)
		rows = t->row_keys[i] != NULL;
	for (int i = 0; t->col_keys && i < t->table->ncols && !cols; i++)
		cols = t->col_keys[i] != NULL;
	if (rows && cols && depth < 2)
		return depth == 0 ? "row key" : "column key";
	return "key";
}

/*
 * Reports member m of the data (a name no key of t has at path's level): the closest name as
 * a hint, else the names that may stand there when they are few.
 */
static void unknown_key(const gw_template *t, const gw_json *j, gw_diags *d, const cJSON *m,
                        const char *path, int depth)
{
	int n;
	char **names = next_names(t, path, &n);
	const char *hint = d->nerr < GW_MAX_ERRORS
	                           ? gw_did_you_mean(m->string, (const char *const *)names)
	                           : NULL;
	const char *what = key_kind(t, depth);
	if (hint) {
		gw_json_error(j, d, m, 1, "unknown %s \"%s\" in %s (did you mean \"%s\"?)", what,
		              m->string, t->title, hint);
	} else if (n > 0 && n <= MAX_LISTED) {
		gw_buf b = {0};
		for (int i = 0; i < n; i++)
			gw_buf_printf(&b, "%s\"%s\"",
			              i == 0       ? ""
			              : i == n - 1 ? " or "
			                           : ", ",
			              names[i]);
		gw_json_error(j, d, m, 1, "unknown %s \"%s\" in %s (expected %s)", what, m->string,
		              t->title, b.data);
		gw_buf_free(&b);
	} else {
		gw_json_error(j, d, m, 1, "unknown %s \"%s\" in %s", what, m->string, t->title);
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* Binds the members of data object obj, at key path (NULL at the top), to f's cells. */
static void bind_object(gw_filled *f, const gw_json *j, gw_diags *d, const cJSON *obj,
                        const char *path, int depth)
{
	const gw_template *t = f->t;
	for (const cJSON *m = obj->child; m; m = m->next) {
		if (!m->string[0]) {
			gw_json_error(j, d, m, 1, "a key of \"values\" is not empty");
			continue;
		}
		if (strchr(m->string, '.')) {
			/* {"a.b": 1} -> {"a": {"b": 1}} */
			gw_buf b = {0};
			int levels = 1;
			gw_buf_puts(&b, "{\"");
			for (const char *p = m->string; *p; p++) {
				if (*p == '.') {
					gw_buf_puts(&b, "\": {\"");
					levels++;
				} else {
					gw_buf_putc(&b, *p);
				}
			}
			gw_buf_puts(&b, "\": ...");
			while (levels-- > 0)
				gw_buf_putc(&b, '}');
			gw_json_error(j, d, m, 1,
			              "a key of \"values\" is one level, without \".\": nest the "
			              "levels, %s",
			              b.data);
			gw_buf_free(&b);
			continue;
		}
		char *full = path ? gw_xasprintf("%s.%s", path, m->string) : gw_xstrdup(m->string);
		int k = gw_template_find(t, full);
		double fig;
		if (k >= 0) {
			if (cJSON_IsNumber(m) || cJSON_IsNull(m) ||
			    (cJSON_IsString(m) &&
			     (!m->valuestring[0] || gw_parse_figure(m->valuestring, &fig))))
				f->given[k] = m;
			else
				gw_json_error(
				        j, d, m, 0,
				        "expected a number, \"\" or null (blank), or a figure "
				        "as published with its unit, such as \"251000元\" or "
				        "\"3.5万元\" (docs/templates.md section 4)");
		} else if (is_prefix(t, full)) {
			if (cJSON_IsObject(m)) {
				bind_object(f, j, d, m, full, depth + 1);
			} else {
				int n;
				char **names = next_names(t, full, &n);
				gw_json_error(j, d, m, 0,
				              "expected an object of the values under "
				              "\"%s\", such as {\"%s\": 0}",
				              full, names[0]);
				for (int i = 0; i < n; i++)
					free(names[i]);
				free(names);
			}
		} else {
			unknown_key(t, j, d, m, path, depth);
		}
		free(full);
	}
}

/*
 * The index of the template that member m of j names (its key), or -1 after an error at m
 * (with the closest template name as a hint).
 */
static int find_template(const gw_layout *l, const gw_json *j, const cJSON *m, gw_diags *d)
{
	for (int ti = 0; ti < l->ntemplates; ti++)
		if (strcmp(l->templates[ti].name, m->string) == 0)
			return ti;
	const char **names = gw_xcalloc((size_t)l->ntemplates + 1, sizeof *names);
	for (int i = 0; i < l->ntemplates; i++)
		names[i] = l->templates[i].name;
	const char *hint = gw_did_you_mean(m->string, names);
	if (hint)
		gw_json_error(j, d, m, 1, "unknown template \"%s\" (did you mean \"%s\"?)",
		              m->string, hint);
	else
		gw_json_error(j, d, m, 1, "unknown template \"%s\"", m->string);
	free(names);
	return -1;
}

/* Binds each member of "values" to its template (by name) and walks it (bind_object). */
void gw_fill_bind(const gw_layout *l, const gw_json *j, const cJSON *values, gw_filled *f,
                  gw_diags *d)
{
	for (int i = 0; i < l->ntemplates; i++)
		f[i].j = j;
	if (!values)
		return;
	for (const cJSON *m = values->child; m; m = m->next) {
		int ti = find_template(l, j, m, d);
		if (ti < 0)
			continue;
		if (!cJSON_IsObject(m)) {
			gw_json_error(j, d, m, 0, "expected an object of the values of %s",
			              l->templates[ti].title);
			continue;
		}
		f[ti].obj = m;
		bind_object(&f[ti], j, d, m, NULL, 0);
	}
}

/* The value the data gives at node g: a number, a figure with its unit, or ("", null) blank. */
static gw_val given_value(const cJSON *g)
{
	double v;
	if (cJSON_IsNumber(g))
		return number(g->valuedouble);
	if (cJSON_IsString(g) && g->valuestring[0] && gw_parse_figure(g->valuestring, &v))
		return number(v);
	gw_val blank = {GW_VAL_BLANK, 0, 0};
	return blank;
}

/* 1 when a published figure p agrees with the sum s: blank counts as 0 (a blank 总计 of
 * nothing but zeros is what offices print). */
static int agrees(gw_val p, gw_val s)
{
	gw_val zero = {GW_VAL_NUMBER, 0, 0};
	return same(p.state == GW_VAL_NUMBER ? p : zero, s.state == GW_VAL_NUMBER ? s : zero);
}

/* The data's figure at g as messages show it: 26, "3.5万元" (35000), blank (malloc'ed). */
static char *show_given(const cJSON *g)
{
	gw_val v = given_value(g);
	if (!cJSON_IsString(g) || v.state != GW_VAL_NUMBER)
		return show(v);
	char *n = show(v), *r;
	if (strcmp(n, g->valuestring) == 0)
		r = gw_xasprintf("\"%s\"", g->valuestring);
	else
		r = gw_xasprintf("\"%s\" (%s)", g->valuestring, n);
	free(n);
	return r;
}

/*
 * Values first (given, else what "missing" says), then the sums in t->order, so every input
 * of a sum is known before it; a given sum that differs is a warning (standards.md 2.7).
 */
int gw_fill_compute(const gw_layout *l, const gw_json *j, gw_filled *f, int flags, gw_diags *d)
{
	int errors = 0;
	int as_error = (flags & GW_RESOLVE_STRICT) && !(flags & GW_RESOLVE_FORCE);
	for (int ti = 0; ti < l->ntemplates; ti++) {
		gw_filled *x = &f[ti];
		const gw_template *t = x->t;
		gw_val missing = {t->missing_blank ? GW_VAL_BLANK : GW_VAL_NUMBER, 0, 0};
		for (int k = 0; k < t->table->ncells; k++) {
			const cJSON *g = x->given[k];
			if (t->cells[k].kind != GW_TCELL_VALUE)
				continue;
			/* left out: as "missing" says; null and "" are blank (issue 12: blank
			   stays blank) */
			x->val[k] = g ? given_value(g) : missing;
		}
		for (int i = 0; i < t->norder; i++) {
			int k = t->order[i];
			const gw_tcell *tc = &t->cells[k];
			gw_val s = {GW_VAL_BLANK, 0, 0};
			for (int n = 0; n < tc->ninputs; n++) {
				gw_val in = x->val[tc->inputs[n]];
				if (in.state != GW_VAL_NUMBER)
					continue;
				if (s.state != GW_VAL_NUMBER)
					s = (gw_val){GW_VAL_NUMBER, 0, 0};
				s.v += in.v;
				if (in.dec > s.dec)
					s.dec = in.dec;
			}
			if (s.state == GW_VAL_NUMBER)
				s.v = round_to(s.v, s.dec);
			else if (!t->missing_blank)
				s = (gw_val){GW_VAL_NUMBER, 0, 0};
			if (!isfinite(s.v)) {
				/* every input is finite (json.c), the sum need not be */
				const cJSON *at = x->obj ? x->obj : gw_json_root(j);
				gw_json_error(j, d, at, 0, "%s, %s: the sum is too large to print",
				              t->title, tc->name);
				s = (gw_val){GW_VAL_BLANK, 0, 0};
			}
			x->val[k] = s;
			/* implied totals are warnings (standards.md 2.7); the published figure is
			   printed, never corrected (issue 12, point 11); --strict: an error */
			const cJSON *g = x->given[k];
			if (g && !agrees(given_value(g), s)) {
				char *a = show_given(g), *b = show(s);
				if (as_error) {
					gw_json_error(
					        j, d, g, 0,
					        "%s, %s: the data gives %s, but the sum is %s "
					        "(--strict)",
					        t->title, tc->name, a, b);
					errors++;
				} else {
					gw_json_warning(j, d, g, 0,
					                "%s, %s: the data gives %s, but the sum is "
					                "%s; printed as given",
					                t->title, tc->name, a, b);
				}
				free(a);
				free(b);
			}
		}
	}
	return errors;
}

/* The sum of n terms from `terms`, blanks counting as 0, rounded to the terms' decimals. */
static gw_val side(const gw_filled *f, const gw_term *terms, int n)
{
	gw_val s = {GW_VAL_NUMBER, 0, 0};
	for (int i = 0; i < n; i++) {
		gw_val v = f[terms[i].tpl].val[terms[i].cell];
		if (v.state != GW_VAL_NUMBER)
			continue;
		s.v += v.v;
		if (v.dec > s.dec)
			s.dec = v.dec;
	}
	s.v = round_to(s.v, s.dec);
	return s;
}

/* Evaluates check c; adds a diagnostic per failed equation at `at`. Returns errors added. */
static int run_check(const gw_layout *l, const gw_filled *f, const gw_check *c, const gw_src *at,
                     int flags, gw_diags *d)
{
	int errors = 0;
	for (int i = 0; i < c->neqs; i++) {
		const gw_equation *e = &c->eqs[i];
		gw_val a = side(f, e->terms, e->nleft), b = side(f, e->terms + e->nleft, e->nright);
		if (same(a, b))
			continue;
		gw_buf where = {0};
		if (c->tpl >= 0)
			gw_buf_printf(&where, " in %s", l->templates[c->tpl].title);
		if (e->axis)
			gw_buf_printf(&where, ", %s %s", e->axis, e->axis_name);
		char *x = show(a), *y = show(b);
		char *msg = gw_xasprintf("%s fails%s: %s = %s, but %s = %s", c->name,
		                         where.len ? where.data : "", e->left_names, x,
		                         e->right_names, y);
		/* --strict: every figure must add up; --force: nothing stops the render */
		int warn =
		        (c->warning && !(flags & GW_RESOLVE_STRICT)) || (flags & GW_RESOLVE_FORCE);
		if (warn) {
			gw_json_warning(at->json, d, at->node, 0, "%s", msg);
		} else {
			gw_json_error(at->json, d, at->node, 0, "%s", msg);
			errors++;
		}
		free(msg);
		free(x);
		free(y);
		gw_buf_free(&where);
	}
	return errors;
}

/* Runs each template's checks at its values object, then the top-level checks at "values". */
int gw_fill_check(const gw_layout *l, const gw_filled *f, const gw_src *values, const gw_src *root,
                  int flags, gw_diags *d)
{
	const gw_src *top = values->node ? values : root;
	int errors = 0;
	for (int ti = 0; ti < l->ntemplates; ti++) {
		gw_src at = {values->json, f[ti].obj};
		const gw_src *pos = f[ti].obj ? &at : top;
		for (int i = 0; i < l->templates[ti].nchecks; i++)
			errors += run_check(l, f, &l->templates[ti].checks[i], pos, flags, d);
	}
	for (int i = 0; i < l->nchecks; i++)
		errors += run_check(l, f, &l->checks[i], top, flags, d);
	return errors;
}

/*
 * Copies the template's table with its value and sum cells' text set: the shortest form of the
 * number (owned by the cell), or empty for blank. Labels keep their text (a number label's is
 * copied, since the copy owns it).
 */
gw_table *gw_fill_table(const gw_filled *f)
{
	const gw_table *src = f->t->table;
	gw_table *t = gw_xcalloc(1, sizeof *t);
	*t = *src;
	t->cols = gw_xmalloc((size_t)src->ncols * sizeof *t->cols);
	memcpy(t->cols, src->cols, (size_t)src->ncols * sizeof *t->cols);
	size_t slots = (size_t)src->nrows * (size_t)src->ncols;
	t->grid = gw_xmalloc((slots ? slots : 1) * sizeof *t->grid);
	memcpy(t->grid, src->grid, slots * sizeof *t->grid);
	t->cells = gw_xmalloc(((size_t)src->ncells + 1) * sizeof *t->cells);
	memcpy(t->cells, src->cells, (size_t)src->ncells * sizeof *t->cells);
	for (int k = 0; k < t->ncells; k++) {
		gw_cell *c = &t->cells[k];
		const cJSON *g = f->t->cells[k].kind == GW_TCELL_LABEL ? f->label[k] : f->given[k];
		if (g && cJSON_IsString(g)) {
			/* the data's words and figures as written ("" blank) */
			c->num = NULL;
			c->text.s = g->valuestring;
			c->text.len = strlen(g->valuestring);
			c->text.src.json = f->j;
			c->text.src.node = g;
			continue;
		}
		if (f->t->cells[k].kind == GW_TCELL_LABEL) {
			if (c->num) {
				c->num = gw_xstrdup(c->num);
				c->text.s = c->num;
			}
			continue;
		}
		/* a figure given as a number prints as the data gives it, else the value */
		gw_val v = g ? given_value(g) : f->val[k];
		c->num = NULL;
		c->text.s = "";
		c->text.len = 0;
		if (v.state == GW_VAL_NUMBER) {
			c->num = gw_format_number(v.v);
			c->text.s = c->num;
			c->text.len = strlen(c->num);
		}
	}
	return t;
}

/* Binds the labels of one template: the members of obj, by label id. */
static void bind_labels(gw_filled *f, const gw_json *j, const cJSON *obj, const char *lname,
                        gw_diags *d)
{
	const gw_template *t = f->t;
	for (const cJSON *m = obj->child; m; m = m->next) {
		int k = gw_template_label(t, m->string);
		if (k < 0) {
			int n = 0;
			const char **ids = gw_xcalloc((size_t)t->table->ncells + 1, sizeof *ids);
			for (int i = 0; i < t->table->ncells; i++)
				if (t->cells[i].id)
					ids[n++] = t->cells[i].id;
			const char *hint = n ? gw_did_you_mean(m->string, ids) : NULL;
			if (hint)
				gw_json_error(j, d, m, 1,
				              "%s has no label \"%s\" (did you mean \"%s\"?)",
				              t->title, m->string, hint);
			else if (n)
				gw_json_error(j, d, m, 1,
				              "%s has no label \"%s\" (its labels with an id: "
				              "docs/templates.md section 7)",
				              t->title, m->string);
			else
				gw_json_error(
				        j, d, m, 1,
				        "%s has no label \"%s\" (layout \"%s\" gives none of its "
				        "labels an id)",
				        t->title, m->string, lname);
			free(ids);
			continue;
		}
		if (!cJSON_IsString(m) || !m->valuestring[0]) {
			gw_json_error(j, d, m, 0, "expected the label's text as published");
			continue;
		}
		if (t->cells[k].fixed) {
			gw_json_error(j, d, m, 1,
			              "label \"%s\" of %s is fixed in layout \"%s\": the data may "
			              "not replace it",
			              m->string, t->title, lname);
			continue;
		}
		gw_text txt;
		if (!gw_read_text(j, d, m, &txt))
			continue;
		const gw_text *own = &t->table->cells[k].text;
		if (own->len == txt.len && memcmp(own->s, txt.s, txt.len) == 0)
			continue; /* the layout's own words: nothing replaced */
		f->label[k] = m;
		/* issue 12, point 9: every replaced text is listed */
		gw_json_note(j, d, m, 0,
		             "label \"%s\" of %s is printed as the data gives it, \"%s\", not as "
		             "the layout's \"%.*s\"",
		             m->string, t->title, m->valuestring, (int)own->len, own->s);
	}
}

/* Binds each member of "labels" to its template (by name), then its labels by id. */
void gw_fill_labels(const gw_layout *l, const gw_json *j, const cJSON *labels, gw_filled *f,
                    gw_diags *d)
{
	if (!labels)
		return;
	const char *lname = l->name ? l->name : l->path;
	for (const cJSON *m = labels->child; m; m = m->next) {
		int ti = find_template(l, j, m, d);
		if (ti < 0)
			continue;
		if (!cJSON_IsObject(m)) {
			gw_json_error(j, d, m, 0,
			              "expected an object of the labels of %s, by id, such as "
			              "{\"ID\": \"TEXT\"}",
			              l->templates[ti].title);
			continue;
		}
		bind_labels(&f[ti], j, m, lname, d);
	}
}
