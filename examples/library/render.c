/*
 * render.c: the smallest program on libgongwen (docs/library.md): renders a data file to a
 * PDF and prints every diagnostic with its position.
 *
 *   cc render.c $(pkg-config --cflags --libs gongwen) -o render
 *   ./render DATA.json OUT.pdf [LAYOUT]
 *
 * In: a data file (docs/data-format.md), an output path and optionally a layout name.
 * Out: OUT.pdf (written atomically: on any error it is left as it was), the diagnostics on
 * standard error, and gongwen's exit status (0 done, 1 bad input, 2 usage, 3 I/O).
 * Like the gongwen command, it takes the PDF's date from $SOURCE_DATE_EPOCH when the data
 * has no meta.date (the library itself reads no environment variable).
 */
#include <gongwen.h>

#include <stdio.h>
#include <stdlib.h>

/* Walks the diagnostics: file, line, column, severity, message and JSON pointer each. */
static void print_diags(const gw_diags *d)
{
	static const char *const sev[] = {"error", "warning", "note"};
	for (int i = 0; i < gw_diags_count(d); i++) {
		const gw_diag *g = gw_diags_get(d, i);
		if (g->file && g->line)
			fprintf(stderr, "%s:%u:%u: ", g->file, (unsigned)g->line, (unsigned)g->col);
		else if (g->file)
			fprintf(stderr, "%s: ", g->file);
		fprintf(stderr, "%s: %s", sev[g->severity], g->msg);
		if (g->pointer)
			fprintf(stderr, " (at %s)", g->pointer);
		fputc('\n', stderr);
	}
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: %s DATA.json OUT.pdf [LAYOUT]\n", argv[0]);
		return GW_ERR_USAGE;
	}
	gw_ctx_options co = {0};
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde) {
		co.has_source_date = 1;
		co.source_date = strtoll(sde, NULL, 10);
	}
	gw_ctx *ctx;
	gw_status st = gw_ctx_new(&co, &ctx);
	if (st != GW_OK) {
		fprintf(stderr, "%s: %s\n", argv[0], gw_status_string(st));
		return st;
	}
	gw_doc_options dopt = {.layout = argc == 4 ? argv[3] : NULL};
	gw_document *doc;
	st = gw_document_load_file(ctx, argv[1], &dopt, &doc);
	if (st == GW_OK)
		st = gw_document_write_pdf(doc, NULL, argv[2]);
	print_diags(gw_document_diags(doc));
	if (st == GW_OK)
		printf("%s: %d pages\n", argv[2], gw_document_page_count(doc));
	gw_document_drop(doc);
	gw_ctx_drop(ctx);
	return st;
}
