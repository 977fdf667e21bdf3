/*
 * colors.c: named colours and colour values (see colors.h and docs/layout-format.md,
 * "colors").
 */
#include "colors.h"

#include <stdlib.h>
#include <string.h>

#include "../base/util.h"
#include "values.h"

/* Parses "#rrggbb" (either case); 0 when s is not one. */
static int parse_hex(const char *s, gw_rgb *out)
{
	if (s[0] != '#' || strlen(s) != 7)
		return 0;
	gw_rgb v = 0;
	for (int i = 1; i < 7; i++) {
		char c = s[i];
		int x = c >= '0' && c <= '9'   ? c - '0'
		        : c >= 'a' && c <= 'f' ? c - 'a' + 10
		        : c >= 'A' && c <= 'F' ? c - 'A' + 10
		                               : -1;
		if (x < 0)
			return 0;
		v = v << 4 | (gw_rgb)x;
	}
	*out = v;
	return 1;
}

void gw_load_colors(const gw_chain *c, gw_diags *d, gw_layout *l)
{
	gw_lval *e;
	int n;
	gw_chain_entries(c, "colors", d, &e, &n);
	l->colors = gw_xcalloc((size_t)n + 2, sizeof *l->colors);
	l->colors[0].name = gw_xstrdup("red");
	l->colors[0].rgb = GW_RED; /* GB/T 9704-2012 6.2, unless the layout says otherwise */
	l->ncolors = 1;
	for (int i = 0; i < n; i++) {
		const char *s;
		gw_rgb v;
		if (!gw_read_string(e[i].j, d, e[i].v, &s))
			continue;
		if (!parse_hex(s, &v)) {
			gw_json_error(
			        e[i].j, d, e[i].v, 0,
			        "expected a colour such as \"#FF3333\" (sRGB, \"#\" and six hex "
			        "digits)");
			continue;
		}
		int k = 0;
		while (k < l->ncolors && strcmp(l->colors[k].name, e[i].v->string) != 0)
			k++;
		if (k == l->ncolors)
			l->colors[l->ncolors++].name = gw_xstrdup(e[i].v->string);
		l->colors[k].rgb = v;
	}
	free(e);
}

int gw_read_color(const gw_json *j, gw_diags *d, const cJSON *v, const gw_layout *l, gw_rgb *out)
{
	const char *s;
	if (!gw_read_string(j, d, v, &s))
		return 0;
	if (s[0] == '#') {
		if (parse_hex(s, out))
			return 1;
		gw_json_error(j, d, v, 0,
		              "expected a colour such as \"#FF3333\" (sRGB, \"#\" and six hex "
		              "digits) or a name from \"colors\"");
		return 0;
	}
	const char **names = gw_xcalloc((size_t)l->ncolors + 1, sizeof *names);
	for (int i = 0; i < l->ncolors; i++) {
		if (strcmp(l->colors[i].name, s) == 0) {
			*out = l->colors[i].rgb;
			free(names);
			return 1;
		}
		names[i] = l->colors[i].name;
	}
	const char *hint = gw_did_you_mean(s, names);
	if (hint)
		gw_json_error(j, d, v, 0, "unknown colour \"%s\" (did you mean \"%s\"?)", s, hint);
	else
		gw_json_error(j, d, v, 0,
		              "unknown colour \"%s\": expected a name from \"colors\" or "
		              "\"#rrggbb\"",
		              s);
	free(names);
	return 0;
}
