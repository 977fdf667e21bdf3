/*
 * diag.c: the diagnostics list (see diag.h).
 */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../gw.h"
#include "util.h"

/* Appends one diagnostic; counts it in nerr when it is an error. */
void gw_diags_vadd(gw_diags *d, gw_severity sev, const char *file, uint32_t line, uint32_t col,
                   const char *pointer, const char *fmt, va_list ap)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->v = gw_xrealloc(d->v, (size_t)d->cap * sizeof *d->v);
	}
	gw_diag *g = &d->v[d->n++];
	g->severity = sev;
	g->file = file ? gw_xstrdup(file) : NULL;
	g->line = line;
	g->col = col;
	g->pointer = pointer ? gw_xstrdup(pointer) : NULL;
	g->msg = gw_xvasprintf(fmt, ap);
	if (sev == GW_SEV_ERROR)
		d->nerr++;
}

/* Adds an error (see diag.h). */
void gw_diags_add(gw_diags *d, const char *file, uint32_t line, uint32_t col, const char *pointer,
                  const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	gw_diags_vadd(d, GW_SEV_ERROR, file, line, col, pointer, fmt, ap);
	va_end(ap);
}

/* Adds a warning (see diag.h). */
void gw_diags_warn(gw_diags *d, const char *file, uint32_t line, uint32_t col, const char *pointer,
                   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	gw_diags_vadd(d, GW_SEV_WARNING, file, line, col, pointer, fmt, ap);
	va_end(ap);
}

/* Adds a note (see diag.h). */
void gw_diags_note(gw_diags *d, const char *file, uint32_t line, uint32_t col, const char *pointer,
                   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	gw_diags_vadd(d, GW_SEV_NOTE, file, line, col, pointer, fmt, ap);
	va_end(ap);
}

/* Formats one diagnostic as FILE:LINE:COL: error|warning|note: MESSAGE (at POINTER). */
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
	gw_buf_printf(&b, "%s: %s",
	              g->severity == GW_SEV_WARNING ? "warning"
	              : g->severity == GW_SEV_NOTE  ? "note"
	                                            : "error",
	              g->msg);
	if (g->pointer)
		gw_buf_printf(&b, " (at %s)", g->pointer[0] ? g->pointer : "the root");
	return gw_buf_take(&b);
}

/* A diagnostic with its sort key: file rank (order of first appearance), line, column, index. */
typedef struct keyed {
	int rank, index;
	uint32_t line, col;
} keyed;

static int cmp_keyed(const void *pa, const void *pb)
{
	const keyed *a = pa, *b = pb;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* Prints in reading order: each file's errors by position, files in order of first error. */
void gw_diags_print(const gw_diags *d, FILE *f)
{
	int shown = d->n < GW_MAX_ERRORS ? d->n : GW_MAX_ERRORS;
	keyed *k = gw_xmalloc((size_t)(d->n ? d->n : 1) * sizeof *k);
	int nfiles = 0;
	const char **files = gw_xmalloc((size_t)(d->n ? d->n : 1) * sizeof *files);
	for (int i = 0; i < d->n; i++) {
		const char *name = d->v[i].file ? d->v[i].file : "";
		int r = 0;
		while (r < nfiles && strcmp(files[r], name) != 0)
			r++;
		if (r == nfiles)
			files[nfiles++] = name;
		k[i] = (keyed){r, i, d->v[i].line, d->v[i].col};
	}
	free(files);
	qsort(k, (size_t)d->n, sizeof *k, cmp_keyed);
	for (int i = 0; i < shown; i++) {
		char *s = gw_diag_format(&d->v[k[i].index]);
		fprintf(f, "%s\n", s);
		free(s);
	}
	if (d->n > shown) {
		int errors = 0;
		for (int i = shown; i < d->n; i++)
			errors += d->v[k[i].index].severity == GW_SEV_ERROR;
		if (errors == d->n - shown)
			fprintf(f, "gongwen: %d more errors not shown\n", errors);
		else
			fprintf(f, "gongwen: %d more errors, warnings or notes not shown\n",
			        d->n - shown);
	}
	free(k);
}

/* Frees every diagnostic and empties the list. */
void gw_diags_clear(gw_diags *d)
{
	for (int i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].pointer);
		free(d->v[i].msg);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->cap = d->nerr = 0;
}

/* The public list (gongwen.h): a gw_diags on the heap. */
gw_diags *gw_diags_new(void)
{
	return gw_xcalloc(1, sizeof(gw_diags));
}

void gw_diags_drop(gw_diags *d)
{
	if (!d)
		return;
	gw_diags_clear(d);
	free(d);
}

int gw_diags_count(const gw_diags *d)
{
	return d ? d->n : 0;
}

int gw_diags_errors(const gw_diags *d)
{
	return d ? d->nerr : 0;
}

const gw_diag *gw_diags_get(const gw_diags *d, int i)
{
	return d && i >= 0 && i < d->n ? &d->v[i] : NULL;
}

void gw_free(void *p)
{
	free(p);
}
