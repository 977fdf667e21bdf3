/*
 * blocks.c: the 主体's paragraph forms (see blocks.h and docs/data-format.md):
 *   {"p": {"text": T | "runs": [RUN...], "align": A, "indent": N}}, RUN = T or
 *   {"text": T, "style": S, "bold": B};
 *   {"to": T} 主送机关 (GB/T 9704-2012 7.3.2); {"note": T} 附注 (7.3.6);
 *   {"attachment_note": [T...] | T} 附件说明 (7.3.4);
 *   {"attendance": {"label": T, "text": T}} 纪要's 出席/请假/列席 (10.3).
 */
#include "blocks.h"

#include <stdlib.h>
#include <string.h>

#include "../base/utf8.h"
#include "../base/util.h"
#include "values.h"

static const char *const align_names[] = {"left", "center", "right", "justify", NULL};

/* "align": one of align_names, in gw_align order. */
static void read_align(const gw_json *j, gw_diags *d, const cJSON *v, int *out)
{
	const char *s;
	if (!gw_read_string(j, d, v, &s))
		return;
	for (int k = 0; align_names[k]; k++)
		if (strcmp(s, align_names[k]) == 0) {
			*out = k;
			return;
		}
	const char *hint = gw_did_you_mean(s, align_names);
	if (hint)
		gw_json_error(j, d, v, 0,
		              "unknown alignment \"%s\" (did you mean \"%s\"?): expected left, "
		              "center, right or justify",
		              s, hint);
	else
		gw_json_error(j, d, v, 0,
		              "unknown alignment \"%s\": expected left, center, right or justify",
		              s);
}

/* A run: a string (the paragraph's style) or {"text": T, "style": S, "bold": B}. */
static void read_run(const gw_json *j, gw_diags *d, const cJSON *v, gw_run *r)
{
	static const char *const keys[] = {"text", "style", "bold", NULL};
	if (cJSON_IsString(v)) {
		gw_read_text(j, d, v, &r->text);
		return;
	}
	if (!cJSON_IsObject(v)) {
		gw_json_error(
		        j, d, v, 0,
		        "expected a run: a string, or {\"text\": \"...\", \"style\": \"...\", "
		        "\"bold\": true}");
		return;
	}
	gw_json_check_keys(j, d, v, keys);
	const cJSON *m;
	if ((m = gw_require(j, d, v, "text")))
		gw_read_text(j, d, m, &r->text);
	if ((m = gw_member(v, "style")) && gw_read_string(j, d, m, &r->style)) {
		r->style_src.json = j;
		r->style_src.node = m;
	}
	int bold;
	if ((m = gw_member(v, "bold")) && gw_read_bool(j, d, m, &bold))
		r->bold = bold ? 1 : -1;
}

/* "p" as an object: {"text": T} or {"runs": [...]}, with "align" and "indent". */
static void read_p(const gw_json *j, gw_diags *d, const cJSON *v, gw_block *b)
{
	static const char *const keys[] = {"text", "runs", "align", "indent", NULL};
	gw_json_check_keys(j, d, v, keys);
	const cJSON *text = gw_member(v, "text"), *runs = gw_member(v, "runs"), *m;
	if (text && runs)
		gw_json_error(j, d, runs, 1, "a paragraph has \"text\" or \"runs\", not both");
	else if (!text && !runs)
		gw_json_error(j, d, v, 0, "missing key \"text\" (or \"runs\")");
	else if (text)
		gw_read_text(j, d, text, &b->text);
	else if (!cJSON_IsArray(runs) || !runs->child)
		gw_json_error(j, d, runs, 0,
		              "expected a non-empty array of runs (strings, or {\"text\": \"...\", "
		              "\"style\": \"...\", \"bold\": true})");
	else {
		int n = cJSON_GetArraySize(runs);
		if (n > GW_MAX_BLOCKS) {
			gw_json_error(j, d, runs, 0, "more than %d runs", GW_MAX_BLOCKS);
		} else {
			b->runs = gw_xcalloc((size_t)n, sizeof *b->runs);
			for (const cJSON *r = runs->child; r; r = r->next)
				read_run(j, d, r, &b->runs[b->nruns++]);
		}
	}
	if ((m = gw_member(v, "align")))
		read_align(j, d, m, &b->align);
	/* the upper bound is the layout's chars_per_line, checked in build/para.c */
	if ((m = gw_member(v, "indent")))
		gw_read_int(j, d, m, 0, 1000, &b->indent);
}

/* Characters a name in the 附件说明 must not end with (GB/T 9704-2012 7.3.4). */
static const uint32_t name_end_marks[] = {
        0x3002 /* 。 */, 0xFF0C /* ， */, 0xFF1B /* ； */, 0x3001 /* 、 */, '.', ',', ';', 0};

/* 附件说明's names: a string (one attachment, no number) or a non-empty array of strings. */
static void read_attach_note(const gw_json *j, gw_diags *d, const cJSON *v, gw_block *b)
{
	int n = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : 1;
	if (!cJSON_IsString(v) && !(cJSON_IsArray(v) && n > 0)) {
		gw_json_error(j, d, v, 0,
		              "expected the attachment's name, or a non-empty array of the "
		              "attachments' names");
		return;
	}
	if (n > GW_MAX_BLOCKS) {
		gw_json_error(j, d, v, 0, "more than %d attachments", GW_MAX_BLOCKS);
		return;
	}
	b->items = gw_xcalloc((size_t)n, sizeof *b->items);
	const cJSON *first = cJSON_IsArray(v) ? v->child : v;
	for (const cJSON *it = first; it; it = cJSON_IsArray(v) ? it->next : NULL) {
		gw_text *t = &b->items[b->nitems++];
		if (!gw_read_text(j, d, it, t))
			continue;
		/* GB/T 9704-2012 7.3.4: 附件名称后不加标点符号 */
		size_t off = t->len;
		while (off > 0 && ((unsigned char)t->s[off - 1] & 0xC0) == 0x80)
			off--;
		if (off > 0)
			off--;
		uint32_t cp;
		gw_utf8_decode((const unsigned char *)t->s + off, t->len - off, &cp);
		for (int k = 0; name_end_marks[k]; k++)
			if (cp == name_end_marks[k]) {
				gw_json_warning_at_text(
				        j, d, it, off,
				        "an attachment's name takes no punctuation "
				        "at its end (GB/T 9704-2012 7.3.4): the mark "
				        "is printed as given");
				break;
			}
	}
}

/* 纪要's attendance line: {"label": "出席", "text": "张三、李四"}. */
static void read_attendance(const gw_json *j, gw_diags *d, const cJSON *v, gw_block *b)
{
	static const char *const keys[] = {"label", "text", NULL};
	if (!cJSON_IsObject(v)) {
		gw_json_error(j, d, v, 0,
		              "expected {\"label\": \"出席\", \"text\": \"the names\"}");
		return;
	}
	gw_json_check_keys(j, d, v, keys);
	const cJSON *m;
	if ((m = gw_require(j, d, v, "label")))
		gw_read_text(j, d, m, &b->label);
	if ((m = gw_require(j, d, v, "text")))
		gw_read_text(j, d, m, &b->text);
}

void gw_read_para_block(const gw_json *j, gw_diags *d, const cJSON *m, gw_block *b)
{
	switch (b->kind) {
	case GW_BLOCK_P:
		if (cJSON_IsObject(m))
			read_p(j, d, m, b);
		else
			gw_read_text(j, d, m, &b->text);
		break;
	case GW_BLOCK_TO:
	case GW_BLOCK_NOTE:
		gw_read_text(j, d, m, &b->text);
		break;
	case GW_BLOCK_ATTACH_NOTE:
		read_attach_note(j, d, m, b);
		break;
	case GW_BLOCK_ATTENDANCE:
		read_attendance(j, d, m, b);
		break;
	default:
		break;
	}
}
