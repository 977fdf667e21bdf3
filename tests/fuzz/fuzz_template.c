/*
 * fuzz_template.c: fuzz target for data bound to a template layout (docs/templates.md),
 * through the library (gongwen.h).
 *
 * In: bytes taken as a data file for layouts/gov-info-annual-2021.json (which extends the 2019
 * layout, which extends gbt9704: templates with row and column keys, explicit keys, blank and 0
 * missing values, nested sums, an error-level check), in one context per process (the layout
 * loaded once); odd sizes are loaded with GW_DOC_FORCE. Out: nothing; it aborts (or a
 * sanitizer reports) when loading, binding, computing, checking, building or paginating
 * crashes, or when an input is neither rendered without errors nor refused with one.
 */
#include <stdint.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gw_doc_options o = {.layout = "gov-info-annual-2021", .flags = size % 2 ? GW_DOC_FORCE : 0};
	gw_document *doc;
	gw_status st =
	        gw_document_load_bytes(fuzz_ctx(), (const char *)data, size, "fuzz.json", &o, &doc);
	fuzz_document(doc, st);
	return 0;
}
