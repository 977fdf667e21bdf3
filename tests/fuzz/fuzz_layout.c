/*
 * fuzz_layout.c: fuzz target for layout files, through the library (gongwen.h).
 *
 * In: bytes taken as a layout file: written to a scratch file (made at the first call,
 * removed at exit) and named as the caller's layout (gw_doc_options.layout, a path) for
 * tests/cases/special.json, in a fresh context per input (a context's layout cache keys a
 * file by its size and modification time, which two quick inputs may share); its relative
 * font paths resolve against the scratch folder, then the project's fonts/. Out: nothing; it
 * aborts (or a sanitizer reports) when the layout loader or a later stage crashes, or when
 * a document is neither rendered without errors nor refused with one (fuzz_common.h);
 * characters the layout's fonts lack are such errors, not failures.
 */
#define _DEFAULT_SOURCE /* mkstemps */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[4096]; /* the scratch layout file */

static void remove_scratch(void)
{
	unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!path[0]) {
		const char *t = getenv("TMPDIR");
		snprintf(path, sizeof path, "%s/fuzz-layout-XXXXXX.json", t && *t ? t : "/tmp");
		int fd = mkstemps(path, 5);
		if (fd < 0)
			abort();
		close(fd);
		atexit(remove_scratch);
	}
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	gw_ctx *ctx;
	if (gw_ctx_new(NULL, &ctx) != GW_OK)
		abort();
	gw_doc_options o = {.layout = path};
	gw_document *doc;
	gw_status st =
	        gw_document_load_file(ctx, GW_LAYOUT_DIR "/../tests/cases/special.json", &o, &doc);
	fuzz_document(doc, st);
	gw_ctx_drop(ctx);
	return 0;
}
