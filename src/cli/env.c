/*
 * env.c: the command line's environment -> gw_ctx_options (see env.h). The only place,
 * with sign/cli.c's --time default, where gongwen reads environment variables.
 */
#include "env.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int gw_source_date_epoch(long long *t)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	if (!e || !*e)
		return 0;
	/* the spec's form is that of `date +%s`: decimal digits; a PDF date ends in year 9999 */
	long long v = 0;
	for (const char *p = e; *p; p++) {
		if (*p < '0' || *p > '9' || p - e >= 12)
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (v > 253402300799LL) /* 9999-12-31T23:59:59Z */
		return -1;
	*t = v;
	return 1;
}

int gw_cli_ctx_options(gw_ctx_options *c, const char *prog)
{
	memset(c, 0, sizeof *c);
	c->font_path = getenv("GONGWEN_FONT_PATH");
	c->tmp_dir = getenv("TMPDIR");
	const char *dbg = getenv("GW_DEBUG");
	if (dbg && strstr(dbg, "pages"))
		c->debug |= GW_DEBUG_PAGES;
	if (dbg && strstr(dbg, "fonts"))
		c->debug |= GW_DEBUG_FONTS;
	long long epoch;
	int r = gw_source_date_epoch(&epoch);
	if (r < 0) {
		fprintf(stderr, "%s: error: %s; it is \"%.40s\"\n", prog, GW_SOURCE_DATE_EPOCH_BAD,
		        getenv("SOURCE_DATE_EPOCH"));
		return -1;
	}
	c->has_source_date = r > 0;
	c->source_date = r > 0 ? epoch : 0;
	return 0;
}
