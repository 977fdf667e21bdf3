/*
 * data.h: report data v1 (docs/data-format.md) -> gw_doc.
 *
 * In: the loaded data JSON. Out: a gw_doc whose texts point into the JSON tree (which must
 * outlive it), with every error of the file collected: unknown keys (with hints), wrong
 * types, blocks with no or several kind keys, bad dates, missing or unusable seal images,
 * tables that do not form a grid (load/table.h).
 */
#ifndef GW_LOAD_DATA_H
#define GW_LOAD_DATA_H

#include "../base/diag.h"
#include "../model.h"

/* Reads j into a new doc; returns NULL when errors were added to d. */
gw_doc *gw_load_data(const gw_json *j, gw_diags *d);

void gw_doc_drop(gw_doc *doc);

#endif
