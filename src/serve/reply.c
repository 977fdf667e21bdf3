/*
 * reply.c: the service's JSON answers (cJSON).
 *
 * In: a document's diagnostics (gongwen.h), or one message. Out: the bodies of 422 and
 * check answers and of errors, as compact JSON:
 *
 *   {"status": "bad input", "pages": 0, "diagnostics": [
 *     {"file": "<request>", "line": 12, "column": 17, "pointer": "/body/3/signature/seal",
 *      "severity": "error", "message": "seal \"../x.png\" is outside the allowed folders"}]}
 *
 * A position that a diagnostic lacks is null (file, pointer) or 0 (line, column).
 */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/util.h"
#include "serve.h"

/* The severity's word, as gw_diags_print writes it. */
static const char *severity_word(gw_severity s)
{
	return s == GW_SEV_ERROR ? "error" : s == GW_SEV_WARNING ? "warning" : "note";
}

/* cJSON_AddStringToObject, or null for NULL. */
static void add_string(cJSON *o, const char *key, const char *s)
{
	if (s)
		cJSON_AddStringToObject(o, key, s);
	else
		cJSON_AddNullToObject(o, key);
}

/* Prints o compactly into a malloc'ed string (aborts when out of memory) and frees o. */
static char *print(cJSON *o, size_t *len)
{
	char *s = o ? cJSON_PrintUnformatted(o) : NULL;
	cJSON_Delete(o);
	if (!s) {
		/* cJSON could not allocate: as gw_xmalloc does (base/util.h), give up */
		fputs("gongwen serve: out of memory\n", stderr);
		abort();
	}
	/* cJSON allocates with malloc (its default hooks): the caller frees with free() */
	*len = strlen(s);
	return s;
}

/* The answer of a document: status, pages (when >= 0) and every diagnostic. */
char *gw_serve_diags_json(const gw_diags *d, const char *status, int pages, const char *data_name,
                          const char *shown_name, size_t *len)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "status", status);
	if (pages >= 0)
		cJSON_AddNumberToObject(o, "pages", pages);
	cJSON *a = cJSON_AddArrayToObject(o, "diagnostics");
	int n = d ? gw_diags_count(d) : 0;
	for (int i = 0; i < n; i++) {
		const gw_diag *g = gw_diags_get(d, i);
		cJSON *e = cJSON_CreateObject();
		const char *file = g->file;
		if (file && data_name && strcmp(file, data_name) == 0)
			file = shown_name;
		add_string(e, "file", file);
		cJSON_AddNumberToObject(e, "line", g->line);
		cJSON_AddNumberToObject(e, "column", g->col);
		add_string(e, "pointer", g->pointer);
		cJSON_AddStringToObject(e, "severity", severity_word(g->severity));
		add_string(e, "message", g->msg);
		cJSON_AddItemToArray(a, e);
	}
	return print(o, len);
}

/* {"status": "error", "message": msg}. */
char *gw_serve_error_json(const char *msg, size_t *len)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "status", "error");
	cJSON_AddStringToObject(o, "message", msg);
	return print(o, len);
}
