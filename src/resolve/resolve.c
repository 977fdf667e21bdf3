/*
 * resolve.c: the skeleton filled from the data (see resolve.h and docs/templates.md 2 and 4).
 *
 * How: the data's form is checked against the layout's (a skeleton takes slots and values, a
 * plain layout a body); every slot the data gives must be one of the skeleton's; the values
 * are bound, computed and checked (template.c); then the block list is made in the skeleton's
 * order. A skeleton block is copied and marked borrowed (its table and seal belong to the
 * layout), with the data's own text when its "headings" replace it (issue 12: each a note); a
 * slot's blocks are moved out of the slot; a template becomes a table block.
 */
#include "resolve.h"

#include <stdlib.h>
#include <string.h>

#include "../base/util.h"
#include "../load/json.h"
#include "../load/values.h"
#include "template.h"

#define MAX_LISTED 10 /* slots listed after an unknown one that has no close match */

/* The layout's name for messages. */
static const char *layout_name(const gw_layout *l)
{
	return l->name ? l->name : l->path;
}

/* Checks that a plain layout gets a body: slots, values, headings or labels are an error.
 * Returns 0 or -1. */
static int plain(const gw_layout *l, const gw_doc *doc, gw_diags *d)
{
	const gw_src *s = doc->slots_src.node      ? &doc->slots_src
	                  : doc->values_src.node   ? &doc->values_src
	                  : doc->headings_src.node ? &doc->headings_src
	                                           : &doc->labels_src;
	if (!s->node)
		return 0;
	gw_json_error(s->json, d, s->node, 1,
	              "\"%s\" is for a layout with a skeleton (docs/templates.md), but layout "
	              "\"%s\" has none: give the document as \"body\"",
	              s->node->string, layout_name(l));
	return -1;
}

/* The index of the skeleton slot named name, or -1. */
static int skeleton_slot(const gw_layout *l, const char *name)
{
	for (int i = 0; i < l->nskeleton; i++)
		if (l->skeleton[i].kind == GW_SKEL_SLOT && strcmp(l->skeleton[i].name, name) == 0)
			return i;
	return -1;
}

/*
 * Reports that layout l has no WHAT named name, at node of j: with the closest of names[0..n)
 * when one is close ("did you mean"), else listing them all (as "its LISTING: ...") when there
 * are at most MAX_LISTED, else alone.
 */
static void unknown_name(const gw_layout *l, const gw_json *j, const cJSON *node, const char *what,
                         const char *name, const char **names, int n, const char *listing,
                         gw_diags *d)
{
	const char *hint = n ? gw_did_you_mean(name, names) : NULL;
	if (hint) {
		gw_json_error(j, d, node, 1,
		              "layout \"%s\" has no %s \"%s\" (did you mean \"%s\"?)",
		              layout_name(l), what, name, hint);
	} else if (n > 0 && n <= MAX_LISTED) {
		gw_buf b = {0};
		for (int k = 0; k < n; k++)
			gw_buf_printf(&b, "%s\"%s\"",
			              k == 0       ? ""
			              : k == n - 1 ? " and "
			                           : ", ",
			              names[k]);
		gw_json_error(j, d, node, 1, "layout \"%s\" has no %s \"%s\" (its %s: %s)",
		              layout_name(l), what, name, listing, b.data);
		gw_buf_free(&b);
	} else {
		gw_json_error(j, d, node, 1, "layout \"%s\" has no %s \"%s\"", layout_name(l), what,
		              name);
	}
}

/* Reports the data's slots that the skeleton lacks. Returns the number reported. */
static int check_slots(const gw_layout *l, const gw_doc *doc, gw_diags *d)
{
	int bad = 0;
	const char **names = gw_xcalloc((size_t)l->nskeleton + 1, sizeof *names);
	int n = 0;
	for (int i = 0; i < l->nskeleton; i++)
		if (l->skeleton[i].kind == GW_SKEL_SLOT)
			names[n++] = l->skeleton[i].name;
	for (int i = 0; i < doc->nslots; i++) {
		const gw_slot *s = &doc->slots[i];
		if (skeleton_slot(l, s->name) >= 0)
			continue;
		unknown_name(l, s->src.json, s->src.node, "slot", s->name, names, n,
		             n > 1 ? "slots are" : "slot is", d);
		bad++;
	}
	free(names);
	return bad;
}

/*
 * Reads the data's "headings": for each id, the text that replaces the skeleton heading of that
 * id (issue 12, point 9), in wording[] by skeleton entry. Unknown ids (with a hint), fixed
 * headings and texts that are not non-empty strings are errors; each replacement is a note.
 */
static void bind_headings(const gw_layout *l, const gw_doc *doc, gw_text *wording, gw_diags *d)
{
	const gw_json *j = doc->headings_src.json;
	const cJSON *obj = doc->headings_src.node;
	if (!obj)
		return;
	const char **ids = gw_xcalloc((size_t)l->nskeleton + 1, sizeof *ids);
	int n = 0;
	for (int i = 0; i < l->nskeleton; i++)
		if (l->skeleton[i].id)
			ids[n++] = l->skeleton[i].id;
	for (const cJSON *m = obj->child; m; m = m->next) {
		int i = 0;
		while (i < l->nskeleton &&
		       !(l->skeleton[i].id && strcmp(l->skeleton[i].id, m->string) == 0))
			i++;
		if (i == l->nskeleton) {
			unknown_name(l, j, m, "heading", m->string, ids, n, "headings with an id",
			             d);
			continue;
		}
		const gw_skel *sk = &l->skeleton[i];
		if (!cJSON_IsString(m) || !m->valuestring[0]) {
			gw_json_error(j, d, m, 0, "expected the heading's text as published");
			continue;
		}
		if (sk->fixed) {
			gw_json_error(j, d, m, 1,
			              "heading \"%s\" is fixed in layout \"%s\": the data may not "
			              "replace it",
			              m->string, layout_name(l));
			continue;
		}
		gw_text t;
		if (!gw_read_text(j, d, m, &t))
			continue;
		const gw_text *own = &sk->block.text;
		if (own->len == t.len && memcmp(own->s, t.s, t.len) == 0)
			continue; /* the layout's own words: nothing replaced */
		wording[i] = t;
		/* issue 12, point 9: `check` lists every replaced text */
		gw_json_note(j, d, m, 0,
		             "heading \"%s\" is printed as the data gives it, \"%s\", not as the "
		             "layout's \"%.*s\"",
		             m->string, m->valuestring, (int)own->len, own->s);
	}
	free(ids);
}

/* Makes doc->blocks from the skeleton (headings in the data's wording where it gives one), the
 * slots' blocks and the filled templates. */
static void fill_blocks(const gw_layout *l, gw_doc *doc, const gw_filled *f, const gw_text *wording)
{
	size_t n = 0;
	for (int i = 0; i < l->nskeleton; i++) {
		const gw_skel *sk = &l->skeleton[i];
		if (sk->kind != GW_SKEL_SLOT) {
			n++;
			continue;
		}
		for (int k = 0; k < doc->nslots; k++)
			if (strcmp(doc->slots[k].name, sk->name) == 0)
				n += (size_t)doc->slots[k].nblocks;
	}
	gw_block *b = gw_xcalloc(n + 1, sizeof *b);
	int nb = 0;
	for (int i = 0; i < l->nskeleton; i++) {
		const gw_skel *sk = &l->skeleton[i];
		switch (sk->kind) {
		case GW_SKEL_BLOCK:
			b[nb] = sk->block;
			if (wording[i].len)
				b[nb].text = wording[i];
			b[nb++].borrowed = 1;
			break;
		case GW_SKEL_SLOT:
			for (int k = 0; k < doc->nslots; k++) {
				gw_slot *s = &doc->slots[k];
				if (strcmp(s->name, sk->name) != 0)
					continue;
				memcpy(b + nb, s->blocks, (size_t)s->nblocks * sizeof *b);
				nb += s->nblocks;
				s->nblocks = 0; /* moved: doc->blocks owns them now */
			}
			break;
		case GW_SKEL_TEMPLATE:
			b[nb].kind = GW_BLOCK_TABLE;
			b[nb].table = gw_fill_table(&f[sk->tpl]);
			b[nb].src = sk->src;
			nb++;
			break;
		}
	}
	doc->blocks = b;
	doc->nblocks = nb;
}

/*
 * Checks the data's form against the layout; for a skeleton, binds, computes and checks the
 * values and makes the block list (only when nothing but checks failed).
 */
int gw_resolve(const gw_layout *l, gw_doc *doc, int flags, gw_diags *d)
{
	if (!l->has_skeleton)
		return plain(l, doc, d);
	if (doc->body_src.node) {
		gw_json_error(doc->body_src.json, d, doc->body_src.node, 1,
		              "layout \"%s\" has a skeleton: give the document as \"slots\" and "
		              "\"values\" (docs/templates.md), not \"body\"",
		              layout_name(l));
		return -1;
	}
	int errors0 = d->nerr;
	check_slots(l, doc, d);
	gw_filled *f = gw_fill_new(l);
	gw_text *wording = gw_xcalloc((size_t)l->nskeleton + 1, sizeof *wording);
	bind_headings(l, doc, wording, d);
	gw_fill_bind(l, doc->values_src.json, doc->values_src.node, f, d);
	gw_fill_labels(l, doc->labels_src.json, doc->labels_src.node, f, d);
	int failed = gw_fill_compute(l, doc->values_src.json, f, flags, d);
	failed += gw_fill_check(l, f, &doc->values_src, &doc->root, flags, d);
	int status = d->nerr - failed > errors0 ? -1 : failed;
	if (status >= 0)
		fill_blocks(l, doc, f, wording);
	free(wording);
	gw_fill_free(f, l->ntemplates);
	return status;
}
