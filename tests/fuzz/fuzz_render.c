/*
 * fuzz_render.c: fuzz target for the whole pipeline short of the PDF painter, through the
 * library (gongwen.h).
 *
 * In: bytes taken as a data file, loaded with gw_document_load_bytes against the layout
 * gbt9704 in one context per process (layouts and fonts loaded once). Out: nothing; it
 * aborts (or a sanitizer reports) when a stage crashes, or when an input is neither
 * rendered without errors nor refused with at least one (fuzz_common.h). Pages are painted
 * with the trace painter into /dev/null.
 */
#include <stdint.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gw_doc_options o = {.layout = "gbt9704"};
	gw_document *doc;
	gw_status st =
	        gw_document_load_bytes(fuzz_ctx(), (const char *)data, size, "fuzz.json", &o, &doc);
	fuzz_document(doc, st);
	return 0;
}
