/*
 * fuzz_layout.c: fuzz target for layout files.
 *
 * In: bytes taken as a layout file (its relative font paths resolve against the project's
 * fonts/). Out: nothing; it aborts (or a sanitizer reports) when the layout loader or a
 * later stage crashes, or when a layout is neither usable nor refused with a diagnostic.
 * A usable layout typesets tests/cases/special.json (loaded once) to the trace painter;
 * characters its fonts lack are diagnostics, not failures.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/diag.h"
#include "build/build.h"
#include "load/data.h"
#include "load/json.h"
#include "load/layout.h"
#include "paginate/paginate.h"
#include "paint/paint.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static gw_json *djson;
static gw_doc *doc;

static void drop_doc(void)
{
	gw_doc_drop(doc);
	gw_json_drop(djson);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gw_diags d = {0};
	if (!doc) {
		djson = gw_json_load(GW_LAYOUT_DIR "/../tests/cases/special.json", "special.json",
		                     &d);
		doc = djson ? gw_load_data(djson, &d) : NULL;
		if (!doc) {
			gw_diags_print(&d, stderr);
			abort();
		}
		atexit(drop_doc);
	}
	gw_fontset *fs = gw_fontset_new();
	gw_json *j = gw_json_parse((const char *)data, size, "fuzz-layout.json", &d);
	gw_layout *l = j ? gw_load_layout(j, fs, &d) : NULL;
	gw_vlist vl = {0};
	gw_pages pages = {0};
	if (l) {
		if (d.n)
			abort(); /* loaded, yet errors were reported */
		if (gw_build(l, doc, NULL, &d, &vl) == 0 &&
		    gw_paginate(l, &vl, NULL, &d, &pages) == 0) {
			FILE *f = fopen("/dev/null", "w");
			if (f) {
				gw_paint_trace(&pages, f);
				fclose(f);
			}
		}
	} else if (d.n == 0) {
		abort(); /* refused without saying why */
	}
	for (int i = 0; i < d.n; i++)
		free(gw_diag_format(&d.v[i]));
	gw_pages_free(&pages);
	gw_vlist_free(&vl);
	gw_layout_drop(l);
	gw_json_drop(j);
	gw_fontset_drop(fs);
	gw_diags_clear(&d);
	return 0;
}
