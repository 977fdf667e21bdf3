/*
 * lib.h: the library core's own structures (include/gongwen.h is the public face).
 *
 * In: nothing. Out: struct gw_ctx (fonts, cached layouts, folders, limits, dates) and the
 * internal calls between ctx.c and document.c. Nothing here is process-wide: every cache
 * hangs off a context.
 */
#ifndef GW_LIB_LIB_H
#define GW_LIB_LIB_H

#include "gongwen.h"

#include "../base/diag.h"
#include "../base/rt.h"
#include "../model.h"
#include "../shape/font.h"

/* One layout loaded once and shared by the context's documents (read-only after load). */
typedef struct gw_cached_layout {
	char *path; /* the layout file as found (owned) */
	int allow_paths; /* the "extends" rule it was loaded with (0 or 1) */
	long long mtime_ns; /* the file's modification time when loaded (ns since 1970) */
	long long size; /* the file's size in bytes when loaded */
	/* the same of each layout it extends (layout->parents, in order): a cached layout is
	   used only while none of its files changed (malloc'ed, layout->nparents entries each) */
	long long *parent_mtime_ns; /* ns since 1970 */
	long long *parent_size; /* bytes */
	gw_json *json; /* the layout's JSON (owned; the layout points into it) */
	gw_layout *layout; /* the loaded layout (owned) */
} gw_cached_layout;

struct gw_ctx {
	int refs; /* references (one thread at a time: not atomic) */
	gw_ctx_options o; /* the options, with every string owned (copied) */
	gw_fontset *fonts; /* every font face opened by this context's layouts (owned) */
	gw_icu *icu; /* the ICU break iterators its layouts lend to build/ (owned) */
	gw_cached_layout *layouts; /* layouts loaded without any diagnostic (owned) */
	int nlayouts; /* entries of layouts */
	/* the runtime the stages get (base/rt.h): folders, confinement, limits, deadline, date,
	   debug; allow_paths 1 (the caller's own layout) */
	gw_rt rt;
	/* the same with allow_paths 0 (a layout the data chose); shares rt's roots */
	gw_rt rt_strict;
};

/*
 * The layout file at path, loaded with allow_paths, from the context's cache or loaded now
 * (then cached when loading said nothing at all, so no warning is lost on a later hit).
 * On success *json and *layout are borrowed from the cache (*owned = 0) or the caller's
 * (*owned = 1). Returns 0, or -1 with errors in d.
 */
int gw_ctx_layout(gw_ctx *ctx, const char *path, int allow_paths, gw_diags *d, gw_json **json,
                  gw_layout **layout, int *owned);

/* The layout file for a name given by the caller (-l): the context's folders, else a path
   (not in a confined context). Malloc'ed, or NULL. */
char *gw_ctx_find_layout(const gw_ctx *ctx, const char *name);

/*
 * Internal accessors for the fuzz targets (tests/fuzz/fuzz_struct.c), which check the pages
 * themselves: how many built blocks paginate cut across pages (the built list itself is
 * freed once the pages are made) and the pages (borrowed; empty when the load failed).
 */
struct gw_pages;
int gw_document_splits(const gw_document *doc);
const struct gw_pages *gw_document_pages(const gw_document *doc);

#endif
