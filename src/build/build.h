/*
 * build.h: blocks -> a vertical list of grid-line items.
 *
 * In: the layout and the data (after loading). Out: gw_vlist, in document order: text lines
 * (one grid line each), blank grid lines, forced page breaks, and unbreakable groups (the
 * signature block). Items inside carry absolute x and y relative to the group's first
 * grid line top; paginate/ gives them their page and final y.
 */
#ifndef GW_BUILD_H
#define GW_BUILD_H

#include "../base/diag.h"
#include "../base/rt.h"
#include "../model.h"

typedef enum gw_vkind {
	GW_V_LINES, /* nlines grid lines of content that stay together */
	GW_V_BLOCK, /* content of an exact height off the grid (a table row group, a caption) */
	GW_V_BLANK, /* nlines blank grid lines; dropped at the top of a page */
	GW_V_PAGE_BREAK /* the next item starts a new page */
} gw_vkind;

/* A laid-out table (build/table.c), kept for paginate/ when it must cut a row group. */
typedef struct gw_tlayout gw_tlayout;

typedef struct gw_vitem {
	gw_vkind kind;
	int nlines; /* grid lines taken */
	gw_item *items; /* GW_V_LINES: what is painted; y from the first grid line's top */
	int nitems;
	int keep_next; /* following content (grid lines; a block counts as one) kept on its page */
	int keep_prev; /* preceding content lines that must share this item's page */
	int outline; /* index of the outline entry that starts here, -1 for none */
	gw_len height; /* GW_V_BLOCK: its height, 1/1000 pt */
	int header; /* GW_V_BLOCK: 1 for a table's header rows, repeated on every page */
	int header_of; /* GW_V_BLOCK of a table body: vitem index of its header, -1 none */
	gw_tlayout *split; /* a deferred row group: its table (items are made by paginate/) */
	int split_r0, split_r1; /* the group's rows [r0, r1) */
	int bottom; /* GW_V_BLOCK: 1 for the 版记 (GB/T 9704-2012 7.4), the last item, set on
	               the bottom edge of the type area (build/record.h) */
	const char *why; /* the keep rule this item's keep_next / keep_prev (or a page break)
	                    stands for, named in the trace's waste line when it ends a page
	                    early ("keep-heading"); NULL: "keep-next" / "page-break" */
	int cont_of; /* a table body: vitem index of its repeat for continued pages (the
	                "续表" line above the header rows), -1 none: header_of repeats */
	int repeat_only; /* 1: only repeated above continued pages, never placed in the flow */
	int lead; /* a deferred table body: vitem index its table starts at (its caption or
	             header), -1: the body itself */
} gw_vitem;

typedef struct gw_vlist {
	gw_vitem *v;
	int n, cap;
	gw_outline *outline; /* title and headings; page and y are set by paginate (owned) */
	int noutline;
	gw_tlayout **tables; /* laid-out tables that deferred groups point to (owned) */
	int ntables;
} gw_vlist;

#define GW_EM_ASCENT 880 /* a text's baseline below its em box top, 1/1000 em */

/* The grid's line pitch: type area height / lines per page, 1/1000 pt. */
gw_len gw_line_pitch(const gw_layout *l);

/*
 * Builds the list; returns 0, or -1 after adding errors (characters no font has, a signature
 * wider than its line, a line break in a one-line text, rt's deadline passed: it is checked
 * before each block). rt NULL: no deadline.
 */
int gw_build(const gw_layout *l, const gw_doc *doc, gw_rt *rt, gw_diags *d, gw_vlist *out);

/*
 * Shapes a one-line text in style st and returns a text item whose glyph x values are set
 * (unaligned: item x = 0, y = baseline below the line top). Returns 0 or -1 after errors
 * (characters no font has; a line break, which a one-line text cannot have).
 */
int gw_build_text_item(const gw_layout *l, const gw_style *st, const char *s, size_t len,
                       gw_src src, int src_is_text, gw_diags *d, gw_item *out, gw_len *width);

/* Appends an empty item of kind taking nlines grid lines; the pointer lives until the next push. */
gw_vitem *gw_vlist_push(gw_vlist *vl, gw_vkind kind, int nlines);

void gw_vlist_free(gw_vlist *vl);

#endif
