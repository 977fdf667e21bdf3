/*
 * fuzz_common.h: what the fuzz targets share.
 *
 * In: a layout name from layouts/. Out: that layout, loaded once per process with its
 * fonts and freed at exit; a load failure prints its diagnostics and aborts (the fuzz
 * harness itself is broken then, not the input).
 */
#ifndef GW_FUZZ_COMMON_H
#define GW_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>

#include "base/diag.h"
#include "load/json.h"
#include "load/layout.h"

static gw_fontset *fuzz_fs;
static gw_json *fuzz_ljson;
static gw_layout *fuzz_layout_v;

static void fuzz_drop_layout(void)
{
	gw_layout_drop(fuzz_layout_v);
	gw_json_drop(fuzz_ljson);
	gw_fontset_drop(fuzz_fs);
}

/* The layout `name`, loaded on the first call (borrowed; lives until exit). */
static gw_layout *fuzz_layout(const char *name)
{
	if (fuzz_layout_v)
		return fuzz_layout_v;
	gw_diags d = {0};
	char *path = gw_find_layout(name);
	fuzz_fs = gw_fontset_new();
	fuzz_ljson = path ? gw_json_load(path, path, &d) : NULL;
	fuzz_layout_v = fuzz_ljson ? gw_load_layout(fuzz_ljson, fuzz_fs, &d) : NULL;
	free(path);
	if (!fuzz_layout_v) {
		gw_diags_print(&d, stderr);
		abort();
	}
	gw_diags_clear(&d);
	atexit(fuzz_drop_layout);
	return fuzz_layout_v;
}

#endif
