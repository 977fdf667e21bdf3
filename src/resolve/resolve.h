/*
 * resolve.h: a template layout's skeleton and the data's slots and values -> the document's
 * blocks (docs/templates.md); the stage between load/ and build/.
 *
 * In: a loaded layout and data. Out, for a layout with a skeleton: gw_doc.blocks in the
 * skeleton's order, each slot replaced by the data's blocks for it and each template by an
 * ordinary table whose value cells hold the data's values (bound by key) and whose sum cells
 * hold their sums; every check evaluated. For a layout without one: the data's body as it is.
 * Errors: data of the wrong form for the layout (a body for a skeleton, slots or values for a
 * plain layout), unknown slots, templates, row, column and other keys (with "did you mean"),
 * values that are not numbers, "" or null; failed error-level checks. Warnings: warning-level
 * checks, and sums the data gives that differ from the computed ones.
 */
#ifndef GW_RESOLVE_H
#define GW_RESOLVE_H

#include "../base/diag.h"
#include "../model.h"

/*
 * Resolves doc (in place) against l. With force, failed error-level checks are reported as
 * warnings (render --force). Returns -1 after errors that leave no document to build; else
 * the number of error-level checks that failed and were reported as errors (0 with force).
 */
int gw_resolve(const gw_layout *l, gw_doc *doc, int force, gw_diags *d);

#endif
