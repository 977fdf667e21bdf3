/*
 * blocks.h: the 主体's paragraph forms of data format v1 -> gw_block (issue 11).
 *
 * In: the value of a block's kind key ("p" as an object, "to", "note", "attachment_note",
 * "attendance"). Out: the block's text, runs, alignment, indent, label or items, pointing into
 * the JSON tree; every error of the value (wrong types, unknown keys with hints, empty texts)
 * and the warnings of GB/T 9704-2012 7.3.4 (no punctuation after an attachment's name) go to d.
 * Style names of runs are checked against the layout later (build/para.c), so `check` and
 * `render` report them alike.
 */
#ifndef GW_LOAD_BLOCKS_H
#define GW_LOAD_BLOCKS_H

#include "../base/diag.h"
#include "../model.h"

/* Reads m, the value of b's kind key (b->kind is set), for the kinds above. */
void gw_read_para_block(const gw_json *j, gw_diags *d, const cJSON *m, gw_block *b);

#endif
