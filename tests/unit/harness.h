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

#include <stdarg.h>
#include <stdio.h>

#include "base/diag.h"
#include "base/util.h"

static int npass, nfail;

/* Records one check result and prints its line; fmt explains a failure. */
static void check(int ok, const char *name, const char *fmt, ...)
        __attribute__((format(printf, 3, 4), unused));
static void check(int ok, const char *name, const char *fmt, ...)
{
	if (ok) {
		npass++;
		printf("ok %s\n", name);
	} else {
		nfail++;
		printf("FAIL %s: ", name);
		va_list ap;
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
	}
	fflush(stdout);
}

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

/* A check whose failure detail is the condition's own text. */
#define CHECK(name, cond) check((cond) != 0, name, "%s:%d: %s", __FILE__, __LINE__, #cond)

/* Ends main: prints the closing line and returns 1 when anything failed. */
#define DONE()                                                                                     \
	do {                                                                                       \
		printf("%d passed, %d failed\n", npass, nfail);                                    \
		return nfail ? 1 : 0;                                                              \
	} while (0)

#endif
