/*
 * record.h: the 版记 (GB/T 9704-2012 7.4) as one unbreakable block at the bottom of the
 * last page, and the check of the 附件说明 against the attachments (7.3.7).
 *
 * In: the layout and the doc (gw_doc.record, gw_doc.attachments, the body's attachment_note).
 * Out: a GW_V_BLOCK vitem with `bottom` set, appended to the vertical list (paginate/ puts it
 * on the bottom edge of the type area of the last page, an even page when the layout says so);
 * errors (a 版记 in a layout without one, a 版记 taller than the type area, an 印发 line too
 * long) and warnings (附件说明 names that do not match the attachments' titles).
 */
#ifndef GW_BUILD_RECORD_H
#define GW_BUILD_RECORD_H

#include "../base/diag.h"
#include "../model.h"
#include "build.h"

/* Appends the 版记 of doc (nothing when it has none); returns 0 or -1 after errors. */
int gw_build_record(const gw_layout *l, const gw_doc *doc, gw_diags *d, gw_vlist *out);

/* Warns when the body's 附件说明 does not name the attachments, in number and order. */
void gw_check_attachment_names(const gw_doc *doc, gw_diags *d);

#endif
