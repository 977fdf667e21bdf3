/*
 * harness.h: the tiny test harness of the unit tests (after Redis's testhelp.h).
 *
 * In: check(ok, name, fmt, ...) calls, or CHECK(name, condition); helpers dq() (JSON written
 * with ' for ") and printed() (diagnostics as the CLI prints them). Out: "ok NAME" or
 * "FAIL NAME: detail" per check and, from DONE(), the closing "N passed, N failed" line and
 * the exit status. tests/run.sh counts the ok and FAIL lines.
 */
#ifndef GW_HARNESS_H
#define GW_HARNESS_H

#include "check.h"

#include "base/diag.h"
#include "base/util.h"

/* Copies s with every ' turned into ", so JSON can be written in C without escapes. */
static char *dq(const char *s) __attribute__((unused));
static char *dq(const char *s)
{
	char *r = gw_xstrdup(s);
	for (char *p = r; *p; p++)
		if (*p == '\'')
			*p = '"';
	return r;
}

/* The diagnostics of d as gw_diags_print writes them (malloc'ed). */
static char *printed(const gw_diags *d) __attribute__((unused));
static char *printed(const gw_diags *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	gw_diags_print(d, f);
	fclose(f);
	return buf;
}

#endif
