/*
 * record.c: "attachments" and "record" of the data -> gw_doc (see record.h).
 *
 *   "attachments": [{"title": TEXT, "body": [BLOCK, ...]}, ...]        附件 (7.3.7)
 *   "record": {"to": TEXT, "cc": TEXT, "printer": TEXT, "date": DATE}   版记 (7.4)
 *
 * DATE is "YYYY-MM-DD" (printed 2018年12月24日, no leading zeros, 7.4.3), or any other
 * text, printed as given (一九九七年四月八日); a string of only ASCII digits and '-' is read
 * as YYYY-MM-DD, so a bad one stays an error.
 */
#include "record.h"

#include <stdlib.h>
#include <string.h>

#include "../base/util.h"
#include "data.h"
#include "values.h"

static void read_attachment(const gw_json *j, gw_diags *d, const cJSON *v, int *budget,
                            gw_attachment *a)
{
	static const char *const keys[] = {"title", "body", NULL};
	a->src.json = j;
	a->src.node = v;
	if (!cJSON_IsObject(v)) {
		gw_json_error(j, d, v, 0,
		              "expected an attachment {\"title\": \"...\", \"body\": [...]}");
		return;
	}
	gw_json_check_keys(j, d, v, keys);
	const cJSON *m;
	if ((m = gw_require(j, d, v, "title")))
		gw_read_text(j, d, m, &a->title);
	if (!(m = gw_require(j, d, v, "body")))
		return;
	if (!cJSON_IsArray(m)) {
		gw_json_error(j, d, m, 0, "expected an array of blocks");
		return;
	}
	int count = cJSON_GetArraySize(m);
	if (count > *budget) {
		gw_json_error(j, d, m, 0, "more than %d blocks", GW_MAX_BLOCKS);
		*budget = 0;
		return;
	}
	*budget -= count;
	a->blocks = gw_xcalloc((size_t)count + 1, sizeof *a->blocks);
	for (const cJSON *b = m->child; b; b = b->next)
		gw_read_block(j, d, b, &a->blocks[a->nblocks++]);
}

static void read_record(const gw_json *j, gw_diags *d, const cJSON *v, gw_record *r)
{
	static const char *const keys[] = {"to", "cc", "printer", "date", "even_page", NULL};
	r->src.json = j;
	r->src.node = v;
	if (!cJSON_IsObject(v)) {
		gw_json_error(j, d, v, 0,
		              "expected the 版记 {\"cc\": \"...\", \"printer\": \"...\", \"date\": "
		              "\"YYYY-MM-DD\"}");
		return;
	}
	gw_json_check_keys(j, d, v, keys);
	const cJSON *m;
	if ((m = gw_member(v, "even_page")))
		gw_json_error(j, d, m, 1,
		              "\"even_page\" is a setting of the layout (its \"record\": "
		              "{\"even_page\": false}), not of the data");
	if ((m = gw_member(v, "to")))
		gw_read_text(j, d, m, &r->to);
	if ((m = gw_member(v, "cc")))
		gw_read_text(j, d, m, &r->cc);
	/* GB/T 9704-2012 7.4.3: the 印发机关 and 印发日期 line is always part of the 版记 */
	if ((m = gw_require(j, d, v, "printer")))
		gw_read_text(j, d, m, &r->printer);
	if ((m = gw_require(j, d, v, "date"))) {
		gw_read_date_or_text(j, d, m, &r->date);
		r->date_src.json = j;
		r->date_src.node = m;
	}
}

void gw_load_flow(const gw_json *j, gw_diags *d, const cJSON *root, int *budget, gw_doc *doc)
{
	const cJSON *m;
	if ((m = gw_member(root, "attachments"))) {
		if (!cJSON_IsArray(m)) {
			gw_json_error(j, d, m, 0,
			              "expected an array of attachments such as [{\"title\": "
			              "\"...\", \"body\": [...]}]");
		} else {
			int count = cJSON_GetArraySize(m);
			if (count > *budget) {
				gw_json_error(j, d, m, 0,
				              "more than %d blocks (an attachment counts as one)",
				              GW_MAX_BLOCKS);
				*budget = 0;
			} else {
				*budget -= count;
				doc->attachments =
				        gw_xcalloc((size_t)count + 1, sizeof *doc->attachments);
				for (const cJSON *a = m->child; a; a = a->next)
					read_attachment(j, d, a, budget,
					                &doc->attachments[doc->nattachments++]);
			}
		}
	}
	if ((m = gw_member(root, "record"))) {
		doc->record = gw_xcalloc(1, sizeof *doc->record);
		read_record(j, d, m, doc->record);
	}
}

void gw_flow_drop(gw_doc *doc)
{
	for (int i = 0; i < doc->nattachments; i++) {
		gw_attachment *a = &doc->attachments[i];
		for (int k = 0; k < a->nblocks; k++)
			gw_block_free(&a->blocks[k]);
		free(a->blocks);
	}
	free(doc->attachments);
	doc->attachments = NULL;
	doc->nattachments = 0;
	free(doc->record);
	doc->record = NULL;
}
