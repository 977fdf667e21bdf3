/*
 * test_flow.c: unit test of the 附件说明 check (build/record.h, GB/T 9704-2012 7.3.7): the
 * names of a body's attachment_note block against the attachments' titles.
 *
 * In: a data document parsed here, whose first block is then turned into an attachment_note
 * with the items set by hand (the block's loader is another part's: only the model is shared).
 * Out: "ok NAME" / "FAIL NAME: detail" lines and the closing count. Each warning has a
 * matching control that gives none.
 */
#include <stdlib.h>
#include <string.h>

#include "build/record.h"
#include "harness.h"
#include "load/data.h"
#include "load/json.h"

static const char *data = "{'body': [{'p': '附件：1. 办法'}],\n"
                          " 'attachments': [{'title': '测试\\n办法', 'body': []},\n"
                          "                 {'title': '分工表', 'body': []}]}";

/* The warnings printed when the note names the n names of v. */
static char *warnings(const char *const *v, int n)
{
	gw_diags d = {0};
	char *src = dq(data);
	gw_json *j = gw_json_parse(src, strlen(src), "d.json", &d);
	gw_doc *doc = j ? gw_load_data(j, &d) : NULL;
	char *out = NULL;
	if (doc && doc->nblocks == 1) {
		gw_block *b = &doc->blocks[0];
		gw_text *items = gw_xcalloc((size_t)n + 1, sizeof *items);
		for (int i = 0; i < n; i++) {
			items[i].s = v[i];
			items[i].len = strlen(v[i]);
			items[i].src = b->text.src;
		}
		b->kind = GW_BLOCK_ATTACH_NOTE;
		b->items = items;
		b->nitems = n;
		gw_check_attachment_names(doc, &d);
		b->items = NULL;
		b->nitems = 0;
		free(items);
		out = printed(&d);
	} else {
		out = gw_xstrdup("the data did not load");
	}
	gw_doc_drop(doc);
	gw_json_drop(j);
	gw_diags_clear(&d);
	free(src);
	return out;
}

int main(void)
{
	const char *same[] = {"测试办法", "分工表"};
	const char *one[] = {"测试办法"};
	const char *other[] = {"测试办法", "任务分工表"};
	char *w = warnings(same, 2);
	check(w && !*w, "attachment_note: the same names (a \\n in a title ignored): no warning",
	      "%s", w);
	free(w);
	w = warnings(one, 1);
	check(w && strcmp(w, "d.json:1:11: warning: the 附件说明 names 1 attachment and the "
	                     "document has 2 (\"attachments\"): GB/T 9704-2012 7.3.7 wants them to "
	                     "match (at /body/0)\n") == 0,
	      "attachment_note: one name for two attachments: a warning at the note", "%s", w);
	free(w);
	w = warnings(other, 2);
	check(w && strcmp(w, "d.json:1:17: warning: the 附件说明's item 2 is not the title of "
	                     "attachment 2 (\"分工表\"): GB/T 9704-2012 7.3.7 wants them to match "
	                     "(at /body/0/p)\n") == 0,
	      "attachment_note: a name that is not the title: a warning at the item", "%s", w);
	free(w);
	DONE();
}
