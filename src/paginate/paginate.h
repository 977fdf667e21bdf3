/*
 * paginate.h: vertical list -> pages.
 *
 * In: the gw_vlist from build/ (its items are moved out). Out: gw_pages, each with its
 * items at final positions and its page number painted per the layout.
 * Pagination always progresses: a group taller than a page is placed on a fresh page
 * anyway (it overflows the type area rather than looping).
 */
#ifndef GW_PAGINATE_H
#define GW_PAGINATE_H

#include "../base/diag.h"
#include "../base/rt.h"
#include "../build/build.h"
#include "../model.h"

/*
 * Returns 0, or -1 after adding an error (rt's page limit, rt's deadline, checked at every
 * page; page-number characters). rt NULL: GW_MAX_PAGES, no deadline, no debug output.
 * vl is consumed as it is placed (issue 14, point 4): an item's glyphs move to the pages,
 * a placed block's item array and a deferred table's layout (once its last part is on a
 * page) are freed; the list's entries stay, with nitems 0, and gw_vlist_free frees the rest.
 */
int gw_paginate(const gw_layout *l, gw_vlist *vl, gw_rt *rt, gw_diags *d, gw_pages *out);

void gw_pages_free(gw_pages *p);

#endif
