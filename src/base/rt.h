/*
 * rt.h: the runtime a context hands down through the stages (load, build, paginate, paint).
 *
 * In: the context's options (lib/ctx.c fills a gw_rt once per context). Out: what a stage
 * needs from its context without knowing the context: the folders it may read from when
 * confined, the font search path, the limits and the deadline of the operation under way,
 * the debug switches. A stage given NULL gets the defaults: not confined, no font path,
 * the gw.h limits, no deadline, no debug output.
 *
 * Nothing here is process-wide: every gw_rt belongs to one context, used by one thread.
 */
#ifndef GW_BASE_RT_H
#define GW_BASE_RT_H

#include <stddef.h>
#include <stdio.h>

#include "diag.h"

typedef struct gw_rt {
	/* the "extends" rule of the layout being loaded (load/layout.h): 1 a path is allowed */
	int allow_paths;
	/* colon-separated folders layout names are looked up in before the installed ones */
	const char *layout_path;
	/* colon-separated folders searched for a layout's relative font paths, NULL: none */
	const char *font_path;
	/* 1: every file read must lie inside one of roots[] (after realpath) */
	int confined;
	char **roots; /* the allowed folders, each a realpath without a final '/' (owned) */
	int nroots; /* entries of roots */
	size_t max_file_bytes; /* bytes of one JSON input */
	int max_pages; /* pages of one document */
	double max_seconds; /* wall time of one operation, 0: none */
	double deadline; /* CLOCK_MONOTONIC seconds when the operation must end, 0: none */
	int late; /* 1 once the deadline was found passed (and reported) */
	/* the PDF's dates when the data has no meta.date: has_source_date 1 and source_date
	   seconds since 1970; else none */
	int has_source_date;
	long long source_date;
	/*
	 * Opens a layout's font face for the loader, which records the face's path and index
	 * and lets its context open it (fonts are the context's resource: load/ does not call
	 * into shape/). NULL with err set when the face cannot be opened. font_arg is its
	 * first argument (the context, lib/ctx.c; a test may pass a gw_fontset with
	 * shape/font.h's gw_fontset_opener).
	 */
	struct gw_font *(*open_font)(void *font_arg, const char *path, int index, char *err,
	                             size_t errlen);
	void *font_arg;
	/*
	 * Checks cheaply, without opening it, that a fallback face will open (the file can be
	 * read, its sfnt table directory is sound and has the face): 1 yes, so the loader lets
	 * the shaper open it at its first use; 0 cannot tell, open it now; -1 with err set: it
	 * will not. NULL: every face is opened at load.
	 */
	int (*probe_font)(void *font_arg, const char *path, int index, char *err, size_t errlen);
	unsigned debug; /* GW_DEBUG_* bits (gongwen.h) */
	FILE *debug_out; /* where debug lines go (stderr) */
} gw_rt;

/* A gw_rt with the defaults (see above). */
void gw_rt_init(gw_rt *rt);

/*
 * Adds the colon-separated folders of list to rt's roots, each resolved with realpath (a
 * folder that does not exist is skipped: it holds nothing to read).
 */
void gw_rt_add_roots(gw_rt *rt, const char *list);

/* Frees the roots. */
void gw_rt_free(gw_rt *rt);

/*
 * 1 when rt (NULL: not confined) lets a document read path: not confined, or path, with
 * every symbolic link followed, lies inside one of the roots. A path that does not exist is
 * judged by its folder, so that "outside" never depends on whether a file exists.
 */
int gw_rt_allowed(const gw_rt *rt, const char *path);

/* Starts an operation: the deadline becomes now + max_seconds (none when 0). */
void gw_rt_start(gw_rt *rt);

/*
 * 1 when the operation's deadline has passed; the first time, adds the error "took longer
 * than N s" to d. rt NULL: never.
 */
int gw_rt_late(gw_rt *rt, gw_diags *d);

/* 1 when the operation's deadline has passed (a question only: nothing is reported). */
int gw_rt_expired(const gw_rt *rt);

/* The page limit: rt's, else GW_MAX_PAGES. */
int gw_rt_max_pages(const gw_rt *rt);

#endif
