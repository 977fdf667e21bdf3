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
 * values that are not numbers, "" or null or figures with units; unknown or fixed heading and
 * label ids; failed error-level checks. Warnings: warning-level checks, and figures the data
 * gives for sums that differ from the computed ones (errors with GW_RESOLVE_STRICT). Notes: each
 * heading or label the data's "headings" and "labels" replace.
 */
#ifndef GW_RESOLVE_H
#define GW_RESOLVE_H

#include "../base/diag.h"
#include "../model.h"
#include "template.h"

/*
 * Resolves doc (in place) against l. flags (resolve/template.h): GW_RESOLVE_FORCE reports
 * failed error-level checks as warnings (render --force); GW_RESOLVE_STRICT makes published
 * figures that are not their sums and failed warning-level checks errors (--strict). Returns -1
 * after errors that leave no document to build; else the number of failed checks and figures
 * reported as errors (0 with GW_RESOLVE_FORCE).
 */
int gw_resolve(const gw_layout *l, gw_doc *doc, int flags, gw_diags *d);

#endif
