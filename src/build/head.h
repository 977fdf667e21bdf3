/*
 * head.h: the 版头 (GB/T 9704-2012 7.2; 10.1 信函, 10.2 命令, 10.3 纪要) -> vertical items.
 *
 * In: the layout's head settings (gw_layout.head) and the data's head (gw_doc.head). Out: the
 * first vertical item of page 1, grid lines high, whose items sit at exact positions from
 * the type area's top (份号/密级/紧急程度 on grid lines 1-3, the red 发文机关标志 35 mm down,
 * the 发文字号, 签发人, the red separator; for a 信函 also the double rules near the page's
 * bottom), followed by the blank lines before the title. Errors: a head in a layout without
 * head settings, texts no font has, a 版头 taller than the type area, elements that overlap.
 */
#ifndef GW_BUILD_HEAD_H
#define GW_BUILD_HEAD_H

#include "../base/diag.h"
#include "../model.h"
#include "build.h"

/* Appends the 版头 of doc (which has one) to vl; returns 0, or -1 after adding errors. */
int gw_build_head(const gw_layout *l, const gw_doc *doc, gw_diags *d, gw_vlist *vl);

#endif
