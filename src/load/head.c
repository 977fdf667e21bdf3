/*
 * head.c: the data's "head" and the layout's "head" (see head.h).
 */
#include "head.h"

#include <stdlib.h>
#include <string.h>

#include "../base/util.h"
#include "colors.h"
#include "values.h"

#define GW_MAX_HEAD_LIST 50 /* organs or 签发人 in one 版头 */

/*
 * One line of the 版头: a non-empty string without a line break (7.2: every element is set
 * on one line; several organs are given as a list, not with "\n"). what names it in messages.
 */
static void read_line(const gw_json *j, gw_diags *d, const cJSON *v, const char *what, gw_text *t)
{
	const char *s;
	if (!gw_read_string(j, d, v, &s))
		return;
	size_t len = strlen(s);
	if (len == 0) {
		gw_json_error(j, d, v, 0, "the %s is empty", what);
		return;
	}
	if (len > GW_MAX_TEXT_BYTES) {
		gw_json_error(j, d, v, 0, "text is longer than %u bytes", GW_MAX_TEXT_BYTES);
		return;
	}
	const char *nl = memchr(s, '\n', len);
	if (nl) {
		gw_json_error_at_text(j, d, v, (size_t)(nl - s),
		                      "a line break (\\n) is not allowed in the %s: it is set on "
		                      "one line%s",
		                      what,
		                      strcmp(what, "发文机关标志 (issuer)") == 0
		                              ? " (for joint issuance give a list of organs)"
		                              : "");
		return;
	}
	t->s = s;
	t->len = len;
	t->src.json = j;
	t->src.node = v;
}

/* A string or a non-empty array of strings: the lines of a list (organs, signers). */
static gw_text *read_list(const gw_json *j, gw_diags *d, const cJSON *v, const char *what,
                          const char *plural, int *n)
{
	*n = 0;
	if (cJSON_IsString(v)) {
		gw_text *t = gw_xcalloc(1, sizeof *t);
		read_line(j, d, v, what, &t[0]);
		*n = 1;
		return t;
	}
	if (!cJSON_IsArray(v)) {
		gw_json_error(j, d, v, 0, "expected the %s as a string, or a list of %s", what,
		              plural);
		return NULL;
	}
	int count = cJSON_GetArraySize(v);
	if (count == 0) {
		gw_json_error(j, d, v, 0, "the list of %s is empty: give at least one", plural);
		return NULL;
	}
	if (count > GW_MAX_HEAD_LIST) {
		/* far more than a 版头 holds: 50 organs at 小初 fill four pages */
		gw_json_error(j, d, v, 0, "more than %d %s", GW_MAX_HEAD_LIST, plural);
		return NULL;
	}
	gw_text *t = gw_xcalloc((size_t)count, sizeof *t);
	for (const cJSON *m = v->child; m; m = m->next)
		read_line(j, d, m, what, &t[(*n)++]);
	return t;
}

gw_head *gw_load_head(const gw_json *j, gw_diags *d, const cJSON *v)
{
	static const char *const keys[] = {"copy_no", "secrecy", "urgency", "issuer",
	                                   "suffix",  "number",  "signers", NULL};
	gw_head *h = gw_xcalloc(1, sizeof *h);
	h->src.json = j;
	h->src.node = v;
	if (!gw_read_object(j, d, v))
		return h;
	gw_json_check_keys(j, d, v, keys);
	const cJSON *m;
	if ((m = gw_member(v, "copy_no"))) {
		read_line(j, d, m, "份号 (copy_no)", &h->copy_no);
		/* GB/T 9704-2012 7.2.1: "一般用6位3号阿拉伯数字" (usually: a warning) */
		int six = h->copy_no.len == 6;
		for (size_t i = 0; six && i < 6; i++)
			six = h->copy_no.s[i] >= '0' && h->copy_no.s[i] <= '9';
		if (h->copy_no.len && !six)
			gw_json_warning(j, d, m, 0,
			                "a 份号 is usually 6 Arabic digits, such as \"000001\" "
			                "(GB/T 9704-2012 7.2.1); set as given");
	}
	if ((m = gw_member(v, "secrecy")))
		read_line(j, d, m, "密级 (secrecy)", &h->secrecy);
	if ((m = gw_member(v, "urgency")))
		read_line(j, d, m, "紧急程度 (urgency)", &h->urgency);
	if ((m = gw_member(v, "issuer")))
		h->issuers = read_list(j, d, m, "发文机关标志 (issuer)", "organs", &h->nissuers);
	if ((m = gw_member(v, "suffix")))
		read_line(j, d, m, "suffix", &h->suffix);
	if ((m = gw_member(v, "number")))
		read_line(j, d, m, "发文字号 (number)", &h->number);
	if ((m = gw_member(v, "signers")))
		h->signers = read_list(j, d, m, "签发人 (signers)", "signers", &h->nsigners);
	if (h->suffix.len && !h->nissuers)
		gw_json_error(j, d, gw_member(v, "suffix"), 1,
		              "a suffix (\"%.*s\") follows the issuing organs: give \"issuer\" too",
		              (int)(h->suffix.len < 60 ? h->suffix.len : 60), h->suffix.s);
	return h;
}

void gw_head_free(gw_head *h)
{
	if (!h)
		return;
	free(h->issuers);
	free(h->signers);
	free(h);
}

/* === the layout's "head" === */

/* Finds entry key among the merged head entries; {NULL, NULL} when absent. */
static gw_lval entry(const gw_lval *e, int n, const char *key)
{
	for (int i = 0; i < n; i++)
		if (strcmp(e[i].v->string, key) == 0)
			return e[i];
	return (gw_lval){NULL, NULL};
}

/* A style named by entry key (required); -1 after an error. */
static int style_entry(const gw_lval *e, int n, const char *key, const gw_lval *at, gw_diags *d,
                       const gw_layout *l)
{
	gw_lval v = entry(e, n, key);
	const char *s;
	if (!v.v) {
		gw_json_error(at->j, d, at->v, 0, "missing key \"%s\"", key);
		return -1;
	}
	if (!gw_read_string(v.j, d, v.v, &s))
		return -1;
	const char **names = gw_xcalloc((size_t)l->nstyles + 1, sizeof *names);
	for (int i = 0; i < l->nstyles; i++) {
		if (strcmp(l->styles[i].name, s) == 0) {
			free(names);
			return i;
		}
		names[i] = l->styles[i].name;
	}
	const char *hint = gw_did_you_mean(s, names);
	if (hint)
		gw_json_error(v.j, d, v.v, 0, "unknown style \"%s\" (did you mean \"%s\"?)", s,
		              hint);
	else
		gw_json_error(v.j, d, v.v, 0, "unknown style \"%s\"", s);
	free(names);
	return -1;
}

/* A length entry; *out keeps its default when absent. Returns the entry. */
static gw_lval length_entry(const gw_lval *e, int n, const char *key, gw_diags *d, gw_len *out)
{
	gw_lval v = entry(e, n, key);
	if (v.v)
		gw_read_length(v.j, d, v.v, out);
	return v;
}

static gw_lval int_entry(const gw_lval *e, int n, const char *key, int lo, int hi, gw_diags *d,
                         int *out)
{
	gw_lval v = entry(e, n, key);
	if (v.v)
		gw_read_int(v.j, d, v.v, lo, hi, out);
	return v;
}

void gw_load_layout_head(const gw_chain *c, gw_diags *d, gw_layout *l, int geometry)
{
	static const char *const keys[] = {
	        "format",         "issuer_style",     "issuer_top",    "issuer_fit",
	        "issuer_leading", "number_style",     "number_space",  "number_below",
	        "rule",           "rule_below",       "rule_width",    "rule_thin",
	        "rule_gap",       "rule_length",      "rule_bottom",   "rule_color",
	        "copy_no_style",  "secrecy_style",    "urgency_style", "signer_label_style",
	        "signer_style",   "signers_per_line", "title_space",   NULL};
	static const char *const formats[] = {"document", "letter", "order", "minutes", NULL};
	gw_layout_head *h = &l->head;
	gw_lval at = gw_chain_value(c, "head");
	if (!at.v || !cJSON_IsObject(at.v)) {
		if (at.v)
			gw_read_object(at.j, d, at.v); /* the error */
		return;
	}
	/* every file's own "head" has only known keys */
	for (int i = 0; i < c->n; i++) {
		const cJSON *o = gw_member(gw_json_root(c->files[i]), "head");
		if (cJSON_IsObject(o))
			gw_json_check_keys(c->files[i], d, o, keys);
	}
	gw_lval *e;
	int n;
	gw_chain_entries(c, "head", d, &e, &n);
	h->present = 1;
	h->src.json = at.j;
	h->src.node = at.v;
	gw_lval v = entry(e, n, "format");
	const char *s;
	if (v.v && gw_read_string(v.j, d, v.v, &s)) {
		int k = 0;
		while (formats[k] && strcmp(formats[k], s) != 0)
			k++;
		if (formats[k]) {
			h->format = (gw_head_format)k;
		} else {
			const char *hint = gw_did_you_mean(s, formats);
			gw_json_error(
			        v.j, d, v.v, 0,
			        "unknown head format \"%s\" (%s%s%sexpected document, letter, "
			        "order or minutes)",
			        s, hint ? "did you mean \"" : "", hint ? hint : "",
			        hint ? "\"? " : "");
		}
	}
	/* defaults by format: GB/T 9704-2012 7.2.4 (35 mm below the type area), 10.1 (信函:
	 * 30 mm from the page top, 170 mm double rules 20 mm above the page bottom), 10.2 (命令:
	 * 20 mm, no separator) */
	h->issuer_top = gw_mm(h->format == GW_HEAD_LETTER  ? 30
	                      : h->format == GW_HEAD_ORDER ? 20
	                                                   : 35);
	h->fit = GW_FIT_COMPRESS;
	h->number_space = 2; /* 7.2.5: 发文机关标志下空二行 */
	h->number_below = 14000; /* 10.1: 7/8 of a 3号 character's height */
	h->rule = h->format != GW_HEAD_ORDER;
	h->rule_below = gw_mm(4); /* 7.2.7, 10.1 */
	h->rule_width = gw_mm(0.35);
	h->rule_thin = gw_mm(0.35);
	h->rule_gap = gw_mm(0.5);
	h->rule_length = h->format == GW_HEAD_LETTER ? gw_mm(170) : 0;
	h->rule_bottom = gw_mm(20);
	h->rule_color = GW_RED; /* 7.2.7: red */
	h->signers_per_line = 2; /* 7.2.6: "一般每行排两个姓名" */
	h->title_space = 2; /* 7.3.1: 红色分隔线下空二行 */
	h->issuer_style = style_entry(e, n, "issuer_style", &at, d, l);
	h->number_style = style_entry(e, n, "number_style", &at, d, l);
	h->copy_no_style = style_entry(e, n, "copy_no_style", &at, d, l);
	h->secrecy_style = style_entry(e, n, "secrecy_style", &at, d, l);
	h->urgency_style = style_entry(e, n, "urgency_style", &at, d, l);
	h->signer_label_style = style_entry(e, n, "signer_label_style", &at, d, l);
	h->signer_style = style_entry(e, n, "signer_style", &at, d, l);
	gw_lval top = length_entry(e, n, "issuer_top", d, &h->issuer_top);
	if ((v = entry(e, n, "issuer_fit")).v && gw_read_string(v.j, d, v.v, &s)) {
		if (strcmp(s, "compress") == 0)
			h->fit = GW_FIT_COMPRESS;
		else if (strcmp(s, "shrink") == 0)
			h->fit = GW_FIT_SHRINK;
		else
			gw_json_error(v.j, d, v.v, 0,
			              "unknown fit \"%s\" (expected \"compress\": narrower "
			              "characters, or \"shrink\": a smaller size)",
			              s);
	}
	length_entry(e, n, "issuer_leading", d, &h->issuer_leading);
	int_entry(e, n, "number_space", 0, 20, d, &h->number_space);
	length_entry(e, n, "number_below", d, &h->number_below);
	if ((v = entry(e, n, "rule")).v)
		gw_read_bool(v.j, d, v.v, &h->rule);
	length_entry(e, n, "rule_below", d, &h->rule_below);
	length_entry(e, n, "rule_width", d, &h->rule_width);
	length_entry(e, n, "rule_thin", d, &h->rule_thin);
	length_entry(e, n, "rule_gap", d, &h->rule_gap);
	gw_lval len = length_entry(e, n, "rule_length", d, &h->rule_length);
	gw_lval bottom = length_entry(e, n, "rule_bottom", d, &h->rule_bottom);
	if ((v = entry(e, n, "rule_color")).v)
		gw_read_color(v.j, d, v.v, l, &h->rule_color);
	int_entry(e, n, "signers_per_line", 1, 10, d, &h->signers_per_line);
	int_entry(e, n, "title_space", 0, 20, d, &h->title_space);
	if (geometry) {
		/* lengths that would put the 版头 off the page */
		if (len.v && h->rule_length > l->page_w)
			gw_json_error(len.j, d, len.v, 0,
			              "a rule %gmm long is wider than the page (%gmm)",
			              h->rule_length / (72000.0 / 25.4),
			              l->page_w / (72000.0 / 25.4));
		gw_len from = h->format == GW_HEAD_LETTER ? 0 : l->margin_top;
		if (top.v && from + h->issuer_top >= l->page_h)
			gw_json_error(top.j, d, top.v, 0,
			              "the 发文机关标志 would start below the page");
		if (bottom.v && h->rule_bottom >= l->page_h)
			gw_json_error(bottom.j, d, bottom.v, 0,
			              "the bottom rule would lie above the page");
	}
	free(e);
}
