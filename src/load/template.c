/*
 * template.c: table templates, the skeleton and checks of a layout (see template.h and
 * docs/templates.md).
 *
 * How: a template is first read as a data table (load/table.c, with the template's extra keys
 * allowed), so its grid, spans and their errors are exactly a data table's. Then, on that grid:
 * row_keys and column_keys give slot (r, c) the key ROW.COL; each {"value": ...} or {"sum": ...}
 * cell gets its key; the keyed cells are sorted by key so the data's values bind by binary
 * search; sums are resolved to cell indexes and put in dependency order by a depth-first walk
 * with an explicit stack (a template may have up to GW_MAX_TABLE_ROWS rows), which also finds
 * cycles. Checks become equations of cells: one per column key for "each": "column" (the
 * 勾稽关系 of Table 三, standards.md 2.7: 一 + 二 = 三（七）总计 + 四 in every column), one per
 * row key for "each": "row", one for a check of keys.
 *
 * Errors point at the layout's values; names that do not exist get a "did you mean" hint.
 */
#include "template.h"

#include <stdlib.h>
#include <string.h>

#include "../base/util.h"
#include "data.h"
#include "table.h"
#include "values.h"

static const char *const template_keys[] = {"title",     "missing",      "row_keys", "column_keys",
                                            "row_names", "column_names", "checks",   NULL};
static const char *const tcell_keys[] = {"value", "sum", "key", "id", "fixed", NULL};
static const char *const check_keys[] = {"name", "level", "each", "left", "right", NULL};
static const char *const top_check_keys[] = {"name", "level", "left", "right", NULL};
static const char *const sum_keys[] = {"row", "column", NULL};

/* A key and where it is: the row or column index, or the cell index. */
typedef struct keyref {
	const char *key;
	int at;
	const cJSON *node; /* where the key was given */
} keyref;

/* Sorted keys of the rows (or columns) of a template, for lookups by key. */
typedef struct keyindex {
	keyref *v;
	int n;
} keyindex;

/* Orders key references by key, then by index (so a repeated key's first use comes first). */
static int cmp_keyref(const void *a, const void *b)
{
	const keyref *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->at > y->at) - (x->at < y->at);
}

/* The index (row, column or cell) of key in ix, or -1. */
static int index_find(const keyindex *ix, const char *key)
{
	int lo = 0, hi = ix->n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		int c = strcmp(ix->v[mid].key, key);
		if (c == 0)
			return ix->v[mid].at;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* The templates of l by name (v malloc'ed). */
static keyindex template_index(const gw_layout *l)
{
	keyindex ix = {gw_xcalloc((size_t)l->ntemplates + 1, sizeof *ix.v), 0};
	for (int i = 0; i < l->ntemplates; i++)
		ix.v[ix.n++] = (keyref){l->templates[i].name, i, NULL};
	qsort(ix.v, (size_t)ix.n, sizeof *ix.v, cmp_keyref);
	return ix;
}

/*
 * Adds `unknown WHAT "NAME"WHERE` at v (at its key when at_key), with the closest of the n
 * names (NULL entries skipped) as a hint.
 */
static void unknown_where(const gw_json *j, gw_diags *d, const cJSON *v, int at_key,
                          const char *what, const char *name, const char *where,
                          const char *const *names, int n)
{
	const char **list = gw_xcalloc((size_t)n + 1, sizeof *list);
	int k = 0;
	for (int i = 0; i < n; i++)
		if (names[i])
			list[k++] = names[i];
	/* hints cost a pass over the names: past what is printed, skip them */
	const char *hint = d->nerr < GW_MAX_ERRORS ? gw_did_you_mean(name, list) : NULL;
	if (hint)
		gw_json_error(j, d, v, at_key, "unknown %s \"%s\"%s (did you mean \"%s\"?)", what,
		              name, where, hint);
	else
		gw_json_error(j, d, v, at_key, "unknown %s \"%s\"%s", what, name, where);
	free(list);
}

/* Adds `unknown WHAT "NAME"` at v, with a hint from the n names. */
static void unknown(const gw_json *j, gw_diags *d, const cJSON *v, int at_key, const char *what,
                    const char *name, const char *const *names, int n)
{
	unknown_where(j, d, v, at_key, what, name, "", names, n);
}

/* Adds `unknown key "NAME"WHERE` at v, with a hint from the keys of template t's cells. */
static void unknown_cell_key(const gw_json *j, gw_diags *d, const cJSON *v, const char *name,
                             const char *where, const gw_template *t)
{
	const char **keys = gw_xcalloc((size_t)t->nkeyed + 1, sizeof *keys);
	for (int k = 0; k < t->nkeyed; k++)
		keys[k] = t->cells[t->keyed[k]].key;
	unknown_where(j, d, v, 0, "key", name, where, keys, t->nkeyed);
	free(keys);
}

/* Like unknown(), with the names of a key index. */
static void unknown_in(const gw_json *j, gw_diags *d, const cJSON *v, const char *what,
                       const char *name, const keyindex *ix)
{
	const char **names = gw_xcalloc((size_t)ix->n + 1, sizeof *names);
	for (int i = 0; i < ix->n; i++)
		names[i] = ix->v[i].key;
	unknown(j, d, v, 0, what, name, names, ix->n);
	free(names);
}

/* 1 when s is a key: names joined by '.', none empty. */
static int key_ok(const char *s)
{
	if (!*s)
		return 0;
	for (const char *p = s;;) {
		const char *dot = strchr(p, '.');
		if (dot == p || (!dot && !*p))
			return 0;
		if (!dot)
			return 1;
		p = dot + 1;
	}
}

/*
 * Reads row_keys or column_keys (v, n entries expected: the grid's rows or columns) into
 * keys[n] and the sorted index ix. `what` is "row" or "column". Repeated keys are errors.
 */
static void read_axis_keys(const gw_json *j, gw_diags *d, const cJSON *v, int n, const char *what,
                           const char **keys, keyindex *ix)
{
	if (!cJSON_IsArray(v)) {
		gw_json_error(j, d, v, 0, "expected an array of %s keys (a string or null per %s)",
		              what, what);
		return;
	}
	int count = cJSON_GetArraySize(v);
	if (count != n) {
		gw_json_error(j, d, v, 0, "%s_keys has %d entries, but the table has %d %ss", what,
		              count, n, what);
		return;
	}
	ix->v = gw_xcalloc((size_t)n + 1, sizeof *ix->v);
	int i = 0;
	for (const cJSON *k = v->child; k; k = k->next, i++) {
		if (cJSON_IsNull(k))
			continue;
		if (!cJSON_IsString(k) || !k->valuestring[0] || strchr(k->valuestring, '.')) {
			gw_json_error(j, d, k, 0,
			              "expected a %s key (a name without \".\") or null", what);
			continue;
		}
		keys[i] = k->valuestring;
		ix->v[ix->n++] = (keyref){k->valuestring, i, k};
	}
	qsort(ix->v, (size_t)ix->n, sizeof *ix->v, cmp_keyref);
	for (int k = 1; k < ix->n; k++)
		if (strcmp(ix->v[k].key, ix->v[k - 1].key) == 0)
			gw_json_error(j, d, ix->v[k].node, 0,
			              "%s key \"%s\" is also the key of %s %d", what, ix->v[k].key,
			              what, ix->v[k - 1].at + 1);
}

/* Reads row_names or column_names (object v) over names[] (defaults: the keys). */
static void read_axis_names(const gw_json *j, gw_diags *d, const cJSON *v, const char *what,
                            const keyindex *ix, const char **names)
{
	if (!gw_read_object(j, d, v))
		return;
	char *kind = gw_xasprintf("%s key", what);
	for (const cJSON *m = v->child; m; m = m->next) {
		int at = index_find(ix, m->string);
		if (at < 0) {
			const char **list = gw_xcalloc((size_t)ix->n + 1, sizeof *list);
			for (int i = 0; i < ix->n; i++)
				list[i] = ix->v[i].key;
			unknown(j, d, m, 1, kind, m->string, list, ix->n);
			free(list);
			continue;
		}
		if (!cJSON_IsString(m) || !m->valuestring[0]) {
			gw_json_error(j, d, m, 0, "expected the %s's name in messages (a string)",
			              what);
			continue;
		}
		names[at] = m->valuestring;
	}
	free(kind);
}

/* Template state while loading: the template and its row and column key indexes. */
typedef struct tload {
	const gw_json *j;
	gw_diags *d;
	gw_template *t;
	keyindex rows, cols;
} tload;

/* 1 when s is a name for a heading or a label: not empty, no ".". */
static int id_ok(const char *s)
{
	return s[0] && !strchr(s, '.');
}

/*
 * Reads the "id" and "fixed" members of cell k (issue 12, docs/templates.md section 3): a label
 * the data may replace by its id ("labels"), unless the layout fixes it. A value or sum cell
 * (computed 1) shows its number and has no id.
 */
static void read_label_id(tload *L, int k, int computed)
{
	const cJSON *node = L->t->table->cells[k].src.node;
	const cJSON *id = gw_member(node, "id"), *fixed = gw_member(node, "fixed");
	gw_tcell *tc = &L->t->cells[k];
	if (id && computed) {
		gw_json_error(L->j, L->d, id, 1,
		              "\"id\" names a label for the data's \"labels\"; a value or sum "
		              "cell is named by its key");
		return;
	}
	if (fixed && !id) {
		gw_json_error(L->j, L->d, fixed, 1,
		              "\"fixed\" goes with \"id\": a label without an id cannot be "
		              "replaced anyway");
		return;
	}
	if (!id)
		return;
	if (!cJSON_IsString(id) || !id_ok(id->valuestring)) {
		gw_json_error(L->j, L->d, id, 0,
		              "expected the label's name for the data's \"labels\" (a name "
		              "without \".\")");
		return;
	}
	tc->id = id->valuestring;
	if (fixed)
		gw_read_bool(L->j, L->d, fixed, &tc->fixed);
}

/* Reports a label id that an earlier cell of the template has too. */
static void unique_ids(tload *L)
{
	const gw_table *tb = L->t->table;
	for (int k = 0; k < tb->ncells; k++) {
		const char *id = L->t->cells[k].id;
		if (!id)
			continue;
		int o = gw_template_label(L->t, id);
		if (o >= 0 && o != k)
			gw_json_error(L->j, L->d, gw_member(tb->cells[k].src.node, "id"), 0,
			              "label id \"%s\" is also the id of the cell at row %d, "
			              "column %d",
			              id, tb->cells[o].row + 1, tb->cells[o].col + 1);
	}
}

/* Reads the "value", "sum" and "key" members of cell k (pass 1: kinds and keys). */
static void read_tcell(tload *L, int k)
{
	const gw_json *j = L->j;
	gw_diags *d = L->d;
	gw_template *t = L->t;
	const gw_cell *c = &t->table->cells[k];
	gw_tcell *tc = &t->cells[k];
	const cJSON *node = c->src.node;
	tc->kind = GW_TCELL_LABEL;
	if (!cJSON_IsObject(node))
		return;
	const cJSON *value = gw_member(node, "value"), *sum = gw_member(node, "sum");
	const cJSON *key = gw_member(node, "key"), *text = gw_member(node, "text");
	if (value && sum) {
		gw_json_error(j, d, sum, 1, "a cell takes a value or a sum, not both");
		return;
	}
	if ((value || sum) && text)
		gw_json_error(j, d, text, 1, "a %s cell has no \"text\": it shows the number",
		              value ? "value" : "sum");
	if (key && !sum)
		gw_json_error(j, d, key, 1, "\"key\" names a sum cell%s",
		              value ? "; a value cell's key is its \"value\"" : "");
	read_label_id(L, k, value || sum);
	const char *rk = t->row_keys[c->row], *ck = t->col_keys[c->col];
	if (value) {
		tc->kind = GW_TCELL_VALUE;
		tc->src.json = j;
		tc->src.node = value;
		if (cJSON_IsTrue(value)) {
			if (rk && ck)
				tc->key = gw_xasprintf("%s.%s", rk, ck);
			else
				gw_json_error(
				        j, d, value, 0,
				        "{\"value\": true} at row %d, column %d needs a key for "
				        "its "
				        "row and its column (row_keys, column_keys), or give its "
				        "key: {\"value\": \"KEY\"}",
				        c->row + 1, c->col + 1);
		} else if (cJSON_IsString(value) && key_ok(value->valuestring)) {
			tc->key = gw_xstrdup(value->valuestring);
		} else {
			gw_json_error(j, d, value, 0,
			              "expected true or a key such as \"item1.rules.made\"");
		}
	} else if (sum) {
		tc->kind = GW_TCELL_SUM;
		tc->src.json = j;
		tc->src.node = sum;
		if (key) {
			if (cJSON_IsString(key) && key_ok(key->valuestring))
				tc->key = gw_xstrdup(key->valuestring);
			else
				gw_json_error(j, d, key, 0,
				              "expected a key such as \"reconsideration.total\"");
		} else if (rk && ck) {
			tc->key = gw_xasprintf("%s.%s", rk, ck);
		}
	}
	if (tc->kind == GW_TCELL_LABEL)
		return;
	if (tc->key && rk && ck && strlen(tc->key) == strlen(rk) + 1 + strlen(ck) &&
	    strncmp(tc->key, rk, strlen(rk)) == 0 && strcmp(tc->key + strlen(rk) + 1, ck) == 0)
		tc->name = gw_xasprintf("row %s, column %s", t->row_names[c->row],
		                        t->col_names[c->col]);
	else if (tc->key)
		tc->name = gw_xstrdup(tc->key);
	else
		tc->name = gw_xasprintf("row %d, column %d", c->row + 1, c->col + 1);
}

/* Sorts the keyed cells into t->keyed; reports repeated keys and keys inside other keys. */
static void index_cells(tload *L)
{
	gw_template *t = L->t;
	const gw_table *tb = t->table;
	keyref *v = gw_xcalloc((size_t)tb->ncells + 1, sizeof *v);
	int n = 0;
	for (int k = 0; k < tb->ncells; k++)
		if (t->cells[k].key)
			v[n++] = (keyref){t->cells[k].key, k, t->cells[k].src.node};
	qsort(v, (size_t)n, sizeof *v, cmp_keyref);
	t->keyed = gw_xcalloc((size_t)n + 1, sizeof *t->keyed);
	for (int i = 0; i < n; i++) {
		if (i && strcmp(v[i].key, v[i - 1].key) == 0) {
			const gw_cell *o = &tb->cells[v[i - 1].at];
			gw_json_error(L->j, L->d, v[i].node, 0,
			              "key \"%s\" is also the key of the cell at row %d, column %d",
			              v[i].key, o->row + 1, o->col + 1);
			continue;
		}
		t->keyed[t->nkeyed++] = v[i].at;
	}
	/* in the data a key holds a value or further keys, never both */
	for (int i = 0; i < t->nkeyed; i++) {
		const char *key = t->cells[t->keyed[i]].key;
		for (const char *dot = strchr(key, '.'); dot; dot = strchr(dot + 1, '.')) {
			char *prefix = gw_xstrndup(key, (size_t)(dot - key));
			int o = gw_template_find(t, prefix);
			if (o >= 0)
				gw_json_error(
				        L->j, L->d, t->cells[t->keyed[i]].src.node, 0,
				        "key \"%s\" goes on from \"%s\", the key of the cell at "
				        "row %d, column %d (a key holds a number or more keys, "
				        "not both)",
				        key, prefix, tb->cells[o].row + 1, tb->cells[o].col + 1);
			free(prefix);
		}
	}
	free(v);
}

/* Adds cell `in` to sum cell k's inputs, named by item (for the errors). */
static void add_input(tload *L, int k, int in, const cJSON *item)
{
	gw_tcell *tc = &L->t->cells[k];
	const gw_tcell *ic = &L->t->cells[in];
	if (ic->kind == GW_TCELL_LABEL) {
		const gw_cell *c = &L->t->table->cells[in];
		gw_json_error(L->j, L->d, item, 0,
		              "\"%s\" is the label at row %d, column %d, not a value or a sum",
		              item->valuestring, c->row + 1, c->col + 1);
		return;
	}
	for (int i = 0; i < tc->ninputs; i++) {
		if (tc->inputs[i] == in) {
			gw_json_error(L->j, L->d, item, 0, "the sum has this cell (%s) twice",
			              ic->name);
			return;
		}
	}
	tc->inputs[tc->ninputs++] = in;
}

/* Resolves the inputs of sum cell k (pass 2, when every cell's kind and key is known). */
static void read_sum(tload *L, int k)
{
	const gw_json *j = L->j;
	gw_diags *d = L->d;
	gw_template *t = L->t;
	const gw_table *tb = t->table;
	const gw_cell *c = &tb->cells[k];
	gw_tcell *tc = &t->cells[k];
	const cJSON *s = tc->src.node, *list = NULL;
	int by = 0; /* 'r': columns of its row, 'c': rows of its column, 'k': keys */
	if (cJSON_IsArray(s)) {
		list = s, by = 'k';
	} else if (cJSON_IsObject(s)) {
		const cJSON *r = gw_member(s, "row"), *col = gw_member(s, "column");
		if (gw_json_check_keys(j, d, s, sum_keys) == 0 && (!r) != (!col))
			list = r ? r : col, by = r ? 'r' : 'c';
	}
	if (!list) {
		gw_json_error(j, d, s, 0,
		              "expected {\"row\": [COLUMN, ...]}, {\"column\": [ROW, ...]} or "
		              "[KEY, ...]");
		return;
	}
	int n = cJSON_GetArraySize(list);
	if (!cJSON_IsArray(list) || n == 0) {
		gw_json_error(j, d, list, 0, "expected a non-empty array of %s keys",
		              by == 'r'   ? "column"
		              : by == 'c' ? "row"
		                          : "cell");
		return;
	}
	tc->inputs = gw_xcalloc((size_t)n, sizeof *tc->inputs);
	for (const cJSON *it = list->child; it; it = it->next) {
		if (!cJSON_IsString(it)) {
			gw_json_error(j, d, it, 0, "expected a key");
			continue;
		}
		const char *key = it->valuestring;
		int in = -1;
		if (by == 'r') {
			int ci = index_find(&L->cols, key);
			if (ci < 0)
				unknown_in(j, d, it, "column key", key, &L->cols);
			else
				in = tb->grid[(size_t)c->row * tb->ncols + ci];
		} else if (by == 'c') {
			int ri = index_find(&L->rows, key);
			if (ri < 0)
				unknown_in(j, d, it, "row key", key, &L->rows);
			else
				in = tb->grid[(size_t)ri * tb->ncols + c->col];
		} else {
			in = gw_template_find(t, key);
			if (in < 0 && t->nkeyed == 0) {
				gw_json_error(
				        j, d, it, 0,
				        "unknown key \"%s\" (no cell of this template has a key)",
				        key);
			} else if (in < 0) {
				const char **names =
				        gw_xcalloc((size_t)t->nkeyed + 1, sizeof *names);
				for (int i = 0; i < t->nkeyed; i++)
					names[i] = t->cells[t->keyed[i]].key;
				unknown(j, d, it, 0, "key", key, names, t->nkeyed);
				free(names);
			}
		}
		if (in >= 0)
			add_input(L, k, in, it);
	}
}

/* Reports the cycle of sums that runs from stack[from] to the top and back to cell `again`. */
static void report_cycle(tload *L, const int *stack, int from, int top, int again)
{
	gw_buf b = {0};
	for (int i = from; i <= top; i++)
		gw_buf_printf(&b, "%s -> ", L->t->cells[stack[i]].name);
	gw_buf_puts(&b, L->t->cells[again].name);
	const gw_src *s = &L->t->cells[again].src;
	gw_json_error(s->json, L->d, s->node, 0, "sums form a cycle: %s", b.data);
	gw_buf_free(&b);
}

/*
 * Orders the sum cells so that each comes after the sums it uses (t->order), by a depth-first
 * walk with an explicit stack; a sum reached again while it is on the stack closes a cycle.
 */
static void order_sums(tload *L)
{
	gw_template *t = L->t;
	int n = t->table->ncells;
	char *state = gw_xcalloc((size_t)n + 1, 1); /* 0 new, 1 on the stack, 2 done */
	int *stack = gw_xmalloc(((size_t)n + 1) * sizeof *stack);
	int *next = gw_xcalloc((size_t)n + 1, sizeof *next); /* the input to look at next */
	t->order = gw_xcalloc((size_t)n + 1, sizeof *t->order);
	for (int s = 0; s < n; s++) {
		if (t->cells[s].kind != GW_TCELL_SUM || state[s])
			continue;
		int top = 0;
		stack[0] = s;
		state[s] = 1;
		while (top >= 0) {
			int c = stack[top];
			const gw_tcell *tc = &t->cells[c];
			if (next[c] < tc->ninputs) {
				int in = tc->inputs[next[c]++];
				if (t->cells[in].kind != GW_TCELL_SUM || state[in] == 2)
					continue;
				if (state[in] == 1) {
					int from = top;
					while (stack[from] != in)
						from--;
					report_cycle(L, stack, from, top, in);
					continue;
				}
				state[in] = 1;
				stack[++top] = in;
				continue;
			}
			state[c] = 2;
			t->order[t->norder++] = c;
			top--;
		}
	}
	free(state);
	free(stack);
	free(next);
}

/* Joins the n names with " + " (malloc'ed). */
static char *join_names(const char *const *names, int n)
{
	gw_buf b = {0};
	for (int i = 0; i < n; i++) {
		if (i)
			gw_buf_puts(&b, " + ");
		gw_buf_puts(&b, names[i]);
	}
	return gw_buf_take(&b);
}

/* Reads the non-empty array of strings v into *out (malloc'ed), *n; 0 after an error. */
static int read_names(const gw_json *j, gw_diags *d, const cJSON *v, const char ***out, int *n)
{
	*out = NULL;
	*n = 0;
	if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) == 0) {
		gw_json_error(j, d, v, 0, "expected a non-empty array of keys");
		return 0;
	}
	*out = gw_xcalloc((size_t)cJSON_GetArraySize(v), sizeof **out);
	int ok = 1;
	for (const cJSON *k = v->child; k; k = k->next) {
		if (!cJSON_IsString(k)) {
			gw_json_error(j, d, k, 0, "expected a key");
			ok = 0;
			continue;
		}
		(*out)[(*n)++] = k->valuestring;
	}
	return ok;
}

/* The check being read: its terms' nodes, for the errors. */
typedef struct cload {
	const gw_json *j;
	gw_diags *d;
	const cJSON *left, *right; /* the "left" and "right" arrays */
	const char **l, **r; /* their strings */
	int nl, nr;
} cload;

/* The node of term i (left terms first). */
static const cJSON *term_node(const cload *C, int i)
{
	const cJSON *a = i < C->nl ? C->left : C->right;
	int k = i < C->nl ? i : i - C->nl;
	const cJSON *m = a->child;
	while (k-- > 0 && m)
		m = m->next;
	return m;
}

/* Appends an equation to c, with its terms taken (owned) and its names built from names. */
static void add_equation(gw_check *c, const cload *C, const char *axis, const char *axis_name,
                         gw_term *terms, const char *const *names)
{
	c->eqs = gw_xrealloc(c->eqs, ((size_t)c->neqs + 1) * sizeof *c->eqs);
	gw_equation *e = &c->eqs[c->neqs++];
	e->axis = axis;
	e->axis_name = axis_name;
	e->terms = terms;
	e->nleft = C->nl;
	e->nright = C->nr;
	e->left_names = join_names(names, C->nl);
	e->right_names = join_names(names + C->nl, C->nr);
}

/*
 * Builds the equations of a template's check: for "each" (axis 'c' or 'r') one per key of
 * that axis, whose terms are the cells ROW.COL of the listed rows (columns); without, one whose
 * terms are the listed keys.
 */
static void template_equations(tload *L, const cload *C, int tpl, int axis, gw_check *c)
{
	gw_template *t = L->t;
	int n = C->nl + C->nr;
	const char **names = gw_xcalloc((size_t)n, sizeof *names);
	if (!axis) {
		gw_term *terms = gw_xcalloc((size_t)n, sizeof *terms);
		int ok = 1;
		for (int i = 0; i < n; i++) {
			const char *key = i < C->nl ? C->l[i] : C->r[i - C->nl];
			names[i] = key;
			terms[i] = (gw_term){tpl, gw_template_find(t, key)};
			if (terms[i].cell < 0) {
				unknown_cell_key(C->j, C->d, term_node(C, i), key, "", t);
				ok = 0;
			}
		}
		if (ok)
			add_equation(c, C, NULL, NULL, terms, names);
		else
			free(terms);
		free(names);
		return;
	}
	/* the terms name keys of the other axis: rows for "each": "column" */
	const keyindex *own = axis == 'c' ? &L->rows : &L->cols;
	const keyindex *each = axis == 'c' ? &L->cols : &L->rows;
	const char **own_names = axis == 'c' ? t->row_names : t->col_names;
	int bad = 0;
	for (int i = 0; i < n; i++) {
		const char *key = i < C->nl ? C->l[i] : C->r[i - C->nl];
		int at = index_find(own, key);
		if (at < 0) {
			unknown_in(C->j, C->d, term_node(C, i),
			           axis == 'c' ? "row key" : "column key", key, own);
			bad = 1;
			continue;
		}
		names[i] = own_names[at];
	}
	if (each->n == 0) {
		gw_json_error(C->j, C->d, c->src.node, 0, "\"each\": \"%s\" needs %s_keys",
		              axis == 'c' ? "column" : "row", axis == 'c' ? "column" : "row");
		bad = 1;
	}
	/* every listed row (column) must have a value or a sum in every keyed column (row) */
	int limit = axis == 'c' ? t->table->ncols : t->table->nrows;
	for (int x = 0; x < limit && !bad; x++) {
		const char *xkey = axis == 'c' ? t->col_keys[x] : t->row_keys[x];
		if (!xkey)
			continue;
		gw_term *terms = gw_xcalloc((size_t)n, sizeof *terms);
		for (int i = 0; i < n && !bad; i++) {
			const char *key = i < C->nl ? C->l[i] : C->r[i - C->nl];
			char *full = axis == 'c' ? gw_xasprintf("%s.%s", key, xkey)
			                         : gw_xasprintf("%s.%s", xkey, key);
			terms[i] = (gw_term){tpl, gw_template_find(t, full)};
			if (terms[i].cell < 0) {
				gw_json_error(
				        C->j, C->d, term_node(C, i), 0,
				        "%s \"%s\" has no value or sum in %s \"%s\" (no cell has "
				        "the key \"%s\")",
				        axis == 'c' ? "row" : "column", key,
				        axis == 'c' ? "column" : "row", xkey, full);
				bad = 1;
			}
			free(full);
		}
		if (bad) {
			free(terms);
			break;
		}
		add_equation(c, C, axis == 'c' ? "column" : "row",
		             axis == 'c' ? t->col_names[x] : t->row_names[x], terms, names);
	}
	free(names);
}

/*
 * Builds the one equation of a top-level check, whose terms are full keys TEMPLATE.KEY over
 * l's templates (tix: their names, sorted). Adds nothing when a term is not found.
 */
static void top_equation(const gw_layout *l, const keyindex *tix, const cload *C, gw_check *c)
{
	const gw_json *j = C->j;
	gw_diags *d = C->d;
	int n = C->nl + C->nr, ok = 1;
	gw_term *terms = gw_xcalloc((size_t)n, sizeof *terms);
	const char **names = gw_xcalloc((size_t)n, sizeof *names);
	for (int i = 0; i < n; i++) {
		const char *key = i < C->nl ? C->l[i] : C->r[i - C->nl];
		const cJSON *node = term_node(C, i);
		const char *dot = strchr(key, '.');
		char *tname = gw_xstrndup(key, dot ? (size_t)(dot - key) : strlen(key));
		int ti = index_find(tix, tname);
		names[i] = key;
		if (ti < 0)
			unknown_in(j, d, node, "template", tname, tix);
		else if (!dot)
			gw_json_error(j, d, node, 0,
			              "expected a full key: TEMPLATE.ROW.COLUMN or TEMPLATE.KEY");
		free(tname);
		if (ti < 0 || !dot) {
			ok = 0;
			continue;
		}
		const gw_template *t = &l->templates[ti];
		terms[i] = (gw_term){ti, gw_template_find(t, dot + 1)};
		if (terms[i].cell >= 0)
			continue;
		char *where = gw_xasprintf(" in template \"%s\"", t->name);
		unknown_cell_key(j, d, node, dot + 1, where, t);
		free(where);
		ok = 0;
	}
	if (ok)
		add_equation(c, C, NULL, NULL, terms, names);
	else
		free(terms);
	free(names);
}

/*
 * Reads check v: a template's (L set, index tpl) or a top-level one (L NULL, keys
 * TEMPLATE.KEY over l's templates). Returns 1 when it is usable.
 */
static int read_check(const gw_json *j, gw_diags *d, const cJSON *v, tload *L, int tpl,
                      const gw_layout *l, const keyindex *tix, gw_check *c)
{
	int errors0 = d->nerr;
	c->tpl = L ? tpl : -1;
	c->src.json = j;
	c->src.node = v;
	if (!gw_read_object(j, d, v))
		return 0;
	gw_json_check_keys(j, d, v, L ? check_keys : top_check_keys);
	const cJSON *m;
	if ((m = gw_require(j, d, v, "name")) && gw_read_string(j, d, m, &c->name) && !c->name[0])
		gw_json_error(j, d, m, 0, "a check needs a name for its messages");
	if ((m = gw_require(j, d, v, "level"))) {
		if (cJSON_IsString(m) && strcmp(m->valuestring, "error") == 0)
			c->warning = 0;
		else if (cJSON_IsString(m) && strcmp(m->valuestring, "warning") == 0)
			c->warning = 1;
		else
			gw_json_error(j, d, m, 0, "expected \"error\" or \"warning\"");
	}
	int axis = 0;
	if (L && (m = gw_member(v, "each"))) {
		if (cJSON_IsString(m) && strcmp(m->valuestring, "column") == 0)
			axis = 'c';
		else if (cJSON_IsString(m) && strcmp(m->valuestring, "row") == 0)
			axis = 'r';
		else
			gw_json_error(j, d, m, 0, "expected \"column\" or \"row\"");
	}
	cload C = {j, d, gw_require(j, d, v, "left"), gw_require(j, d, v, "right"), NULL, NULL,
	           0, 0};
	int ok = C.left && C.right;
	if (C.left && !read_names(j, d, C.left, &C.l, &C.nl))
		ok = 0;
	if (C.right && !read_names(j, d, C.right, &C.r, &C.nr))
		ok = 0;
	if (ok) {
		if (L) {
			template_equations(L, &C, tpl, axis, c);
		} else {
			top_equation(l, tix, &C, c);
		}
	}
	free(C.l);
	free(C.r);
	return d->nerr == errors0;
}

/*
 * Reads one template: the grid through the table loader, then title, missing, the row and
 * column keys and names, each cell's kind and key, the sums' inputs and order, the checks.
 */
void gw_load_template(const gw_json *j, gw_diags *d, const cJSON *m, const char *name, int index,
                      gw_template *t)
{
	static const gw_table_keys extra = {template_keys, tcell_keys};
	t->name = name;
	t->title = name;
	t->src.json = j;
	t->src.node = m;
	t->table = gw_load_table_ext(j, d, m, &extra);
	if (!cJSON_IsObject(m))
		return;
	const cJSON *v;
	const char *str;
	if ((v = gw_member(m, "title")) && gw_read_string(j, d, v, &str)) {
		if (str[0])
			t->title = str;
		else
			gw_json_error(j, d, v, 0,
			              "title is empty; leave the key out for the "
			              "template's name");
	}
	if ((v = gw_member(m, "missing"))) {
		if (cJSON_IsString(v) && strcmp(v->valuestring, "0") == 0)
			t->missing_blank = 0;
		else if (cJSON_IsString(v) && strcmp(v->valuestring, "blank") == 0)
			t->missing_blank = 1;
		else
			gw_json_error(j, d, v, 0, "expected \"0\" or \"blank\"");
	}
	if (!t->table)
		return; /* the grid's errors are reported; keys need the grid */
	const gw_table *tb = t->table;
	tload L = {j, d, t, {NULL, 0}, {NULL, 0}};
	t->row_keys = gw_xcalloc((size_t)tb->nrows, sizeof *t->row_keys);
	t->col_keys = gw_xcalloc((size_t)tb->ncols, sizeof *t->col_keys);
	t->row_names = gw_xcalloc((size_t)tb->nrows, sizeof *t->row_names);
	t->col_names = gw_xcalloc((size_t)tb->ncols, sizeof *t->col_names);
	if ((v = gw_member(m, "row_keys")))
		read_axis_keys(j, d, v, tb->nrows, "row", t->row_keys, &L.rows);
	if ((v = gw_member(m, "column_keys")))
		read_axis_keys(j, d, v, tb->ncols, "column", t->col_keys, &L.cols);
	memcpy(t->row_names, t->row_keys, (size_t)tb->nrows * sizeof *t->row_names);
	memcpy(t->col_names, t->col_keys, (size_t)tb->ncols * sizeof *t->col_names);
	if ((v = gw_member(m, "row_names")))
		read_axis_names(j, d, v, "row", &L.rows, t->row_names);
	if ((v = gw_member(m, "column_names")))
		read_axis_names(j, d, v, "column", &L.cols, t->col_names);
	t->cells = gw_xcalloc((size_t)tb->ncells + 1, sizeof *t->cells);
	for (int k = 0; k < tb->ncells; k++)
		read_tcell(&L, k);
	unique_ids(&L);
	index_cells(&L);
	for (int k = 0; k < tb->ncells; k++)
		if (t->cells[k].kind == GW_TCELL_SUM)
			read_sum(&L, k);
	order_sums(&L);
	if ((v = gw_member(m, "checks"))) {
		if (!cJSON_IsArray(v)) {
			gw_json_error(j, d, v, 0, "expected an array of checks");
		} else {
			t->checks =
			        gw_xcalloc((size_t)cJSON_GetArraySize(v) + 1, sizeof *t->checks);
			for (const cJSON *c = v->child; c; c = c->next)
				read_check(j, d, c, &L, index, NULL, NULL,
				           &t->checks[t->nchecks++]);
		}
	}
	free(L.rows.v);
	free(L.cols.v);
}

/* Reads the top-level checks, whose keys are TEMPLATE.KEY over the loaded templates. */
void gw_load_checks(const gw_json *j, gw_diags *d, const cJSON *v, gw_layout *l)
{
	if (!cJSON_IsArray(v)) {
		gw_json_error(j, d, v, 0, "expected an array of checks");
		return;
	}
	keyindex tix = template_index(l);
	l->checks = gw_xcalloc((size_t)cJSON_GetArraySize(v) + 1, sizeof *l->checks);
	for (const cJSON *c = v->child; c; c = c->next)
		read_check(j, d, c, NULL, -1, l, &tix, &l->checks[l->nchecks++]);
	free(tix.v);
}

/*
 * Reads a skeleton heading with a name (issue 12, docs/templates.md section 2):
 * {"h1": TEXT, "id": NAME, "fixed": BOOL}, whose text the data may replace by NAME in its
 * "headings" unless fixed.
 */
static void read_named_heading(const gw_json *j, gw_diags *d, const cJSON *e, gw_skel *sk)
{
	static const char *const keys[] = {"h1", "h2", "h3", "h4", "id", "fixed", NULL};
	if (gw_json_check_keys(j, d, e, keys))
		return;
	const cJSON *kind = NULL, *id = gw_member(e, "id"), *fixed = gw_member(e, "fixed");
	for (const cJSON *m = e->child; m; m = m->next) {
		if (strcmp(m->string, "id") == 0 || strcmp(m->string, "fixed") == 0)
			continue;
		if (kind) {
			gw_json_error(j, d, m, 1,
			              "a heading has exactly one kind key, but this one has \"%s\" "
			              "and \"%s\"",
			              kind->string, m->string);
			return;
		}
		kind = m;
	}
	if (!kind) {
		gw_json_error(j, d, e, 0,
		              "\"id\" and \"fixed\" name a heading: expected {\"h1\": TEXT, "
		              "\"id\": NAME}");
		return;
	}
	if (!id) {
		gw_json_error(j, d, fixed, 1,
		              "\"fixed\" goes with \"id\": a heading without an id cannot be "
		              "replaced anyway");
		return;
	}
	if (!cJSON_IsString(id) || !id_ok(id->valuestring)) {
		gw_json_error(j, d, id, 0,
		              "expected the heading's name for the data's \"headings\" (a name "
		              "without \".\")");
		return;
	}
	sk->id = id->valuestring;
	if (fixed)
		gw_read_bool(j, d, fixed, &sk->fixed);
	sk->block.src.json = j;
	sk->block.src.node = e;
	sk->block.align = -1;
	sk->block.indent = -1;
	gw_read_block_kind(j, d, kind, &sk->block);
}

/*
 * Reads the skeleton: v1 blocks (through the data loader), {"slot": NAME} (each at most once)
 * and {"template": NAME} (a template of the layout).
 */
void gw_load_skeleton(const gw_json *j, gw_diags *d, const cJSON *v, gw_layout *l)
{
	if (!cJSON_IsArray(v)) {
		gw_json_error(j, d, v, 0,
		              "expected an array of blocks, {\"slot\": NAME} and {\"template\": "
		              "NAME}");
		return;
	}
	int n = cJSON_GetArraySize(v);
	if (n > GW_MAX_BLOCKS) {
		gw_json_error(j, d, v, 0, "more than %d entries", GW_MAX_BLOCKS);
		return;
	}
	/* "slot" and "template", and the kind keys of a block (in that order: a "did you mean"
	 * between equally close keys names the first) */
	const char *keys[GW_BLOCK_KINDS + 3];
	int nk = 0;
	keys[nk++] = "slot";
	keys[nk++] = "template";
	for (int k = 0; gw_block_kind_keys[k]; k++)
		keys[nk++] = gw_block_kind_keys[k];
	keys[nk] = NULL;
	l->has_skeleton = 1;
	l->skeleton = gw_xcalloc((size_t)n + 1, sizeof *l->skeleton);
	keyindex slots = {gw_xcalloc((size_t)n + 1, sizeof *slots.v), 0};
	keyindex tix = template_index(l);
	for (const cJSON *e = v->child; e; e = e->next) {
		gw_skel *sk = &l->skeleton[l->nskeleton++];
		sk->src.json = j;
		sk->src.node = e;
		sk->kind = GW_SKEL_BLOCK;
		sk->block.kind = GW_BLOCK_KINDS;
		const cJSON *slot = gw_member(e, "slot"), *tpl = gw_member(e, "template");
		if (!slot && !tpl && (gw_member(e, "id") || gw_member(e, "fixed"))) {
			read_named_heading(j, d, e, sk);
			continue;
		}
		if (!slot && !tpl) {
			if (!cJSON_IsObject(e) || gw_json_check_keys(j, d, e, keys) == 0)
				gw_read_block(j, d, e, &sk->block);
			continue;
		}
		if (gw_json_check_keys(j, d, e, keys))
			continue;
		const cJSON *m = slot ? slot : tpl;
		if (e->child->next) {
			gw_json_error(
			        j, d, e->child->next, 1,
			        "a skeleton entry has exactly one key, but this one has \"%s\" "
			        "and \"%s\"",
			        e->child->string, e->child->next->string);
			continue;
		}
		if (!cJSON_IsString(m) || !m->valuestring[0]) {
			gw_json_error(j, d, m, 0, "expected the %s's name",
			              slot ? "slot" : "template");
			continue;
		}
		sk->name = m->valuestring;
		if (slot) {
			sk->kind = GW_SKEL_SLOT;
			slots.v[slots.n++] = (keyref){sk->name, l->nskeleton - 1, m};
			continue;
		}
		sk->kind = GW_SKEL_TEMPLATE;
		sk->tpl = index_find(&tix, sk->name);
		if (sk->tpl < 0)
			unknown_in(j, d, m, "template", sk->name, &tix);
	}
	/* a heading's id names one heading */
	for (int i = 0; i < l->nskeleton; i++)
		for (int k = 0; k < i && l->skeleton[i].id; k++)
			if (l->skeleton[k].id &&
			    strcmp(l->skeleton[k].id, l->skeleton[i].id) == 0) {
				gw_json_error(j, d, gw_member(l->skeleton[i].src.node, "id"), 0,
				              "heading id \"%s\" is already in the skeleton (entry "
				              "%d)",
				              l->skeleton[i].id, k + 1);
				break;
			}
	/* a slot's blocks go to one place */
	qsort(slots.v, (size_t)slots.n, sizeof *slots.v, cmp_keyref);
	for (int i = 1; i < slots.n; i++)
		if (strcmp(slots.v[i].key, slots.v[i - 1].key) == 0)
			gw_json_error(j, d, slots.v[i].node, 0,
			              "slot \"%s\" is already in the skeleton (entry %d)",
			              slots.v[i].key, slots.v[i - 1].at + 1);
	free(slots.v);
	free(tix.v);
}

/* Binary search of the sorted keyed cells. */
int gw_template_find(const gw_template *t, const char *key)
{
	int lo = 0, hi = t->nkeyed;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		int c = strcmp(t->cells[t->keyed[mid]].key, key);
		if (c == 0)
			return t->keyed[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* The first label cell of t with id `id`, or -1 (a linear search: the data names few). */
int gw_template_label(const gw_template *t, const char *id)
{
	for (int k = 0; t->cells && k < t->table->ncells; k++)
		if (t->cells[k].id && strcmp(t->cells[k].id, id) == 0)
			return k;
	return -1;
}

/* Frees a check's equations. */
void gw_check_free(gw_check *c)
{
	for (int i = 0; i < c->neqs; i++) {
		free(c->eqs[i].terms);
		free(c->eqs[i].left_names);
		free(c->eqs[i].right_names);
	}
	free(c->eqs);
}

/* Frees what a template owns (its table, cells, keys and names arrays, order, checks). */
void gw_template_free(gw_template *t)
{
	if (t->cells)
		for (int k = 0; k < t->table->ncells; k++) {
			free(t->cells[k].key);
			free(t->cells[k].name);
			free(t->cells[k].inputs);
		}
	free(t->cells);
	gw_table_drop(t->table);
	free(t->row_keys);
	free(t->col_keys);
	free(t->row_names);
	free(t->col_names);
	free(t->keyed);
	free(t->order);
	for (int i = 0; i < t->nchecks; i++)
		gw_check_free(&t->checks[i]);
	free(t->checks);
}
