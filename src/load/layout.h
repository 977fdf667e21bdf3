/*
 * layout.h: layout file v1 (docs/layout-format.md) -> gw_layout.
 *
 * In: the loaded layout JSON and a font set. Out: a gw_layout with every font face opened
 * (so a missing or unreadable font file is reported at its place in the layout), styles
 * resolved to family indexes, and the block-kind -> style table. All errors are collected.
 */
#ifndef GW_LOAD_LAYOUT_H
#define GW_LOAD_LAYOUT_H

#include "../base/diag.h"
#include "../model.h"

/*
 * Finds the layout file for `name`: a path when it contains '/' or ends in ".json",
 * else layouts/NAME.json in the installed layout folder. Returns a malloc'ed path, or
 * NULL when no such file exists.
 */
char *gw_find_layout(const char *name);

/* Reads j into a new layout; returns NULL when errors were added to d. */
gw_layout *gw_load_layout(const gw_json *j, gw_fontset *fs, gw_diags *d);

void gw_layout_drop(gw_layout *l);

#endif
