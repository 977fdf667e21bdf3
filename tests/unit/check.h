/*
 * check.h: the checks of the unit tests, with nothing of gongwen's (test_api.c uses it with
 * the public header alone; harness.h adds the helpers of the internal tests).
 *
 * In: check(ok, name, fmt, ...) calls, or CHECK(name, condition). Out: "ok NAME" or
 * "FAIL NAME: detail" per check and, from DONE(), the closing "N passed, N failed" line and
 * the exit status. tests/run.sh counts the ok and FAIL lines.
 */
#ifndef GW_CHECK_H
#define GW_CHECK_H

#include <stdarg.h>
#include <stdio.h>

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

/* A check whose failure detail is the condition's own text. */
#define CHECK(name, cond) check((cond) != 0, name, "%s:%d: %s", __FILE__, __LINE__, #cond)

/* Ends main: prints the closing line and returns 1 when anything failed. */
#define DONE()                                                                                     \
	do {                                                                                       \
		printf("%d passed, %d failed\n", npass, nfail);                                    \
		return nfail ? 1 : 0;                                                              \
	} while (0)

#endif
