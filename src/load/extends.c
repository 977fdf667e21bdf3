/*
 * extends.c: a layout's "extends" chain and its merged view (see extends.h).
 *
 * How: each file's "extends" names its parent (gw_find_named_layout): a name is looked up in
 * layouts/, a file name ending in ".json" in the folder of the file that names it, and a path
 * with a '/' (relative to that folder, or absolute) only when paths are allowed: for a layout
 * the user chose (-l, --allow-layout-paths), not for one the data chose. Files are told apart by
 * device and inode, so a cycle is found however its paths are spelled. The merge never copies JSON:
 * the loaders read each value from the file that holds it, so positions and pointers in messages
 * stay those of that file.
 */
#include "extends.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../base/util.h"
#include "layout.h"
#include "values.h"

/* A file's identity; ok 0 when it cannot be read (a layout given in memory). */
typedef struct fileid {
	int ok;
	dev_t dev;
	ino_t ino;
} fileid;

/* The identity of the file named name. */
static fileid file_id(const char *name)
{
	struct stat st;
	fileid id = {0, 0, 0};
	if (name && stat(name, &st) == 0)
		id = (fileid){1, st.st_dev, st.st_ino};
	return id;
}

static char *find_named(const gw_json *j, gw_diags *d, const gw_rt *rt, const cJSON *v,
                        const char *key);

/*
 * Finds the file that "extends" value v of file j names (gw_find_named_layout). Returns a
 * malloc'ed path, or NULL after adding an error at v.
 */
static char *find_parent(const gw_json *j, gw_diags *d, const gw_rt *rt, const cJSON *v)
{
	return find_named(j, d, rt, v, "extends");
}

/* find_parent for the value v of key `key` ("extends" or "from"). */
static char *find_named(const gw_json *j, gw_diags *d, const gw_rt *rt, const cJSON *v,
                        const char *key)
{
	if (!cJSON_IsString(v) || !v->valuestring[0]) {
		gw_json_error(j, d, v, 0,
		              "expected the name of a layout (\"gbt9704\") or a path to a layout "
		              "file");
		return NULL;
	}
	const char *name = v->valuestring;
	char *dir = gw_dirname(gw_json_name(j));
	int refused;
	char *path = NULL;
	size_t n = strlen(name);
	if (rt && rt->layout_path && !strchr(name, '/') &&
	    !(n > 5 && !strcmp(name + n - 5, ".json")))
		path = gw_find_layout_in(rt->layout_path, name); /* the context's folders first */
	if (!path)
		path = gw_find_named_layout(name, dir, !rt || rt->allow_paths, &refused);
	else
		refused = 0;
	free(dir);
	if (path && !gw_rt_allowed(rt, path)) {
		gw_json_error(j, d, v, 0, "layout \"%s\" is outside the allowed folders", name);
		free(path);
		return NULL;
	}
	if (refused)
		gw_json_error(j, d, v, 0,
		              "\"%s\" names a path (\"%s\"): a layout the data chose may name "
		              "only a layout from layouts/ or a file in its own folder "
		              "(--allow-layout-paths allows paths)",
		              key, name);
	else if (!path)
		gw_json_error(j, d, v, 0, "layout \"%s\" not found", name);
	return path;
}

/* Adds the cycle error at v: the chain's names from where the cycle starts, then that again. */
static void cycle(const gw_chain *c, int from, gw_diags *d, const cJSON *v)
{
	gw_buf b = {0};
	for (int i = from; i < c->n; i++)
		gw_buf_printf(&b, "%s -> ", gw_json_name(c->files[i]));
	gw_buf_puts(&b, gw_json_name(c->files[from]));
	gw_json_error(c->files[c->n - 1], d, v, 0, "\"extends\" makes a cycle: %s", b.data);
	gw_buf_free(&b);
}

/*
 * Follows the "extends" values from j up the chain, loading each parent once, until a file has
 * none, one is not found or is in the chain already, or GW_MAX_EXTENDS links are passed.
 */
int gw_chain_load(const gw_json *j, gw_diags *d, const gw_rt *rt, gw_chain *c, gw_json ***owned,
                  int *nowned)
{
	fileid ids[GW_MAX_EXTENDS + 1];
	int status = 0;
	c->files[0] = j;
	c->n = 1;
	ids[0] = file_id(gw_json_name(j));
	for (;;) {
		const gw_json *cur = c->files[c->n - 1];
		const cJSON *root = gw_json_root(cur);
		const cJSON *ext = gw_member(root, "extends");
		if (!ext)
			break;
		if (c->n == GW_MAX_EXTENDS + 1) {
			gw_json_error(cur, d, ext, 0, "more than %d levels of \"extends\"",
			              GW_MAX_EXTENDS);
			status = -1;
			break;
		}
		char *path = find_parent(cur, d, rt, ext);
		if (!path) {
			status = -1;
			break;
		}
		fileid id = file_id(path);
		int seen = -1;
		for (int i = 0; i < c->n && seen < 0; i++)
			if (id.ok && ids[i].ok && id.dev == ids[i].dev && id.ino == ids[i].ino)
				seen = i;
		if (seen >= 0) {
			cycle(c, seen, d, ext);
			free(path);
			status = -1;
			break;
		}
		gw_json *pj = gw_json_load(path, path, d);
		free(path);
		if (rt && rt->confined)
			gw_json_set_rt(pj, rt); /* its seals are read under the same rules */
		if (!pj) {
			status = -1;
			break;
		}
		*owned = gw_xrealloc(*owned, ((size_t)*nowned + 1) * sizeof **owned);
		(*owned)[(*nowned)++] = pj;
		if (!cJSON_IsObject(gw_json_root(pj))) {
			gw_json_error(pj, d, gw_json_root(pj), 0, "expected a layout object");
			status = -1;
			break;
		}
		ids[c->n] = id;
		c->files[c->n++] = pj;
	}
	return status;
}

/* The nearest file's value of key: what a child replaces whole. */
gw_lval gw_chain_value(const gw_chain *c, const char *key)
{
	gw_lval r = {NULL, NULL};
	for (int i = 0; i < c->n; i++) {
		const cJSON *m = gw_member(gw_json_root(c->files[i]), key);
		if (m) {
			r.j = c->files[i];
			r.v = m;
			break;
		}
	}
	return r;
}

/* The merged entries of a named map: farthest file first, nearer entries replacing by name. */
void gw_chain_entries(const gw_chain *c, const char *key, gw_diags *d, gw_lval **out, int *n)
{
	int cap = 0;
	*out = NULL;
	*n = 0;
	for (int i = c->n - 1; i >= 0; i--) {
		const gw_json *j = c->files[i];
		const cJSON *obj = gw_member(gw_json_root(j), key);
		if (!obj || !gw_read_object(j, d, obj))
			continue;
		int before = *n; /* keys are unique within one object: search the farther files' */
		for (const cJSON *m = obj->child; m; m = m->next) {
			int k = 0;
			while (k < before && strcmp((*out)[k].v->string, m->string) != 0)
				k++;
			if (k == before)
				k = *n;
			if (k == *n) {
				if (*n == cap) {
					cap = cap ? cap * 2 : 16;
					*out = gw_xrealloc(*out, (size_t)cap * sizeof **out);
				}
				(*n)++;
			}
			(*out)[k].j = j;
			(*out)[k].v = m;
		}
	}
}

/*
 * Follows "from" (issue 12, docs/templates.md section 3): the entry {"from": LAYOUT,
 * "template": NAME} of a "templates" map stands for the entry NAME (default: the entry's own
 * name) of LAYOUT's merged "templates", read from the file that holds it. LAYOUT is found as
 * "extends" finds a parent; its files are appended to *owned. An entry without "from" is
 * itself. At most GW_MAX_EXTENDS links, so a cycle ends in an error.
 */
int gw_chain_from(const gw_lval *e, gw_diags *d, const gw_rt *rt, gw_json ***owned, int *nowned,
                  gw_lval *out)
{
	static const char *const keys[] = {"from", "template", NULL};
	gw_lval cur = *e;
	const char *name = e->v->string;
	for (int hop = 0;; hop++) {
		const cJSON *from = gw_member(cur.v, "from");
		if (!cJSON_IsObject(cur.v) || !from) {
			*out = cur;
			return 0;
		}
		if (hop == GW_MAX_EXTENDS) {
			gw_json_error(cur.j, d, from, 0,
			              "more than %d links of \"from\" (do they make a cycle?)",
			              GW_MAX_EXTENDS);
			return -1;
		}
		if (gw_json_check_keys(cur.j, d, cur.v, keys))
			return -1;
		const cJSON *tn = gw_member(cur.v, "template");
		if (tn && !gw_read_string(cur.j, d, tn, &name))
			return -1;
		char *path = find_named(cur.j, d, rt, from, "from");
		if (!path)
			return -1;
		gw_json *pj = gw_json_load(path, path, d);
		free(path);
		if (rt && rt->confined)
			gw_json_set_rt(pj, rt); /* its seals are read under the same rules */
		if (!pj)
			return -1;
		*owned = gw_xrealloc(*owned, ((size_t)*nowned + 1) * sizeof **owned);
		(*owned)[(*nowned)++] = pj;
		if (!cJSON_IsObject(gw_json_root(pj))) {
			gw_json_error(pj, d, gw_json_root(pj), 0, "expected a layout object");
			return -1;
		}
		gw_chain c;
		if (gw_chain_load(pj, d, rt, &c, owned, nowned) < 0)
			return -1;
		gw_lval *ents;
		int n, k = 0;
		gw_chain_entries(&c, "templates", d, &ents, &n);
		while (k < n && strcmp(ents[k].v->string, name) != 0)
			k++;
		if (k == n) {
			const char **names = gw_xcalloc((size_t)n + 1, sizeof *names);
			for (int i = 0; i < n; i++)
				names[i] = ents[i].v->string;
			const char *hint = gw_did_you_mean(name, names);
			gw_json_error(cur.j, d, tn ? tn : from, 0,
			              "layout \"%s\" has no template \"%s\"%s%s%s",
			              from->valuestring, name, hint ? " (did you mean \"" : "",
			              hint ? hint : "", hint ? "\"?)" : "");
			free(names);
			free(ents);
			return -1;
		}
		cur = ents[k];
		free(ents);
	}
}
