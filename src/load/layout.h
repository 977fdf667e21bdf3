/*
 * layout.h: layout file v1 (docs/layout-format.md) -> gw_layout.
 *
 * In: the loaded layout JSON and the context's runtime (base/rt.h). Out: a gw_layout with
 * every font face found and opened through the runtime (so a missing or unreadable font
 * file is reported at its place in the layout), styles resolved to family indexes, and the
 * block-kind -> style table. All errors are collected.
 */
#ifndef GW_LOAD_LAYOUT_H
#define GW_LOAD_LAYOUT_H

#include "../base/diag.h"
#include "../base/rt.h"
#include "../model.h"

/*
 * Finds the layout file for `name`: a path when it contains '/' or ends in ".json",
 * else layouts/NAME.json in the installed layout folder. Returns a malloc'ed path, or
 * NULL when no such file exists.
 */
char *gw_find_layout(const char *name);

/* NAME.json in the first of the colon-separated folders of list that has it (malloc'ed), or
   NULL. */
char *gw_find_layout_in(const char *list, const char *name);

/*
 * Finds the layout file that a file in folder dir names (the data's "layout", a layout's
 * "extends"; dir NULL: a file with no folder, which may name only layouts):
 *   NAME, without '/' and not ending in ".json": layouts/NAME.json;
 *   FILE.json, without '/': that file in dir;
 *   anything with a '/': a path, relative to dir or absolute, only when allow_paths.
 * So without allow_paths a name can reach neither a parent folder nor an arbitrary file
 * (docs/data-format.md, docs/templates.md section 1). Returns a malloc'ed path; NULL with
 * *refused = 1 for a path that is not allowed, with *refused = 0 when there is no such file.
 */
char *gw_find_named_layout(const char *name, const char *dir, int allow_paths, int *refused);

/*
 * Reads j (and the layouts it extends: extends.c) into a new layout; returns NULL when
 * errors were added to d. The "extends" of j and of its ancestors are found by
 * gw_find_named_layout with rt->allow_paths (the command line: 1 for a layout the user named
 * with -l or with --allow-layout-paths, else 0); relative font paths are also looked up in
 * rt->font_path; a confined rt refuses (at its place in the layout) a parent layout or a
 * font outside its folders. Font faces are recorded (path, index) and opened by the
 * context's rt->open_font (lib/ctx.c, shape/font.h: gw_fontset_open): the first face of a
 * family at load, a fallback face at its first use when rt->probe_font finds its file sound
 * (model.h gw_face_ref), so a missing or unreadable font is an error at its place in the
 * layout; load/ itself never opens one.
 */
gw_layout *gw_load_layout_rt(const gw_json *j, const gw_rt *rt, gw_diags *d);

void gw_layout_drop(gw_layout *l);

#endif
