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

/*
 * Reads j into a new doc; returns NULL when errors were added to d. The doc has "body"'s
 * blocks, or (for a layout with a skeleton) the blocks of each slot and the "values" object,
 * which resolve/ binds once the layout is known.
 */
gw_doc *gw_load_data(const gw_json *j, gw_diags *d);

void gw_doc_drop(gw_doc *doc);

/*
 * Reads block v of file j (an object with one kind key: title, h1-h4, p, signature,
 * page_break, table) into b; errors go to d. A layout's skeleton reads its blocks with it too.
 */
void gw_read_block(const gw_json *j, gw_diags *d, const cJSON *v, gw_block *b);

/* Reads member m of a block object, whose key names the block's kind, into b (b->src set by
 * the caller): what gw_read_block does once the object has its one kind key (a template
 * layout's skeleton heading also has "id" and "fixed", load/template.c). */
void gw_read_block_kind(const gw_json *j, gw_diags *d, const cJSON *m, gw_block *b);

/* The kind keys of a block, in gw_block_kind order, NULL-terminated. */
extern const char *const gw_block_kind_keys[];

/* Frees what block b owns (organs and their seals, table) unless it is borrowed; b is not freed. */
void gw_block_free(gw_block *b);

#endif
