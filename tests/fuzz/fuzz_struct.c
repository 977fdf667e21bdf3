/*
 * fuzz_struct.c: fuzz target for structured documents (gen_doc.h) through the whole pipeline.
 *
 * In: bytes, decoded by gen_doc.h into a layout and a data file (tables with random spans,
 * header rows, headings, paragraphs, signatures and seals, page sizes, margins, grids and
 * styles). Out: nothing; it aborts with a message on stderr (or a sanitizer reports) when:
 *   - a stage crashes, leaks or fails without an error, or succeeds yet adds one;
 *   - a document with a deliberate error is rendered, or one without is refused (a refusal
 *     is allowed when the generator says the document runs into a limit);
 *   - a rendered document has no page or more than GW_MAX_PAGES, a page number out of order,
 *     a glyph, image or rule outside its page, not one bookmark per title and heading or
 *     one off its page, or fails to paint as PDF (every document that passes `check` must
 *     render);
 *   - a character of a text the data gives (table cells included) is not painted.
 * The pipeline is the library's (gongwen.h, gw_document_load_bytes: load data and layout,
 * resolve, build, paginate), then the trace painter and, for some inputs, the PDF painter
 * into memory; the pages are read through lib/lib.h's internal accessors. One context is
 * kept across inputs (fonts opened once; made afresh every 256 inputs, since its layout
 * cache keeps each input's layout, written under a name of its own). The seal images live
 * in a scratch folder made at the first call and removed at exit.
 * Set FUZZ_STRUCT_DUMP=DIR to have each input's two JSON files and seals written to DIR.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gongwen.h"

#include "base/diag.h"
#include "build/build.h"
#include "lib/lib.h"
#include "paginate/paginate.h"

#include "gen_doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_struct_stats fuzz_struct_stats;

static gw_ctx *ctx; /* the library context, kept across inputs */
static char dir[64]; /* the scratch folder with the seal images */

static void cleanup(void)
{
	for (size_t k = 0; k < sizeof gen_seals / sizeof gen_seals[0]; k++) {
		char *p = gw_xasprintf("%s/%s", dir, gen_seals[k].name);
		unlink(p);
		free(p);
	}
	rmdir(dir);
	gw_ctx_drop(ctx);
}

/* Makes the scratch folder and the font set on the first call. */
static void setup(void)
{
	if (ctx)
		return;
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/gw-struct-XXXXXX", tmp && strlen(tmp) < 40 ? tmp : "/tmp");
	if (gw_ctx_new(NULL, &ctx) != GW_OK || !mkdtemp(dir) || gen_write_seals(dir) < 0) {
		perror("fuzz_struct: cannot make its scratch folder");
		abort();
	}
	atexit(cleanup);
}

static const char *const must_names[] = {"must render", "must be refused"};

/* Reports a broken invariant with the document's diagnostics and aborts. */
static void fail(const gen *g, const gw_diags *d, const char *fmt, ...)
        __attribute__((format(printf, 3, 4), noreturn));
static void fail(const gen *g, const gw_diags *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "fuzz_struct: ");
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr,
	        "\nfuzz_struct: the document %s%s%s (layout values: %s; limits it may "
	        "meet: %#x)\n",
	        must_names[g->must], g->why[0] ? ": " : "", g->why,
	        g->extreme ? "extreme" : "usual", (unsigned)g->limits);
	for (int i = 0; d && i < d->n && i < 10; i++) {
		char *s = gw_diag_format(&d->v[i]);
		fprintf(stderr, "  %s\n", s);
		free(s);
	}
	if (getenv("FUZZ_STRUCT_VERBOSE"))
		fprintf(stderr, "--- layout\n%s--- data\n%s", g->layout.data, g->data.data);
	abort();
}

/* Writes the input's files into $FUZZ_STRUCT_DUMP (to reproduce with gongwen). */
static void dump(const gen *g)
{
	const char *to = getenv("FUZZ_STRUCT_DUMP");
	if (!to)
		return;
	const gw_buf *b[2] = {&g->layout, &g->data};
	static const char *const names[2] = {"layout.json", "data.json"};
	for (int k = 0; k < 2; k++) {
		char *p = gw_xasprintf("%s/%s", to, names[k]);
		FILE *f = fopen(p, "w");
		if (f) {
			fwrite(b[k]->data, 1, b[k]->len, f);
			fclose(f);
		}
		free(p);
	}
	gen_write_seals(to);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* Adds the characters of a painted text item to the list (spaces and '\n' left out). */
static void painted(const gw_item *it, uint32_t **v, size_t *n, size_t *cap)
{
	for (int k = 0; k < it->nglyphs; k++) {
		uint32_t cp = it->glyphs[k].cp;
		if (cp == ' ' || cp == '\n' || cp == 0x3000)
			continue;
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 1024;
			*v = gw_xrealloc(*v, *cap * sizeof **v);
		}
		(*v)[(*n)++] = cp;
	}
}

/* 1 when (x, y) lies on the page (edges included). */
static int on_page(const gw_pages *p, int64_t x, int64_t y)
{
	return x >= 0 && x <= p->w && y >= 0 && y <= p->h;
}

static double pt(int64_t v)
{
	return (double)v / 1000.0;
}

/* An item off its page: a failure, or counted when the generator knows why (gen.offpage). */
#define OFF_PAGE(...)                                                                              \
	do {                                                                                       \
		if (!g->offpage)                                                                   \
			fail(g, NULL, __VA_ARGS__);                                                \
		off = 1;                                                                           \
	} while (0)

/* The invariants of a rendered document (see the file comment). */
static void check_pages(gen *g, const gw_pages *p, int splits)
{
	int off = 0;
	if (p->n < 1 || p->n > GW_MAX_PAGES)
		fail(g, NULL, "rendered %d pages (1 to %d expected)", p->n, GW_MAX_PAGES);
	uint32_t *got = NULL;
	size_t ngot = 0, cap = 0;
	for (int i = 0; i < p->n; i++) {
		const gw_page *pg = &p->v[i];
		if (pg->number != i + 1)
			fail(g, NULL, "page %d is numbered %d", i + 1, pg->number);
		for (int k = 0; k < pg->nitems; k++) {
			const gw_item *it = &pg->items[k];
			if (it->kind == GW_ITEM_TEXT) {
				painted(it, &got, &ngot, &cap);
				if (!on_page(p, it->x, it->y))
					OFF_PAGE("page %d: a text's baseline starts at (%.3f, "
					         "%.3f) pt, "
					         "off the %.3f x %.3f pt page",
					         i + 1, pt(it->x), pt(it->y), pt(p->w), pt(p->h));
				for (int q = 0; q < it->nglyphs; q++) {
					const gw_glyph *gl = &it->glyphs[q];
					int64_t x = (int64_t)it->x + gl->x;
					if (gl->cp == ' ' || gl->cp == 0x3000)
						continue;
					if (!on_page(p, x, it->y))
						OFF_PAGE("page %d: glyph U+%04X at x %.3f to %.3f "
						         "pt, "
						         "baseline %.3f pt, off the %.3f x %.3f pt "
						         "page",
						         i + 1, (unsigned)gl->cp, pt(x),
						         pt(x + gl->adv), pt(it->y), pt(p->w),
						         pt(p->h));
				}
			} else if (it->kind == GW_ITEM_IMAGE) {
				if (!on_page(p, it->x, it->y) ||
				    !on_page(p, (int64_t)it->x + it->w, (int64_t)it->y + it->h))
					OFF_PAGE("page %d: an image at (%.3f, %.3f) pt, %.3f x "
					         "%.3f pt, "
					         "off the %.3f x %.3f pt page",
					         i + 1, pt(it->x), pt(it->y), pt(it->w), pt(it->h),
					         pt(p->w), pt(p->h));
			} else if (!on_page(p, it->x, it->y) ||
			           !on_page(p, (int64_t)it->x + it->w, (int64_t)it->y + it->h)) {
				OFF_PAGE(
				        "page %d: a rule from (%.3f, %.3f) to (%.3f, %.3f) pt, off "
				        "the %.3f x %.3f pt page",
				        i + 1, pt(it->x), pt(it->y), pt((int64_t)it->x + it->w),
				        pt((int64_t)it->y + it->h), pt(p->w), pt(p->h));
			}
		}
	}
	if (p->noutline != g->noutline)
		fail(g, NULL, "%d bookmarks for %d titles and headings", p->noutline, g->noutline);
	for (int i = 0; i < p->noutline; i++)
		if (p->outline[i].page < 1 || p->outline[i].page > p->n || p->outline[i].y < 0 ||
		    p->outline[i].y > p->h)
			OFF_PAGE("outline entry %d points to page %d at %.3f pt", i + 1,
			         p->outline[i].page, pt(p->outline[i].y));
	/* every character the data gives is painted: the painted multiset holds the expected;
	 * what is missing may come only from rowspan cells while GEN_KNOWN_SPAN_LOSS is open */
	if (g->ncps)
		qsort(g->cps, g->ncps, sizeof *g->cps, cmp_u32);
	if (ngot)
		qsort(got, ngot, sizeof *got, cmp_u32);
	if (g->nspan)
		qsort(g->span_cps, g->nspan, sizeof *g->span_cps, cmp_u32);
	size_t a = 0, b = 0, s = 0;
	int lost = 0;
	while (a < g->ncps) {
		uint32_t cp = g->cps[a];
		size_t want = 0, have = 0, span = 0;
		for (; a < g->ncps && g->cps[a] == cp; a++)
			want++;
		while (b < ngot && got[b] < cp)
			b++;
		for (; b < ngot && got[b] == cp; b++)
			have++;
		while (s < g->nspan && g->span_cps[s] < cp)
			s++;
		for (; s < g->nspan && g->span_cps[s] == cp; s++)
			span++;
		if (have >= want)
			continue;
		if (!GEN_KNOWN_SPAN_LOSS || want - have > span)
			fail(g, NULL,
			     "U+%04X is in the data %zu times but painted %zu times (%d row "
			     "groups taller than a page)",
			     (unsigned)cp, want, have, splits);
		lost = 1;
	}
	fuzz_struct_stats.span_loss += lost;
	free(got);
	fuzz_struct_stats.offpage += off;
}

/*
 * 1 when diagnostic e is an error at a limit the document may meet (gen.limits): each kind
 * of limit has its place (see gen_doc.h).
 */
static int at_limit(const gen *g, const gw_diag *e, const char *lname)
{
	const char *ptr = e->pointer ? e->pointer : "";
	size_t n = strlen(ptr);
	int in_layout = e->file && strcmp(e->file, lname) == 0;
	if ((g->limits & LIM_HEADER) && n >= 12 && strcmp(ptr + n - 12, "/header_rows") == 0)
		return 1;
	if ((g->limits & LIM_PAGES) && strstr(e->msg, "pages"))
		return 1;
	if ((g->limits & LIM_ORG) &&
	    (strstr(ptr, "/signature/org") || strstr(ptr, "/signature/date") ||
	     strncmp(e->msg, "the signature takes", 19) == 0))
		return 1;
	if ((g->limits & LIM_SEAL) && strstr(ptr, "/signature/seal"))
		return 1;
	if ((g->limits & LIM_INDENT) && in_layout && strstr(ptr, "/indent"))
		return 1;
	if ((g->limits & LIM_META) && strncmp(ptr, "/meta/", 6) == 0)
		return 1;
	if ((g->limits & LIM_SPAN) && strstr(ptr, "/table/rows/") &&
	    strstr(e->msg, "when the table is cut across pages"))
		return 1;
	if ((g->limits & LIM_NARROW) && strstr(ptr, "/table/rows/") &&
	    strstr(e->msg, "not even in the smallest size a table's text shrinks to"))
		return 1;
	return (g->limits & LIM_LAYOUT) && in_layout;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	setup();
	gen g;
	gen_doc(&g, data, size);
	dump(&g);
	/* the layout under a name of its own: the context caches layouts by file */
	static unsigned long serial;
	char *lname = gw_xasprintf("%s/layout-%lu.json", dir, serial++),
	     *dname = gw_xasprintf("%s/data.json", dir);
	FILE *lf = fopen(lname, "wb");
	if (!lf || fwrite(g.layout.data, 1, g.layout.len, lf) != g.layout.len || fclose(lf) != 0)
		fail(&g, NULL, "cannot write %s", lname);
	/* as gongwen render: the library's pipeline, in a context kept across inputs */
	gw_doc_options o = {.layout = lname};
	gw_document *doc;
	gw_status st = gw_document_load_bytes(ctx, g.data.data, g.data.len, dname, &o, &doc);
	const gw_diags *d = gw_document_diags(doc);
	unlink(lname);
	int rendered = st == GW_OK;
	if (rendered != (d->nerr == 0))
		fail(&g, d, "the load returned %d with %d errors", st, d->nerr);
	fuzz_struct_stats.docs++;
	if (rendered) {
		if (g.must == GEN_MUST_REFUSE)
			fail(&g, d, "rendered, yet the data has an error");
		int splits = gw_document_splits(doc);
		const gw_pages *pages = gw_document_pages(doc);
		check_pages(&g, pages, splits);
		FILE *f = fopen("/dev/null", "w");
		if (f) {
			if (gw_document_write_trace(doc, f) != GW_OK)
				fail(&g, d, "the trace painter fails");
			fclose(f);
		}
		if (g.pdf) {
			unsigned char *pdf;
			size_t len;
			if (gw_document_write_pdf_buffer(doc, NULL, &pdf, &len) != GW_OK)
				fail(&g, d, "check passes, but the PDF painter fails");
			if (len < 8 || memcmp(pdf, "%PDF-", 5) != 0)
				fail(&g, d, "the PDF painter wrote %zu bytes, not a PDF", len);
			gw_free(pdf);
			fuzz_struct_stats.pdfs++;
		}
		fuzz_struct_stats.rendered++;
		fuzz_struct_stats.pages += pages->n;
		if (pages->n > fuzz_struct_stats.max_pages)
			fuzz_struct_stats.max_pages = pages->n;
	} else {
		if (g.must == GEN_MUST_RENDER) {
			for (int i = 0; i < d->n; i++)
				if (d->v[i].severity == GW_SEV_ERROR &&
				    !at_limit(&g, &d->v[i], lname))
					fail(&g, d,
					     "refused, yet the data has no error (and no limit "
					     "it may meet is at the error)");
			fuzz_struct_stats.refused_limit++;
			if (getenv("FUZZ_STRUCT_SHOW_LIMITS")) {
				char *e = gw_diag_format(&d->v[0]);
				fprintf(stderr, "limit: %s\n", e);
				free(e);
			}
		} else {
			fuzz_struct_stats.refused_must++;
		}
	}
	for (int i = 0; i < d->n; i++)
		free(gw_diag_format(&d->v[i]));
	gw_document_drop(doc);
	free(lname);
	free(dname);
	gen_free(&g);
	/* a fresh context now and then: its layout cache holds every layout loaded */
	if (serial % 256 == 0) {
		gw_ctx_drop(ctx);
		if (gw_ctx_new(NULL, &ctx) != GW_OK)
			abort();
	}
	return 0;
}
