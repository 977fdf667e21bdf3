/*
 * fuzz_render.c: fuzz target for the whole pipeline short of the PDF painter.
 *
 * In: bytes taken as a data file. Out: nothing; it aborts (or a sanitizer reports) when the
 * loader, shaper, breaker, builder or paginator crashes, or when an input is neither
 * rendered nor refused with at least one diagnostic. The layout is layouts/gbt9704.json,
 * loaded once. Pages are painted with the trace painter into /dev/null.
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

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gw_diags d = {0};
	gw_layout *layout = fuzz_layout("gbt9704");
	gw_json *j = gw_json_parse((const char *)data, size, "fuzz.json", &d);
	gw_doc *doc = j ? gw_load_data(j, &d) : NULL;
	gw_vlist vl = {0};
	gw_pages pages = {0};
	if (doc && gw_build(layout, doc, NULL, &d, &vl) == 0 &&
	    gw_paginate(layout, &vl, NULL, &d, &pages) == 0) {
		FILE *f = fopen("/dev/null", "w");
		if (f) {
			gw_paint_trace(&pages, f);
			fclose(f);
		}
		if (d.n)
			abort(); /* rendered, yet errors were reported */
	} else if (d.n == 0) {
		abort(); /* refused without saying why */
	}
	for (int i = 0; i < d.n; i++)
		free(gw_diag_format(&d.v[i]));
	gw_pages_free(&pages);
	gw_vlist_free(&vl);
	gw_doc_drop(doc);
	gw_json_drop(j);
	gw_diags_clear(&d);
	return 0;
}
