/*
 * diag.c: the diagnostics list (see diag.h).
 */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../gw.h"
#include "util.h"

void gw_diags_add(gw_diags *d, const char *file, uint32_t line, uint32_t col,
		  const char *pointer, const char *fmt, ...)
{
	va_list ap;
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->v = gw_xrealloc(d->v, (size_t)d->cap * sizeof *d->v);
	}
	gw_diag *g = &d->v[d->n++];
	g->file = file ? gw_xstrdup(file) : NULL;
	g->line = line;
	g->col = col;
	g->pointer = pointer ? gw_xstrdup(pointer) : NULL;
	va_start(ap, fmt);
	g->msg = gw_xvasprintf(fmt, ap);
	va_end(ap);
}

char *gw_diag_format(const gw_diag *g)
{
	gw_buf b = {0};
	if (g->file) {
		gw_buf_puts(&b, g->file);
		if (g->line)
			gw_buf_printf(&b, ":%u:%u", (unsigned)g->line, (unsigned)g->col);
		gw_buf_puts(&b, ": ");
	} else {
		gw_buf_puts(&b, "gongwen: ");
	}
	gw_buf_printf(&b, "error: %s", g->msg);
	if (g->pointer)
		gw_buf_printf(&b, " (at %s)", g->pointer[0] ? g->pointer : "the root");
	return gw_buf_take(&b);
}

/* Order: files in the order they first appear, then by line and column (a stable sort). */
static int before(const gw_diags *d, const gw_diag *a, const gw_diag *b)
{
	if (a->file && b->file && strcmp(a->file, b->file) == 0)
		return a->line < b->line || (a->line == b->line && a->col < b->col);
	return 0;
}

void gw_diags_print(const gw_diags *d, FILE *f)
{
	int shown = d->n < GW_MAX_ERRORS ? d->n : GW_MAX_ERRORS;
	/* insertion sort of indexes: stable, and n is small */
	int *ix = gw_xmalloc((size_t)(d->n ? d->n : 1) * sizeof *ix);
	for (int i = 0; i < d->n; i++) {
		int k = i;
		while (k > 0 && before(d, &d->v[i], &d->v[ix[k - 1]])) {
			ix[k] = ix[k - 1];
			k--;
		}
		ix[k] = i;
	}
	for (int i = 0; i < shown; i++) {
		char *s = gw_diag_format(&d->v[ix[i]]);
		fprintf(f, "%s\n", s);
		free(s);
	}
	if (d->n > shown)
		fprintf(f, "gongwen: %d more errors not shown\n", d->n - shown);
	free(ix);
}

void gw_diags_clear(gw_diags *d)
{
	for (int i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].pointer);
		free(d->v[i].msg);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}
