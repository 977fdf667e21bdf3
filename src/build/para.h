/*
 * para.h: the 主体's paragraph forms -> grid lines (issue 11).
 *
 * In: a block of kind p (with runs, "align" or "indent"), to (主送机关, GB/T 9704-2012 7.3.2),
 * note (附注, 7.3.6), attachment_note (附件说明, 7.3.4) or attendance (纪要's 出席/请假/列席,
 * 10.3), and the layout. Out: its lines appended to the vertical list, every line on the grid
 * (one vitem per line, blank grid lines where the standard gives "空一行"); a line with several
 * runs has one text item per run piece, each with one size, colour and bold. Errors (a run's
 * unknown style or other size, an indent past the line, characters no font has) at their
 * positions; the colons and brackets the standard asks for are added, with a warning where an
 * ASCII ':' or '(' ')' is replaced.
 */
#ifndef GW_BUILD_PARA_H
#define GW_BUILD_PARA_H

#include "../base/diag.h"
#include "build.h"

/* 1 when b is built here (gw_build_para) rather than as a plain paragraph. */
int gw_para_kind(const gw_block *b);

/* Builds b; prev is the block before it (NULL for none). Returns 0, or -1 after errors. */
int gw_build_para(const gw_layout *l, const gw_block *b, const gw_block *prev, gw_diags *d,
                  gw_vlist *vl);

#endif
