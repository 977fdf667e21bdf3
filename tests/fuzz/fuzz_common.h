/*
 * fuzz_common.h: what the fuzz targets share.
 *
 * In: nothing. Out: one library context (gongwen.h) per process, made on the first call and
 * dropped at exit, so that layouts and fonts are loaded once as in a long-running service;
 * and fuzz_document, the checks every target makes of a loaded document: a document that
 * loads has no error, one that does not has at least one, and its diagnostics format.
 */
#ifndef GW_FUZZ_COMMON_H
#define GW_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>

#include "gongwen.h"

static gw_ctx *fuzz_ctx_v;

static void fuzz_drop_ctx(void)
{
	gw_ctx_drop(fuzz_ctx_v);
}

/* The process's context (borrowed; lives until exit). */
static gw_ctx *fuzz_ctx(void) __attribute__((unused));
static gw_ctx *fuzz_ctx(void)
{
	if (fuzz_ctx_v)
		return fuzz_ctx_v;
	if (gw_ctx_new(NULL, &fuzz_ctx_v) != GW_OK)
		abort();
	atexit(fuzz_drop_ctx);
	return fuzz_ctx_v;
}

/*
 * Checks doc as loaded with status st: rendered without errors (then its trace is painted
 * into /dev/null), or refused with at least one; every diagnostic formats. Drops doc.
 */
static void fuzz_document(gw_document *doc, gw_status st)
{
	const gw_diags *d = gw_document_diags(doc);
	if (st == GW_OK) {
		if (gw_diags_errors(d))
			abort(); /* rendered, yet errors were reported */
		FILE *f = fopen("/dev/null", "w");
		if (f) {
			if (gw_document_write_trace(doc, f) != GW_OK)
				abort();
			fclose(f);
		}
	} else if (gw_diags_errors(d) == 0) {
		abort(); /* refused without saying why */
	}
	for (int i = 0; i < gw_diags_count(d); i++)
		gw_free(gw_diag_format(gw_diags_get(d, i)));
	gw_document_drop(doc);
}

#endif
