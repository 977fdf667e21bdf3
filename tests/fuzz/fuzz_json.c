/*
 * fuzz_json.c: fuzz target for load/json.c.
 *
 * In: any bytes, given to gw_json_parse as one file. Out: nothing; it aborts when an
 * invariant breaks, so libFuzzer (or the fuzz_main.c replayer under ASan/UBSan) reports it.
 *
 * Invariants checked: a load either succeeds without diagnostics or fails with at least
 * one; every diagnostic formats; on success every item has a position (line, column >= 1),
 * a JSON pointer that leads back to the same item (keys are unique after loading), and text
 * positions that never go backwards along a string; the key-hint helpers do not crash.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "load/json.h"
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 1 when p is a real position. */
static int has_pos(gw_srcpos p)
{
	return p.line >= 1 && p.col >= 1;
}

/*
 * Follows RFC 6901 pointer ptr from root; NULL when it leads nowhere.
 */
static const cJSON *resolve(const cJSON *root, const char *ptr)
{
	const cJSON *v = root;
	gw_buf tok = {0};
	while (v && *ptr == '/') {
		tok.len = 0;
		gw_buf_put(&tok, "", 0); /* tok.data is "" for an empty token */
		for (ptr++; *ptr && *ptr != '/'; ptr++) {
			if (ptr[0] == '~' && ptr[1] == '0')
				gw_buf_putc(&tok, '~'), ptr++;
			else if (ptr[0] == '~' && ptr[1] == '1')
				gw_buf_putc(&tok, '/'), ptr++;
			else
				gw_buf_putc(&tok, *ptr);
		}
		if (cJSON_IsArray(v))
			v = cJSON_GetArrayItem(v, atoi(tok.data));
		else if (cJSON_IsObject(v))
			v = cJSON_GetObjectItemCaseSensitive(v, tok.data);
		else
			v = NULL;
	}
	gw_buf_free(&tok);
	return *ptr ? NULL : v;
}

/*
 * Checks the invariants on item and its descendants.
 */
static void visit(const gw_json *j, const cJSON *item, gw_diags *d)
{
	static const char *const names[] = {"type", "text", "style", "rows", "colspan", NULL};
	CHECK(has_pos(gw_json_pos(j, item)) && has_pos(gw_json_key_pos(j, item)));
	char *ptr = gw_json_pointer(j, item);
	CHECK(resolve(gw_json_root(j), ptr) == item);
	free(ptr);
	if (cJSON_IsString(item)) {
		size_t n = strlen(item->valuestring);
		gw_srcpos last = gw_json_text_pos(j, item, 0);
		for (size_t k = 1; k <= n + 1 && k < 256; k++) {
			gw_srcpos p = gw_json_text_pos(j, item, k);
			CHECK(has_pos(p));
			CHECK(p.line > last.line || (p.line == last.line && p.col >= last.col));
			last = p;
		}
	}
	if (item->string)
		(void)gw_did_you_mean(item->string, names);
	if (cJSON_IsObject(item))
		gw_json_check_keys(j, d, item, names);
	for (const cJSON *c = item->child; c; c = c->next)
		visit(j, c, d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gw_diags d = {0};
	gw_json *j = gw_json_parse((const char *)data, size, "fuzz.json", &d);
	CHECK(j ? d.n == 0 : d.n > 0);
	for (int i = 0; i < d.n; i++)
		free(gw_diag_format(&d.v[i]));
	if (j) {
		visit(j, gw_json_root(j), &d);
		for (int i = 0; i < d.n; i++)
			free(gw_diag_format(&d.v[i]));
	}
	gw_json_drop(j);
	gw_diags_clear(&d);
	return 0;
}
