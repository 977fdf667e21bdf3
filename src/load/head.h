/*
 * head.h: the 版头 (GB/T 9704-2012 7.2; 10.1 to 10.3) in the data and in the layout.
 *
 * In: the data's "head" object (docs/data-format.md) or the layout chain's merged "head"
 * entries (docs/layout-format.md). Out: a gw_head whose texts point into the JSON tree, or
 * gw_layout.head; every error at its value: unknown keys (with "did you mean"), wrong types,
 * empty texts or lists, a line break in a text set on one line, unknown styles or colours,
 * lengths off the page.
 */
#ifndef GW_LOAD_HEAD_H
#define GW_LOAD_HEAD_H

#include "../base/diag.h"
#include "../model.h"
#include "extends.h"

/* Reads the data's "head" object v; returns a new gw_head (errors may have been added). */
gw_head *gw_load_head(const gw_json *j, gw_diags *d, const cJSON *v);

void gw_head_free(gw_head *h);

/*
 * Reads the merged "head" entries of the layout chain into l->head (styles and colours must be
 * loaded); geometry: 1 when the page is known good, so lengths can be checked against it.
 */
void gw_load_layout_head(const gw_chain *c, gw_diags *d, gw_layout *l, int geometry);

#endif
