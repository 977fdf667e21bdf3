/*
 * gongwen.h: the public interface of libgongwen, the library behind every gongwen command
 * (render, check, sign, batch, serve, worker).
 *
 * In: report data (JSON, a file or bytes) and a layout (a name or a file). Out: diagnostics
 * the caller can walk, and a PDF written to a path (atomically), a FILE* or a memory buffer;
 * or a text trace; or a signed PDF.
 *
 *   gw_ctx *ctx;
 *   if (gw_ctx_new(NULL, &ctx) != GW_OK) ...                 // fonts, ICU, folders, limits
 *   gw_document *doc;
 *   gw_status st = gw_document_load_file(ctx, "report.json", NULL, &doc);
 *   gw_diags_print(gw_document_diags(doc), stderr);         // errors, warnings, notes
 *   if (st == GW_OK)
 *           st = gw_document_write_pdf(doc, NULL, "report.pdf");
 *   gw_document_drop(doc);
 *   gw_ctx_drop(ctx);
 *
 * OWNERSHIP (MuPDF's words, one rule for every type):
 * - a function named *_new or *_load_* gives the caller one reference, which the caller gives
 *   back with the matching *_drop; *_keep takes one more reference and returns its argument;
 *   *_drop(NULL) does nothing;
 * - every other pointer a function returns is borrowed: it stays valid as long as the object
 *   it came from (a diagnostic as long as its list, a list as long as its document);
 * - bytes returned through unsigned char ** are the caller's, freed with gw_free;
 * - strings and arrays passed in are only read during the call; the context copies the
 *   options it keeps.
 * A document keeps its context: dropping the context first is allowed.
 *
 * THREADS: a context, and every document made from it, is used by one thread at a time;
 * run several threads with one context each (gongwen batch -j N does). Contexts share
 * nothing, and the library keeps no process-wide state: no static caches, no environment
 * variables read (the CLI reads them and fills gw_ctx_options), no signal handlers.
 *
 * Same input, same bytes: output never depends on the clock, the host or the thread.
 */
#ifndef GONGWEN_H
#define GONGWEN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GW_VERSION "0.1.0"

/* The status of every entry point (and the CLI's exit status). */
typedef enum gw_status {
	GW_OK = 0, /* done */
	GW_ERR_INPUT = 1, /* bad input: JSON, layout, data, a failed error-level check, a limit */
	GW_ERR_USAGE = 2, /* bad arguments, or an output that is one of the inputs */
	GW_ERR_IO = 3, /* a file or the system failed (cannot write, out of memory, internal) */
} gw_status;

/* A short English name of a status ("ok", "bad input", ...); never NULL. */
const char *gw_status_string(gw_status s);

/* ---- diagnostics ------------------------------------------------------------------------ */

typedef enum gw_severity {
	GW_SEV_ERROR, /* the operation fails */
	GW_SEV_WARNING, /* reported; the operation goes on */
	GW_SEV_NOTE /* informs (e.g. the office's own wording replaced a template's) */
} gw_severity;

/* One diagnostic; every field is borrowed from its list. */
typedef struct gw_diag {
	gw_severity severity;
	char *file; /* file the problem is in, as the caller named it; NULL for none */
	uint32_t line; /* 1-based line, 0 when there is no position */
	uint32_t col; /* 1-based column in code points, 0 when there is no position */
	char *pointer; /* JSON pointer (RFC 6901) of the value at fault; NULL for none */
	char *msg; /* one sentence, lower-case start, no final period */
} gw_diag;

/* A list of diagnostics in the order found. */
typedef struct gw_diags gw_diags;

gw_diags *gw_diags_new(void);
void gw_diags_drop(gw_diags *d);
/* Number of diagnostics held, and of those that are errors. */
int gw_diags_count(const gw_diags *d);
int gw_diags_errors(const gw_diags *d);
/* Diagnostic i (0-based), or NULL when out of range. */
const gw_diag *gw_diags_get(const gw_diags *d, int i);
/*
 * Prints every diagnostic as "FILE:LINE:COL: error: MESSAGE (at /json/pointer)", one per
 * line, capped at 100 with a closing count.
 */
void gw_diags_print(const gw_diags *d, FILE *f);
/* One diagnostic as that line without newline; the caller frees it with gw_free. */
char *gw_diag_format(const gw_diag *g);

/* Frees what the library returned through unsigned char ** or char *. */
void gw_free(void *p);

/* ---- context ---------------------------------------------------------------------------- */

typedef struct gw_ctx gw_ctx;

/* Debug switches (gw_ctx_options.debug). */
#define GW_DEBUG_PAGES 1u /* why each page ended, on the context's debug stream (stderr) */
#define GW_DEBUG_FONTS 2u /* each font face the context opens, on the debug stream (stderr) */

/*
 * What a context is made with. Zero (or NULL for the whole struct) means the default given.
 * Folder lists are colon-separated.
 */
typedef struct gw_ctx_options {
	/* folders layout names are looked up in (NAME -> FOLDER/NAME.json), in order; default:
	   the installed layouts folder */
	const char *layout_path;
	/* folders a layout's relative font paths are looked up in, after the layout's own
	   folder; the installed fonts folder is always searched last */
	const char *font_path;
	/*
	 * 1: a confined context (the HTTP service): every file a document reads (layout, the
	 * layouts it extends, fonts, seal images) must lie inside layout_path, font_path,
	 * seal_path or the installed folders (layouts, fonts, and the system's fonts,
	 * /usr/share/fonts, which the installed layouts name), after following symbolic links;
	 * a layout is named, never given as a path. A file outside is never opened: it is an
	 * input error at the JSON value that names it ("seal \"../x.png\" is outside the
	 * allowed folders"), whether it exists or not. 0: the CLI's rules
	 * (docs/layout-format.md).
	 */
	int confined;
	/* folders seal images may come from when confined (relative seal paths are relative to
	   the data's folder, as always) */
	const char *seal_path;
	/*
	 * The PDF's dates when the data has no meta.date: has_source_date 1 and source_date the
	 * seconds since 1970 (the CLI passes $SOURCE_DATE_EPOCH); 0: no date at all.
	 */
	int has_source_date;
	long long source_date;
	/* folder for temporary files when an output is not a regular file; default /tmp */
	const char *tmp_dir;
	unsigned debug; /* GW_DEBUG_* bits */
	/* limits, 0 for the built-in ones (src/gw.h: 16 MiB, 10000 pages, no time limit); a
	   limit may only be lowered (a higher one: GW_ERR_USAGE); passing one is an input error
	   (GW_ERR_INPUT): "file is larger than N bytes", "the document needs more than N
	   pages", "took longer than N s" */
	size_t max_file_bytes; /* bytes of the data's JSON (a file or bytes) */
	int max_pages; /* pages of one document */
	/* wall time (a monotonic clock) of one load, and of one write, each on its own;
	   checked between the stages, before each block built, each page paginated and each
	   page painted; 0: none */
	double max_seconds;
} gw_ctx_options;

/* Makes a context; options may be NULL. GW_ERR_USAGE for bad options, GW_ERR_IO when
   FreeType or ICU cannot start. */
gw_status gw_ctx_new(const gw_ctx_options *o, gw_ctx **out);
gw_ctx *gw_ctx_keep(gw_ctx *ctx);
void gw_ctx_drop(gw_ctx *ctx);

/* ---- documents -------------------------------------------------------------------------- */

typedef struct gw_document gw_document;

/* gw_doc_options.flags */
#define GW_DOC_CHECK 1u /* check only: everything but painting (gongwen check) */
#define GW_DOC_FORCE 2u /* failed error-level checks become warnings (--force) */
#define GW_DOC_STRICT 4u /* published figures must add up (--strict) */
#define GW_DOC_ALLOW_LAYOUT_PATHS 8u /* the data's "layout" may name a path */

typedef struct gw_doc_options {
	/*
	 * The layout: a name from the layout folders, or (not in a confined context) a path,
	 * the caller's own choice. NULL: the data's "layout" key (a name, or a file in the
	 * data's folder), else "gbt9704".
	 */
	const char *layout;
	unsigned flags; /* GW_DOC_* */
} gw_doc_options;

/*
 * Loads data from a file ("-" for standard input, named "<stdin>" in messages), resolves it
 * against the layout, typesets and paginates it. *out is always set (NULL only when out of
 * memory), so that its diagnostics can be read; the status is GW_OK when the document can
 * be written, GW_ERR_INPUT when it has errors. options may be NULL.
 */
gw_status gw_document_load_file(gw_ctx *ctx, const char *path, const gw_doc_options *o,
                                gw_document **out);
/* As gw_document_load_file, for data in bytes[0..len); name names it in messages, and its
   folder is the data's folder (NULL: "<data>", the current folder). */
gw_status gw_document_load_bytes(gw_ctx *ctx, const char *bytes, size_t len, const char *name,
                                 const gw_doc_options *o, gw_document **out);
gw_document *gw_document_keep(gw_document *doc);
void gw_document_drop(gw_document *doc);

/* The status of the load (as returned by it), and of the last write after it. */
gw_status gw_document_status(const gw_document *doc);
/* Every diagnostic of the load and of later writes. */
const gw_diags *gw_document_diags(const gw_document *doc);
/* Number of pages (0 when the load failed). */
int gw_document_page_count(const gw_document *doc);
/* The layout file used (NULL when none was found). */
const char *gw_document_layout_path(const gw_document *doc);
/*
 * When path is one of the files the document was made from (the same file under any name:
 * a link counts), what it is ("the data file", "a font", "a seal image"...); else NULL. A
 * caller checks its own outputs with it (the write functions do for theirs).
 */
const char *gw_document_input_kind(const gw_document *doc, const char *path);

/* Signing options: PAdES baseline B-B with a PKCS#12 key (docs/signing.md). */
typedef struct gw_sign_options {
	const char *p12; /* the key and certificate file; required */
	const char *password_file; /* file whose first line is the password; NULL: none */
	const char *reason; /* /Reason, NULL for none */
	const char *location; /* /Location, NULL for none */
	/* signing time: has_time 1 and time (seconds since 1970); else the context's
	   source_date, else the clock (the one place gongwen reads it) */
	int has_time;
	long long time;
	int allow_expired; /* sign with a certificate outside its validity */
	int force; /* sign a file whose signatures do not verify */
	/* the visible appearance: a PNG image at rect (PDF points: x, y, w, h; all 0: an
	   invisible signature) on page (1-based; 0: page 1); or at_seal 1: the first seal
	   gongwen render left unsigned (then page, rect and appearance stay 0); or neither.
	   gw_document_write_pdf* with sign fill these from the first seal themselves. */
	const char *appearance;
	int page;
	double rect[4];
	int at_seal;
} gw_sign_options;

typedef struct gw_write_options {
	int no_pdfa; /* 1: a plain PDF; default PDF/A-2b */
	/* sign the result in one step: the first seal laid out becomes the signature's
	   appearance (render --sign); NULL: unsigned */
	const gw_sign_options *sign;
	/* 1: gw_document_write_pdf releases each page's painted content (glyphs, items) as
	   soon as the page is in the PDF, so that a long document's peak memory holds the
	   pages or the PDF being made, not both (issue 14, point 4). The document cannot be
	   written again afterwards (GW_ERR_INPUT, "released"); for the last write of a
	   document, as `gongwen render` does. Ignored with sign and by the other writes. */
	int release_pages;
} gw_write_options;

/*
 * Writes the PDF to path atomically: a temporary file renamed over path, so that on any
 * error path is left as it was; "-" is standard output. Refuses (GW_ERR_USAGE) a path that
 * is one of the files the document was made from. Problems are added to the document's
 * diagnostics. options may be NULL.
 */
gw_status gw_document_write_pdf(gw_document *doc, const gw_write_options *o, const char *path);
/* Writes the PDF to an open stream (nothing is written when painting fails). */
gw_status gw_document_write_pdf_file(gw_document *doc, const gw_write_options *o, FILE *f);
/* Writes the PDF into memory: *data (the caller's, gw_free) and *len. */
gw_status gw_document_write_pdf_buffer(gw_document *doc, const gw_write_options *o,
                                       unsigned char **data, size_t *len);
/* Writes the text trace (every painted run and rule; docs/trace-format.md) to f. */
gw_status gw_document_write_trace(gw_document *doc, FILE *f);

/* ---- signing ---------------------------------------------------------------------------- */

/*
 * Signs the PDF pdf[0..len) (named name in messages) as an incremental update, into *out
 * (the caller's, gw_free) and *out_len; existing signatures are verified first. Problems
 * (naming the caller's files: name, o->p12, o->password_file, o->appearance) are added to
 * d. ctx may be NULL (then the signing time is o's or the clock's). `gongwen sign` and
 * render --sign both call it.
 */
gw_status gw_sign_pdf(gw_ctx *ctx, const unsigned char *pdf, size_t len, const char *name,
                      const gw_sign_options *o, unsigned char **out, size_t *out_len, gw_diags *d);

#ifdef __cplusplus
}
#endif
#endif
