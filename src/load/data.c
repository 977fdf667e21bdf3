/*
 * data.c: report data v1 -> gw_doc (see data.h, docs/data-format.md and, for "slots" and
 * "values", docs/templates.md section 4).
 */
#include "data.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/utf8.h"
#include "../base/util.h"
#include "blocks.h"
#include "head.h"
#include "image.h"
#include "record.h"
#include "table.h"
#include "values.h"

static const char *const top_keys[] = {"$schema", "layout",      "meta",   "head",
                                       "body",    "slots",       "values", "headings",
                                       "labels",  "attachments", "record", NULL};
static const char *const meta_keys[] = {"title", "author", "subject", "keywords", "date", NULL};
const char *const gw_block_kind_keys[] = {"title",
                                          "h1",
                                          "h2",
                                          "h3",
                                          "h4",
                                          "p",
                                          "signature",
                                          "page_break",
                                          "table",
                                          "to",
                                          "attachment_note",
                                          "note",
                                          "attendance",
                                          NULL};

/*
 * Reads a seal (or signature stamp) image: a PNG file, relative to the data file, decoded
 * whole here (load/image.h), so that a file that is missing, not a file, not a PNG, damaged
 * or over the size limits is an error at its position, in `check` as in `render`, and the
 * painter only ever gets pixels. In a confined context (base/rt.h, through the file's
 * runtime) a file outside the allowed folders is refused unread.
 */
static void read_seal(const gw_json *j, gw_diags *d, const cJSON *v, const char *what, gw_organ *o)
{
	const char *s;
	if (!gw_read_string(j, d, v, &s))
		return;
	char *dir = gw_dirname(gw_json_name(j));
	char *path = gw_path_join(dir, s);
	free(dir);
	if (!gw_rt_allowed(gw_json_rt(j), path)) {
		gw_json_error(j, d, v, 0, "%s \"%s\" is outside the allowed folders", what, s);
		free(path);
		return;
	}
	char err[300];
	gw_image *im = gw_image_read_png(path, err, sizeof err);
	if (!im) {
		gw_json_error(j, d, v, 0, "%s file \"%s\" %s", what, s, err);
		free(path);
		return;
	}
	o->seal_path = path;
	o->seal = im;
}

/* The array of organs or signers at v: at most GW_MAX_SIG_ORGANS, at least one. */
static int organ_array(const gw_json *j, gw_diags *d, const cJSON *v, const char *what)
{
	if (!cJSON_IsArray(v)) {
		gw_json_error(j, d, v, 0, "expected an array of %s", what);
		return 0;
	}
	int n = cJSON_GetArraySize(v);
	if (n == 0)
		gw_json_error(j, d, v, 0, "expected at least one of the %s", what);
	else if (n > GW_MAX_SIG_ORGANS)
		gw_json_error(j, d, v, 0, "a signature has at most %d %s; this one has %d",
		              GW_MAX_SIG_ORGANS, what, n);
	else
		return n;
	return 0;
}

/*
 * "orgs" (joint issuance, GB/T 9704-2012 7.3.5.1 and 7.3.5.2): [{"org": T, "seal": PNG}, ...],
 * lead organ first; every organ has a seal or none has (7.3.5.1: each organ's seal presses on
 * its own name), so the first organ that differs from the lead's is an error.
 */
static void read_orgs(const gw_json *j, gw_diags *d, const cJSON *v, gw_block *b)
{
	static const char *const keys[] = {"org", "seal", NULL};
	int n = organ_array(j, d, v, "organs");
	if (!n)
		return;
	b->organs = gw_xcalloc((size_t)n, sizeof *b->organs);
	int k = 0, sealed = -1, mixed = 0;
	for (const cJSON *e = v->child; e; e = e->next, k++) {
		gw_organ *o = &b->organs[b->norgans++];
		o->src.json = j;
		o->src.node = e;
		if (!gw_read_object(j, d, e))
			continue;
		gw_json_check_keys(j, d, e, keys);
		const cJSON *m;
		if ((m = gw_require(j, d, e, "org")))
			gw_read_text(j, d, m, &o->org);
		int has = (m = gw_member(e, "seal")) != NULL;
		if (has)
			read_seal(j, d, m, "seal", o);
		if (sealed < 0) {
			sealed = has;
		} else if (has != sealed && !mixed) {
			mixed = 1;
			gw_json_error(j, d, has ? m : e, 0,
			              "organ %d has %s \"seal\" and the lead organ %s: in joint "
			              "issuance every organ seals its name or none does (GB/T "
			              "9704-2012 7.3.5)",
			              k + 1, has ? "a" : "no", sealed ? "has one" : "has none");
		}
	}
	b->sig_mode = sealed == 1 ? GW_SIG_SEAL : GW_SIG_PLAIN;
}

/*
 * "signers" (签发人签名章, GB/T 9704-2012 7.3.5.3): [{"title": T, "stamp": PNG} or
 * {"title": T, "name": T}, ...], lead organ's signer first.
 */
static void read_signers(const gw_json *j, gw_diags *d, const cJSON *v, gw_block *b)
{
	static const char *const keys[] = {"title", "stamp", "name", NULL};
	int n = organ_array(j, d, v, "signers");
	if (!n)
		return;
	b->organs = gw_xcalloc((size_t)n, sizeof *b->organs);
	b->sig_mode = GW_SIG_STAMP;
	for (const cJSON *e = v->child; e; e = e->next) {
		gw_organ *o = &b->organs[b->norgans++];
		o->src.json = j;
		o->src.node = e;
		if (!gw_read_object(j, d, e))
			continue;
		gw_json_check_keys(j, d, e, keys);
		const cJSON *m, *stamp = gw_member(e, "stamp"), *name = gw_member(e, "name");
		if ((m = gw_require(j, d, e, "title")))
			gw_read_text(j, d, m, &o->title);
		if (stamp && name)
			gw_json_error(j, d, name, 1,
			              "a signer has a \"stamp\" (the signature stamp's image) or a "
			              "\"name\", not both");
		else if (stamp)
			read_seal(j, d, stamp, "stamp", o);
		else if (name)
			gw_read_text(j, d, name, &o->name);
		else
			gw_json_error(
			        j, d, e, 0,
			        "missing key \"stamp\" (the signature stamp's PNG) or \"name\"");
	}
}

/*
 * A signature (GB/T 9704-2012 7.3.5): {"org", "date", "seal"} for one organ, {"orgs",
 * "date"} for joint issuance, {"signers", "date"} for signature stamps. The date is
 * "YYYY-MM-DD" or the text to print.
 */
static void read_signature(const gw_json *j, gw_diags *d, const cJSON *v, gw_block *b)
{
	static const char *const keys[] = {"org", "orgs", "signers", "date", "seal", NULL};
	if (!gw_read_object(j, d, v))
		return;
	gw_json_check_keys(j, d, v, keys);
	const cJSON *m, *org = gw_member(v, "org"), *orgs = gw_member(v, "orgs"),
	                *signers = gw_member(v, "signers"), *seal = gw_member(v, "seal");
	if (!!org + !!orgs + !!signers > 1) {
		const cJSON *second = org && orgs ? orgs : signers;
		gw_json_error(j, d, second, 1,
		              "a signature has one of \"org\" (one organ), \"orgs\" (joint "
		              "issuance) and \"signers\" (signature stamps), not several");
	} else if (org) {
		b->organs = gw_xcalloc(1, sizeof *b->organs);
		b->norgans = 1;
		gw_organ *o = &b->organs[0];
		o->src.json = j;
		o->src.node = v;
		gw_read_text(j, d, org, &o->org);
		if (seal)
			read_seal(j, d, seal, "seal", o);
		b->sig_mode = seal ? GW_SIG_SEAL : GW_SIG_PLAIN;
		seal = NULL;
	} else if (orgs) {
		read_orgs(j, d, orgs, b);
	} else if (signers) {
		read_signers(j, d, signers, b);
	} else {
		gw_json_error(
		        j, d, v, 0,
		        "missing key \"org\" (or \"orgs\" for joint issuance, \"signers\" for "
		        "signature stamps)");
	}
	if (seal && (orgs || signers))
		gw_json_error(j, d, seal, 1,
		              orgs ? "with \"orgs\" each organ gives its own \"seal\""
		                   : "with \"signers\" each signer gives its own \"stamp\"");
	if ((m = gw_require(j, d, v, "date"))) {
		gw_read_date_or_text(j, d, m, &b->date);
		b->date_src.json = j;
		b->date_src.node = m;
	}
}

/*
 * A heading: a string (numbered automatically), or {"text": TEXT, "number": NUMBER} where
 * NUMBER is the block's own number as a string, or false (or "") for none.
 */
static void read_heading(const gw_json *j, gw_diags *d, const cJSON *v, gw_block *b)
{
	static const char *const keys[] = {"text", "number", NULL};
	b->numbering = GW_NUMBER_AUTO;
	if (cJSON_IsString(v)) {
		gw_read_text(j, d, v, &b->text);
		return;
	}
	if (!cJSON_IsObject(v)) {
		gw_json_error(
		        j, d, v, 0,
		        "expected the heading's text, or {\"text\": \"...\", \"number\": \"...\"}");
		return;
	}
	gw_json_check_keys(j, d, v, keys);
	const cJSON *m;
	if ((m = gw_require(j, d, v, "text")))
		gw_read_text(j, d, m, &b->text);
	if ((m = gw_member(v, "number"))) {
		if (cJSON_IsFalse(m) || (cJSON_IsString(m) && !m->valuestring[0])) {
			b->numbering = GW_NUMBER_NONE;
		} else if (cJSON_IsString(m)) {
			b->numbering = GW_NUMBER_OWN;
			gw_read_text(j, d, m, &b->number);
		} else {
			gw_json_error(j, d, m, 0,
			              "expected the heading's number as a string, or false");
		}
	}
}

void gw_read_block(const gw_json *j, gw_diags *d, const cJSON *v, gw_block *b)
{
	b->src.json = j;
	b->src.node = v;
	b->kind = GW_BLOCK_KINDS;
	b->align = -1; /* the style's (load/blocks.c reads "align" and "indent") */
	b->indent = -1;
	if (!cJSON_IsObject(v)) {
		gw_json_error(j, d, v, 0, "expected a block object such as {\"p\": \"...\"}");
		return;
	}
	if (!v->child) {
		gw_json_error(j, d, v, 0,
		              "empty block: expected one of title, h1, h2, h3, h4, p, to, "
		              "attachment_note, note, attendance, signature, page_break, table");
		return;
	}
	if (gw_json_check_keys(j, d, v, gw_block_kind_keys))
		return;
	if (v->child->next) {
		gw_json_error(
		        j, d, v->child->next, 1,
		        "a block has exactly one kind key, but this one has \"%s\" and \"%s\"",
		        v->child->string, v->child->next->string);
		return;
	}
	gw_read_block_kind(j, d, v->child, b);
}

/* Reads the kind member m of a block object (m->string: a key of gw_block_kind_keys) into b. */
void gw_read_block_kind(const gw_json *j, gw_diags *d, const cJSON *m, gw_block *b)
{
	int k = 0;
	while (gw_block_kind_keys[k] && strcmp(gw_block_kind_keys[k], m->string) != 0)
		k++;
	b->kind = (gw_block_kind)k;
	switch (b->kind) {
	case GW_BLOCK_H1:
	case GW_BLOCK_H2:
	case GW_BLOCK_H3:
	case GW_BLOCK_H4:
		read_heading(j, d, m, b);
		break;
	case GW_BLOCK_TITLE:
		gw_read_text(j, d, m, &b->text);
		break;
	case GW_BLOCK_SIGNATURE:
		read_signature(j, d, m, b);
		break;
	case GW_BLOCK_PAGE_BREAK: {
		int t;
		if (gw_read_bool(j, d, m, &t) && !t)
			gw_json_error(j, d, m, 0, "page_break must be true");
		break;
	}
	case GW_BLOCK_TABLE:
		b->table = gw_load_table(j, d, m);
		break;
	case GW_BLOCK_P:
	case GW_BLOCK_TO:
	case GW_BLOCK_NOTE:
	case GW_BLOCK_ATTACH_NOTE:
	case GW_BLOCK_ATTENDANCE:
		gw_read_para_block(j, d, m, b); /* load/blocks.c */
		break;
	case GW_BLOCK_KINDS:
		break;
	}
}

/*
 * Checks that the meta value s (what, at v) fits one PDF text string: the painter writes the
 * Info entries as UTF-16BE with a byte order mark (paint/pdf.c), and PDF/A-2 allows at most
 * GW_PDF_MAX_STRING bytes in a string (ISO 19005-2 6.1.13, veraPDF 6.1.13-3; gw.h).
 */
static int check_pdf_text(const gw_json *j, gw_diags *d, const cJSON *v, const char *what,
                          const char *s)
{
	size_t units = gw_utf16_units(s, strlen(s));
	if (units <= GW_PDF_MAX_TEXT_UNITS)
		return 1;
	gw_json_error(j, d, v, 0,
	              "%s is too long for the PDF: it takes %zu bytes in UTF-16 and a PDF/A "
	              "string holds at most %d (%d characters, a character beyond U+FFFF counting "
	              "as two)",
	              what, 2 + 2 * units, GW_PDF_MAX_STRING, GW_PDF_MAX_TEXT_UNITS);
	return 0;
}

/* Reads a meta string that becomes an Info entry; NULL when it is not one. */
static const char *read_meta_text(const gw_json *j, gw_diags *d, const cJSON *v, const char *what)
{
	const char *s;
	if (!gw_read_string(j, d, v, &s) || !check_pdf_text(j, d, v, what, s))
		return NULL;
	return s;
}

static void read_meta(const gw_json *j, gw_diags *d, const cJSON *v, gw_meta *meta)
{
	if (!gw_read_object(j, d, v))
		return;
	gw_json_check_keys(j, d, v, meta_keys);
	const cJSON *m;
	if ((m = gw_member(v, "title")))
		meta->title = read_meta_text(j, d, m, "the title");
	if ((m = gw_member(v, "author")))
		meta->author = read_meta_text(j, d, m, "the author");
	if ((m = gw_member(v, "subject")))
		meta->subject = read_meta_text(j, d, m, "the subject");
	if ((m = gw_member(v, "date")))
		gw_read_date(j, d, m, &meta->date);
	if ((m = gw_member(v, "keywords"))) {
		if (!cJSON_IsArray(m)) {
			gw_json_error(j, d, m, 0, "expected an array of strings");
			return;
		}
		gw_buf b = {0};
		for (const cJSON *k = m->child; k; k = k->next) {
			const char *s;
			if (!gw_read_string(j, d, k, &s))
				continue;
			if (b.len)
				gw_buf_puts(&b, ", ");
			gw_buf_puts(&b, s);
		}
		if (b.len && check_pdf_text(j, d, m, "the keywords, joined with \", \",", b.data))
			meta->keywords = gw_buf_take(&b);
		gw_buf_free(&b);
	}
}

/* Reads an array of blocks (at most *budget of them, which it lowers) into *out, *n. */
static void read_blocks(const gw_json *j, gw_diags *d, const cJSON *v, int *budget, gw_block **out,
                        int *n)
{
	if (!cJSON_IsArray(v)) {
		gw_json_error(j, d, v, 0, "expected an array of blocks");
		return;
	}
	int count = cJSON_GetArraySize(v);
	if (count > *budget) {
		gw_json_error(j, d, v, 0, "more than %d blocks", GW_MAX_BLOCKS);
		*budget = 0;
		return;
	}
	*budget -= count;
	*out = gw_xcalloc((size_t)count + 1, sizeof **out);
	for (const cJSON *b = v->child; b; b = b->next)
		gw_read_block(j, d, b, &(*out)[(*n)++]);
}

/* Reads "slots": an object of arrays of blocks, by slot name (docs/templates.md section 4). */
static void read_slots(const gw_json *j, gw_diags *d, const cJSON *v, int *budget, gw_doc *doc)
{
	if (!cJSON_IsObject(v)) {
		gw_json_error(
		        j, d, v, 0,
		        "expected an object of slots such as {\"overall\": [{\"p\": \"...\"}]}");
		return;
	}
	doc->slots_src.json = j;
	doc->slots_src.node = v;
	doc->slots = gw_xcalloc((size_t)cJSON_GetArraySize(v) + 1, sizeof *doc->slots);
	for (const cJSON *m = v->child; m; m = m->next) {
		gw_slot *s = &doc->slots[doc->nslots++];
		s->name = m->string;
		s->src.json = j;
		s->src.node = m;
		read_blocks(j, d, m, budget, &s->blocks, &s->nblocks);
	}
}

/*
 * Reads the data's top level: "$schema" (ignored), "layout", "meta", and "body" or "slots" and
 * "values" (which of them the layout takes is resolve/'s to check).
 */
gw_doc *gw_load_data(const gw_json *j, gw_diags *d)
{
	int errors0 = d->nerr;
	const cJSON *root = gw_json_root(j);
	gw_doc *doc = gw_xcalloc(1, sizeof *doc);
	doc->root.json = j;
	doc->root.node = root;
	if (!cJSON_IsObject(root)) {
		gw_json_error(j, d, root, 0, "expected an object with \"body\"");
		goto out;
	}
	gw_json_check_keys(j, d, root, top_keys);
	const cJSON *m;
	const char *str;
	if ((m = gw_member(root, "$schema")))
		gw_read_string(j, d, m, &str);
	if ((m = gw_member(root, "layout")) && gw_read_string(j, d, m, &doc->layout)) {
		doc->layout_src.json = j;
		doc->layout_src.node = m;
	}
	if ((m = gw_member(root, "meta")))
		read_meta(j, d, m, &doc->meta);
	if ((m = gw_member(root, "head")))
		doc->head = gw_load_head(j, d, m); /* 版头 (issue 11, head.c) */
	const cJSON *body = gw_member(root, "body");
	const cJSON *slots = gw_member(root, "slots");
	const cJSON *values = gw_member(root, "values");
	int budget = GW_MAX_BLOCKS;
	if (!body && !slots && !values)
		gw_json_error(j, d, root, 0,
		              "missing key \"body\" (or \"slots\" and \"values\", for a layout "
		              "with a skeleton)");
	if (body && (slots || values))
		gw_json_error(j, d, slots ? slots : values, 1,
		              "a document has \"body\", or \"slots\" and \"values\" for a layout "
		              "with a skeleton, not both");
	if (body) {
		doc->body_src.json = j;
		doc->body_src.node = body;
		read_blocks(j, d, body, &budget, &doc->blocks, &doc->nblocks);
	}
	if (slots)
		read_slots(j, d, slots, &budget, doc);
	if (values && gw_read_object(j, d, values)) {
		doc->values_src.json = j;
		doc->values_src.node = values;
	}
	/* the office's own wording for a template layout's headings and labels (issue 12,
	   docs/templates.md section 4): checked against the layout by resolve/ */
	const cJSON *wording;
	if ((wording = gw_member(root, "headings")) && gw_read_object(j, d, wording)) {
		doc->headings_src.json = j;
		doc->headings_src.node = wording;
	}
	if ((wording = gw_member(root, "labels")) && gw_read_object(j, d, wording)) {
		doc->labels_src.json = j;
		doc->labels_src.node = wording;
	}
	gw_load_flow(j, d, root, &budget, doc); /* "attachments" and "record" (record.c) */
out:
	if (d->nerr > errors0) {
		gw_doc_drop(doc);
		return NULL;
	}
	return doc;
}

/* Frees a block's organs (with their seals) and table unless they are borrowed from the layout. */
void gw_block_free(gw_block *b)
{
	if (!b || b->borrowed)
		return;
	for (int i = 0; i < b->norgans; i++) {
		free(b->organs[i].seal_path);
		gw_image_drop(b->organs[i].seal);
	}
	free(b->organs);
	b->organs = NULL;
	b->norgans = 0;
	gw_table_drop(b->table);
	b->table = NULL;
	free(b->runs);
	b->runs = NULL;
	free(b->items);
	b->items = NULL;
}

/* Frees the doc: its blocks, what is left in its slots, its keywords. */
void gw_doc_drop(gw_doc *doc)
{
	if (!doc)
		return;
	for (int i = 0; i < doc->nblocks; i++)
		gw_block_free(&doc->blocks[i]);
	free(doc->blocks);
	for (int i = 0; i < doc->nslots; i++) {
		for (int k = 0; k < doc->slots[i].nblocks; k++)
			gw_block_free(&doc->slots[i].blocks[k]);
		free(doc->slots[i].blocks);
	}
	free(doc->slots);
	gw_flow_drop(doc);
	free(doc->meta.keywords);
	gw_head_free(doc->head);
	free(doc);
}
