/*
 * fuzz_template.c: fuzz target for data bound to a template layout (docs/templates.md).
 *
 * In: bytes taken as a data file for layouts/gov-info-annual-2021.json (which extends the 2019
 * layout, which extends gbt9704: templates with row and column keys, explicit keys, blank and 0
 * missing values, nested sums, an error-level check), loaded once. Out: nothing; it aborts (or
 * a sanitizer reports) when loading, binding, computing, checking, building or paginating
 * crashes, or when an input is neither rendered without errors nor refused with one.
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
#include "resolve/resolve.h"

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gw_diags d = {0};
	gw_layout *layout = fuzz_layout("gov-info-annual-2021");
	gw_json *j = gw_json_parse((const char *)data, size, "fuzz.json", &d);
	gw_doc *doc = j ? gw_load_data(j, &d) : NULL;
	gw_vlist vl = {0};
	gw_pages pages = {0};
	int failed = doc ? gw_resolve(layout, doc, size % 2, &d) : -1;
	if (failed == 0 && gw_build(layout, doc, NULL, &d, &vl) == 0 &&
	    gw_paginate(layout, &vl, NULL, &d, &pages) == 0 && d.nerr == 0) {
		FILE *f = fopen("/dev/null", "w");
		if (f) {
			gw_paint_trace(&pages, f);
			fclose(f);
		}
	} else if (d.nerr == 0) {
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
