/*
 * inputs.c: the jobs of a batch, from a folder of data files or from NDJSON lines.
 *
 * In: a folder (every *.json in it) or a jobs file ("-": standard input), and the output
 * folder. Out: b->items, one per job in input order: parsed (job.c), or failed with its
 * problem at its line; jobs whose output an earlier job already writes fail too (two
 * threads must never write one file).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../base/diag.h"
#include "../base/util.h"
#include "batch.h"

/* A new job at the end of b->items (zeroed). */
static gw_batch_item *add_item(gw_batch *b)
{
	b->items = gw_xrealloc(b->items, (size_t)(b->n + 1) * sizeof *b->items);
	gw_batch_item *it = &b->items[b->n++];
	memset(it, 0, sizeof *it);
	it->diags = gw_diags_new();
	return it;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 1 when a and b are the same existing file. */
static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return a && b && stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

int gw_batch_from_dir(gw_batch *b, const char *dir, const char *out_dir, const char *skip)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "gongwen batch: error: cannot read the folder %s: %s\n", dir,
		        strerror(errno));
		return -1;
	}
	char **names = NULL;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len <= 5 || strcmp(e->d_name + len - 5, ".json") != 0)
			continue;
		char *path = gw_path_join(dir, e->d_name);
		struct stat st;
		int keep = stat(path, &st) == 0 && S_ISREG(st.st_mode) && !same_file(path, skip);
		free(path);
		if (!keep)
			continue;
		names = gw_xrealloc(names, (size_t)(n + 1) * sizeof *names);
		names[n++] = gw_xstrdup(e->d_name);
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof *names, cmp_str);
	for (int i = 0; i < n; i++) {
		gw_batch_item *it = add_item(b);
		size_t len = strlen(names[i]);
		it->job.data_path = gw_path_join(dir, names[i]);
		it->job.out = gw_xasprintf("%s/%.*s.pdf", out_dir, (int)(len - 5), names[i]);
		it->job.layout = b->layout ? gw_xstrdup(b->layout) : NULL;
		free(names[i]);
	}
	free(names);
	return 0;
}

/* 1 when s[0..len) holds nothing but JSON white space. */
static int blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

int gw_batch_from_ndjson(gw_batch *b, const char *path, const char *out_dir)
{
	int in = strcmp(path, "-") == 0;
	FILE *f = in ? stdin : fopen(path, "r");
	if (!f) {
		fprintf(stderr, "gongwen batch: error: cannot read %s: %s\n", path,
		        strerror(errno));
		return -1;
	}
	const char *name = in ? "<stdin>" : path;
	char *dir = in ? gw_xstrdup(".") : gw_dirname(path);
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	uint32_t lineno = 0;
	while ((len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (len && line[len - 1] == '\n')
			line[--len] = 0;
		if (blank(line, (size_t)len))
			continue;
		gw_batch_item *it = add_item(b);
		it->parse_status = gw_job_parse(line, (size_t)len, name, lineno, dir, out_dir,
		                                &it->job, it->diags);
		if (!it->job.layout && b->layout)
			it->job.layout = gw_xstrdup(b->layout);
	}
	int err = ferror(f);
	free(line);
	free(dir);
	if (!in)
		fclose(f);
	if (err) {
		fprintf(stderr, "gongwen batch: error: cannot read %s\n", path);
		return -1;
	}
	return 0;
}

/* A job's output and index, sorted by output, then index. */
typedef struct out_ref {
	const char *out;
	int i;
} out_ref;

static int cmp_out(const void *pa, const void *pb)
{
	const out_ref *a = pa, *b = pb;
	int c = strcmp(a->out, b->out);
	return c ? c : (a->i > b->i) - (a->i < b->i);
}

void gw_batch_check_outputs(gw_batch *b)
{
	out_ref *r = gw_xmalloc((size_t)(b->n ? b->n : 1) * sizeof *r);
	int n = 0;
	for (int i = 0; i < b->n; i++)
		if (b->items[i].parse_status == GW_OK && b->items[i].job.out)
			r[n++] = (out_ref){b->items[i].job.out, i};
	qsort(r, (size_t)n, sizeof *r, cmp_out);
	for (int k = 1; k < n; k++) {
		if (strcmp(r[k - 1].out, r[k].out) != 0)
			continue;
		gw_batch_item *first = &b->items[r[k - 1].i], *it = &b->items[r[k].i];
		r[k].i = r[k - 1].i; /* the next duplicate names the first writer too */
		const char *src = it->job.src ? it->job.src : it->job.data_path;
		char *prev = first->job.line ? gw_xasprintf("line %u", (unsigned)first->job.line)
		                             : gw_xstrdup(first->job.data_path);
		gw_diags_add(it->diags, src, it->job.line, it->job.line ? 1 : 0, NULL,
		             "out %s is also the output of %s", it->job.out, prev);
		free(prev);
		it->parse_status = GW_ERR_INPUT;
	}
	free(r);
}
