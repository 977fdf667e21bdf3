/*
 * rt.c: the runtime handed down through the stages (rt.h): confinement, limits, deadline.
 *
 * In: folder lists and limits from the context. Out: yes/no answers for a file to read and
 * for the time left. Confinement compares realpath(3) results, so a symbolic link or a
 * "../" inside an allowed folder that leads outside it is refused.
 */
#define _XOPEN_SOURCE 700 /* realpath(3) */
#include "rt.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../gw.h"
#include "util.h"

void gw_rt_init(gw_rt *rt)
{
	memset(rt, 0, sizeof *rt);
	rt->allow_paths = 1;
	rt->max_file_bytes = GW_MAX_FILE_BYTES;
	rt->max_pages = GW_MAX_PAGES;
	rt->debug_out = stderr;
}

void gw_rt_add_roots(gw_rt *rt, const char *list)
{
	for (const char *p = list; p && *p;) {
		const char *colon = strchr(p, ':');
		size_t len = colon ? (size_t)(colon - p) : strlen(p);
		if (len) {
			char *dir = gw_xstrndup(p, len);
			char *r = realpath(dir, NULL);
			free(dir);
			if (r) {
				size_t n = strlen(r);
				if (n > 1 && r[n - 1] == '/')
					r[n - 1] = 0;
				rt->roots = gw_xrealloc(rt->roots, (size_t)(rt->nroots + 1) *
				                                           sizeof *rt->roots);
				rt->roots[rt->nroots++] = r;
			}
		}
		p = colon ? colon + 1 : NULL;
	}
}

void gw_rt_free(gw_rt *rt)
{
	for (int i = 0; i < rt->nroots; i++)
		free(rt->roots[i]);
	free(rt->roots);
	rt->roots = NULL;
	rt->nroots = 0;
}

/* 1 when the resolved path r is root or lies under it. */
static int under(const char *r, const char *root)
{
	size_t n = strlen(root);
	if (strcmp(root, "/") == 0)
		return 1;
	return strncmp(r, root, n) == 0 && (r[n] == 0 || r[n] == '/');
}

int gw_rt_allowed(const gw_rt *rt, const char *path)
{
	if (!rt || !rt->confined)
		return 1;
	char *r = realpath(path, NULL);
	if (!r) {
		/* judged by its folder: no answer may tell whether a file exists outside */
		char *dir = gw_dirname(path);
		r = realpath(dir, NULL);
		free(dir);
	}
	int ok = 0;
	for (int i = 0; r && !ok && i < rt->nroots; i++)
		ok = under(r, rt->roots[i]);
	free(r);
	return ok;
}

/* Seconds on CLOCK_MONOTONIC (never the date: the output must not depend on it). */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void gw_rt_start(gw_rt *rt)
{
	rt->late = 0;
	rt->deadline = rt->max_seconds > 0 ? now() + rt->max_seconds : 0;
}

int gw_rt_expired(const gw_rt *rt)
{
	return rt && rt->deadline > 0 && (rt->late || now() >= rt->deadline);
}

int gw_rt_late(gw_rt *rt, gw_diags *d)
{
	if (!rt || rt->deadline <= 0)
		return 0;
	if (rt->late)
		return 1;
	if (now() < rt->deadline)
		return 0;
	rt->late = 1;
	gw_diags_add(d, NULL, 0, 0, NULL, "took longer than %g s (the limit of one document)",
	             rt->max_seconds);
	return 1;
}

int gw_rt_max_pages(const gw_rt *rt)
{
	return rt && rt->max_pages > 0 ? rt->max_pages : GW_MAX_PAGES;
}
