/*
 * document.c: a document of the library (gongwen.h): data + layout -> diagnostics -> pages
 * -> PDF or trace.
 *
 * In: a context, the data (a file or bytes) and the layout's name. Out: a gw_document that
 * holds the diagnostics and the paginated pages; the write functions paint them. The
 * pipeline is the one every command runs: load (JSON -> model) -> resolve (a template
 * layout's skeleton, values, sums and checks) -> shape/break/build -> paginate -> paint.
 * Output to a path is atomic (base/output.h): painted into memory, written to a temporary
 * file beside the target and renamed over it only when everything succeeded, and never a
 * file the document was made from.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../base/output.h"
#include "../base/util.h"
#include "../break/breaks.h"
#include "../build/build.h"
#include "../gw.h"
#include "../load/data.h"
#include "../load/json.h"
#include "../load/layout.h"
#include "../paginate/paginate.h"
#include "../paint/paint.h"
#include "../paint/pdfa.h"
#include "../resolve/resolve.h"
#include "lib.h"

struct gw_document {
	int refs; /* references */
	gw_ctx *ctx; /* the context (a reference) */
	gw_status status; /* of the load, then of the last write */
	gw_diags d; /* every diagnostic of the load and the writes */
	char *data_name; /* the data as named in messages ("<stdin>" for standard input) */
	char *data_file; /* the data's file for the clash check ("/dev/stdin"), NULL: bytes */
	gw_json *data; /* the data's JSON (owned) */
	gw_doc *doc; /* the data's model (owned) */
	char *layout_path; /* the layout file used (owned), NULL when none was found */
	gw_json *ljson; /* the layout's JSON: owned when layout_owned, else the context's */
	gw_layout *layout; /* the layout: owned when layout_owned, else the context's */
	int layout_owned; /* 1: ljson and layout are this document's */
	gw_vlist vl; /* the built block list: empty once the pages are made (issue 14: freed
	                as soon as paginate has moved its glyphs to the pages) */
	int nsplits; /* blocks of the built list that paginate cut across pages (tables) */
	int released; /* 1: a write with release_pages freed the pages' content */
	gw_pages pages; /* the paginated pages; n = 0 when the load failed */
};

/*
 * Finds the layout (the caller's o->layout, else the data's "layout", else gbt9704) and
 * loads it through the context's cache. Problems go to doc->d.
 */
static void find_layout(gw_document *doc, const gw_doc_options *o)
{
	gw_ctx *ctx = doc->ctx;
	const char *lname = o->layout;
	const cJSON *lnode = NULL;
	if (!lname && doc->data) {
		const cJSON *root = gw_json_root(doc->data);
		lnode = cJSON_IsObject(root) ? cJSON_GetObjectItemCaseSensitive(root, "layout")
		                             : NULL;
		if (cJSON_IsString(lnode))
			lname = lnode->valuestring;
		else
			lnode = NULL;
	}
	if (!lname)
		lname = "gbt9704";
	if (!doc->data && !o->layout)
		return;
	int allow = (o->flags & GW_DOC_ALLOW_LAYOUT_PATHS) && !ctx->o.confined;
	int refused = 0;
	if (lnode) {
		/* the data names a layout: a name, or a file in the data's folder (issue 10,
		   defect 11: not any file of the machine, unless allowed) */
		char *dir = gw_dirname(doc->data_name);
		size_t n = strlen(lname);
		if (!strchr(lname, '/') && !(n > 5 && strcmp(lname + n - 5, ".json") == 0))
			doc->layout_path = gw_ctx_find_layout(ctx, lname);
		else if (ctx->o.confined)
			refused = 1;
		else
			doc->layout_path = gw_find_named_layout(lname, dir, allow, &refused);
		free(dir);
	} else {
		/* the caller's own choice: any path, unless the context is confined */
		size_t n = strlen(lname);
		if (ctx->o.confined &&
		    (strchr(lname, '/') || (n > 5 && !strcmp(lname + n - 5, ".json"))))
			refused = 1;
		else
			doc->layout_path = gw_ctx_find_layout(ctx, lname);
	}
	if (refused) {
		const char *how = ctx->o.confined ? "a layout is named, never given as a path"
		                                  : "the data may name only a layout from layouts/ "
		                                    "or a file in its own folder (-l LAYOUT or "
		                                    "--allow-layout-paths allows a path)";
		if (lnode)
			gw_json_error(doc->data, &doc->d, lnode, 0, "layout \"%s\" is a path: %s",
			              lname, how);
		else
			gw_diags_add(&doc->d, NULL, 0, 0, NULL, "layout \"%s\" is a path: %s",
			             lname, how);
	} else if (!doc->layout_path) {
		if (lnode)
			gw_json_error(doc->data, &doc->d, lnode, 0, "layout \"%s\" not found",
			              lname);
		else
			gw_diags_add(&doc->d, NULL, 0, 0, NULL, "layout \"%s\" not found", lname);
	}
	if (doc->layout_path && !gw_rt_allowed(&ctx->rt, doc->layout_path)) {
		/* a layout folder's file that leads outside it (a symbolic link) */
		if (lnode)
			gw_json_error(doc->data, &doc->d, lnode, 0,
			              "layout \"%s\" is outside the allowed folders", lname);
		else
			gw_diags_add(&doc->d, NULL, 0, 0, NULL,
			             "layout \"%s\" is outside the allowed folders", lname);
		free(doc->layout_path);
		doc->layout_path = NULL;
	}
	if (doc->layout_path)
		gw_ctx_layout(ctx, doc->layout_path, o->layout ? !ctx->o.confined : allow, &doc->d,
		              &doc->ljson, &doc->layout, &doc->layout_owned);
}

/* Runs the pipeline on doc->data (NULL when it did not load). */
static gw_status run(gw_document *doc, const gw_doc_options *o)
{
	static const gw_doc_options none;
	if (!o)
		o = &none;
	gw_rt *rt = &doc->ctx->rt;
	if (doc->data)
		doc->doc = gw_load_data(doc->data, &doc->d);
	find_layout(doc, o);
	if (doc->d.nerr || gw_rt_late(rt, &doc->d))
		return GW_ERR_INPUT;
	int flags = (o->flags & GW_DOC_FORCE ? GW_RESOLVE_FORCE : 0) |
	            (o->flags & GW_DOC_STRICT ? GW_RESOLVE_STRICT : 0);
	int failed = gw_resolve(doc->layout, doc->doc, flags, &doc->d);
	if (failed < 0 || gw_rt_late(rt, &doc->d))
		return GW_ERR_INPUT;
	int built = gw_build(doc->layout, doc->doc, rt, &doc->d, &doc->vl);
	for (int i = 0; i < doc->vl.n; i++) /* (paginate frees the tables it placed) */
		doc->nsplits += doc->vl.v[i].split != NULL;
	if (built < 0 || gw_paginate(doc->layout, &doc->vl, rt, &doc->d, &doc->pages) < 0 ||
	    doc->d.nerr) {
		if (failed && !(o->flags & GW_DOC_CHECK))
			gw_diags_add(&doc->d, NULL, 0, 0, NULL,
			             "not rendered: %d error-level check%s failed (--force renders "
			             "anyway)",
			             failed, failed > 1 ? "s" : "");
		gw_pages_free(&doc->pages);
		gw_vlist_free(&doc->vl);
		return GW_ERR_INPUT;
	}
	/*
	 * The pages own everything they paint (glyphs moved or copied from the list, the
	 * outline moved): the built list, its shaped table cells and their line breaks go
	 * now, before the painting, which then reuses their memory (issue 14, point 4: the
	 * peak is the painting's, and the list would have doubled the pages' share of it).
	 */
	gw_vlist_free(&doc->vl);
	return GW_OK;
}

static gw_document *doc_new(gw_ctx *ctx, const char *name, const char *file)
{
	gw_document *doc = gw_xcalloc(1, sizeof *doc);
	doc->refs = 1;
	doc->ctx = gw_ctx_keep(ctx);
	doc->data_name = gw_xstrdup(name);
	doc->data_file = file ? gw_xstrdup(file) : NULL;
	return doc;
}

gw_status gw_document_load_file(gw_ctx *ctx, const char *path, const gw_doc_options *o,
                                gw_document **out)
{
	int in = gw_is_stdin_path(path);
	/* standard input is named "<stdin>"; paths in it are relative to the current folder */
	gw_document *doc = doc_new(ctx, in ? "<stdin>" : path, in ? "/dev/stdin" : path);
	gw_rt_start(&ctx->rt);
	doc->data = gw_json_load_max(path, doc->data_name, ctx->rt.max_file_bytes, &doc->d);
	gw_json_set_rt(doc->data, &ctx->rt); /* its seals are read under the context's rules */
	doc->status = run(doc, o);
	*out = doc;
	return doc->status;
}

gw_status gw_document_load_bytes(gw_ctx *ctx, const char *bytes, size_t len, const char *name,
                                 const gw_doc_options *o, gw_document **out)
{
	gw_document *doc = doc_new(ctx, name ? name : "<data>", NULL);
	gw_rt_start(&ctx->rt);
	doc->data = gw_json_parse_max(bytes, len, doc->data_name, ctx->rt.max_file_bytes, &doc->d);
	gw_json_set_rt(doc->data, &ctx->rt); /* its seals are read under the context's rules */
	doc->status = run(doc, o);
	*out = doc;
	return doc->status;
}

gw_document *gw_document_keep(gw_document *doc)
{
	if (doc)
		doc->refs++;
	return doc;
}

void gw_document_drop(gw_document *doc)
{
	if (!doc || --doc->refs > 0)
		return;
	gw_diags_clear(&doc->d);
	gw_pages_free(&doc->pages);
	gw_vlist_free(&doc->vl);
	if (doc->layout_owned) {
		gw_layout_drop(doc->layout);
		gw_json_drop(doc->ljson);
	}
	gw_doc_drop(doc->doc);
	gw_json_drop(doc->data);
	free(doc->layout_path);
	free(doc->data_name);
	free(doc->data_file);
	gw_ctx_drop(doc->ctx);
	free(doc);
}

gw_status gw_document_status(const gw_document *doc)
{
	return doc->status;
}

const gw_diags *gw_document_diags(const gw_document *doc)
{
	return &doc->d;
}

int gw_document_page_count(const gw_document *doc)
{
	return doc->pages.n;
}

int gw_document_splits(const gw_document *doc)
{
	return doc->nsplits;
}

const gw_pages *gw_document_pages(const gw_document *doc)
{
	return &doc->pages;
}

const char *gw_document_layout_path(const gw_document *doc)
{
	return doc->layout_path;
}

/* The files the document was made from, and what each is, into in[]/kind[] (malloc'ed). */
static int inputs(const gw_document *doc, const gw_write_options *o, const char ***in,
                  const char ***kind)
{
	int n = 0, cap = 0;
	*in = NULL, *kind = NULL;
#define ADD(p, k)                                                                                  \
	do {                                                                                       \
		if (n == cap) {                                                                    \
			cap = cap ? 2 * cap : 64;                                                  \
			*in = gw_xrealloc(*in, (size_t)cap * sizeof **in);                         \
			*kind = gw_xrealloc(*kind, (size_t)cap * sizeof **kind);                   \
		}                                                                                  \
		(*in)[n] = (p), (*kind)[n++] = (k);                                                \
	} while (0)
	ADD(doc->data_file, "the data file");
	ADD(doc->layout_path, "the layout");
	const gw_layout *l = doc->layout;
	for (int i = 0; l && i < l->nparents; i++)
		ADD(gw_json_name(l->parents[i]), "a layout it extends");
	for (int i = 0; l && i < l->nfamilies; i++)
		for (int k = 0; k < l->families[i].nfaces; k++)
			ADD(l->families[i].faces[k].path, "a font");
	for (int p = 0; p < doc->pages.n; p++)
		for (int i = 0; i < doc->pages.v[p].nitems; i++)
			if (doc->pages.v[p].items[i].kind == GW_ITEM_IMAGE)
				ADD(doc->pages.v[p].items[i].path, "a seal image");
	for (int i = 0; gw_pdfa_icc_paths[i]; i++)
		ADD(gw_pdfa_icc_paths[i], "the ICC profile");
	if (o && o->sign) {
		ADD(o->sign->p12, "the --sign key");
		ADD(o->sign->password_file, "the --password-file");
	}
#undef ADD
	return n;
}

/* What path is among the document's inputs ("a font"...), or NULL (gongwen.h). */
const char *gw_document_input_kind(const gw_document *doc, const char *path)
{
	const char **in, **kind;
	int n = inputs(doc, NULL, &in, &kind);
	int i = gw_output_clash(path, in, n);
	const char *k = i >= 0 ? kind[i] : NULL;
	free(in);
	free(kind);
	return k;
}

/* Refuses a target that is one of the inputs: GW_ERR_USAGE after a diagnostic. */
static gw_status refuse_clash(gw_document *doc, const gw_write_options *o, const char *path)
{
	const char **in, **kind;
	int n = inputs(doc, o, &in, &kind);
	int i = gw_output_clash(path, in, n);
	if (i >= 0)
		gw_diags_add(&doc->d, NULL, 0, 0, NULL,
		             "-o %s is %s %s%s, which this run reads: refusing to overwrite it",
		             path, kind[i], in[i],
		             strcmp(path, in[i]) == 0 ? "" : " (the same file by another name)");
	free(in);
	free(kind);
	return i >= 0 ? GW_ERR_USAGE : GW_OK;
}

/* Where paint() sends the file when it goes straight to an output (gw_paint_pdf_to). */
typedef struct sink {
	gw_output *out; /* the temporary file */
	char *err; /* its error, when a write failed */
	size_t errlen; /* bytes of err */
	int failed; /* 1: a write failed (err says why) */
} sink;

static int put_output(void *arg, const void *data, size_t len)
{
	sink *s = arg;
	if (gw_output_append(s->out, data, len, s->err, s->errlen) < 0) {
		s->failed = 1;
		return -1;
	}
	return 0;
}

/*
 * Paints the unsigned PDF into *pdf, or, with file, straight into that output's temporary
 * file (issue 14, point 4: the file is not copied whole out of the painter's memory first);
 * GW_ERR_IO after a diagnostic.
 */
static gw_status paint(gw_document *doc, const gw_write_options *o, const char *target, gw_buf *pdf,
                       gw_output *file)
{
	char err[512];
	gw_rt *rt = &doc->ctx->rt;
	gw_rt_start(rt);
	int pdfa = !(o && o->no_pdfa);
	char werr[512] = "";
	sink s = {file, werr, sizeof werr, 0};
	int release = o && o->release_pages && file;
	doc->released |= release; /* even a failed painting may have freed some */
	int rc = file ? gw_paint_pdf_to(&doc->pages, &doc->doc->meta, pdfa, rt, release, put_output,
	                                &s, err, sizeof err)
	              : gw_paint_pdf_buf(&doc->pages, &doc->doc->meta, pdfa, rt, pdf, err,
	                                 sizeof err);
	if (rc == -2) { /* the deadline: a limit, so bad input */
		gw_diags_add(&doc->d, NULL, 0, 0, NULL, "%s", err);
		if (pdf)
			gw_buf_free(pdf);
		return GW_ERR_INPUT;
	}
	if (rc < 0) {
		if (s.failed) /* the output's own message names the file */
			gw_diags_add(&doc->d, NULL, 0, 0, NULL, "%s", werr);
		else
			gw_diags_add(&doc->d, NULL, 0, 0, NULL, "%s: %s", target, err);
		if (pdf)
			gw_buf_free(pdf);
		return GW_ERR_IO;
	}
	return GW_OK;
}

/* The document must have loaded. */
static gw_status usable(gw_document *doc)
{
	if (doc->released) {
		gw_diags_add(&doc->d, NULL, 0, 0, NULL,
		             "the document's pages were released by its last PDF write "
		             "(release_pages): nothing to write");
		return GW_ERR_INPUT;
	}
	if (doc->status != GW_OK && doc->pages.n == 0) {
		gw_diags_add(&doc->d, NULL, 0, 0, NULL,
		             "the document did not load: nothing to write");
		return GW_ERR_INPUT;
	}
	return GW_OK;
}

/*
 * render --sign: the document is painted without its seal, then signed (gw_sign_pdf,
 * sign/sign.c) with the seal image as the signature's appearance at exactly the place the
 * seal was laid out, so the seal people see is the signature's appearance (GB/T 9704-2012
 * 7.3.5.1 places the seal; the signature makes it verifiable). The signed bytes go to *out
 * (malloc'ed); problems to the document's diagnostics, naming the user's files (the data
 * file names the document).
 */
static gw_status paint_signed(gw_document *doc, const gw_write_options *o, const char *target,
                              unsigned char **out, size_t *out_len)
{
	/*
	 * The first seal laid out (a copy: its page drops it) becomes this signature's
	 * appearance; later seals (joint issuance: one per organ) stay on their pages for the
	 * other organs' `gongwen sign --at-seal`.
	 */
	gw_pages *pages = &doc->pages;
	gw_item seal_item;
	const gw_item *seal = NULL;
	int seal_page = 0;
	for (int p = 0; p < pages->n && !seal; p++) {
		gw_page *pg = &pages->v[p];
		for (int i = 0; i < pg->nitems && !seal; i++) {
			if (pg->items[i].kind != GW_ITEM_IMAGE)
				continue;
			seal_item = pg->items[i];
			seal = &seal_item;
			seal_page = p + 1;
			/* the page keeps the paper the seal would have had (paint/pdf.c), so that
			   it looks the same under the signature's appearance */
			pg->paper = seal_item.multiply;
			memmove(&pg->items[i], &pg->items[i + 1],
			        (size_t)(pg->nitems - i - 1) * sizeof *pg->items);
			pg->nitems--;
		}
	}
	gw_buf pdf = {0};
	gw_status st = paint(doc, o, target, &pdf, NULL);
	if (seal) {
		/* the page gets its seal back: the document can be written again */
		gw_page *pg = &pages->v[seal_page - 1];
		pg->items = gw_xrealloc(pg->items, (size_t)(pg->nitems + 1) * sizeof *pg->items);
		pg->items[pg->nitems++] = seal_item;
		pg->paper = 0;
	}
	if (st != GW_OK)
		return st;
	gw_sign_options s = *o->sign;
	s.at_seal = 0;
	s.appearance = NULL;
	s.page = 0;
	memset(s.rect, 0, sizeof s.rect);
	if (seal) {
		s.appearance = seal->path;
		s.page = seal_page;
		s.rect[0] = seal->x / 1000.0;
		s.rect[1] = (pages->h - seal->y - seal->h) / 1000.0;
		s.rect[2] = seal->w / 1000.0;
		s.rect[3] = seal->h / 1000.0;
	}
	st = gw_sign_pdf(doc->ctx, (const unsigned char *)pdf.data, pdf.len, doc->data_name, &s,
	                 out, out_len, &doc->d);
	gw_buf_free(&pdf);
	return st;
}

gw_status gw_document_write_pdf(gw_document *doc, const gw_write_options *o, const char *path)
{
	gw_status st = usable(doc);
	if (st == GW_OK)
		st = refuse_clash(doc, o, path);
	if (st != GW_OK)
		return doc->status = st;
	gw_output out;
	gw_buf pdf = {0};
	char err[512];
	/* the temporary file first, so that an unwritable target fails before the painting */
	if (gw_output_open(&out, path, doc->ctx->o.tmp_dir, err, sizeof err) < 0) {
		gw_diags_add(&doc->d, NULL, 0, 0, NULL, "%s", err);
		return doc->status = GW_ERR_IO;
	}
	if (o && o->sign) {
		unsigned char *data;
		size_t len;
		st = paint_signed(doc, o, path, &data, &len);
		pdf.data = (char *)data, pdf.len = len, pdf.cap = len;
	} else {
		st = paint(doc, o, path, NULL, &out); /* written as it is read out of libharu */
	}
	if (st != GW_OK) {
		gw_output_abort(&out);
		return doc->status = st;
	}
	if ((pdf.data && gw_output_write(&out, pdf.data, pdf.len, err, sizeof err) < 0) ||
	    gw_output_commit(&out, err, sizeof err) < 0) {
		gw_diags_add(&doc->d, NULL, 0, 0, NULL, "%s", err);
		gw_output_abort(&out);
		st = GW_ERR_IO;
	}
	gw_buf_free(&pdf);
	return doc->status = st;
}

gw_status gw_document_write_pdf_buffer(gw_document *doc, const gw_write_options *o,
                                       unsigned char **data, size_t *len)
{
	*data = NULL, *len = 0;
	gw_status st = usable(doc);
	if (st != GW_OK)
		return doc->status = st;
	if (o && o->sign)
		return doc->status = paint_signed(doc, o, doc->data_name, data, len);
	gw_buf pdf = {0};
	if ((st = paint(doc, o, "(memory)", &pdf, NULL)) != GW_OK)
		return doc->status = st;
	*data = (unsigned char *)pdf.data, *len = pdf.len;
	return doc->status = GW_OK;
}

gw_status gw_document_write_pdf_file(gw_document *doc, const gw_write_options *o, FILE *f)
{
	unsigned char *data;
	size_t len;
	gw_status st = gw_document_write_pdf_buffer(doc, o, &data, &len);
	if (st != GW_OK)
		return st;
	if (fwrite(data, 1, len, f) != len || fflush(f) != 0) {
		gw_diags_add(&doc->d, NULL, 0, 0, NULL, "cannot write the PDF: %s",
		             strerror(errno));
		st = GW_ERR_IO;
	}
	free(data);
	return doc->status = st;
}

gw_status gw_document_write_trace(gw_document *doc, FILE *f)
{
	gw_status st = usable(doc);
	if (st != GW_OK)
		return doc->status = st;
	gw_paint_trace(&doc->pages, f);
	if (fflush(f) != 0 || ferror(f)) {
		gw_diags_add(&doc->d, NULL, 0, 0, NULL, "cannot write the trace: %s",
		             strerror(errno));
		return doc->status = GW_ERR_IO;
	}
	return GW_OK;
}
