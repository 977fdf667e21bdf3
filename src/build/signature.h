/*
 * signature.h: the signature block (署名, 成文日期, 印章; GB/T 9704-2012 7.3.5) -> one
 * unbreakable group of grid lines.
 *
 * In: the layout (its "seal" width and "signature" settings), the signature's style and the
 * block (its organs or signers, date and seals, load/data.c). Out: one GW_V_LINES item kept
 * with the two lines before it (7.3.5.5), holding the names, titles and date as text items
 * and the seals and stamps as image items drawn with the Multiply blend mode; or errors when
 * the signature does not fit a page or its line.
 */
#ifndef GW_BUILD_SIGNATURE_H
#define GW_BUILD_SIGNATURE_H

#include "../base/diag.h"
#include "../model.h"
#include "build.h"

/* Appends the signature block b set in style st; returns 0, or -1 after adding errors. */
int gw_build_signature(const gw_layout *l, const gw_style *st, const gw_block *b, gw_diags *d,
                       gw_vlist *vl);

#endif
