/*
 * record.h: the data's "attachments" (附件, GB/T 9704-2012 7.3.7) and "record" (版记, 7.4)
 * -> gw_doc.attachments and gw_doc.record (docs/data-format.md).
 *
 * In: the data's root object. Out: the attachments (title and body blocks, read with
 * gw_read_block) and the record (主送, 抄送, 印发机关, 印发日期), with every error of the
 * file at its position: unknown keys, wrong types, empty texts, bad dates, more blocks than
 * GW_MAX_BLOCKS (each attachment counts as one block besides its body's).
 */
#ifndef GW_LOAD_RECORD_H
#define GW_LOAD_RECORD_H

#include "../base/diag.h"
#include "../model.h"

/* Reads "attachments" and "record" of root (file j) into doc; *budget is the number of
 * blocks still allowed and is lowered. */
void gw_load_flow(const gw_json *j, gw_diags *d, const cJSON *root, int *budget, gw_doc *doc);

/* Frees doc's attachments (their blocks) and record. */
void gw_flow_drop(gw_doc *doc);

#endif
