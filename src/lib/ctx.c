/*
 * ctx.c: the library's context (gongwen.h): options, the font set and the layout cache.
 *
 * In: gw_ctx_options. Out: a context that documents borrow fonts and layouts from. A layout
 * file is read once per context and reused while the file keeps its size and modification
 * time (a service picks up an edited layout without a restart); its fonts are opened once
 * per context. One thread at a time uses a context (FreeType faces are not safe to use from
 * two threads at once: https://freetype.org/freetype2/docs/reference/ft2-base_interface.html,
 * "FT_Face ... must be used by a single thread"), so nothing here locks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../base/dirs.h"
#include "../base/util.h"
#include "../break/breaks.h"
#include "../gw.h"
#include "../load/json.h"
#include "../load/layout.h"
#include "lib.h"

const char *gw_status_string(gw_status s)
{
	switch (s) {
	case GW_OK:
		return "ok";
	case GW_ERR_INPUT:
		return "bad input";
	case GW_ERR_USAGE:
		return "usage error";
	case GW_ERR_IO:
		return "I/O or internal error";
	}
	return "unknown status";
}

static char *dup_or_null(const char *s)
{
	return s ? gw_xstrdup(s) : NULL;
}

/*
 * The runtime's open_font (base/rt.h) for a context: opens the face in the context's font
 * set, and with GW_DEBUG_FONTS says on the debug stream when a face is opened (not when an
 * open one is reused), so a test sees which faces a document made the context open.
 */
static gw_font *ctx_open_font(void *arg, const char *path, int index, char *err, size_t errlen)
{
	gw_ctx *ctx = arg;
	int before = gw_fontset_count(ctx->fonts);
	gw_font *f = gw_fontset_open(ctx->fonts, path, index, err, errlen);
	if (f && gw_fontset_count(ctx->fonts) > before && (ctx->rt.debug & GW_DEBUG_FONTS) &&
	    ctx->rt.debug_out)
		fprintf(ctx->rt.debug_out, "gongwen: font: opened %s face %d\n", path, index);
	return f;
}

/* The runtime's probe_font for a context: gw_fontset_prober on its font set. */
static int ctx_probe_font(void *arg, const char *path, int index, char *err, size_t errlen)
{
	gw_ctx *ctx = arg;
	return gw_fontset_prober(ctx->fonts, path, index, err, errlen);
}

gw_status gw_ctx_new(const gw_ctx_options *o, gw_ctx **out)
{
	static const gw_ctx_options none;
	*out = NULL;
	if (!o)
		o = &none;
	/* a PDF date has a four-digit year: 9999-12-31T23:59:59Z at most */
	if (o->has_source_date && (o->source_date < 0 || o->source_date > 253402300799LL))
		return GW_ERR_USAGE;
	/* a limit may only be lowered */
	if (o->max_pages < 0 || o->max_pages > GW_MAX_PAGES ||
	    o->max_file_bytes > GW_MAX_FILE_BYTES || o->max_seconds < 0 ||
	    o->max_seconds != o->max_seconds || o->max_seconds > 1e9)
		return GW_ERR_USAGE;
	gw_ctx *ctx = gw_xcalloc(1, sizeof *ctx);
	ctx->refs = 1;
	ctx->o = *o;
	ctx->o.layout_path = dup_or_null(o->layout_path);
	ctx->o.font_path = dup_or_null(o->font_path);
	ctx->o.seal_path = dup_or_null(o->seal_path);
	ctx->o.tmp_dir = dup_or_null(o->tmp_dir);
	gw_rt *rt = &ctx->rt;
	gw_rt_init(rt);
	rt->layout_path = ctx->o.layout_path;
	rt->font_path = ctx->o.font_path;
	rt->confined = !!o->confined;
	if (rt->confined) {
		gw_rt_add_roots(rt, ctx->o.layout_path);
		gw_rt_add_roots(rt, ctx->o.font_path);
		gw_rt_add_roots(rt, ctx->o.seal_path);
		gw_rt_add_roots(rt, gw_layout_dir());
		gw_rt_add_roots(rt, gw_font_dir());
		gw_rt_add_roots(rt, GW_SYSTEM_FONT_DIR);
	}
	if (o->max_file_bytes)
		rt->max_file_bytes = o->max_file_bytes;
	if (o->max_pages)
		rt->max_pages = o->max_pages;
	rt->max_seconds = o->max_seconds;
	rt->has_source_date = o->has_source_date;
	rt->source_date = o->source_date;
	rt->debug = o->debug;
	ctx->rt_strict = *rt;
	ctx->rt_strict.allow_paths = 0;
	ctx->fonts = gw_fontset_new();
	ctx->icu = gw_icu_new();
	/* the layouts' font faces are opened in this context's font set */
	ctx->rt.open_font = ctx->rt_strict.open_font = ctx_open_font;
	ctx->rt.font_arg = ctx->rt_strict.font_arg = ctx;
	ctx->rt.probe_font = ctx->rt_strict.probe_font = ctx_probe_font;
	if (!ctx->fonts) {
		gw_ctx_drop(ctx);
		return GW_ERR_IO;
	}
	*out = ctx;
	return GW_OK;
}

gw_ctx *gw_ctx_keep(gw_ctx *ctx)
{
	if (ctx)
		ctx->refs++;
	return ctx;
}

void gw_ctx_drop(gw_ctx *ctx)
{
	if (!ctx || --ctx->refs > 0)
		return;
	for (int i = 0; i < ctx->nlayouts; i++) {
		gw_layout_drop(ctx->layouts[i].layout);
		gw_json_drop(ctx->layouts[i].json);
		free(ctx->layouts[i].path);
		free(ctx->layouts[i].parent_mtime_ns);
		free(ctx->layouts[i].parent_size);
	}
	free(ctx->layouts);
	gw_fontset_drop(ctx->fonts);
	gw_icu_drop(ctx->icu);
	free((char *)ctx->o.layout_path);
	free((char *)ctx->o.font_path);
	free((char *)ctx->o.seal_path);
	free((char *)ctx->o.tmp_dir);
	gw_rt_free(&ctx->rt);
	free(ctx);
}

char *gw_ctx_find_layout(const gw_ctx *ctx, const char *name)
{
	size_t n = strlen(name);
	int is_path = strchr(name, '/') || (n > 5 && strcmp(name + n - 5, ".json") == 0);
	if (is_path)
		return ctx->o.confined ? NULL : gw_find_layout(name);
	char *f = gw_find_layout_in(ctx->o.layout_path, name);
	return f ? f : gw_find_layout(name);
}

/* A file's modification time (ns since 1970) and size (bytes); both -1 when it cannot be read. */
static void file_stamp(const char *path, long long *mtime_ns, long long *size)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		*mtime_ns = *size = -1;
		return;
	}
	*mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
	*size = (long long)st.st_size;
}

/*
 * 1 when no layout the cached one extends changed since it was loaded: an office that edits
 * the parent of its layout (docs/templates.md section 1) gets the edit in a running service.
 */
static int parents_unchanged(const gw_cached_layout *c)
{
	for (int i = 0; i < c->layout->nparents; i++) {
		long long m, z;
		file_stamp(gw_json_name(c->layout->parents[i]), &m, &z);
		if (m < 0 || m != c->parent_mtime_ns[i] || z != c->parent_size[i])
			return 0;
	}
	return 1;
}

int gw_ctx_layout(gw_ctx *ctx, const char *path, int allow_paths, gw_diags *d, gw_json **json,
                  gw_layout **layout, int *owned)
{
	struct stat st;
	int have_stat = stat(path, &st) == 0;
	long long mtime =
	        have_stat ? (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec : -1;
	long long size = have_stat ? (long long)st.st_size : -1;
	allow_paths = !!allow_paths;
	for (int i = 0; have_stat && i < ctx->nlayouts; i++) {
		gw_cached_layout *c = &ctx->layouts[i];
		if (c->allow_paths == allow_paths && c->mtime_ns == mtime && c->size == size &&
		    strcmp(c->path, path) == 0 && parents_unchanged(c)) {
			*json = c->json, *layout = c->layout, *owned = 0;
			return 0;
		}
	}
	int before = d->n;
	const gw_rt *rt = allow_paths ? &ctx->rt : &ctx->rt_strict;
	gw_json *j = gw_json_load(path, path, d);
	gw_json_set_rt(j, rt); /* seals a skeleton names are read under its rules */
	gw_layout *l = j ? gw_load_layout_rt(j, rt, d) : NULL;
	if (!l) {
		gw_json_drop(j);
		return -1;
	}
	l->icu = ctx->icu; /* build/ breaks lines with the context's iterators */
	if (have_stat && d->n == before) {
		ctx->layouts = gw_xrealloc(ctx->layouts,
		                           (size_t)(ctx->nlayouts + 1) * sizeof *ctx->layouts);
		gw_cached_layout c = {gw_xstrdup(path), allow_paths, mtime, size, NULL, NULL, j, l};
		size_t np = (size_t)(l->nparents > 0 ? l->nparents : 1);
		c.parent_mtime_ns = gw_xmalloc(np * sizeof *c.parent_mtime_ns);
		c.parent_size = gw_xmalloc(np * sizeof *c.parent_size);
		for (int i = 0; i < l->nparents; i++)
			file_stamp(gw_json_name(l->parents[i]), &c.parent_mtime_ns[i],
			           &c.parent_size[i]);
		ctx->layouts[ctx->nlayouts++] = c;
		*json = j, *layout = l, *owned = 0;
		return 0;
	}
	*json = j, *layout = l, *owned = 1;
	return 0;
}
